"""Ambassadors, managers, events and neighbours signed up with a login card."""
import re

import pytest

from buurt.ambassador import cards, events
from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models import Membership, Role


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English also after logging out, so the tests read the English msgids."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def make_ambassador(make_user, centrum):
    """A resident appointed as ambassador (through the service) for a neighbourhood."""
    def make(name="Amina", neighbourhood=None, **kwargs):
        neighbourhood = neighbourhood or centrum
        user = make_user(name, neighbourhood=neighbourhood, language="en", **kwargs)
        db.session.add(Membership(user_id=user.id, neighbourhood_id=neighbourhood.id,
                                  role=Role.AMBASSADOR))
        user.role = Role.AMBASSADOR
        db.session.commit()
        return user
    return make


@pytest.fixture
def ambassador(make_ambassador):
    return make_ambassador()


@pytest.fixture
def make_event(centrum):
    def make(ambassador, *, name="Straatfeest", place="Buurthuis De Meeuw", day=None,
             neighbourhood=None):
        event = events.create_event(ambassador, name=name, place=place,
                                    day=day or clock.today(),
                                    neighbourhood=neighbourhood or centrum)
        db.session.commit()
        return event
    return make


@pytest.fixture
def sign_up_neighbour(centrum):
    """An assisted sign-up through the service; returns the Card (user, login, code)."""
    def sign_up(ambassador, name="Henk", *, email=None, neighbourhood=None, event=None,
                seek=(), offer=()):
        card = cards.assisted_signup(ambassador, display_name=name, email=email,
                                     neighbourhood=neighbourhood or centrum,
                                     consent=True, event=event, language="en",
                                     seek=seek, offer=offer)
        db.session.commit()
        return card
    return sign_up


def card_from_page(html):
    """The username and code as the card page prints them."""
    login = re.search(r'class="card-login">([^<]+)<', html).group(1)
    code = re.search(r'class="card-code">([^<]+)<', html).group(1)
    return login, code
