"""Events: Dutch time in and out, screening and post states, the rules of new and edit,
coming and past lists."""
from datetime import date, datetime, timedelta

from flask_babel import force_locale
import pytest

from buurt.core.extensions import db
from buurt.info import events
from buurt.info.models import Event
from buurt.moderation import services as moderation
from buurt.posts.models import PostState
from tests.info.conftest import at, text

FORM = {"title": "Soup evening", "body": "We cook soup together and eat at the long table.",
        "topic": "koken", "start_date": "2026-12-03", "start_time": "19:00",
        "end_time": "21:30", "address": "Dorpsstraat 12"}


def only_event():
    return db.session.scalar(db.select(Event))


def test_times_are_entered_and_shown_in_amsterdam_and_stored_in_utc(client, login, make_user):
    ria = make_user("Ria")
    login(ria)
    response = client.post("/events/new", data=FORM)
    event = only_event()
    assert response.status_code == 302 and response.location.endswith(f"/events/{event.id}")
    # December: Amsterdam is UTC+1.
    assert event.starts_at == datetime(2026, 12, 3, 18, 0)
    assert event.ends_at == datetime(2026, 12, 3, 20, 30)
    page = text(client.get(f"/events/{event.id}"))
    assert "Thursday 3 December 2026, 19:00 to 21:30" in page
    assert 'datetime="2026-12-03T19:00:00+01:00"' in page
    # Summer time: UTC+2; an end on another day names both days.
    client.post("/events/new", data={**FORM, "title": "Summer night market",
                                     "start_date": "2027-06-18", "start_time": "20:00",
                                     "end_date": "2027-06-19", "end_time": "1:00"})
    summer = db.session.scalar(db.select(Event).filter_by(title="Summer night market"))
    assert summer.starts_at == datetime(2027, 6, 18, 18, 0)
    assert summer.ends_at == datetime(2027, 6, 18, 23, 0)
    page = text(client.get(f"/events/{summer.id}"))
    assert "Friday 18 June 2027, 20:00 to Saturday 19 June 2027, 01:00" in page


def test_a_new_event_goes_through_the_screening_like_every_post(client, login, make_user):
    ria = make_user("Ria")
    login(ria)
    response = client.post("/events/new", data={
        **FORM, "title": "Party for the neighbours",
        "body": "Die kankerlijer van nummer 12 moet ook komen", "confirmed": "1"})
    event = only_event()
    assert response.status_code == 302 and event.state == PostState.PENDING
    page = text(client.get(f"/events/{event.id}"))
    assert "Only you can see this for now." in page
    client.post("/logout")
    assert client.get(f"/events/{event.id}").status_code == 404
    assert "Party for the neighbours" not in text(client.get("/events"))
    assert client.get(f"/events/{event.id}.ics").status_code == 404


def test_the_author_is_warned_before_posting_a_doubtful_text(client, login, make_user):
    login(make_user())
    response = client.post("/events/new", data={
        **FORM, "body": "Die kankerlijer van nummer 12 moet ook komen"})
    assert response.status_code == 200 and "Before you post" in text(response)
    assert only_event() is None


def test_a_clear_event_does_not_need_its_time_and_place_in_the_text(make_event):
    # When and where are fields of their own; the screening does not ask for them again.
    event = make_event(title="Soup, bread and a song", body="Bring a bowl.")
    assert event.state == PostState.PUBLISHED
    assert moderation.check_text(title=event.title, body=event.body, kind="event",
                                 author=event.author).label == "vague"


@pytest.mark.parametrize("change, field, message", [
    ({"end_time": "18:00"}, "end_time", "The end must be after the start."),
    ({"end_time": "19:00"}, "end_time", "The end must be after the start."),
    ({"start_date": "2026-11-20", "start_time": "11:00", "end_time": "13:00"}, "start_date",
     "This moment has passed. Choose a later start."),
    ({"start_date": "2026-02-30"}, "start_date", "Write the date like this: 2026-03-12."),
    ({"start_time": "7 pm"}, "start_time", "Write the time like this: 19:30."),
    ({"place": "999", "address": ""}, "place", "Choose from the list."),
    # No meeting places yet: the address is what is missing.
    ({"address": ""}, "address", "Choose a place from the list or write an address."),
    ({"capacity": "twenty"}, "capacity", "Write a number, for example 20."),
    ({"capacity": "0"}, "capacity", "Use a number from 1 to 10000, or leave it empty."),
    ({"title": ""}, "title", "Write a short title."),
])
def test_bad_input_gets_a_message_and_changes_nothing(client, login, make_user, change, field,
                                                      message):
    login(make_user())
    response = client.post("/events/new", data={**FORM, **change})
    page = text(response)
    assert response.status_code == 200
    assert message in page, page[page.find("error-summary"):][:600]
    assert f'id="{field}-error"' in page
    assert only_event() is None
    # Everything typed is still there.
    assert "We cook soup together and eat at the long table." in page
    if "title" not in change:
        assert 'value="Soup evening"' in page


def test_a_place_from_another_neighbourhood_or_a_place_and_an_address_are_refused(
        client, login, make_user, make_place, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    elsewhere = make_place("Elsewhere hall", neighbourhood=oost)
    here = make_place()
    login(make_user())
    page = text(client.post("/events/new", data={**FORM, "place": str(elsewhere.id),
                                                 "address": ""}))
    assert "Choose from the list." in page
    page = text(client.post("/events/new", data={**FORM, "place": str(here.id)}))
    assert "Choose a place from the list or write an address, not both." in page
    assert 'id="address-error"' in page
    page = text(client.post("/events/new", data={**FORM, "address": ""}))
    assert "Choose a place from the list or write an address." in page
    assert 'id="place-error"' in page
    assert only_event() is None
    with force_locale("en"), pytest.raises(events.EventError,
                                            match="Choose a place from the list."):
        events.create_event(make_user(), title="Soup evening", body="Soup", topic=None,
                            starts_at=at(date(2026, 12, 3), 19),
                            ends_at=at(date(2026, 12, 3), 21), place_id=elsewhere.id)
    assert only_event() is None


def test_an_event_at_a_meeting_place(client, login, make_user, make_place):
    place = make_place()
    login(make_user())
    client.post("/events/new", data={**FORM, "place": str(place.id), "address": ""})
    event = only_event()
    assert event.place_id == place.id and event.address is None
    page = text(client.get(f"/events/{event.id}"))
    assert f'href="/places/{place.id}">Buurthuis De Boei</a>, Dorpsstraat 1' in page


def test_an_initiative_the_author_runs_can_organise(client, login, make_user,
                                                    make_initiative):
    ria, bart = make_user("Ria"), make_user("Bart")
    hers = make_initiative(ria, name="Repair Café")
    his = make_initiative(bart, name="Bart's club")
    login(ria)
    page = text(client.get("/events/new"))
    assert ">Repair Café</option>" in page and "Bart&#39;s club" not in page
    response = client.post("/events/new", data={**FORM, "organiser": str(his.id)})
    assert "Choose from the list." in text(response) and only_event() is None
    client.post("/events/new", data={**FORM, "organiser": str(hers.id)})
    event = only_event()
    assert event.initiative_id == hers.id
    client.post("/logout")
    page = text(client.get(f"/events/{event.id}"))           # a visitor
    assert "Repair Café" in page and "Ria" not in page


def test_visitors_see_events_but_not_who_posted_them(client, make_user, make_event):
    event = make_event(make_user("Ria Jansen"), title="Soup evening")
    assert "Soup evening" in text(client.get("/events"))
    page = text(client.get(f"/events/{event.id}"))
    assert "Soup evening" in page and "Ria Jansen" not in page and "A neighbour" in page
    assert "Log in to say that you come." in page


def test_only_the_author_edits_and_an_edit_is_screened_again(client, login, make_user,
                                                             make_event):
    ria, bart = make_user("Ria"), make_user("Bart")
    event = make_event(ria)
    login(bart)
    assert client.get(f"/events/{event.id}/edit").status_code == 403
    assert client.post(f"/events/{event.id}/edit", data=FORM).status_code == 403
    client.post("/logout")
    login(ria)
    page = text(client.get(f"/events/{event.id}/edit"))
    assert 'value="2026-12-03"' in page and 'value="19:00"' in page and 'value="21:00"' in page
    response = client.post(f"/events/{event.id}/edit",
                           data={**FORM, "start_time": "18:30", "capacity": "12"})
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.starts_at == datetime(2026, 12, 3, 17, 30) and event.capacity == 12
    client.post(f"/events/{event.id}/edit", data={
        **FORM, "body": "Die kankerlijer van nummer 12 moet ook komen", "confirmed": "1"})
    db.session.expire_all()
    assert db.session.get(Event, event.id).state == PostState.PENDING


def test_the_limit_cannot_go_below_who_already_comes(client, login, make_user, make_event):
    ria = make_user("Ria")
    event = make_event(ria)
    for _ in range(3):
        events.rsvp(event, make_user())
    db.session.commit()
    login(ria)
    response = client.post(f"/events/{event.id}/edit", data={**FORM, "capacity": "2"})
    assert "3 neighbours already said they come. The limit cannot be lower." in text(response)
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity is None


def test_coming_events_first_soonest_first_and_past_events_kept(client, make_event,
                                                                 frozen_time):
    make_event(title="Later: winter fair", day=date(2026, 12, 12))
    make_event(title="Soon: soup evening", day=date(2026, 11, 27))
    make_event(title="Now: coffee morning", day=date(2026, 11, 20), start=(12, 30),
               end=(14, 0))
    frozen_time.move_to(datetime(2026, 11, 20, 12, 45))   # 13:45 in Amsterdam
    page = text(client.get("/events"))
    # A running event still counts as coming.
    order = [page.find(t) for t in ("Now: coffee", "Soon: soup", "Later: winter")]
    assert -1 not in order and order == sorted(order)
    frozen_time.move_to(datetime(2026, 12, 1, 12, 0))
    page = text(client.get("/events"))
    assert "Later: winter fair" in page and "Soon: soup" not in page
    past = text(client.get("/events/past"))
    assert past.find("Soon: soup") < past.find("Now: coffee") and "Later: winter" not in past
    soup = db.session.scalar(db.select(Event).filter(Event.title.like("Soon%")))
    assert "This event is over." in text(client.get(f"/events/{soup.id}"))


class TestPages:
    """Lists with a small page size."""

    @pytest.fixture
    def app_settings(self):
        return {"PAGE_SIZE": 2}

    def test_the_lists_come_in_pages(self, client, make_event, frozen_time):
        for n in range(5):
            make_event(title=f"Evening number {n}", day=date(2026, 12, 1) + timedelta(days=n))
        first = text(client.get("/events"))
        assert "Evening number 0" in first and "Evening number 1" in first
        assert "Evening number 2" not in first
        link = first.split('rel="next"')[0].rsplit('href="', 1)[-1].split('"')[0]
        second = text(client.get(link.replace("&amp;", "&")))
        assert "Evening number 2" in second and "Evening number 3" in second
        assert "Evening number 1" not in second
        frozen_time.move_to(datetime(2027, 1, 1))
        past = text(client.get("/events/past"))
        assert "Evening number 4" in past and "Evening number 3" in past
        assert "Evening number 2" not in past and 'rel="next"' in past
