"""The one clock every time-dependent rule reads; tests move it with time-machine."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """Return the current time in UTC, without tzinfo (as the database stores it)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored (naive UTC) moment as Dutch wall-clock time, with its tzinfo."""
    return moment.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ)


def from_local(day: date, at: time) -> datetime:
    """A Dutch wall-clock day and time as the naive UTC moment the database stores."""
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=LOCAL_TZ)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def local_day(moment: datetime) -> date:
    """The Dutch date of a moment stored as UTC without tzinfo."""
    return to_local(moment).date()


def today() -> date:
    """Return today's date in the Netherlands."""
    return local_day(now())


def end_of_day(day: date) -> datetime:
    """The moment a Dutch day is over (midnight after it), in UTC without tzinfo."""
    return from_local(day + timedelta(days=1), time(0))
