"""Fixtures for the information pages: a fixed moment, places, initiatives and events."""
from datetime import date, datetime, time

import pytest
import time_machine

from buurt.core import clock
from buurt.core.extensions import db
from buurt.info import events, initiatives, places
from buurt.people.models import Membership, Role
from tests.fixtures.english import client, make_user, text  # noqa: F401

# A Friday in November (winter time: Amsterdam is UTC+1), noon in Amsterdam.
NOW = datetime(2026, 11, 20, 11, 0, 0)


@pytest.fixture(autouse=True)
def frozen_time():
    """Every test here runs at NOW; a test moves on with `frozen_time.move_to(...)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def manager(make_user, centrum):
    user = make_user("Mila", email="mila@example.com", role=Role.MANAGER)
    db.session.add(Membership(user=user, neighbourhood=centrum, role=Role.MANAGER))
    db.session.commit()
    return user


@pytest.fixture
def make_place(manager, centrum):
    def make(name="Buurthuis De Boei", address="Dorpsstraat 1", *, neighbourhood=None,
             **fields):
        place = places.create(manager, neighbourhood or centrum, name=name, address=address,
                              **fields)
        db.session.commit()
        return place
    return make


@pytest.fixture
def make_initiative(manager, topics):
    def make(runner, name="Repair Café", *, approved=True, topic_slugs=("klussen",), **fields):
        fields.setdefault("description", "We repair lamps, bikes and clothes together.")
        initiative = initiatives.propose(runner, name=name,
                                         topics=[topics[s] for s in topic_slugs], **fields)
        if approved:
            initiatives.approve(initiative, manager)
        db.session.commit()
        return initiative
    return make


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Amsterdam wall-clock time as the naive UTC the database stores."""
    return clock.from_local(day, time(hour, minute))


@pytest.fixture
def make_event(make_user, topics):
    """An event through the service (screened like every post); Amsterdam times."""
    def make(author=None, *, title="Soep avond in het buurthuis",
             body="We koken samen soep en eten samen. Iedereen is welkom.",
             day=date(2026, 12, 3), start=(19, 0), end=(21, 0), place=None,
             address="Dorpsstraat 12", capacity=None, initiative=None, topic=None):
        author = author or make_user()
        event = events.create_event(
            author, title=title, body=body, topic=topics[topic] if topic else None,
            starts_at=at(day, *start), ends_at=at(day, *end),
            place_id=place.id if place else None, address=None if place else address,
            capacity=capacity, initiative=initiative)
        db.session.commit()
        return event
    return make
