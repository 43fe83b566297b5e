"""Events: creating and changing them, who comes (RSVP), lists and iCalendar files.

Time: starts_at and ends_at are stored as naive UTC, like every moment in the database
(buurt.core.clock.now()). People enter and read Europe/Amsterdam wall-clock time;
clock.from_local and clock.to_local convert at that edge, and the calendar files carry
TZID=Europe/Amsterdam.
"""
from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as CalendarEvent
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.core.media.models import Upload
from buurt.info import initiatives as initiative_service, places
from buurt.info.models import Event, Initiative, Place, Rsvp
from buurt.notifications import notify
from buurt.people import deletion
from buurt.people.models import Topic, User
from buurt.posts import services as posts
from buurt.posts.models import CloseReason, PostState

TZID = "Europe/Amsterdam"
# The subscribable feed keeps events that ended this long ago, and at most this many.
FEED_PAST = timedelta(days=30)
FEED_LIMIT = 500
MAX_CAPACITY = 10000


class EventError(DomainError):
    """A change to an event that is refused."""


# --- creating and changing ---------------------------------------------------------------

def _where(place_id, address: str | None,
           neighbourhood_id: int) -> tuple[Place | None, str | None]:
    address = (address or "").strip() or None
    if place_id in (None, ""):
        if address is None:
            raise EventError(_l("Choose a place from the list or write an address."), "place")
        return None, address
    if address is not None:
        raise EventError(_l("Choose a place from the list or write an address, not both."),
                         "address")
    place = places.in_neighbourhood(place_id, neighbourhood_id)
    if place is None:
        raise EventError(_l("Choose a place from the list."), "place")
    return place, None


def _check(author: User, *, starts_at: datetime, ends_at: datetime, capacity: int | None,
           initiative: Initiative | None, event: Event | None = None) -> None:
    if ends_at <= starts_at:
        raise EventError(_l("The end must be after the start."), "end_time")
    moved = event is None or event.starts_at != starts_at
    if moved and starts_at <= clock.now():
        raise EventError(_l("This moment has passed. Choose a later start."), "start_date")
    if ends_at - starts_at > timedelta(days=31):
        raise EventError(_l("An event can last a month at most."), "end_date")
    if capacity is not None:
        if capacity < 1 or capacity > MAX_CAPACITY:
            raise EventError(_l("Use a number from 1 to %(max)d, or leave it empty.",
                                max=MAX_CAPACITY), "capacity")
        coming = (event.rsvp_count or 0) if event is not None else 0
        if capacity < coming:
            raise EventError(_l("%(num)d neighbours already said they come. The limit "
                                "cannot be lower.", num=coming), "capacity")
    if initiative is not None:
        runs = initiative.is_approved and any(
            i.id == initiative.id for i in initiative_service.run_by(author))
        if not runs:
            raise EventError(_l("Choose an initiative you run."), "organiser")


def validate(author: User, *, starts_at: datetime, ends_at: datetime, place_id=None,
             address: str | None = None, capacity: int | None = None,
             initiative: Initiative | None = None, event: Event | None = None,
             **_text) -> tuple[Place | None, str | None]:
    """Check an event's details (new, or a change to `event`); raise EventError with the
    field it is about. Returns the place and the address to store."""
    neighbourhood_id = event.neighbourhood_id if event is not None else author.neighbourhood_id
    place, address = _where(place_id, address, neighbourhood_id)
    keeps_organiser = (event is not None and initiative is not None
                       and initiative.id == event.initiative_id)
    _check(author, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
           initiative=None if keeps_organiser else initiative, event=event)
    return place, address


def create_event(author: User, *, title: str, body: str, topic: Topic | None,
                 starts_at: datetime, ends_at: datetime, place_id=None,
                 address: str | None = None, capacity: int | None = None,
                 initiative: Initiative | None = None, upload: Upload | None = None) -> Event:
    """Add an event in the author's neighbourhood; it is screened like every post.

    starts_at and ends_at are naive UTC (see clock.from_local); the organiser is the author, or
    an approved initiative the author runs. upload is a photo from uploads.save_image.
    """
    place, address = validate(author, starts_at=starts_at, ends_at=ends_at,
                               place_id=place_id, address=address, capacity=capacity,
                               initiative=initiative)
    return posts._publish_new(Event(
        author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
        title=title.strip(), body=(body or "").strip(), starts_at=starts_at, ends_at=ends_at,
        place=place, address=address, capacity=capacity, rsvp_count=0,
        initiative=initiative, upload=upload, state=PostState.PUBLISHED))


def update_event(event: Event, *, title: str, body: str, topic: Topic | None,
                 starts_at: datetime, ends_at: datetime, place_id=None,
                 address: str | None = None, capacity: int | None = None,
                 initiative: Initiative | None = None, upload=cleanup.KEEP) -> None:
    """Change an event; the text is screened again as with every post. A new photo (or
    None) replaces the old one, whose files go unless something else shows them."""
    if event.is_closed:
        raise EventError(_l("This event is cancelled. It cannot be changed any more."))
    place, address = validate(event.author, starts_at=starts_at, ends_at=ends_at,
                              place_id=place_id, address=address, capacity=capacity,
                              initiative=initiative, event=event)
    event.starts_at, event.ends_at = starts_at, ends_at
    event.place, event.address, event.capacity = place, address, capacity
    event.initiative = initiative
    cleanup.replace(event, "upload", upload)
    posts.update(event, title=title, body=body or "", topic=topic)


def cancel_event(event: Event) -> int:
    """Call an event off: it stays readable, marked cancelled, and who said they would come
    hears it. Returns how many were told."""
    if event.is_closed:
        raise EventError(_l("This event is cancelled already."))
    if event.has_ended(clock.now()):
        raise EventError(_l("This event is over."))
    event.close(CloseReason.CANCELLED)
    db.session.flush()
    told = 0
    for person in db.session.scalars(select(User).join(Rsvp, Rsvp.user_id == User.id)
                                     .where(Rsvp.event_id == event.id,
                                            User.id != event.author_id)):
        if notify.notify(person, notify.Kind.EVENT_CANCELLED, post=event, actor=event.author,
                         dedupe_key=f"event_cancelled:{event.id}"):
            told += 1
    return told


# --- who comes ---------------------------------------------------------------------------

class _Full(Exception):
    pass


# What events.rsvp says for each code of Event.rsvp_refused.
_RSVP_REFUSED = {
    "cancelled": _l("This event is cancelled."),
    "not_online": _l("You cannot sign up for this event."),
    "over": _l("This event is over."),
}


def _can_respond(event: Event) -> None:
    refused = event.rsvp_refused(clock.now())
    if refused:
        raise EventError(_RSVP_REFUSED[refused])


def rsvp(event: Event, user: User) -> Rsvp:
    """Say the user comes. The limit is checked in the same UPDATE that counts them, so
    two residents at once cannot both take the last place; once per resident."""
    _can_respond(event)
    entry = Rsvp(event_id=event.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
            counted = db.session.execute(
                update(Event)
                .where(Event.id == event.id, Event.state == PostState.PUBLISHED,
                       (Event.capacity.is_(None))
                       | (func.coalesce(Event.rsvp_count, 0) < Event.capacity))
                .values(rsvp_count=func.coalesce(Event.rsvp_count, 0) + 1)
                .execution_options(synchronize_session=False, preserve_rowcount=True)
            ).rowcount
            if not counted:
                raise _Full
    except IntegrityError:
        raise EventError(_l("You said already that you come.")) from None
    except _Full:
        db.session.refresh(event)
        raise EventError(_l("This event is full. There are no places left.")) from None
    db.session.refresh(event)
    return entry


def cancel_rsvp(event: Event, user: User) -> None:
    """Say the user no longer comes; their place is free again."""
    if event.has_ended(clock.now()):
        raise EventError(_l("This event is over."))
    removed = db.session.execute(
        Rsvp.__table__.delete().where(Rsvp.event_id == event.id, Rsvp.user_id == user.id)
        .execution_options(preserve_rowcount=True)).rowcount
    if not removed:
        raise EventError(_l("You had not said that you come."))
    db.session.execute(
        update(Event).where(Event.id == event.id, Event.rsvp_count > 0)
        .values(rsvp_count=Event.rsvp_count - 1)
        .execution_options(synchronize_session=False))
    db.session.refresh(event)


def coming(user, events) -> set[int]:
    """The ids of these events the user said they come to (one statement)."""
    ids = [e.id for e in events]
    if not ids or not (user and user.is_authenticated):
        return set()
    return set(db.session.scalars(select(Rsvp.event_id).where(Rsvp.user_id == user.id,
                                                              Rsvp.event_id.in_(ids))))


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): it no longer comes to events that
    have not ended, and its own events still to come are cancelled: they stay readable,
    marked cancelled, and who said they would come hears it."""
    now = clock.now()
    for event in db.session.scalars(select(Event).join(Rsvp, Rsvp.event_id == Event.id)
                                    .where(Rsvp.user_id == user.id)):
        if not event.has_ended(now):
            cancel_rsvp(event, user)
    for event in db.session.scalars(select(Event).where(Event.author_id == user.id,
                                                        Event.state == PostState.PUBLISHED)):
        if not event.has_ended(now):
            cancel_event(event)


deletion.register("info.events", end_for_deleted_account)


# --- reading -----------------------------------------------------------------------------

def _with_display_data(stmt):
    return posts.with_display_data(stmt).options(joinedload(Event.place),
                                                 joinedload(Event.initiative),
                                                 joinedload(Event.upload))


def get(event_id: int) -> Event | None:
    """The event with its author, place and organiser, or None."""
    return db.session.scalar(_with_display_data(select(Event).where(Event.id == event_id)))


def _listed(neighbourhood_id: int | None):
    stmt = _with_display_data(select(Event).where(Event.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(Event.neighbourhood_id == neighbourhood_id)
    return stmt


def upcoming(*, neighbourhood_id: int | None = None, after: str | None = None,
             before: str | None = None, size: int = 20) -> pagination.Page:
    """Events that have not ended, the soonest first: one statement a page."""
    stmt = _listed(neighbourhood_id).where(Event.ends_at > clock.now())
    return pagination.keyset_by(stmt, [Event.starts_at, Event.id], size=size, after=after,
                                before=before)


def past(*, neighbourhood_id: int | None = None, after: str | None = None,
         before: str | None = None, size: int = 20) -> pagination.Page:
    """Events that have ended, the most recent first: one statement a page."""
    stmt = _listed(neighbourhood_id).where(Event.ends_at <= clock.now())
    return pagination.keyset_by(stmt, [Event.starts_at, Event.id], size=size, after=after,
                                before=before, descending=True)


def at_place(place: Place, limit: int = places.EVENTS_ON_PLACE) -> list[Event]:
    """The coming events at a place, the soonest first."""
    return list(db.session.scalars(
        select(Event).where(Event.place_id == place.id, Event.state == PostState.PUBLISHED,
                            Event.ends_at > clock.now())
        .options(joinedload(Event.place), joinedload(Event.topic), joinedload(Event.upload))
        .order_by(Event.starts_at, Event.id).limit(limit)))


def for_feed(neighbourhood_id: int) -> list[Event]:
    """The neighbourhood's events for its calendar feed: coming ones and recent ones."""
    return list(db.session.scalars(
        select(Event).where(Event.state == PostState.PUBLISHED,
                            Event.neighbourhood_id == neighbourhood_id,
                            Event.ends_at > clock.now() - FEED_PAST)
        .options(joinedload(Event.place))
        .order_by(Event.starts_at, Event.id).limit(FEED_LIMIT)))


# --- iCalendar (RFC 5545) ----------------------------------------------------------------

def _timezone() -> Timezone:
    """VTIMEZONE for Europe/Amsterdam: the EU rules (last Sunday of March and October)."""
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0, 0))
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0, 0))
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def uid(event: Event, host: str) -> str:
    """The event's UID: the same in every file and feed, for as long as the event exists."""
    return f"event-{event.id}@{host}"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


def _component(event: Event, *, host: str, link) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", uid(event, host))
    item.add("dtstamp", _utc(event.updated_at or event.created_at))
    item.add("created", _utc(event.created_at))
    item.add("last-modified", _utc(event.updated_at or event.created_at))
    item.add("dtstart", clock.to_local(event.starts_at))
    item.add("dtend", clock.to_local(event.ends_at))
    item.add("summary", event.title)
    if event.body:
        item.add("description", event.body)
    if event.location:
        item.add("location", event.location)
    item.add("url", link(event))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def calendar(events, *, name: str, host: str, link) -> bytes:
    """An iCalendar file with these events; `link(event)` gives each one's page URL."""
    cal = Calendar()
    cal.add("prodid", "-//Buurt//Buurt events//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_timezone())
    for event in events:
        cal.add_component(_component(event, host=host, link=link))
    return cal.to_ical()
