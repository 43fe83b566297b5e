"""Fixtures for the care schedule: a fixed Monday, a care request, a client per resident."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import IsolatedClient
from tests.fixtures.builders import PASSWORD

# Monday 1 March 2027, nine in the morning in the Netherlands.
MONDAY = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def clock_at_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def logged_in(app):
    """A client of its own for each resident, logged in, so several can take turns."""
    app.test_client_class = IsolatedClient

    def client_for(user):
        client = app.test_client()
        data = {"email": user.email, "password": PASSWORD}
        form = client.get("/login").get_data(as_text=True)
        if 'name="csrf_token"' in form:      # tests that turn CSRF protection on
            data["csrf_token"] = form.split('name="csrf_token" value="', 1)[1].split('"')[0]
        response = client.post("/login", data=data)
        assert response.status_code == 302, "log-in failed"
        return client
    return client_for


@pytest.fixture
def daughter(clock_at_monday, make_user):
    return make_user("Ans de Vries", language="en")


@pytest.fixture
def care_request(daughter, make_post):
    return make_post("request", author=daughter, topic="zorg", need="care",
                     title="Help for my father", for_whom="mijn vader Jan")
