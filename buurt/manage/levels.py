"""The sharing levels on the dashboard: new items per level, as a chart over the period and
as each neighbourhood's health (active, quiet or empty)."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, select, union_all

from buurt.core import settings
from buurt.core.extensions import db
from buurt.info.models import Initiative, InitiativeState, Place
from buurt.manage.period import Period, utc_start
from buurt.posts import kinds
from buurt.posts.models import Post, PostState

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
LEVEL_OF = {kind.name: kind.dashboard_level for kind in kinds.KINDS} | {
    "place": "information", "initiative": "information",
    "decision_round": "priorities",
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
    bounds = [utc_start(day) for day in starts[1:]]
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
