"""The links an ambassador prints (to sign up at an event, to log in with a card) on the
site's public address."""
from buurt.ambassador.models import OnboardingEvent
from buurt.notifications import mail


def signup_link(event: OnboardingEvent) -> str:
    """The full sign-up link of an event, on the site's public address (it gets printed)."""
    return mail.absolute_url("auth.signup", event=event.token)


def login_link() -> str:
    return mail.absolute_url("auth.login")
