"""Fixtures for ideas: a fixed moment, English readers, a manager, ideas via the service."""
from datetime import datetime

import pytest
import time_machine

from buurt.core.extensions import db
from buurt.ideas import services as ideas
from tests.fixtures.english import client, make_user, text  # noqa: F401

NOW = datetime(2027, 3, 1, 9, 0)
OFFENSIVE = "Die kankerlijer van nummer 12 moet oprotten"


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


def titles(page: str) -> list[str]:
    """The titles of the cards on a list page, in order."""
    return [part.split("</a>")[0].split(">")[-1] for part in page.split("<h2><a href=")[1:]]


@pytest.fixture
def make_idea(make_user, topics):
    def make(author=None, *, title="A bench under the big tree",
             body="A bench on the square by the speeltuin, so parents can sit there.",
             topic="tuin", place=None, estimated_cost=None):
        idea = ideas.create_idea(author or make_user(), title=title, body=body,
                                 topic=topics[topic], place_id=place.id if place else None,
                                 estimated_cost=estimated_cost)
        db.session.commit()
        return idea
    return make
