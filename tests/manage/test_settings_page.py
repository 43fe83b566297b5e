"""The neighbourhood settings page: managers choose whether visitors see that there are
care requests, and how many months conversations and notifications are kept."""
import pytest

from buurt.core import settings
from buurt.core.extensions import db
from buurt.core.settings import NeighbourhoodSetting
from buurt.people.models import Role
from tests.manage.conftest import text


def values(neighbourhood) -> dict:
    db.session.expire_all()
    return {key: settings.get(neighbourhood, key)
            for key in ("care_visible_to_visitors", "retention_months")}


def stored() -> list[tuple]:
    return sorted(db.session.execute(db.select(
        NeighbourhoodSetting.neighbourhood_id, NeighbourhoodSetting.key,
        NeighbourhoodSetting.value)).all())


def test_a_manager_changes_both_settings_and_a_visitor_sees_the_effect(
        app, client, login, manager_of, centrum, person, make_post):
    mila = manager_of(centrum)
    make_post("request", author=person("Ans"), topic="zorg", need="care",
              title="Mijn vader Jan woont alleen")
    login(mila)
    page = text(client.get("/manage/settings"))
    assert "Settings of Centrum" in page
    assert 'name="care_visible_to_visitors"' in page and "checked" not in page
    assert 'name="retention_months" type="text" value="24"' in page
    assert 'href="/manage/settings"' in text(client.get("/manage"))    # in the menu

    response = client.post("/manage/settings",
                           data={"care_visible_to_visitors": "y", "retention_months": "12"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/settings?neighbourhood=centrum"
    assert values(centrum) == {"care_visible_to_visitors": True, "retention_months": 12}
    page = text(client.get("/manage/settings?neighbourhood=centrum"))
    assert "The settings of Centrum are saved." in page and "checked" in page

    visitor = app.test_client()
    assert "Een zorgvraag in Centrum" in visitor.get("/requests").get_data(as_text=True)
    # Back to the defaults: nothing is stored, so the code's defaults hold.
    client.post("/manage/settings", data={"retention_months": "24"})
    assert values(centrum) == {"care_visible_to_visitors": False, "retention_months": 24}
    assert stored() == []
    assert "Een zorgvraag" not in visitor.get("/requests").get_data(as_text=True)


@pytest.mark.parametrize("typed, message", [
    ("", "Fill in a number of months."),
    ("twee jaar", "Write a whole number, for example 10."),
    ("0", "Choose from 1 to 120 months."),
    ("121", "Choose from 1 to 120 months."),
])
def test_a_wrong_number_of_months_gets_a_message_and_nothing_is_saved(
        client, login, manager_of, centrum, typed, message):
    login(manager_of(centrum))
    response = client.post("/manage/settings", data={"care_visible_to_visitors": "y",
                                                     "retention_months": typed})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert f'value="{typed}"' in page and "checked" in page      # what was typed stays
    assert stored() == []


def test_a_manager_only_changes_their_own_neighbourhoods(client, login, manager_of, centrum,
                                                         make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    login(manager_of(centrum))
    assert client.post("/manage/settings?neighbourhood=oost",
                       data={"retention_months": "6"}).status_code == 403
    assert client.post("/manage/settings?neighbourhood=nergens",
                       data={"retention_months": "6"}).status_code == 404
    page = text(client.get("/manage/settings?neighbourhood=oost"))
    assert "Choose one of your neighbourhoods." in page and "Settings of Centrum" in page
    assert values(oost)["retention_months"] == 24 and stored() == []


def test_an_admin_chooses_any_neighbourhood(client, login, person, centrum,
                                            make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    login(person("Ada", role=Role.ADMIN))
    page = text(client.get("/manage/settings"))
    assert 'name="neighbourhood"' in page and "Settings of Centrum" in page
    client.post("/manage/settings?neighbourhood=oost", data={"retention_months": "6"})
    assert values(oost)["retention_months"] == 6
    assert values(centrum)["retention_months"] == 24


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.AMBASSADOR])
def test_residents_and_ambassadors_may_not_open_it(client, login, person, centrum, role):
    login(person(role=role, neighbourhood=centrum))
    assert client.get("/manage/settings").status_code == 403
    assert client.post("/manage/settings", data={"retention_months": "6"}).status_code == 403
    assert stored() == []


def test_a_visitor_logs_in_first(client):
    response = client.get("/manage/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
