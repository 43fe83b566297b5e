"""Meeting places: who may add and change them, what a place page shows, the list."""
import pytest

from buurt.core.extensions import db
from buurt.info.models import Place
from tests.info.conftest import text

FORM = {"name": "Bibliotheek Oost", "address": "Linnaeusstraat 44",
        "description": "Books, a reading table and a language café on Tuesday.",
        "opening_hours": "Monday to Saturday 10:00 to 18:00", "step_free": "y"}


def test_a_manager_adds_a_place_and_everyone_reads_it(client, login, manager):
    login(manager)
    response = client.post("/places/new", data=FORM)
    place = db.session.scalar(db.select(Place))
    assert response.status_code == 302 and response.location.endswith(f"/places/{place.id}")
    client.post("/logout")
    page = text(client.get(f"/places/{place.id}"))      # a visitor
    assert "Bibliotheek Oost" in page and "Linnaeusstraat 44" in page
    assert "language café on Tuesday" in page and "Monday to Saturday 10:00 to 18:00" in page
    # Accessibility in words, not only as a mark.
    assert "Entrance without steps: yes" in page and "Accessible toilet: no" in page
    assert "Bibliotheek Oost" in text(client.get("/places"))


def test_residents_and_visitors_cannot_add_a_place(client, login, make_user, manager):
    assert client.get("/places/new").status_code == 302          # to the log-in page
    login(make_user())
    assert client.get("/places/new").status_code == 403
    assert client.post("/places/new", data=FORM).status_code == 403
    assert db.session.scalar(db.select(Place)) is None
    assert "Add a place" not in text(client.get("/places"))
    client.post("/logout")
    login(manager)
    assert "Add a place" in text(client.get("/places"))


def test_a_place_without_name_keeps_what_was_typed(client, login, manager):
    login(manager)
    response = client.post("/places/new", data={**FORM, "name": ""})
    page = text(response)
    assert response.status_code == 200
    assert "Write the name." in page and 'value="Linnaeusstraat 44"' in page
    assert "language café on Tuesday" in page
    assert db.session.scalar(db.select(Place)) is None


def test_residents_of_an_initiative_that_runs_a_place_may_edit_it(
        client, login, make_user, manager, make_place, make_initiative):
    ria, bart = make_user("Ria"), make_user("Bart")
    place = make_place()
    initiative = make_initiative(ria, name="Buurthuis team")
    edit = {"name": "Buurthuis De Boei", "address": "Dorpsstraat 1",
            "description": "Coffee every morning.", "opening_hours": "9:00 to 17:00"}

    login(ria)
    assert client.get(f"/places/{place.id}/edit").status_code == 403   # not (yet) hers
    client.post("/logout")
    login(manager)
    response = client.post(f"/places/{place.id}/edit",
                           data={**edit, "initiatives": [str(initiative.id)]})
    assert response.status_code == 302
    assert "Buurthuis team" in text(client.get(f"/places/{place.id}"))
    client.post("/logout")

    login(bart)
    assert client.post(f"/places/{place.id}/edit", data={**edit, "name": "Bart's"}
                       ).status_code == 403
    client.post("/logout")
    login(ria)
    page = text(client.get(f"/places/{place.id}/edit"))
    assert 'name="initiatives"' not in page          # who runs it is for managers to say
    response = client.post(f"/places/{place.id}/edit",
                           data={**edit, "description": "Soup on Fridays.", "step_free": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    place = db.session.get(Place, place.id)
    assert place.description == "Soup on Fridays." and place.step_free
    assert [i.name for i in place.initiatives] == ["Buurthuis team"]


def test_only_approved_initiatives_of_the_neighbourhood_can_run_a_place(
        client, login, make_user, manager, make_place, make_initiative):
    waiting = make_initiative(make_user(), name="Not yet", approved=False)
    place = make_place()
    login(manager)
    response = client.post(f"/places/{place.id}/edit",
                           data={"name": "X place", "address": "Y 1",
                                 "initiatives": [str(waiting.id)]})
    assert response.status_code == 200 and "Choose from the list." in text(response)
    db.session.expire_all()
    assert db.session.get(Place, place.id).initiatives == []


def test_an_unknown_place_is_not_found(client, login, manager):
    assert client.get("/places/999").status_code == 404
    login(manager)
    assert client.get("/places/999/edit").status_code == 404


def test_a_place_page_shows_the_events_held_there(client, make_place, make_event):
    boei, library = make_place(), make_place("Bibliotheek", "Linnaeusstraat 44")
    make_event(title="Soup evening at De Boei", place=boei)
    make_event(title="Reading club in the library", place=library)
    page = text(client.get(f"/places/{boei.id}"))
    assert "Soup evening at De Boei" in page and "Reading club" not in page
    assert "Thu 3 Dec 2026, 19:00" in page


class TestPages:
    """Lists with a small page size."""

    @pytest.fixture
    def app_settings(self):
        return {"PAGE_SIZE": 3}

    def test_the_list_runs_from_a_to_z_in_pages(self, client, make_place, make_neighbourhood):
        names = ["Zwembad", "Atelier", "Moestuin", "Bibliotheek", "Kerk", "Dorpshuis", "Speeltuin"]
        for name in names:
            make_place(name, "Straat 1")
        seen, url, pages = [], "/places?neighbourhood=centrum", 0
        while url:
            page = text(client.get(url))
            pages += 1
            found = [n for n in sorted(names) if f">{n}</a>" in page]
            seen += found
            next_link = page.split('rel="next"')[0].rsplit('href="', 1)[-1].split('"')[0] \
                if 'rel="next"' in page else None
            url = next_link.replace("&amp;", "&") if next_link else None
        assert seen == sorted(names) and pages == 3
        # Back from the last page to the one before it.
        previous = page.split('rel="prev"')[0].rsplit('href="', 1)[-1].split('"')[0]
        back = text(client.get(previous.replace("&amp;", "&")))
        assert ">Kerk</a>" in back and ">Zwembad</a>" not in back and ">Atelier</a>" not in back
