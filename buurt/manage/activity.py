"""What happened in the dashboard's period: new residents and how they came in, how fast
requests were answered, and the matches made."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Float, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from buurt.ambassador.models import Onboarding, OnboardingEvent
from buurt.core.extensions import db
from buurt.manage.levels import ONLINE_STATES
from buurt.manage.period import Period
from buurt.market.models import Response, ResponseState
from buurt.people.models import User
from buurt.people.models.user import FORMER_NEIGHBOUR
from buurt.posts.models import Post

# A request counts as answered quickly with a first response within this time.
QUICK_RESPONSE = timedelta(days=3)


# --- seconds between two moments, on SQLite and PostgreSQL ---------------------------------

class seconds_between(FunctionElement):
    """later - earlier in seconds, as a number."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between)
def _seconds_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgres(element, compiler, **kw):
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


# --- new residents ------------------------------------------------------------------------

@dataclass
class Channel:
    """New residents who came in through one ambassador and (perhaps) one event."""

    ambassador_id: int | None
    ambassador: str | None
    event_id: int | None
    event: str | None
    event_day: date | None
    count: int


@dataclass
class NewResidents:
    total: int = 0
    on_their_own: int = 0
    channels: list = field(default_factory=list)


def new_residents(ids, period: Period) -> NewResidents:
    """Residents who joined in the period, and through which ambassador or event."""
    result = NewResidents()
    if not ids:
        return result
    ambassador = aliased(User)
    rows = db.session.execute(
        select(User.onboarded_by_id, ambassador.display_name, ambassador.deleted_at,
               Onboarding.event_id, OnboardingEvent.name, OnboardingEvent.day,
               func.count(User.id))
        .select_from(User)
        .outerjoin(ambassador, ambassador.id == User.onboarded_by_id)
        .outerjoin(Onboarding, Onboarding.user_id == User.id)
        .outerjoin(OnboardingEvent, OnboardingEvent.id == Onboarding.event_id)
        .where(User.neighbourhood_id.in_(ids), User.created_at >= period.start,
               User.created_at < period.end)
        .group_by(User.onboarded_by_id, ambassador.display_name, ambassador.deleted_at,
                  Onboarding.event_id, OnboardingEvent.name, OnboardingEvent.day))
    for ambassador_id, name, deleted_at, event_id, event, day, n in rows:
        if deleted_at is not None:   # an ambassador who deleted their account has no name
            name = str(FORMER_NEIGHBOUR)
        result.total += n
        if ambassador_id is None and event_id is None:
            result.on_their_own += n
        else:
            result.channels.append(Channel(ambassador_id, name, event_id, event, day, n))
    result.channels.sort(key=lambda c: (-c.count, c.ambassador or "", c.event or ""))
    return result


# --- requests: how fast they are answered, and the matches made ---------------------------

@dataclass
class ResponseTimes:
    counted: int = 0          # requests whose three days are over, or answered within them
    within: int = 0           # of those: a first response within three days
    answered: int = 0         # requests with any response
    median_seconds: float | None = None

    @property
    def share(self) -> float | None:
        """The part answered within three days, from 0 to 1 (None: nothing to count)."""
        return self.within / self.counted if self.counted else None

    @property
    def median(self) -> timedelta | None:
        return None if self.median_seconds is None else timedelta(seconds=self.median_seconds)


def response_times(ids, period: Period, now: datetime) -> ResponseTimes:
    """For the requests posted in the period: the share with a first response within three
    days, and the median time to a first response; one statement.

    A request still inside its first three days without a response is not counted yet.
    """
    if not ids:
        return ResponseTimes()
    first = (select(Post.id.label("post_id"), Post.created_at.label("created_at"),
                    func.min(Response.created_at).label("first_at"))
             .select_from(Post).outerjoin(Response, Response.post_id == Post.id)
             .where(Post.kind == "request", Post.state.in_(ONLINE_STATES),
                    Post.neighbourhood_id.in_(ids), Post.created_at >= period.start,
                    Post.created_at < period.end)
             .group_by(Post.id, Post.created_at)).cte("first_responses")
    delay = seconds_between(first.c.first_at, first.c.created_at)
    within = and_(first.c.first_at.is_not(None), delay <= QUICK_RESPONSE.total_seconds())
    counted = or_(first.c.created_at <= now - QUICK_RESPONSE, within)
    answered = (select(delay.label("delay")).where(first.c.first_at.is_not(None))
                .subquery())
    ranked = select(answered.c.delay,
                    func.row_number().over(order_by=answered.c.delay).label("rank"),
                    func.count().over().label("n")).subquery()
    # The middle one, or the mean of the middle two: rank * 2 between n and n + 2.
    median = (select(func.avg(ranked.c.delay))
              .where(ranked.c.rank * 2 >= ranked.c.n, ranked.c.rank * 2 <= ranked.c.n + 2)
              .scalar_subquery())
    row = db.session.execute(select(
        func.sum(case((counted, 1), else_=0)), func.sum(case((within, 1), else_=0)),
        func.count(first.c.first_at), median)).one()
    return ResponseTimes(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0),
                         None if row[3] is None else float(row[3]))


def matches(ids, period: Period) -> int:
    """Responses accepted in the period (and perhaps done since): matches made."""
    if not ids:
        return 0
    return db.session.scalar(
        select(func.count(Response.id)).join(Post, Post.id == Response.post_id)
        .where(Response.state.in_((ResponseState.ACCEPTED, ResponseState.DONE)),
               Response.decided_at >= period.start, Response.decided_at < period.end,
               Post.neighbourhood_id.in_(ids)))
