"""iCalendar: one event's file and the neighbourhood's feed, checked in the raw text
(RFC 5545) and by reading them back with the icalendar package."""
from datetime import date, datetime

from icalendar import Calendar

from buurt.core.extensions import db
from buurt.posts.models import PostState
from tests.info.conftest import text


def unfolded(response) -> str:
    """The file's text with folded lines joined again (RFC 5545, 3.1)."""
    return response.get_data(as_text=True).replace("\r\n ", "")


def lines(response) -> list[str]:
    return unfolded(response).split("\r\n")


def test_one_event_as_a_calendar_file(client, make_place, make_event):
    place = make_place("Buurthuis De Boei", "Dorpsstraat 1")
    event = make_event(title="Soup; bread, and a song", place=place,
                       body="Bring a bowl.\nWe start on time, promise.")
    response = client.get(f"/events/{event.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="event-{event.id}.ics"' in response.headers["Content-Disposition"]
    raw = response.get_data(as_text=True)
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    got = lines(response)
    assert "VERSION:2.0" in got
    assert "DTSTART;TZID=Europe/Amsterdam:20261203T190000" in got
    assert "DTEND;TZID=Europe/Amsterdam:20261203T210000" in got
    assert f"UID:event-{event.id}@127.0.0.1" in got
    # The time zone the times refer to, with both of its rules.
    assert "BEGIN:VTIMEZONE" in got and "TZID:Europe/Amsterdam" in got
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in got
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in got
    assert "TZOFFSETTO:+0200" in got and "TZOFFSETTO:+0100" in got
    # Text escaped as the standard asks: comma, semicolon and newline.
    assert "SUMMARY:Soup\\; bread\\, and a song" in got
    assert "LOCATION:Buurthuis De Boei\\, Dorpsstraat 1" in got
    assert "DESCRIPTION:Bring a bowl.\\nWe start on time\\, promise." in got
    assert f"URL:http://buurt.test/events/{event.id}" in got
    assert "STATUS:CONFIRMED" in got
    # Every line is at most 75 octets.
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))

    # Read back, the values are the event's.
    vevent = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Soup; bread, and a song"
    assert vevent["DTSTART"].dt.isoformat() == "2026-12-03T19:00:00+01:00"
    assert str(vevent["LOCATION"]) == "Buurthuis De Boei, Dorpsstraat 1"


def test_summer_time_is_local_time_too(client, make_event):
    event = make_event(day=date(2027, 6, 18), start=(20, 0), end=(23, 30))
    assert event.starts_at == datetime(2027, 6, 18, 18, 0)        # stored in UTC
    got = lines(client.get(f"/events/{event.id}.ics"))
    assert "DTSTART;TZID=Europe/Amsterdam:20270618T200000" in got
    assert "DTEND;TZID=Europe/Amsterdam:20270618T233000" in got


def test_the_uid_stays_the_same_in_the_file_the_feed_and_after_an_edit(client, login,
                                                                      make_user, make_event):
    ria = make_user("Ria")
    event = make_event(ria, address="Dorpsstraat 12")
    uid = f"UID:event-{event.id}@127.0.0.1"
    assert uid in lines(client.get(f"/events/{event.id}.ics"))
    assert uid in lines(client.get("/events/feed/centrum.ics"))
    login(ria)
    client.post(f"/events/{event.id}/edit", data={
        "title": "Soup evening, later", "body": "We cook soup together.",
        "start_date": "2026-12-03", "start_time": "20:00", "end_time": "22:00",
        "address": "Dorpsstraat 14"})
    got = lines(client.get(f"/events/{event.id}.ics"))
    assert uid in got and "DTSTART;TZID=Europe/Amsterdam:20261203T200000" in got
    assert "LOCATION:Dorpsstraat 14" in got


def test_the_feed_has_the_neighbourhoods_published_events(client, make_user, make_event,
                                                          make_neighbourhood, make_place):
    oost = make_neighbourhood("oost", ["1091"])
    here = make_event(title="Soup evening in the centre")
    there = make_event(make_user(neighbourhood=oost), title="Market in Oost")
    held = make_event(title="Party", body="Die kankerlijer van nummer 12 moet ook komen")
    assert held.state == PostState.PENDING
    response = client.get("/events/feed/centrum.ics")
    assert response.mimetype == "text/calendar"
    got = lines(response)
    assert f"UID:event-{here.id}@127.0.0.1" in got
    assert f"UID:event-{there.id}@127.0.0.1" not in got
    assert f"UID:event-{held.id}@127.0.0.1" not in got
    assert "X-WR-CALNAME:Events in Centrum" in got
    assert got.count("BEGIN:VTIMEZONE") == 1
    assert f"UID:event-{there.id}@127.0.0.1" in lines(client.get("/events/feed/oost.ics"))
    assert client.get("/events/feed/nowhere.ics").status_code == 404


def test_a_cancelled_event_says_so_in_its_file(client, make_event):
    from buurt.info import events
    event = make_event()
    events.cancel_event(event)
    db.session.commit()
    assert "STATUS:CANCELLED" in lines(client.get(f"/events/{event.id}.ics"))


def test_the_pages_link_to_the_files(client, make_event):
    event = make_event()
    assert f'href="/events/{event.id}.ics"' in text(client.get(f"/events/{event.id}"))
    assert 'href="/events/feed/centrum.ics"' in text(client.get("/events"))
