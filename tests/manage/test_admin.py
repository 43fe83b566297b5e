"""Admin pages: neighbourhoods and postcode areas, topics, managers and ambassadors."""
import re

import pytest

from buurt.core.extensions import db
from buurt.people import neighbourhoods
from buurt.people.models import Membership, Neighbourhood, Role, Topic, User
from tests.manage.conftest import text


@pytest.fixture
def admin(person, login, topics):
    ada = person("Ada", role=Role.ADMIN)
    login(ada)
    return ada


def test_an_admin_adds_a_neighbourhood_with_postcode_areas(client, admin):
    response = client.post("/manage/admin/neighbourhoods", data={
        "name": "Oost", "slug": "oost", "postcodes": "1091, 1092 1093"})
    assert response.status_code == 302
    oost = neighbourhoods.by_slug("oost")
    assert oost.postcode_list == ["1091", "1092", "1093"]
    assert neighbourhoods.for_postcode("1092").slug == "oost"
    page = text(client.get("/manage/admin/neighbourhoods"))
    assert "Postcode areas: 1091, 1092, 1093" in page


@pytest.mark.parametrize("data, field, message", [
    ({"name": "West", "slug": "West Side", "postcodes": ""}, "slug",
     "Use small letters, digits and dashes"),
    ({"name": "West", "slug": "centrum", "postcodes": ""}, "slug",
     "Another neighbourhood has this short name already."),
    ({"name": "West", "slug": "west", "postcodes": "1091, 10A1"}, "postcodes",
     "10A1 is not a postcode area."),
    ({"name": "West", "slug": "west", "postcodes": "1051, 1091"}, "postcodes",
     "These postcode areas belong to another neighbourhood already: 1091 (Oost)."),
    ({"name": "", "slug": "west", "postcodes": "1051"}, "name",
     "Give the neighbourhood a name."),
])
def test_a_wrong_neighbourhood_gets_a_message_and_keeps_the_values(client, admin,
                                                                   make_neighbourhood, data,
                                                                   field, message):
    make_neighbourhood("oost", ["1091"])
    response = client.post("/manage/admin/neighbourhoods", data=data)
    assert response.status_code == 200
    page = text(response)
    assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', page)
    for name, value in data.items():
        if value:
            assert f'value="{value}"' in page
    assert neighbourhoods.by_slug("west") is None


def test_an_admin_changes_a_neighbourhoods_name_and_areas(client, admin,
                                                          make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091", "1092"])
    page = text(client.get(f"/manage/admin/neighbourhoods/{oost.id}"))
    assert 'value="1091, 1092"' in page
    client.post(f"/manage/admin/neighbourhoods/{oost.id}",
                data={"name": "Oost-Watergraafsmeer", "postcodes": "1092, 1093"})
    db.session.expire_all()
    oost = db.session.get(Neighbourhood, oost.id)
    assert (oost.name, oost.slug, oost.postcode_list) == (
        "Oost-Watergraafsmeer", "oost", ["1092", "1093"])
    assert client.get("/manage/admin/neighbourhoods/999999").status_code == 404


def test_an_admin_adds_and_orders_topics(client, admin):
    response = client.post("/manage/admin/topics", data={
        "slug": "fietsen", "name_nl": "Fietsen maken", "name_en": "Bike repair",
        "position": "1"})
    assert response.status_code == 302
    topic = db.session.scalar(db.select(Topic).filter_by(slug="fietsen"))
    assert (topic.name_nl, topic.name_en, topic.position) == ("Fietsen maken",
                                                              "Bike repair", 1)
    client.post(f"/manage/admin/topics/{topic.id}",
                data={"name_nl": "Fietsen", "name_en": "Bikes", "position": "0"})
    db.session.expire_all()
    topic = db.session.get(Topic, topic.id)
    assert (topic.name_nl, topic.name_en, topic.slug) == ("Fietsen", "Bikes", "fietsen")
    page = text(client.get("/manage/admin/topics"))
    first_two = re.findall(r'/manage/admin/topics/\d+">([^<]+)</a>', page)[:2]
    assert "Fietsen" in first_two


@pytest.mark.parametrize("data, field, message", [
    ({"slug": "tuin", "name_nl": "Tuin", "name_en": "Garden"}, "slug",
     "Another topic has this short name already."),
    ({"slug": "vissen", "name_nl": "Vissen", "name_en": ""}, "name_en",
     "Fill in the English name."),
    ({"slug": "vissen", "name_nl": "Vissen", "name_en": "Fishing", "position": "eerste"},
     "position", "Write a whole number"),
])
def test_a_wrong_topic_gets_a_message(client, admin, data, field, message):
    page = text(client.post("/manage/admin/topics", data=data))
    assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', page)
    assert f'value="{data["name_nl"]}"' in page
    assert db.session.scalar(db.select(Topic).filter_by(slug="vissen")) is None


def test_an_admin_makes_someone_manager_and_ends_it(client, admin, person, centrum,
                                                    login):
    ria = person("Ria", email="ria@example.com")
    response = client.post("/manage/admin/roles", data={
        "login": "Ria@Example.com", "neighbourhood": "centrum", "role": "manager"})
    assert response.status_code == 302
    assert db.session.get(Membership, (ria.id, centrum.id, Role.MANAGER)) is not None
    assert db.session.get(User, ria.id).role == Role.MANAGER
    page = text(client.get("/manage/admin/roles"))
    assert "Ria" in page and "Community manager · Centrum" in page

    again = text(client.post("/manage/admin/roles", data={
        "login": "ria@example.com", "neighbourhood": "centrum", "role": "manager"}))
    assert "Ria is a manager of Centrum already." in again

    client.post(f"/manage/admin/roles/{ria.id}/{centrum.id}/manager/dismiss")
    db.session.expire_all()
    assert db.session.get(Membership, (ria.id, centrum.id, Role.MANAGER)) is None
    assert db.session.get(User, ria.id).role == Role.RESIDENT


def test_a_manager_who_stays_ambassador_somewhere_becomes_ambassador(client, admin,
                                                                      person, centrum,
                                                                      make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    sam = person("Sam", email="sam@example.com")
    for neighbourhood, role in (("oost", "ambassador"), ("centrum", "manager")):
        client.post("/manage/admin/roles", data={"login": "sam@example.com",
                                                  "neighbourhood": neighbourhood,
                                                  "role": role})
    db.session.expire_all()
    assert db.session.get(User, sam.id).role == Role.MANAGER
    assert db.session.get(Membership, (sam.id, oost.id, Role.AMBASSADOR)) is not None
    client.post(f"/manage/admin/roles/{sam.id}/{centrum.id}/manager/dismiss")
    db.session.expire_all()
    assert db.session.get(User, sam.id).role == Role.AMBASSADOR
    client.post(f"/manage/admin/roles/{sam.id}/{oost.id}/ambassador/dismiss")
    db.session.expire_all()
    assert db.session.get(User, sam.id).role == Role.RESIDENT


def test_an_unknown_person_or_role_gets_a_message(client, admin):
    page = text(client.post("/manage/admin/roles", data={
        "login": "nobody@example.com", "neighbourhood": "centrum", "role": "manager"}))
    assert "We cannot find anyone with this e-mail address or username." in page
    assert 'value="nobody@example.com"' in page
    page = text(client.post("/manage/admin/roles", data={
        "login": "nobody@example.com", "neighbourhood": "centrum", "role": "admin"}))
    assert "Choose from the list." in page
    assert client.post("/manage/admin/roles/1/1/admin/dismiss").status_code == 404


def test_a_new_manager_reaches_the_dashboard_and_loses_it_again(client, admin, person,
                                                                 centrum, login):
    ria = person("Ria", email="ria@example.com")
    client.post("/manage/admin/roles", data={"login": "ria@example.com",
                                              "neighbourhood": "centrum",
                                              "role": "manager"})
    client.post("/logout")
    login(ria)
    assert client.get("/manage").status_code == 200
    client.post("/logout")
    login(admin)
    client.post(f"/manage/admin/roles/{ria.id}/{centrum.id}/manager/dismiss")
    client.post("/logout")
    login(ria)
    assert client.get("/manage").status_code == 403
