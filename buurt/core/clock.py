"""The one clock every time-dependent rule reads; tests move it with time-machine."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """Return the current time in UTC, without tzinfo (as the database stores it)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    """Return today's date in the Netherlands."""
    return datetime.now(timezone.utc).astimezone(LOCAL_TZ).date()


def end_of_day(day: date) -> datetime:
    """The moment a Dutch day is over (midnight after it), in UTC without tzinfo."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    return midnight.astimezone(timezone.utc).replace(tzinfo=None)


def local_day(moment: datetime) -> date:
    """The Dutch date of a moment stored as UTC without tzinfo."""
    return moment.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ).date()
