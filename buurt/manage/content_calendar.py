"""The content calendar: planned and published announcements per day, with warnings.

Days are Dutch (Europe/Amsterdam) days; moments are stored as naive UTC. Two announcements
of one neighbourhood within an hour of each other, or more on one day than the
neighbourhood's `calendar_max_per_day`, give a warning. Warnings warn; they never refuse.
Events that start on a day are shown as context; they never count.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import format_datetime, gettext as _, ngettext
from sqlalchemy import select

from buurt.announcements.models import Announcement
from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.info.models import Event
from buurt.posts.models import PostState

SETTING = "calendar_max_per_day"
# Two announcements at most this far apart are too close.
NEAR = timedelta(hours=1)
DEFAULT_WEEKS = 4
# What counts as a post on the calendar: waiting for its moment, or online.
COUNTED = (PostState.SCHEDULED, PostState.PUBLISHED)


@dataclass(frozen=True)
class CalendarWarning:
    """One warning; str() says it in the current language."""

    kind: str                       # "near" or "busy"
    neighbourhood_id: int
    other_title: str | None = None  # near: the other announcement
    other_at: datetime | None = None
    count: int = 0                  # busy: announcements on the day, and the setting
    limit: int = 0

    def __str__(self):
        if self.kind == "near":
            return _("Within an hour of “%(title)s” (%(when)s).",
                     title=self.other_title,
                     when=format_datetime(self.other_at, "EEEE d MMMM, HH:mm"))
        return ngettext("%(num)d announcement on this day. The advice is at most %(limit)d "
                        "per day.",
                        "%(num)d announcements on this day. The advice is at most %(limit)d "
                        "per day.", self.count, limit=self.limit)


@dataclass
class Item:
    """An announcement (planned or online) or an event, at a moment (naive UTC)."""

    kind: str                       # "announcement" or "event"
    id: int
    title: str
    neighbourhood_id: int
    at: datetime
    state: str | None = None
    warnings: list[CalendarWarning] = field(default_factory=list)

    @property
    def local(self) -> datetime:
        return clock.to_local(self.at)

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    @property
    def is_planned(self) -> bool:
        return self.kind == "announcement" and self.state == PostState.SCHEDULED

    @property
    def is_published(self) -> bool:
        return self.kind == "announcement" and self.state == PostState.PUBLISHED


@dataclass
class Day:
    day: date
    items: list[Item] = field(default_factory=list)
    warnings: list[CalendarWarning] = field(default_factory=list)
    is_today: bool = False
    is_past: bool = False

    @property
    def empty(self) -> bool:
        """No announcement planned or published on this day (events do not count)."""
        return not any(not item.is_event for item in self.items)


@dataclass
class Week:
    days: list[Day]

    @property
    def first_day(self) -> date:
        return self.days[0].day

    @property
    def last_day(self) -> date:
        return self.days[-1].day

    @property
    def number(self) -> int:
        return self.first_day.isocalendar().week


@dataclass
class Plan:
    first_day: date
    weeks: list[Week]

    @property
    def last_day(self) -> date:
        return self.weeks[-1].last_day

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week.days]


def week_start(day: date) -> date:
    """The Monday of the week that day is in."""
    return day - timedelta(days=day.weekday())


def _utc_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The stored (naive UTC) moments from the start of `first` to the end of `last`, Dutch
    days (a day is 23 or 25 hours long when the clocks change)."""
    return (clock.from_local(first, time(0)),
            clock.from_local(last + timedelta(days=1), time(0)))


def _announcements(neighbourhood_ids, start: datetime, end: datetime,
                   exclude_post_id: int | None = None) -> list[Item]:
    stmt = (select(Announcement.id, Announcement.title, Announcement.neighbourhood_id,
                   Announcement.publish_at, Announcement.state)
            .where(Announcement.kind == "announcement", Announcement.state.in_(COUNTED),
                   Announcement.neighbourhood_id.in_(list(neighbourhood_ids)),
                   Announcement.publish_at >= start, Announcement.publish_at < end)
            .order_by(Announcement.publish_at, Announcement.id))
    if exclude_post_id is not None:
        stmt = stmt.where(Announcement.id != exclude_post_id)
    return [Item("announcement", row.id, row.title, row.neighbourhood_id, row.publish_at,
                 row.state) for row in db.session.execute(stmt)]


def _events(neighbourhood_ids, start: datetime, end: datetime) -> list[Item]:
    stmt = (select(Event.id, Event.title, Event.neighbourhood_id, Event.starts_at)
            .where(Event.kind == "event", Event.state == PostState.PUBLISHED,
                   Event.neighbourhood_id.in_(list(neighbourhood_ids)),
                   Event.starts_at >= start, Event.starts_at < end)
            .order_by(Event.starts_at, Event.id))
    return [Item("event", row.id, row.title, row.neighbourhood_id, row.starts_at)
            for row in db.session.execute(stmt)]


def _near(item: Item, other: Item) -> CalendarWarning:
    return CalendarWarning("near", item.neighbourhood_id, other_title=other.title,
                           other_at=other.at)


def _mark_near(announcements: list[Item]) -> None:
    """Give each of two announcements of one neighbourhood within an hour a warning that
    names the other. `announcements` is sorted by moment."""
    for i, item in enumerate(announcements):
        for other in announcements[i + 1:]:
            if other.at - item.at > NEAR:
                break
            if other.neighbourhood_id == item.neighbourhood_id:
                item.warnings.append(_near(item, other))
                other.warnings.append(_near(other, item))


def _per_day(announcements: list[Item]) -> dict[tuple[int, date], int]:
    counts: dict[tuple[int, date], int] = {}
    for item in announcements:
        key = (item.neighbourhood_id, item.local.date())
        counts[key] = counts.get(key, 0) + 1
    return counts


def plan(neighbourhood_ids, start_day: date, weeks: int = DEFAULT_WEEKS,
         now: datetime | None = None) -> Plan:
    """The weeks from the Monday of start_day's week on, day by day, for these
    neighbourhoods: announcements planned or online, events as context, and warnings.

    Three statements (announcements, events, the settings), whatever the amount of data.
    """
    ids = list(neighbourhood_ids)
    today = clock.to_local(now).date() if now is not None else clock.today()
    first = week_start(start_day)
    last = first + timedelta(days=7 * weeks - 1)
    start, end = _utc_bounds(first, last)
    # An hour either side, so announcements just outside the weeks still warn about
    # the ones just inside.
    announcements = _announcements(ids, start - NEAR, end + NEAR) if ids else []
    shown_events = _events(ids, start, end) if ids else []
    limits = settings.values_for(ids, SETTING)
    _mark_near(announcements)

    days = {first + timedelta(days=n): Day(first + timedelta(days=n))
            for n in range(7 * weeks)}
    for day in days.values():
        day.is_today, day.is_past = day.day == today, day.day < today
    for item in sorted(announcements + shown_events, key=lambda i: (i.at, i.kind, i.id)):
        day = days.get(item.local.date())
        if day is not None:
            day.items.append(item)
    for (neighbourhood_id, day_date), count in sorted(_per_day(announcements).items()):
        limit = limits.get(neighbourhood_id, settings.DEFAULTS[SETTING])
        if day_date in days and count > limit:
            days[day_date].warnings.append(CalendarWarning(
                "busy", neighbourhood_id, count=count, limit=limit))
    ordered = [days[first + timedelta(days=n)] for n in range(7 * weeks)]
    return Plan(first, [Week(ordered[w * 7:(w + 1) * 7]) for w in range(weeks)])


def warnings_for(neighbourhood_id: int, publish_at: datetime,
                 exclude_post_id: int | None = None) -> list[CalendarWarning]:
    """The warnings an announcement at publish_at (naive UTC) in this neighbourhood gets:
    within an hour of another one, and the day having more than the setting allows.
    `exclude_post_id`: the announcement itself, when it moves."""
    day = clock.to_local(publish_at).date()
    start, end = _utc_bounds(day, day)
    others = _announcements([neighbourhood_id], min(start, publish_at - NEAR),
                            max(end, publish_at + NEAR + timedelta(microseconds=1)),
                            exclude_post_id)
    found = [CalendarWarning("near", neighbourhood_id, other_title=other.title,
                             other_at=other.at)
             for other in others if abs(other.at - publish_at) <= NEAR]
    count = 1 + sum(1 for other in others if other.local.date() == day)
    limit = settings.values_for([neighbourhood_id], SETTING)[neighbourhood_id]
    if count > limit:
        found.append(CalendarWarning("busy", neighbourhood_id, count=count, limit=limit))
    return found
