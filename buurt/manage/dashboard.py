"""The community manager's dashboard: figures over (neighbourhood ids, period, now).

Every figure is a plain function that aggregates in SQL, so the page runs the same few
statements whatever the amount of data; `figures()` gathers them and `csv_text()` writes
them out.
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.sql.functions import FunctionElement

from buurt.ambassador.models import Onboarding, OnboardingEvent
from buurt.core import clock, pagination, settings
from buurt.core.extensions import db
from buurt.info import initiatives
from buurt.info.models import Initiative, InitiativeState, Place
from buurt.market.models import Response, ResponseState
from buurt.moderation.models import CaseState, ModerationCase
from buurt.people.models import Direction, Topic, User, UserTopic
from buurt.posts.models import Post, PostState

# --- the sharing levels -------------------------------------------------------------------

LEVELS = ("information", "resources", "ideas", "priorities", "marketplace")
LEVEL_LABELS = {
    "information": _l("Information"),
    "resources": _l("Resources"),
    "ideas": _l("Ideas"),
    "priorities": _l("Priorities"),
    "marketplace": _l("Requests and offers"),
}
# The one place that says which new things count for which level: kinds of post by their
# kind, and rows of other tables by the name used in _new_items.
LEVEL_OF = {
    "event": "information", "announcement": "information", "story": "information",
    "place": "information", "initiative": "information",
    "item": "resources",
    "idea": "ideas",
    "decision_round": "priorities",
    "request": "marketplace", "offer": "marketplace",
}
OTHER_SOURCES = ("place", "initiative", "decision_round")
POST_KINDS = tuple(kind for kind in LEVEL_OF if kind not in OTHER_SOURCES)
# Posts that went online: published now, or paused or closed since.
ONLINE_STATES = (PostState.PUBLISHED, PostState.PAUSED, PostState.CLOSED)

# A level is active with enough new items in this window, quiet with some in the longer one.
ACTIVE_WINDOW = timedelta(days=14)
QUIET_WINDOW = timedelta(days=60)
ACTIVE, QUIET, EMPTY = "active", "quiet", "empty"
HEALTH_LABELS = {ACTIVE: _l("active"), QUIET: _l("quiet"), EMPTY: _l("empty")}

# A request counts as answered quickly with a first response within this time.
QUICK_RESPONSE = timedelta(days=3)
# The longest period the dashboard shows at once.
MAX_DAYS = 3 * 366


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


# --- the period ---------------------------------------------------------------------------

def _utc(day: date) -> datetime:
    """Midnight at the start of a Dutch day, as the naive UTC moment the database stores."""
    return clock.from_local(day, time(0))


@dataclass(frozen=True)
class Period:
    """Whole Dutch days, from first_day through last_day."""

    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return _utc(self.first_day)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return _utc(self.last_day + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def last_days(days: int, today: date) -> Period:
    """The last `days` days, today included."""
    return Period(today - timedelta(days=days - 1), today)


# --- new items, the base of the levels, their health and the chart ------------------------

def _new_items(ids, since: datetime, until: datetime | None = None):
    """Everything new in these neighbourhoods since `since` (until `until`), as rows of
    (source, neighbourhood_id, created_at); `source` is a key of LEVEL_OF."""
    def window(column):
        return and_(column >= since, column < until) if until is not None else column >= since

    parts = [
        select(Post.kind.label("source"), Post.neighbourhood_id.label("neighbourhood_id"),
               Post.created_at.label("created_at"))
        .where(Post.kind.in_(POST_KINDS), Post.state.in_(ONLINE_STATES),
               Post.neighbourhood_id.in_(ids), window(Post.created_at)),
        select(literal("place").label("source"), Place.neighbourhood_id, Place.created_at)
        .where(Place.neighbourhood_id.in_(ids), window(Place.created_at)),
        select(literal("initiative").label("source"), Initiative.neighbourhood_id,
               Initiative.created_at)
        .where(Initiative.state == InitiativeState.APPROVED,
               Initiative.neighbourhood_id.in_(ids), window(Initiative.created_at)),
    ]
    # Decision rounds count from the moment their table is part of the model.
    rounds = db.metadata.tables.get("decision_round")
    if rounds is not None:
        parts.append(select(literal("decision_round").label("source"),
                            rounds.c.neighbourhood_id, rounds.c.created_at)
                     .where(rounds.c.neighbourhood_id.in_(ids), window(rounds.c.created_at)))
    return union_all(*parts).subquery("new_items")


def _level(source_column):
    return case(LEVEL_OF, value=source_column, else_=literal("other"))


@dataclass
class Chart:
    """New items per level in each step of the period (a day, a week or a month)."""

    unit: str
    starts: list
    series: dict

    @property
    def totals(self) -> dict:
        return {level: sum(counts) for level, counts in self.series.items()}

    @property
    def rows(self) -> list:
        """(start of the step, {level: count}) for the table beside the chart."""
        return [(start, {level: self.series[level][i] for level in LEVELS})
                for i, start in enumerate(self.starts)]

    @property
    def step(self) -> int:
        """The distance between the lines of the scale: 1, 2 or 5 times a power of ten."""
        highest = max((max(counts) for counts in self.series.values()), default=0)
        for power in range(0, 9):
            for base in (1, 2, 5):
                step = base * 10 ** power
                if highest <= step * 4:
                    return step
        return 10 ** 9

    @property
    def top(self) -> int:
        highest = max((max(counts) for counts in self.series.values()), default=0)
        step = self.step
        return max(step, -(-highest // step) * step)

    @property
    def ticks(self) -> list:
        return list(range(0, self.top + 1, self.step))

    def x(self, index: int, width: float) -> float:
        if len(self.starts) < 2:
            return width / 2
        return round(index * width / (len(self.starts) - 1), 1)

    def y(self, value: int, height: float) -> float:
        return round(height - value * height / self.top, 1)

    def points(self, level: str, width: float, height: float) -> list:
        """(x, y, count) of each step of one level, inside a width x height plot area."""
        return [(self.x(i, width), self.y(n, height), n)
                for i, n in enumerate(self.series[level])]


def _steps(period: Period) -> tuple[str, list[date]]:
    """Days for a month or less, weeks up to half a year, calendar months beyond."""
    first, last = period.first_day, period.last_day
    if period.days <= 31:
        return "day", [first + timedelta(days=i) for i in range(period.days)]
    if period.days <= 190:
        return "week", [first + timedelta(days=i) for i in range(0, period.days, 7)]
    starts, month = [first], date(first.year, first.month, 1)
    while True:
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month > last:
            return "month", starts
        starts.append(month)


def chart(ids, period: Period) -> Chart:
    """New items per sharing level per step of the period; one statement."""
    unit, starts = _steps(period)
    series = {level: [0] * len(starts) for level in LEVELS}
    if not ids:
        return Chart(unit, starts, series)
    items = _new_items(ids, period.start, period.end)
    bounds = [_utc(day) for day in starts[1:]]
    step = case(*[(items.c.created_at < bound, i) for i, bound in enumerate(bounds)],
                else_=len(bounds)) if bounds else literal(0)
    # Group on the labels of a subquery: PostgreSQL does not see two CASE expressions with
    # parameters as the same expression.
    inner = select(step.label("step"), _level(items.c.source).label("level")).subquery()
    for index, level, n in db.session.execute(
            select(inner.c.step, inner.c.level, func.count())
            .group_by(inner.c.step, inner.c.level)):
        if level in series:
            series[level][index] = n
    return Chart(unit, starts, series)


def posts_per_level(ids, period: Period) -> dict:
    """How many new items each sharing level got in the period."""
    return chart(ids, period).totals


@dataclass
class LevelHealth:
    state: str
    recent: int     # new items in the last 14 days
    in_60_days: int
    needed: int     # new items in 14 days that make the level active

    @property
    def label(self):
        return HEALTH_LABELS[self.state]


def health(ids, now: datetime) -> dict:
    """{neighbourhood id: {level: LevelHealth}}: active with at least the neighbourhood's
    `health_active_items` new items in 14 days, quiet with fewer but some in 60 days,
    empty with none in 60 days. Two statements."""
    ids = list(ids)
    needed = settings.values_for(ids, "health_active_items")
    counts = {}
    if ids:
        items = _new_items(ids, now - QUIET_WINDOW)
        inner = select(items.c.neighbourhood_id.label("neighbourhood_id"),
                       _level(items.c.source).label("level"),
                       case((items.c.created_at >= now - ACTIVE_WINDOW, 1), else_=0)
                       .label("recent")).subquery()
        for neighbourhood_id, level, recent, total in db.session.execute(
                select(inner.c.neighbourhood_id, inner.c.level, func.sum(inner.c.recent),
                       func.count())
                .group_by(inner.c.neighbourhood_id, inner.c.level)):
            counts[(neighbourhood_id, level)] = (int(recent or 0), int(total))
    result = {}
    for neighbourhood_id in ids:
        result[neighbourhood_id] = {}
        for level in LEVELS:
            recent, total = counts.get((neighbourhood_id, level), (0, 0))
            state = (ACTIVE if recent >= needed[neighbourhood_id]
                     else QUIET if total else EMPTY)
            result[neighbourhood_id][level] = LevelHealth(state, recent, total,
                                                          needed[neighbourhood_id])
    return result


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
        select(User.onboarded_by_id, ambassador.display_name, Onboarding.event_id,
               OnboardingEvent.name, OnboardingEvent.day, func.count(User.id))
        .select_from(User)
        .outerjoin(ambassador, ambassador.id == User.onboarded_by_id)
        .outerjoin(Onboarding, Onboarding.user_id == User.id)
        .outerjoin(OnboardingEvent, OnboardingEvent.id == Onboarding.event_id)
        .where(User.neighbourhood_id.in_(ids), User.created_at >= period.start,
               User.created_at < period.end)
        .group_by(User.onboarded_by_id, ambassador.display_name, Onboarding.event_id,
                  OnboardingEvent.name, OnboardingEvent.day))
    for ambassador_id, name, event_id, event, day, n in rows:
        result.total += n
        if ambassador_id is None and event_id is None:
            result.on_their_own += n
        else:
            result.channels.append(Channel(ambassador_id, name, event_id, event, day, n))
    result.channels.sort(key=lambda c: (-c.count, c.ambassador or "", c.event or ""))
    return result


# --- requests: how fast they are answered, which are not, matches --------------------------

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


def _unanswered(ids):
    return select(Post).where(Post.kind == "request", Post.state == PostState.PUBLISHED,
                              Post.neighbourhood_id.in_(ids),
                              ~exists().where(Response.post_id == Post.id))


def unanswered_count(ids) -> int:
    """Open requests that nobody has responded to yet."""
    if not ids:
        return 0
    inner = _unanswered(ids).with_only_columns(Post.id).subquery()
    return db.session.scalar(select(func.count()).select_from(inner))


def unanswered_requests(ids, *, size: int, after: str | None = None,
                        before: str | None = None) -> pagination.Page:
    """Open requests without any response, oldest first, one page."""
    if not ids:
        return pagination.Page([])
    stmt = _unanswered(ids).options(joinedload(Post.topic), joinedload(Post.neighbourhood))
    return pagination.keyset_by(stmt, [Post.created_at, Post.id], size=size, after=after,
                                before=before)


def all_unanswered_requests(ids) -> list:
    """Every open request without any response, oldest first (for the export)."""
    if not ids:
        return []
    return list(db.session.scalars(
        _unanswered(ids).options(joinedload(Post.topic), joinedload(Post.neighbourhood))
        .order_by(Post.created_at, Post.id)))


def matches(ids, period: Period) -> int:
    """Responses accepted in the period (and perhaps done since): matches made."""
    if not ids:
        return 0
    return db.session.scalar(
        select(func.count(Response.id)).join(Post, Post.id == Response.post_id)
        .where(Response.state.in_((ResponseState.ACCEPTED, ResponseState.DONE)),
               Response.decided_at >= period.start, Response.decided_at < period.end,
               Post.neighbourhood_id.in_(ids)))


@dataclass
class UnmetTopic:
    topic: Topic
    neighbourhood_id: int
    requests: int
    waiting_since: datetime


def unmet_demand(ids) -> list:
    """Topics with open requests in a neighbourhood where nobody offers that topic: no
    resident there chose it as an offer and there is no open offer for it."""
    if not ids:
        return []
    offers = Post.__table__.alias("open_offer")
    someone_offers = (select(UserTopic.user_id).join(User, User.id == UserTopic.user_id)
                      .where(UserTopic.topic_id == Post.topic_id,
                             UserTopic.direction == Direction.OFFER,
                             User.neighbourhood_id == Post.neighbourhood_id))
    open_offer = select(offers.c.id).where(offers.c.kind == "offer",
                                           offers.c.state == PostState.PUBLISHED,
                                           offers.c.topic_id == Post.topic_id,
                                           offers.c.neighbourhood_id == Post.neighbourhood_id)
    unmet = (select(Post.topic_id.label("topic_id"),
                    Post.neighbourhood_id.label("neighbourhood_id"),
                    func.count(Post.id).label("requests"),
                    func.min(Post.created_at).label("since"))
             .where(Post.kind == "request", Post.state == PostState.PUBLISHED,
                    Post.neighbourhood_id.in_(ids), Post.topic_id.is_not(None),
                    ~exists(someone_offers), ~exists(open_offer))
             .group_by(Post.topic_id, Post.neighbourhood_id)).subquery()
    rows = db.session.execute(
        select(Topic, unmet.c.neighbourhood_id, unmet.c.requests, unmet.c.since)
        .join(unmet, unmet.c.topic_id == Topic.id)
        .order_by(unmet.c.requests.desc(), Topic.position, Topic.slug,
                  unmet.c.neighbourhood_id))
    return [UnmetTopic(topic, neighbourhood_id, n, since)
            for topic, neighbourhood_id, n, since in rows]


# --- the moderation queue -----------------------------------------------------------------

@dataclass
class QueueSummary:
    size: int = 0
    oldest_id: int | None = None
    oldest_since: datetime | None = None


def moderation_queue(ids) -> QueueSummary:
    """How many items wait in the moderation queue of these neighbourhoods (as the queue
    shows them: open cases), and the oldest; one statement."""
    if not ids:
        return QueueSummary()
    row = db.session.execute(
        select(ModerationCase.id, ModerationCase.opened_at, func.count().over())
        .where(ModerationCase.state == CaseState.OPEN,
               ModerationCase.neighbourhood_id.in_(ids))
        .order_by(ModerationCase.opened_at, ModerationCase.id).limit(1)).first()
    if row is None:
        return QueueSummary()
    return QueueSummary(size=row[2], oldest_id=row[0], oldest_since=row[1])


# --- all figures at once, and the export --------------------------------------------------

@dataclass
class Figures:
    period: Period
    now: datetime
    neighbourhoods: list
    new_residents: NewResidents
    chart: Chart
    response_times: ResponseTimes
    unanswered: int
    matches: int
    unmet: list
    queue: QueueSummary
    health: dict
    initiatives_waiting: int

    @property
    def levels(self) -> dict:
        return self.chart.totals

    def neighbourhood_name(self, neighbourhood_id: int) -> str:
        return next((n.name for n in self.neighbourhoods if n.id == neighbourhood_id), "")


def figures(neighbourhoods, period: Period, now: datetime) -> Figures:
    """Every figure of the dashboard for these neighbourhoods (Neighbourhood rows)."""
    ids = [n.id for n in neighbourhoods]
    return Figures(period=period, now=now, neighbourhoods=list(neighbourhoods),
                   new_residents=new_residents(ids, period), chart=chart(ids, period),
                   response_times=response_times(ids, period, now),
                   unanswered=unanswered_count(ids), matches=matches(ids, period),
                   unmet=unmet_demand(ids), queue=moderation_queue(ids),
                   health=health(ids, now), initiatives_waiting=initiatives.count_waiting(ids))


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a safe CSV cell: text that a spreadsheet would read as a formula gets a
    leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _stamp(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return clock.to_local(moment).strftime("%Y-%m-%d %H:%M")


def csv_rows(data: Figures, unanswered: list, topic_name) -> list:
    """The figures as (section, item, value) rows; `topic_name(topic)` names a topic in
    the reader's language. No e-mail addresses, no messages, no authors of requests."""
    rows = [(_l("Period"), _l("From"), data.period.first_day.isoformat()),
            (_l("Period"), _l("To"), data.period.last_day.isoformat())]
    rows += [(_l("Neighbourhood"), n.slug, n.name) for n in data.neighbourhoods]
    residents = data.new_residents
    rows.append((_l("New residents"), _l("Total"), residents.total))
    rows.append((_l("New residents"), _l("Signed up on their own"), residents.on_their_own))
    for channel in residents.channels:
        via = channel.ambassador or _l("an ambassador who has left")
        if channel.event:
            via = f"{via} · {channel.event} ({channel.event_day.isoformat()})"
        rows.append((_l("New residents"), via, channel.count))
    for level in LEVELS:
        rows.append((_l("New posts per sharing level"), LEVEL_LABELS[level],
                     data.levels[level]))
    times = data.response_times
    rows += [
        (_l("Requests"), _l("Counted for the first three days"), times.counted),
        (_l("Requests"), _l("First response within three days"), times.within),
        (_l("Requests"), _l("Share with a first response within three days (%)"),
         "" if times.share is None else round(times.share * 100)),
        (_l("Requests"), _l("Median time to a first response (hours)"),
         "" if times.median_seconds is None else round(times.median_seconds / 3600, 1)),
        (_l("Requests"), _l("Open requests without any response"), data.unanswered),
        (_l("Matches made"), _l("Responses accepted"), data.matches),
    ]
    for unmet in data.unmet:
        where = data.neighbourhood_name(unmet.neighbourhood_id)
        rows.append((_l("Topics with unmet demand"), f"{topic_name(unmet.topic)} ({where})",
                     unmet.requests))
    rows.append((_l("Moderation queue"), _l("Items waiting"), data.queue.size))
    rows.append((_l("Moderation queue"), _l("Oldest item waiting since"),
                 _stamp(data.queue.oldest_since)))
    for neighbourhood in data.neighbourhoods:
        for level in LEVELS:
            state = data.health[neighbourhood.id][level]
            rows.append((_l("Health of the sharing levels"),
                         f"{neighbourhood.name} · {LEVEL_LABELS[level]}",
                         f"{state.label} ({state.recent} / 14, {state.in_60_days} / 60)"))
    for start, counts in data.chart.rows:
        for level in LEVELS:
            rows.append((_l("New items from"), f"{start.isoformat()} · {LEVEL_LABELS[level]}",
                         counts[level]))
    for post in unanswered:
        rows.append((_l("Requests without any response"),
                     f"{post.title} ({topic_name(post.topic)}, {post.neighbourhood.name})",
                     _stamp(post.created_at)))
    return rows


def csv_text(rows) -> str:
    """Write (section, item, value) rows as CSV text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(str(_l("Section"))), csv_cell(str(_l("Item"))),
                     csv_cell(str(_l("Value")))])
    for row in rows:
        writer.writerow([csv_cell(str(cell)) if not isinstance(cell, (int, float)) else cell
                         for cell in row])
    return out.getvalue()
