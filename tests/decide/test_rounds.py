"""Opening a decision round: who may, Dutch time in and UTC stored, and input refused with a
message on the form while nothing is saved."""
from datetime import datetime, timedelta

import pytest

from buurt.core.extensions import db
from buurt.decide.models import DecisionRound
from buurt.people.models import Membership, Role
from tests.decide.conftest import NOW, text

FORM = {"question": "What do we do first in the park?", "method": "approval",
        "points": "10", "budget": "", "closes_date": "2027-03-08", "closes_time": "20:00",
        "options-0-title": "New benches", "options-1-title": "A water tap",
        "options-2-title": "More trees"}


def rounds() -> list[DecisionRound]:
    return list(db.session.scalars(db.select(DecisionRound)))


def test_a_manager_opens_a_round_in_dutch_time(client, login, manager):
    login(manager)
    assert "Open a decision round" in text(client.get("/decide"))
    response = client.post("/decide/new", data={
        **FORM, "opens_date": "2027-03-02", "opens_time": "09:30"})
    [round_] = rounds()
    assert response.status_code == 302 and response.location.endswith(f"/decide/{round_.id}")
    # March, before the clocks change: Amsterdam is UTC+1.
    assert round_.opens_at == datetime(2027, 3, 2, 8, 30)
    assert round_.closes_at == datetime(2027, 3, 8, 19, 0)
    assert [o.title for o in round_.options] == ["New benches", "A water tap", "More trees"]
    assert round_.neighbourhood_id == manager.neighbourhood_id and round_.points is None
    page = text(client.get(response.location))
    assert "What do we do first in the park?" in page
    assert "Tuesday 2 March 2027, 09:30" in page and "Monday 8 March 2027, 20:00" in page
    assert "Voting starts Tuesday 2 March 2027, 09:30." in page
    assert "Residents of Centrum" in page


def test_without_an_opening_moment_the_round_opens_now(client, login, manager):
    login(manager)
    client.post("/decide/new", data={**FORM, "method": "points", "points": "12",
                                     "budget": "€ 5.000", "options-0-cost": "1200",
                                     "options-1-cost": "800", "options-2-cost": "2.500"})
    [round_] = rounds()
    assert round_.opens_at == NOW and round_.points == 12 and round_.budget == 5000
    assert [o.cost for o in round_.options] == [1200, 800, 2500]
    page = text(client.get(f"/decide/{round_.id}"))
    assert "Open until Monday 8 March 2027, 20:00" in page
    assert "Divide 12 points over the options" in page


def test_only_managers_open_rounds(client, login, make_user, manager):
    assert client.get("/decide/new").status_code == 302          # to the log-in page
    login(make_user("Ria"))
    assert "Open a decision round" not in text(client.get("/decide"))
    assert client.get("/decide/new").status_code == 403
    assert client.post("/decide/new", data=FORM).status_code == 403
    assert rounds() == []


def test_a_manager_of_another_neighbourhood_cannot_open_one_here(client, login, make_user,
                                                                  make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    other = make_user("Otto", role=Role.MANAGER, neighbourhood=oost)
    db.session.add(Membership(user=other, neighbourhood=oost, role=Role.MANAGER))
    db.session.commit()
    login(other)
    response = client.post("/decide/new", data={**FORM, "neighbourhood": "centrum"})
    assert "Choose from the list." in text(response) and rounds() == []
    client.post("/decide/new", data={**FORM, "neighbourhood": "oost"})
    [round_] = rounds()
    assert round_.neighbourhood_id == oost.id


@pytest.mark.parametrize("change, message", [
    ({"closes_date": "2027-02-27"}, "The round must close after it opens, and in the future."),
    ({"opens_date": "2027-03-05", "opens_time": "10:00", "closes_date": "2027-03-04"},
     "The round must close after it opens, and in the future."),
    ({"opens_date": "2027-02-20", "opens_time": "10:00"}, "This moment has passed."),
    ({"opens_date": "2027-03-02"}, "Fill in the time."),
    ({"closes_date": "2027-07-01"}, "A round can be open for three months at most."),
    ({"closes_time": "8 uur"}, "Write the time like this: 19:30."),
    ({"options-1-title": "", "options-2-title": ""}, "Give at least 2 options to choose from."),
    ({"options-2-title": "new BENCHES"}, "Two options have the same title: new BENCHES."),
    ({"method": "points", "points": "1"}, "Use a number from 2 to 100."),
    ({"method": "points", "points": "ten"}, "Write a whole number, for example 10."),
    ({"budget": "5000", "options-0-cost": "1000", "options-1-cost": "1000"},
     "A budget round needs the cost of every option. Fill in the cost of More trees."),
    ({"budget": "5000", "options-0-cost": "6000", "options-1-cost": "1",
      "options-2-cost": "1"}, "New benches costs more than the whole budget."),
    ({"options-3-cost": "100"}, "Write what this option is, or leave its cost empty."),
    ({"question": ""}, "Write the question the neighbours decide on."),
])
def test_wrong_input_gets_a_message_and_keeps_what_was_typed(client, login, manager, change,
                                                             message):
    login(manager)
    response = client.post("/decide/new", data={**FORM, **change})
    page = text(response)
    assert response.status_code == 200 and "Please check the form" in page
    assert message in page
    assert 'value="A water tap"' in page or change.get("options-1-title") == ""
    assert rounds() == []


def test_the_list_shows_rounds_to_everyone_and_the_open_ones_stand_out(client, login,
                                                                       make_round,
                                                                       make_user):
    make_round("Which playground first?")
    make_round("Which street party date?", opens_in=timedelta(days=3))
    page = text(client.get("/decide"))
    assert "Which playground first?" in page and "Which street party date?" in page
    assert "Open until" in page and "Opens Thursday 4 March 2027" in page
    assert client.get("/decide/999").status_code == 404
