"""Fixtures for deciding together: a fixed moment, a manager, rounds through the service."""
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.core.extensions import db
from buurt.decide import services as decisions
from tests.fixtures.english import client, make_user, text  # noqa: F401

# A Monday in March, 10:00 in Amsterdam (winter time: UTC+1), as the database stores it.
NOW = datetime(2027, 3, 1, 9, 0)


@pytest.fixture(autouse=True)
def traveller():
    """Every test here runs at NOW; a test moves on with `traveller.shift(...)`."""
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def make_round(manager, centrum):
    """Open a round through the service; options are titles, or (title, cost) pairs."""
    def make(question="What do we do first in the park?", *, method="approval", points=None,
             budget=None, options=("New benches", "A water tap", "More trees"),
             opens_in=timedelta(0), lasts=timedelta(days=7), neighbourhood=None, ideas=()):
        inputs = [decisions.OptionInput(title=o, cost=None) if isinstance(o, str)
                  else decisions.OptionInput(title=o[0], cost=o[1]) for o in options]
        inputs += [decisions.OptionInput(idea=idea) for idea in ideas]
        opens = NOW + opens_in if opens_in else None
        round_ = decisions.open_round(
            manager, neighbourhood or centrum, question=question, method=method,
            points=points, budget=budget, opens_at=opens,
            closes_at=NOW + opens_in + lasts, options=inputs)
        db.session.commit()
        return round_
    return make


def option_ids(round_) -> dict[str, int]:
    return {o.title: o.id for o in round_.options}
