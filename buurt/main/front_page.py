"""What the front page shows: the newest of each kind of sharing, in two statements.

One statement loads every post the page needs: the resident's matches (ids from
matching.match_ids), the newest requests, offers and stories, the coming events, the
announcements (pinned first) and the featured story, each picked by its own small indexed
branch of a UNION ALL. A second one reads the newest meeting places and initiatives.
"""
from dataclasses import dataclass, field

from sqlalchemy import case, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from buurt.announcements.models import Announcement
from buurt.care import visibility
from buurt.core import clock
from buurt.core.extensions import db
from buurt.info.models import Event, Initiative, InitiativeState, Place
from buurt.posts.models import Post, PostState
from buurt.posts.services import with_display_data
from buurt.stories.models import Story

# How many of each kind the front page shows.
EACH = 3


@dataclass
class FrontPage:
    matches: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    events: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    announcements: list = field(default_factory=list)
    featured: Story | None = None
    # (kind, id, name) rows: kind is "place" or "initiative".
    places_and_initiatives: list = field(default_factory=list)
    today: object = None       # the Dutch date the page was made for (what is pinned)


def _branch(stmt, *order, limit=EACH):
    picked = stmt.order_by(*order).limit(limit).subquery()
    return select(picked.c.id)


def _published(cls, neighbourhood_id: int | None, kind: str | None = None):
    """The ids of published posts of a kind (a subclass, or Post with `kind`)."""
    stmt = select(cls.id).where(cls.state == PostState.PUBLISHED)
    if kind is not None:
        stmt = stmt.where(cls.kind == kind)
    if neighbourhood_id is not None:
        stmt = stmt.where(cls.neighbourhood_id == neighbourhood_id)
    return stmt


def _branches(neighbourhood_id: int | None, each: int, for_visitor: bool) -> list:
    now, today = clock.now(), clock.today()

    def newest(kind):
        stmt = _published(Post, neighbourhood_id, kind)
        if kind == "request" and for_visitor:
            stmt = stmt.where(visibility.listed_for_visitors(Post))
        return _branch(stmt, Post.created_at.desc(), Post.id.desc(), limit=each)

    pinned_now = case((Announcement.pinned_until >= today, 1), else_=0)
    featured = _published(Story, neighbourhood_id).where(Story.featured_at.is_not(None))
    return [
        newest("request"), newest("offer"), newest("story"),
        _branch(_published(Event, neighbourhood_id).where(Event.ends_at > now),
                Event.starts_at, Event.id, limit=each),
        _branch(_published(Announcement, neighbourhood_id), pinned_now.desc(),
                Announcement.publish_at.desc(), Announcement.id.desc(), limit=each),
        _branch(featured, Story.featured_at.desc(), Story.id.desc(), limit=1),
    ]


def _load(ids_stmt, match_ids: list[int]) -> list[Post]:
    wanted = Post.id.in_(ids_stmt)
    if match_ids:
        wanted = or_(wanted, Post.id.in_(match_ids))
    return list(db.session.scalars(
        with_display_data(select(Post).where(wanted))
        .options(joinedload(Story.upload), joinedload(Announcement.initiative),
                 joinedload(Event.place))).unique())


def _places_and_initiatives(neighbourhood_id: int | None, each: int) -> list:
    places = select(literal("place").label("kind"), Place.id, Place.name,
                    Place.created_at.label("created_at"))
    initiatives = select(literal("initiative").label("kind"), Initiative.id, Initiative.name,
                         Initiative.created_at.label("created_at")).where(
        Initiative.state == InitiativeState.APPROVED)
    if neighbourhood_id is not None:
        places = places.where(Place.neighbourhood_id == neighbourhood_id)
        initiatives = initiatives.where(Initiative.neighbourhood_id == neighbourhood_id)
    parts = [select(*sub.c) for sub in (
        places.order_by(Place.created_at.desc(), Place.id.desc()).limit(each).subquery(),
        initiatives.order_by(Initiative.created_at.desc(), Initiative.id.desc())
        .limit(each).subquery())]
    merged = union_all(*parts).subquery()
    return [tuple(row) for row in db.session.execute(
        select(merged.c.kind, merged.c.id, merged.c.name)
        .order_by(merged.c.created_at.desc(), merged.c.id.desc()).limit(each))]


def build(*, neighbourhood_id: int | None = None, match_ids: list[int] = (),
          each: int = EACH, for_visitor: bool = False) -> FrontPage:
    """Everything the front page lists: for a resident pass their neighbourhood and the
    ids of their matches (matching.match_ids); for a visitor neither, and for_visitor,
    which leaves out the care requests visitors do not see. Two statements."""
    posts = _load(union_all(*_branches(neighbourhood_id, each, for_visitor)),
                  list(match_ids))
    by_id = {p.id: p for p in posts}
    today, now = clock.today(), clock.now()
    page = FrontPage(matches=[by_id[i] for i in match_ids if i in by_id], today=today)
    in_matches = set(match_ids)

    def newest(kind, key=lambda p: (p.created_at, p.id)):
        return sorted((p for p in posts if p.kind == kind and p.is_published
                       and (neighbourhood_id is None or p.neighbourhood_id == neighbourhood_id)),
                      key=key, reverse=True)

    page.requests = [p for p in newest("request") if p.id not in in_matches][:each]
    page.offers = [p for p in newest("offer") if p.id not in in_matches][:each]
    page.stories = newest("story")[:each]
    page.announcements = newest("announcement", key=lambda p: (
        p.is_pinned(today), p.publish_at or p.created_at, p.id))[:each]
    page.events = sorted((p for p in newest("event") if p.ends_at and p.ends_at > now),
                         key=lambda p: (p.starts_at, p.id))[:each]
    featured = [p for p in newest("story") if p.featured_at is not None]
    page.featured = max(featured, key=lambda p: (p.featured_at, p.id), default=None)
    if page.featured is not None:
        page.stories = [s for s in page.stories if s.id != page.featured.id][:each]
    page.places_and_initiatives = _places_and_initiatives(neighbourhood_id, each)
    return page
