"""The neighbourhood paper: one week of a neighbourhood on paper, for the wijkkrant and the
notice board of the community centre.

It is printed and hung up, so it carries only what a public page shows without logging in:
titles, a short text, the topic, and for events when and where. Never an author's name,
e-mail address or street; a care request only as one neutral line, and only where the
neighbourhood shows visitors that care requests exist (buurt.care.visibility). Two statements, whatever the data size: one counts each list,
one loads the posts shown.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, literal, or_, select, union_all
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from buurt.care import visibility
from buurt.core.clock import from_local
from buurt.core.extensions import db
from buurt.ideas.models import Idea
from buurt.ideas.services import OPEN_STATUSES
from buurt.info.models import Event
from buurt.people.models import Neighbourhood, Topic, User
from buurt.posts import sharing
from buurt.posts.models import Post, PostState
from buurt.stories.models import Story

# How many posts each list shows; the rest is counted ("and 4 more").
EACH = 8
# How many of the ideas with the most support.
TOP_IDEAS = 3
# Events are listed for this many days from the start of the week.
EVENT_DAYS = 14
# The short text under a title, in characters.
TEXT_LENGTH = 140
# The featured story gets a little more.
STORY_LENGTH = 320
# The lists, in the order of the paper.
SECTIONS = ("requests", "offers", "events", "new_ideas", "top_ideas", "items")
# The lists that say how many more there are (the top ideas are a top 3, not a list).
COUNTED = ("requests", "offers", "events", "new_ideas", "items")


@dataclass(frozen=True)
class Entry:
    """One post as the paper prints it: nothing about who wrote it."""

    kind: str
    id: int
    title: str
    text: str
    topic: Topic | None = None
    starts_at: datetime | None = None     # events: naive UTC, like every stored moment
    location: str = ""                    # events: the place, or the address given
    support: int | None = None            # ideas: how many neighbours support it


@dataclass
class Section:
    entries: list[Entry] = field(default_factory=list)
    more: int = 0                         # how many more than are shown


@dataclass
class Paper:
    neighbourhood: Neighbourhood
    week_start: date                      # the Monday
    requests: Section = field(default_factory=Section)
    offers: Section = field(default_factory=Section)
    events: Section = field(default_factory=Section)
    new_ideas: Section = field(default_factory=Section)
    top_ideas: Section = field(default_factory=Section)
    items: Section = field(default_factory=Section)
    featured: Entry | None = None

    @property
    def week_end(self) -> date:
        """The Sunday."""
        return self.week_start + timedelta(days=6)

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar().week

    @property
    def events_until(self) -> date:
        """The last day whose events are listed."""
        return self.week_start + timedelta(days=EVENT_DAYS - 1)

    @property
    def is_empty(self) -> bool:
        return self.featured is None and not any(
            getattr(self, name).entries for name in SECTIONS)


def monday_of(day: date) -> date:
    """The Monday of the ISO week a day is in."""
    return day - timedelta(days=day.weekday())


def _conditions(week_start: date, now: datetime) -> dict:
    """What puts a post in each list (besides being online in the neighbourhood)."""
    start = from_local(week_start, time(0))
    end = from_local(week_start + timedelta(days=7), time(0))
    events_end = from_local(week_start + timedelta(days=EVENT_DAYS), time(0))
    in_week = and_(Post.created_at >= start, Post.created_at < end)
    return {
        "requests": and_(Post.kind == "request", in_week,
                         visibility.listed_for_visitors(Post)),
        "offers": and_(Post.kind == "offer", in_week),
        # Events that start in the two weeks and are not over yet.
        "events": and_(Post.kind == "event", Event.starts_at >= start,
                       Event.starts_at < events_end,
                       or_(Event.ends_at.is_(None), Event.ends_at > now)),
        "new_ideas": and_(Post.kind == "idea", in_week),
        # Older ideas that can still be decided on, with the most support.
        "top_ideas": and_(Post.kind == "idea", Post.created_at < start,
                          Idea.status.in_(OPEN_STATUSES), Idea.support_count > 0),
        "items": and_(Post.kind == "item", in_week),
        # The story featured last, by the end of the week.
        "featured": and_(Post.kind == "story", Story.featured_at.is_not(None),
                         Story.featured_at < end),
    }


def _order(name: str) -> tuple:
    if name == "events":
        return (Event.starts_at, Post.id)
    if name == "top_ideas":
        return (Idea.support_count.desc(), Post.created_at.desc(), Post.id.desc())
    if name == "featured":
        return (Story.featured_at.desc(), Post.id.desc())
    return (Post.created_at.desc(), Post.id.desc())


def _limit(name: str) -> int:
    return {"top_ideas": TOP_IDEAS, "featured": 1}.get(name, EACH)


def _entry(post: Post, length: int = TEXT_LENGTH) -> Entry:
    if post.for_residents_only:
        return Entry(kind=post.kind, id=post.id, text="", title=str(_l(
            "A care request in %(name)s. Log in to read it.", name=post.neighbourhood.name)))
    entry = {"kind": post.kind, "id": post.id, "title": post.display_title,
             "text": sharing.summary(post.body, length), "topic": post.topic}
    if isinstance(post, Event):
        entry.update(starts_at=post.starts_at, location=post.location)
    if isinstance(post, Idea):
        entry["support"] = post.support_count or 0
    return Entry(**entry)


def weekly(neighbourhood: Neighbourhood, week_start: date, now: datetime) -> Paper:
    """The paper of a neighbourhood for the ISO week (Monday to Sunday, Dutch time) that
    week_start is in: the week's new requests, offers, ideas and items to lend that are
    still online, the events of two weeks from its Monday, the ideas with the most support
    and the featured story."""
    week_start = monday_of(week_start)
    conditions = _conditions(week_start, now)
    suspended = select(User.id).where(User.suspended_until > now)
    # Only what is online; a suspended author's posts are hidden already, and stay out
    # even if one were not.
    online = and_(Post.neighbourhood_id == neighbourhood.id,
                  Post.state == PostState.PUBLISHED, Post.author_id.not_in(suspended))

    counts = db.session.execute(select(*(
        select(func.count(Post.id)).where(online, conditions[name])
        .scalar_subquery().label(name) for name in COUNTED))).one()

    branches = []
    for name, condition in conditions.items():
        picked = (select(Post.id, literal(name).label("section")).where(online, condition)
                  .order_by(*_order(name)).limit(_limit(name)).subquery())
        branches.append(select(picked.c.id, picked.c.section))
    shown = union_all(*branches).subquery()
    rows = db.session.execute(
        select(Post, shown.c.section).join(shown, shown.c.id == Post.id)
        .options(joinedload(Post.topic), joinedload(Event.place))).all()

    paper = Paper(neighbourhood=neighbourhood, week_start=week_start)
    found: dict[str, list[Post]] = {name: [] for name in conditions}
    for post, section in rows:
        found[section].append(post)
    for name in SECTIONS:
        if name == "events":
            posts = sorted(found[name], key=lambda p: (p.starts_at, p.id))
        elif name == "top_ideas":
            posts = sorted(found[name], key=lambda p: (p.support_count or 0, p.created_at,
                                                       p.id), reverse=True)
        else:
            posts = sorted(found[name], key=lambda p: (p.created_at, p.id), reverse=True)
        more = getattr(counts, name) - len(posts) if name in COUNTED else 0
        setattr(paper, name, Section([_entry(p) for p in posts], max(0, more)))
    if found["featured"]:
        paper.featured = _entry(found["featured"][0], STORY_LENGTH)
    return paper
