"""Announcements: short news from the community managers and from initiatives.

An announcement goes online at once, or waits as `scheduled` until its publish_at; then
`buurt tick` (publish_due) puts it online. Managers may pin one to the top of the lists
until a date. Like every post it passes the screening (posts._publish_new).
"""
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, or_, select
from sqlalchemy.orm import joinedload

from buurt.announcements.models import Announcement
from buurt.core import clock, pagination
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.info.models import Initiative
from buurt.moderation import services as moderation
from buurt.people import access as permissions
from buurt.people.models import Topic, User
from buurt.posts import services as posts
from buurt.posts.models import CloseReason, PostState

# How far ahead an announcement may be planned, and pinned.
MAX_AHEAD = timedelta(days=366)
# The lists show at most this many pinned announcements above the others.
PINNED_SHOWN = 5
# A manager's (or author's) list of what waits to be published shows at most this many.
PLANNED_SHOWN = 50


class AnnouncementError(DomainError):
    """A change to an announcement that is refused."""


def _check(author: User, *, publish_at: datetime | None, pinned_until: date | None,
           initiative: Initiative | None, runs: list[Initiative],
           post: Announcement | None = None, neighbourhood_id: int | None = None) -> None:
    if post is not None:
        neighbourhood_id = post.neighbourhood_id
    elif neighbourhood_id is None or neighbourhood_id == author.neighbourhood_id:
        neighbourhood_id = author.neighbourhood_id
    elif initiative is not None or not permissions.is_manager_of(author, neighbourhood_id):
        # Initiatives announce in their own neighbourhood; managers in those they serve.
        raise AnnouncementError(_l("Choose a neighbourhood you are a community manager "
                                   "of."), "neighbourhood")
    now = clock.now()
    moved = post is None or post.publish_at != publish_at
    if publish_at is not None and moved:
        if post is not None and post.is_published:
            raise AnnouncementError(_l("This announcement is online already. Its moment "
                                       "cannot change any more."), "publish_date")
        if publish_at <= now:
            raise AnnouncementError(_l("This moment has passed. Choose a later moment, or "
                                       "leave it empty to publish now."), "publish_date")
        if publish_at > now + MAX_AHEAD:
            raise AnnouncementError(_l("Plan at most a year ahead."), "publish_date")
    if pinned_until is not None and (post is None or pinned_until != post.pinned_until):
        if not permissions.can_pin(author, neighbourhood_id):
            raise AnnouncementError(_l("Only a community manager can pin an announcement."),
                                    "pinned_until")
        if pinned_until < clock.today():
            raise AnnouncementError(_l("This date has passed. Choose today or a later day."),
                                    "pinned_until")
        if pinned_until > clock.today() + MAX_AHEAD:
            raise AnnouncementError(_l("Pin it for at most a year."), "pinned_until")
    keeps = post is not None and initiative is not None and initiative.id == post.initiative_id
    if initiative is not None and not keeps and all(i.id != initiative.id for i in runs):
        raise AnnouncementError(_l("Choose an initiative you run."), "organiser")
    if initiative is None and not permissions.is_manager_of(author, neighbourhood_id) \
            and (post is None or post.author_id == author.id):
        # Residents announce for the initiative they run, not for themselves.
        raise AnnouncementError(_l("Choose the initiative this announcement is from."),
                                "organiser")


def create(author: User, *, title: str, body: str, topic: Topic | None = None,
           publish_at: datetime | None = None, pinned_until: date | None = None,
           initiative: Initiative | None = None,
           runs: list[Initiative] | None = None,
           neighbourhood_id: int | None = None) -> Announcement:
    """Add an announcement in the author's neighbourhood (or, for a community manager,
    another neighbourhood they serve): online now, or scheduled for publish_at (naive
    UTC). `runs`: the approved initiatives the author runs."""
    runs = runs if runs is not None else ([initiative] if initiative else [])
    if not permissions.can_announce(author, runs):
        raise PermissionError
    _check(author, publish_at=publish_at, pinned_until=pinned_until, initiative=initiative,
           runs=runs, neighbourhood_id=neighbourhood_id)
    return posts._publish_new(Announcement(
        author=author, neighbourhood_id=neighbourhood_id or author.neighbourhood_id,
        topic=topic,
        title=title.strip(), body=(body or "").strip(), publish_at=publish_at or clock.now(),
        pinned_until=pinned_until, initiative=initiative, state=PostState.PUBLISHED))


def update(post: Announcement, by: User, *, title: str, body: str, topic: Topic | None,
           publish_at: datetime | None, pinned_until: date | None,
           initiative: Initiative | None, runs: list[Initiative]) -> None:
    """Change an announcement (its author, or a manager); the text is screened again.

    A scheduled one may get another moment (None: now); one that is online keeps its own.
    """
    if post.is_published:
        publish_at = post.publish_at
    _check(by, publish_at=publish_at, pinned_until=pinned_until, initiative=initiative,
           runs=runs, post=post)
    post.title, post.body, post.topic = title.strip(), (body or "").strip(), topic
    post.publish_at = publish_at or clock.now()
    post.pinned_until, post.initiative = pinned_until, initiative
    db.session.flush()
    if post.is_scheduled or post.is_live_or_held:
        moderation.screen_post(post, first_time=False)


def withdraw(post: Announcement) -> None:
    """Take an announcement offline (or stop a scheduled one)."""
    post.close(CloseReason.WITHDRAWN)
    db.session.flush()


def publish_due(now: datetime | None = None) -> int:
    """Put scheduled announcements whose moment has come online (for `buurt tick`).

    An author who is suspended keeps theirs waiting until the suspension ends.
    """
    now = now or clock.now()
    due = db.session.scalars(
        select(Announcement).join(User, User.id == Announcement.author_id)
        .where(Announcement.state == PostState.SCHEDULED, Announcement.publish_at <= now,
               or_(User.suspended_until.is_(None), User.suspended_until <= now)))
    published = 0
    for post in due:
        # Each one through the ORM, so search indexes it with the commit.
        post.state = PostState.PUBLISHED
        published += 1
    db.session.flush()
    return published


# --- reading -----------------------------------------------------------------------------

def _with_display_data(stmt):
    return posts.with_display_data(stmt).options(joinedload(Announcement.initiative))


def get(post_id: int) -> Announcement | None:
    """The announcement with its author, topic, neighbourhood and initiative, or None."""
    return db.session.scalar(_with_display_data(
        select(Announcement).where(Announcement.id == post_id)))


def _published(neighbourhood_id: int | None):
    stmt = _with_display_data(select(Announcement).where(
        Announcement.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(Announcement.neighbourhood_id == neighbourhood_id)
    return stmt


def listing(*, neighbourhood_id: int | None = None, older: str | None = None,
            newer: str | None = None, size: int = 20) -> pagination.Page:
    """One page of published announcements that are not pinned now, newest first."""
    today = clock.today()
    stmt = _published(neighbourhood_id).where(or_(Announcement.pinned_until.is_(None),
                                                  Announcement.pinned_until < today))
    return pagination.keyset(stmt, Announcement.publish_at, Announcement.id, size=size,
                             older=older, newer=newer)


def pinned(*, neighbourhood_id: int | None = None,
           limit: int = PINNED_SHOWN) -> list[Announcement]:
    """The published announcements pinned today, newest first."""
    return list(db.session.scalars(
        _published(neighbourhood_id).where(Announcement.pinned_until >= clock.today())
        .order_by(Announcement.publish_at.desc(), Announcement.id.desc()).limit(limit)))


def latest(*, neighbourhood_id: int | None = None, limit: int = 3) -> list[Announcement]:
    """For the front page: the pinned ones first, then the newest. One statement."""
    pinned_now = case((Announcement.pinned_until >= clock.today(), 1), else_=0)
    return list(db.session.scalars(
        _published(neighbourhood_id)
        .order_by(pinned_now.desc(), Announcement.publish_at.desc(), Announcement.id.desc())
        .limit(limit)))


def planned(user) -> list[Announcement]:
    """What waits to be published: for a manager, everything scheduled in their own
    neighbourhood; for others, their own scheduled and held announcements. Soonest first."""
    if not (user and user.is_authenticated):
        return []
    waiting = Announcement.state.in_((PostState.SCHEDULED, PostState.PENDING,
                                      PostState.NEEDS_CLARIFICATION))
    mine = Announcement.author_id == user.id
    if permissions.is_manager_of(user, user.neighbourhood_id):
        mine = or_(mine, (Announcement.neighbourhood_id == user.neighbourhood_id)
                   & (Announcement.state == PostState.SCHEDULED))
    return list(db.session.scalars(
        select(Announcement).where(waiting, mine)
        .options(joinedload(Announcement.initiative))
        .order_by(Announcement.publish_at, Announcement.id).limit(PLANNED_SHOWN)))
