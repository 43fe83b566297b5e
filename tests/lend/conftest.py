"""Fixtures for lending: a fixed Monday, English readers, an owner with an item."""
from datetime import date, datetime

import pytest
import time_machine

from buurt.core.extensions import db
from buurt.lend import items, loans
from tests.fixtures.english import client, make_user, text  # noqa: F401

# Monday 1 March 2027, 10:00 in Amsterdam (UTC+1 in winter), as the database stores it.
NOW = datetime(2027, 3, 1, 9, 0)
TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def owner(make_user):
    return make_user("Olga")


@pytest.fixture
def make_item(owner, topics):
    def make(author=None, *, title="Drill with a set of bits",
             body="A strong boormachine for concrete walls.", topic="klussen",
             condition="good", deposit=20, pickup_times="Weekday evenings after 18:00"):
        item = items.create_item(author or owner, title=title, body=body,
                                 topic=topics[topic], condition=condition, deposit=deposit,
                                 pickup_times=pickup_times)
        db.session.commit()
        return item
    return make


@pytest.fixture
def item(make_item):
    return make_item()


@pytest.fixture
def ask(item):
    """A request through the service, committed."""
    def request(borrower, first, last, on=None):
        loan = loans.request_loan(on or item, borrower, starts_on=first, ends_on=last)
        db.session.commit()
        return loan
    return request
