"""Search finds every kind of content that may be found: posts of every kind, meeting
places, approved initiatives and the neighbours in the people directory (residents only)."""
import pytest

from buurt.core import search
from buurt.core.extensions import db
from buurt.info import initiatives, places
from buurt.people import directory as people

RESIDENTS = (search.PUBLIC, search.RESIDENTS)


def keys(q, **filters):
    return search.search(q, **filters).keys


@pytest.fixture
def manager(make_manager):
    return make_manager("Mila", language=None)

def test_a_meeting_place_is_found_by_its_name_text_and_kind(manager, centrum):
    place = places.create(manager, centrum, name="Buurthuis De Boei", address="Dorpsstraat 1",
                          description="Koffieochtend op dinsdag en een repaircafé.")
    db.session.commit()
    assert keys("boei") == [("place", place.id)]
    assert keys("koffieochtend") == [("place", place.id)]
    assert keys("ontmoetingsplek", kind="place") == [("place", place.id)]
    assert keys("boei", kind="request") == []
    places.update(place, name="Buurthuis De Vlonder")
    db.session.commit()
    assert keys("boei") == [] and keys("vlonder") == [("place", place.id)]


def test_an_initiative_is_found_once_a_manager_approves_it(make_user, manager, topics):
    runner = make_user("Ria")
    initiative = initiatives.propose(runner, name="Fietsenmakers van de buurt",
                                     description="Wij repareren samen fietsen.",
                                     topics=[topics["klussen"]])
    db.session.commit()
    assert keys("fiets") == [], "a proposal is not public"
    initiatives.approve(initiative, manager)
    db.session.commit()
    assert keys("fiets") == [("initiative", initiative.id)]
    assert keys("fiets", topic="klussen") == [("initiative", initiative.id)]
    assert keys("fiets", topic="tuin") == []
    initiatives.update(initiative, topics=[topics["tuin"]])
    db.session.commit()
    assert keys("fiets", topic="tuin") == [("initiative", initiative.id)]


def test_neighbours_in_the_directory_are_found_by_residents_only(make_user, topics):
    listed = make_user("Henk Jansen", offer=["computerhulp"])
    unlisted = make_user("Henk de Vries", offer=["computerhulp"])
    people.set_listing(listed, in_directory=True, about="Ik help graag met de computer.")
    db.session.commit()
    assert keys("henk", audience=RESIDENTS) == [("person", listed.id)]
    assert keys("henk") == [], "visitors never find people"
    assert keys("computer", audience=RESIDENTS, kind="person") == [("person", listed.id)]
    assert keys("henk", audience=RESIDENTS, topic="computerhulp") == [("person", listed.id)]
    # Opting in and out, and the topics they offer, follow at once.
    people.set_listing(unlisted, in_directory=True, about=None)
    people.set_listing(listed, in_directory=False, about=None)
    db.session.commit()
    assert keys("henk", audience=RESIDENTS) == [("person", unlisted.id)]
    assert keys("henk", audience=RESIDENTS, topic="tuin") == []


def test_an_event_is_found_and_a_cancelled_one_is_not(make_user, topics):
    from datetime import time, timedelta

    from buurt.core import clock
    from buurt.info import events

    author = make_user("Bart")
    day = clock.today() + timedelta(days=7)
    event = events.create_event(
        author, title="Straatfeest op het plein", body="Muziek en soep om 16.00 uur.",
        topic=topics["gezelschap"], starts_at=clock.from_local(day, time(16)),
        ends_at=clock.from_local(day, time(20)), address="Het plein")
    db.session.commit()
    assert event.is_published
    assert keys("straatfeest") == [("post", event.id)]
    assert keys("straatfeest", kind="event") == [("post", event.id)]
    events.cancel_event(event)
    db.session.commit()
    assert keys("straatfeest") == []


def test_the_page_shows_each_kind_with_its_link_and_people_only_to_residents(
        client, make_user, manager, centrum, login):
    place = places.create(manager, centrum, name="Tuin van Henk", address="Dorpsstraat 1")
    henk = make_user("Henk Jansen")
    people.set_listing(henk, in_directory=True, about="Tuinman")
    db.session.commit()
    html = client.get("/search?q=henk").get_data(as_text=True)
    assert f'href="/places/{place.id}"' in html
    assert f'href="/people/{henk.id}"' not in html and "Henk Jansen" not in html
    login(make_user())
    html = client.get("/search?q=henk").get_data(as_text=True)
    assert f'href="/places/{place.id}"' in html
    assert f'href="/people/{henk.id}"' in html and "<mark>Henk</mark> Jansen" in html
