"""Fixtures for stories: a fixed moment, English pages, a manager."""
from datetime import datetime

import pytest
import time_machine

from tests.fixtures.english import client, make_user, text  # noqa: F401

# A Friday in November (winter time: Amsterdam is UTC+1), noon in Amsterdam.
NOW = datetime(2026, 11, 20, 11, 0, 0)


@pytest.fixture(autouse=True)
def frozen_time():
    """Every test here runs at NOW; a test moves on with `frozen_time.move_to(...)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


