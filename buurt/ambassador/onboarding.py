"""Onboarding by ambassadors, under one name: the tests of the ambassador area read every step
as onboarding.<name>. The steps live in their own modules, which the app imports directly:
roles (who may onboard where), events, cards (assisted sign-up and login cards), links (what
gets printed), neighbours ("my neighbours" and their first posts) and on_behalf."""
from buurt.ambassador.cards import (  # noqa: F401
    assisted_signup, choose_password, may_issue_card, new_card, normalise_code)
from buurt.ambassador.events import create_event, signup_counts  # noqa: F401
from buurt.ambassador.links import signup_link  # noqa: F401
from buurt.ambassador.neighbours import can_approve, held_first_posts  # noqa: F401
from buurt.ambassador.on_behalf import post_request_for  # noqa: F401
from buurt.ambassador.roles import OnboardingError, appoint, can_onboard, dismiss  # noqa: F401
