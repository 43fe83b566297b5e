"""Fixtures for announcements: a fixed moment, a manager, a resident who runs an initiative."""
from datetime import datetime

import pytest
from flask_babel import force_locale
import time_machine

from buurt.core.extensions import db
from buurt.info import initiatives
from tests.fixtures.english import client, make_user, text  # noqa: F401

# A Friday in November (winter time: Amsterdam is UTC+1), noon in Amsterdam.
NOW = datetime(2026, 11, 20, 11, 0, 0)


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """The services' messages are read in English here (outside a request they follow the
    default language, Dutch); pages pick their language per request as always."""
    with force_locale("en"):
        yield


@pytest.fixture(autouse=True)
def frozen_time():
    """Every test here runs at NOW; a test moves on with `frozen_time.move_to(...)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def runner(make_user, manager):
    """A resident who runs the approved initiative "Repair Café"."""
    user = make_user("Ravi")
    initiative = initiatives.propose(user, name="Repair Café",
                                     description="We repair lamps and bikes.")
    initiatives.approve(initiative, manager)
    db.session.commit()
    user.initiative = initiative
    return user
