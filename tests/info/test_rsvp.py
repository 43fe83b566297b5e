"""Saying you come: the count, a limit, twice, cancelling, past and cancelled events, and
two residents taking the last place at the same moment."""
import threading
from datetime import datetime

from flask_babel import force_locale
import pytest

from buurt.core.extensions import db
from buurt.info import events
from buurt.info.models import Event, Rsvp
from buurt.notifications.models import Notification
from tests.info.conftest import text

COMING_BUTTON = "I'm coming</button>"


def rsvps(event) -> int:
    return db.session.scalar(db.select(db.func.count(Rsvp.id)).filter_by(event_id=event.id))


def fresh(event) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event.id)


def test_residents_say_they_come_and_the_page_counts_them(client, login, make_user,
                                                          make_event):
    event = make_event(capacity=10)
    ria = make_user("Ria")
    login(ria)
    response = client.post(f"/events/{event.id}/rsvp")
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "Nice that you come! You are on the list." in page
    assert "1 neighbour comes (9 places left)" in page and "You said that you come." in page
    assert rsvps(event) == 1 and fresh(event).rsvp_count == 1
    assert "You come" in text(client.get("/events"))


def test_twice_is_once(client, login, make_user, make_event):
    event = make_event()
    login(make_user())
    client.post(f"/events/{event.id}/rsvp")
    response = client.post(f"/events/{event.id}/rsvp", follow_redirects=True)
    assert "You said already that you come." in text(response)
    assert rsvps(event) == 1 and fresh(event).rsvp_count == 1


def test_the_database_refuses_a_second_rsvp_of_one_resident(make_user, make_event):
    from sqlalchemy.exc import IntegrityError
    event, ria = make_event(), make_user()
    db.session.add(Rsvp(event_id=event.id, user_id=ria.id))
    db.session.commit()
    db.session.add(Rsvp(event_id=event.id, user_id=ria.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_full_event_takes_no_one_more(client, login, make_user, make_event):
    event = make_event(capacity=2)
    for _ in range(2):
        events.rsvp(event, make_user())
    db.session.commit()
    late = make_user("Late")
    login(late)
    assert "This event is full. There are no places left." in text(
        client.get(f"/events/{event.id}"))
    response = client.post(f"/events/{event.id}/rsvp", follow_redirects=True)
    assert "This event is full. There are no places left." in text(response)
    assert rsvps(event) == 2 and fresh(event).rsvp_count == 2


def test_cancelling_frees_the_place(client, login, make_user, make_event):
    event = make_event(capacity=1)
    ria, bart = make_user("Ria"), make_user("Bart")
    login(ria)
    client.post(f"/events/{event.id}/rsvp")
    response = client.post(f"/events/{event.id}/rsvp/cancel", follow_redirects=True)
    assert "You are off the list." in text(response)
    assert rsvps(event) == 0 and fresh(event).rsvp_count == 0
    response = client.post(f"/events/{event.id}/rsvp/cancel", follow_redirects=True)
    assert "You had not said that you come." in text(response)
    assert fresh(event).rsvp_count == 0
    client.post("/logout")
    login(bart)
    client.post(f"/events/{event.id}/rsvp")
    assert rsvps(event) == 1 and fresh(event).rsvp_count == 1


def test_no_rsvp_or_cancel_once_the_event_is_over(client, login, make_user, make_event,
                                                  frozen_time):
    event = make_event()
    ria, bart = make_user("Ria"), make_user("Bart")
    events.rsvp(event, bart)
    db.session.commit()
    frozen_time.move_to(datetime(2026, 12, 4, 9, 0))
    login(ria)
    page = text(client.get(f"/events/{event.id}"))
    assert "This event is over." in page and COMING_BUTTON not in page
    response = client.post(f"/events/{event.id}/rsvp", follow_redirects=True)
    assert "This event is over." in text(response)
    client.post("/logout")
    login(bart)
    response = client.post(f"/events/{event.id}/rsvp/cancel", follow_redirects=True)
    assert "This event is over." in text(response)
    assert rsvps(event) == 1


def test_a_cancelled_event_stays_readable_and_its_guests_hear_of_it(client, login, make_user,
                                                                    make_event):
    ria, bart, kim = make_user("Ria"), make_user("Bart"), make_user("Kim")
    event = make_event(ria, title="Soup evening")
    events.rsvp(event, bart)
    db.session.commit()
    login(kim)
    assert client.post(f"/events/{event.id}/cancel").status_code == 403
    client.post("/logout")
    login(ria)
    response = client.post(f"/events/{event.id}/cancel", follow_redirects=True)
    assert "The event is cancelled." in text(response)
    client.post("/logout")
    page = text(client.get(f"/events/{event.id}"))
    assert "This event is cancelled. It does not take place." in page
    assert "Soup evening" not in text(client.get("/events"))
    told = db.session.scalars(db.select(Notification).filter_by(kind="event_cancelled")).all()
    assert [n.user_id for n in told] == [bart.id]
    login(kim)
    response = client.post(f"/events/{event.id}/rsvp", follow_redirects=True)
    assert "This event is cancelled." in text(response)
    assert rsvps(event) == 1
    client.post("/logout")
    login(bart)
    notes = text(client.get("/notifications"))
    assert 'The event "Soup evening" is cancelled.' in notes


def test_visitors_are_sent_to_log_in(client, make_event):
    event = make_event()
    response = client.post(f"/events/{event.id}/rsvp")
    assert response.status_code == 302 and "/login" in response.location
    assert rsvps(event) == 0


def test_the_limit_is_checked_in_the_database_not_on_a_stale_copy(make_user, make_event):
    """Two residents read the event while one place is left; the second to write loses."""
    event = make_event(capacity=1)
    first, second = make_user(), make_user()
    stale = events.get(event.id)
    assert stale.rsvp_count == 0
    # Another request takes the last place and commits, on its own connection.
    with db.engine.begin() as other:
        other.execute(Rsvp.__table__.insert().values(event_id=event.id, user_id=first.id,
                                                     created_at=datetime(2026, 11, 20)))
        other.execute(db.update(Event.__table__).where(Event.__table__.c.id == event.id)
                      .values(rsvp_count=1))
    assert stale.rsvp_count == 0   # this request still believes a place is free
    with force_locale("en"), pytest.raises(events.EventError, match="full"):
        events.rsvp(stale, second)
    db.session.rollback()
    assert rsvps(event) == 1 and fresh(event).rsvp_count == 1


def test_two_residents_at_once_cannot_both_take_the_last_place(app, make_user, make_event):
    event = make_event(capacity=1)
    people = [make_user(), make_user()]
    both_read = threading.Barrier(2, timeout=30)
    outcome = {}

    def try_to_come(user_id):
        with app.app_context():
            try:
                mine = events.get(event.id)
                user = db.session.get(type(people[0]), user_id)
                assert mine.rsvp_count == 0
                both_read.wait()            # both saw one free place
                events.rsvp(mine, user)
                db.session.commit()
                outcome[user_id] = "in"
            except events.EventError as error:
                db.session.rollback()
                with force_locale("en"):
                    outcome[user_id] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=try_to_come, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.values()) == ["This event is full. There are no places left.",
                                        "in"]
    assert rsvps(event) == 1 and fresh(event).rsvp_count == 1


def test_a_full_event_says_it_is_full_and_offers_no_place(client, login, make_user,
                                                         make_event):
    event = make_event(capacity=2)
    events.rsvp(event, make_user())
    db.session.commit()
    page = text(client.get(f"/events/{event.id}"))
    # One place left: the singular, and a way to take it (after logging in).
    assert "1 neighbour comes (1 place left)" in page and "Log in to say that you come." in page
    ria = make_user("Ria")
    login(ria)
    page = text(client.get(f"/events/{event.id}"))
    assert COMING_BUTTON in page and "Full: no places left" not in page
    client.post(f"/events/{event.id}/rsvp")
    page = text(client.get(f"/events/{event.id}"))
    assert "2 neighbours come (Full: no places left)" in page and "0 places left" not in page
    assert "I cannot come after all" in page              # Ria can still give hers back
    client.post("/logout")
    login(make_user("Late"))
    page = text(client.get(f"/events/{event.id}"))
    assert "This event is full. There are no places left." in page
    assert COMING_BUTTON not in page
    client.post("/logout")
    page = text(client.get(f"/events/{event.id}"))     # a visitor is not sent to log in
    assert "This event is full. There are no places left." in page
    assert "Log in to say that you come." not in page


def test_the_places_left_read_well_in_dutch(client, make_user, make_event):
    event = make_event(capacity=3)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    events.rsvp(event, make_user())
    db.session.commit()
    assert "(nog 2 plekken vrij)" in text(client.get(f"/events/{event.id}"))
    events.rsvp(event, make_user())
    db.session.commit()
    assert "(nog 1 plek vrij)" in text(client.get(f"/events/{event.id}"))
    events.rsvp(event, make_user())
    db.session.commit()
    page = text(client.get(f"/events/{event.id}"))
    assert "(Vol: er zijn geen plekken meer)" in page and "nog 0" not in page
