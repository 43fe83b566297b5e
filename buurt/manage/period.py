"""The dashboard's period: whole Dutch days, and the UTC moments the database compares."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from buurt.core import clock

# The longest period the dashboard shows at once.
MAX_DAYS = 3 * 366


def utc_start(day: date) -> datetime:
    """Midnight at the start of a Dutch day, as the naive UTC moment the database stores."""
    return clock.from_local(day, time(0))


@dataclass(frozen=True)
class Period:
    """Whole Dutch days, from first_day through last_day."""

    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return utc_start(self.first_day)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return utc_start(self.last_day + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def last_days(days: int, today: date) -> Period:
    """The last `days` days, today included."""
    return Period(today - timedelta(days=days - 1), today)

