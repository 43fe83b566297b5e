"""The one clock every time-dependent rule reads; tests move it with time-machine."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """Return the current time in UTC, without tzinfo (as the database stores it)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    """Return today's date in the Netherlands."""
    return datetime.now(timezone.utc).astimezone(LOCAL_TZ).date()
