"""How long what residents said to each other and what we told them is kept: each
neighbourhood's `retention_months` (two years unless its managers choose otherwise), counted
for a resident by their home neighbourhood. After it `buurt tick` removes old
notifications and the e-mails that went out (or failed for good) here, and old
conversations in buurt.messages.retention.

Each run removes at most one batch of each, so the first run on a big site holds no huge
transaction; the runs after it take the rest.
"""
import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from buurt.core import settings
from buurt.core.extensions import db
from buurt.notifications.models import Notification, OutboxEmail, OutboxState
from buurt.people.models import Neighbourhood, User

SETTING = "retention_months"
# What a manager may choose, in months.
MIN_MONTHS, MAX_MONTHS = 1, 120
# At most this many rows of each go per run of `buurt tick`.
NOTIFICATION_BATCH = 1000
MAIL_BATCH = 1000
# Mails in these states are done with: sent, or given up on.
FINISHED = (OutboxState.SENT, OutboxState.FAILED)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day when it
    is shorter): 31 March minus one month is 28 or 29 February."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Cutoffs:
    """What is older than these moments goes: one per neighbourhood."""

    by_neighbourhood: dict[int, datetime]

    @property
    def shortest(self) -> datetime | None:
        """The moment of the shortest period: for what belongs to no neighbourhood any more
        (both people of a conversation, or the receiver of a mail, left the site)."""
        return max(self.by_neighbourhood.values(), default=None)


def cutoffs(now: datetime) -> Cutoffs:
    """Each neighbourhood's moment before which things go; two statements."""
    ids = list(db.session.scalars(select(Neighbourhood.id).order_by(Neighbourhood.id)))
    months = settings.values_for(ids, SETTING)
    return Cutoffs({n: months_before(now, months[n]) for n in ids})


def months_for(neighbourhood_ids) -> tuple[int, int]:
    """The shortest and the longest period of these neighbourhoods, in months (for the
    privacy statement); one statement."""
    months = settings.values_for(neighbourhood_ids, SETTING).values()
    default = settings.DEFAULTS[SETTING]
    return min(months, default=default), max(months, default=default)


def _remove(model, column, user_column, cutoffs: Cutoffs, limit: int, *where,
            without_receiver: bool = False) -> int:
    """Remove up to `limit` rows of `model` whose `column` is before their receiver's
    neighbourhood's cutoff (with without_receiver, rows whose receiver left: the shortest
    period's); oldest first. One statement per neighbourhood, one more where any go."""
    removed = 0
    groups = [(cutoff, user_column.in_(select(User.id).where(User.neighbourhood_id == n)))
              for n, cutoff in cutoffs.by_neighbourhood.items()]
    if without_receiver and cutoffs.shortest is not None:
        groups.append((cutoffs.shortest, user_column.is_(None)))
    for cutoff, whose in groups:
        if removed >= limit:
            break
        ids = list(db.session.scalars(
            select(model.id).where(column < cutoff, whose, *where)
            .order_by(column, model.id).limit(limit - removed)))
        if ids:
            db.session.execute(delete(model).where(model.id.in_(ids)))
            removed += len(ids)
    return removed


def remove_old_notifications(cutoffs: Cutoffs, *, limit: int = NOTIFICATION_BATCH) -> int:
    """Remove notifications older than their receiver's period, read or not; return how
    many went."""
    return _remove(Notification, Notification.created_at, Notification.user_id, cutoffs,
                   limit)


def remove_old_mails(cutoffs: Cutoffs, *, limit: int = MAIL_BATCH) -> int:
    """Remove mails that went out (or failed for good) longer ago than their receiver's
    period; a mail still waiting to go stays. Return how many went."""
    return _remove(OutboxEmail, OutboxEmail.created_at, OutboxEmail.user_id, cutoffs, limit,
                   OutboxEmail.state.in_(FINISHED), without_receiver=True)
