"""Create, change and list posts: the rules every blueprint shares."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date, lazy_gettext as _l
from sqlalchemy.orm import joinedload

from buurt.ambassador.models import OnBehalfPost
from buurt.core import clock, pagination, settings
from buurt.core.extensions import db
from buurt.market.models import Need, Offer, Request, Urgency
from buurt.moderation import services as moderation
from buurt.notifications import notify
from buurt.people.models import Topic, User
from buurt.posts import kinds
from buurt.posts.models import CloseReason, Post, PostState


class PostError(ValueError):
    """A change to a post that is refused; str() is a message for the person."""



def with_display_data(stmt):
    """Load author, topic and neighbourhood in the same statement as the posts."""
    return stmt.options(joinedload(Post.author, innerjoin=True),
                        joinedload(Post.topic),
                        joinedload(Post.neighbourhood, innerjoin=True))


def with_on_behalf(stmt):
    """Load, in the same statement, who placed a post on its author's behalf."""
    return stmt.options(joinedload(Post.on_behalf).joinedload(OnBehalfPost.ambassador))


def _publish_new(post: Post, placed_by: User | None = None) -> Post:
    """Screen a new post: online at once (and its matches told), or held for a manager.
    With placed_by, an ambassador placed it on the author's behalf, with their consent:
    recorded first, so the matching leaves the ambassador out as it does the author."""
    db.session.add(post)
    db.session.flush()
    if placed_by is not None:
        db.session.add(OnBehalfPost(post_id=post.id, neighbour_id=post.author_id,
                                    ambassador_id=placed_by.id, consent_at=clock.now()))
        db.session.flush()
    moderation.screen_post(post, first_time=True)
    if post.is_published:
        notify.matching_neighbours(post)
    return post


def create_request(author: User, *, title: str, body: str, topic: Topic, need: str = Need.HELP,
                   urgency: str = Urgency.ANY, needed_by=None, for_whom: str | None = None,
                   placed_by: User | None = None) -> Request:
    """Add a help or care request in the author's neighbourhood and tell who can help
    (placed_by: the ambassador who placed it for the author, see _publish_new)."""
    if need not in Need.ALL or urgency not in Urgency.ALL:
        raise ValueError("unknown need or urgency")
    return _publish_new(Request(
        author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
        title=title.strip(), body=body.strip(), need=need, urgency=urgency,
        needed_by=needed_by, for_whom=(for_whom or "").strip() or None,
        state=PostState.PUBLISHED), placed_by)


def create_offer(author: User, *, title: str, body: str, topic: Topic) -> Offer:
    """Add an offer of help in the author's neighbourhood and tell who looks for it."""
    return _publish_new(Offer(author=author, neighbourhood_id=author.neighbourhood_id,
                              topic=topic, title=title.strip(), body=body.strip(),
                              state=PostState.PUBLISHED))


def update(post: Post, **fields) -> None:
    """Change the author's own post; the new text is screened again, so an edit after a
    manager's question goes back to the queue or online."""
    for name, value in fields.items():
        if name not in {"title", "body", "topic", "need", "urgency", "needed_by", "for_whom"}:
            raise ValueError(f"{name} cannot be edited")
        if isinstance(value, str):
            value = value.strip()
        setattr(post, name, value)
    db.session.flush()
    if post.state in (PostState.PUBLISHED, PostState.PENDING, PostState.NEEDS_CLARIFICATION):
        moderation.screen_post(post, first_time=False)
        if post.is_published:
            notify.matching_neighbours(post)


def withdraw(post: Post) -> None:
    """Take a post offline at its author's wish."""
    post.close(CloseReason.WITHDRAWN)
    db.session.flush()


RENEWAL_SETTINGS = ("request_expiry_days", "expiry_reminder_days")


@dataclass(frozen=True)
class Renewal:
    """Whether the author may renew an open request now, and when it closes otherwise."""

    closes_at: datetime | None   # None when the request is not open
    refused: str | None          # a code of Request.renewal_refused; None: renewing helps
    warn_days: int

    @property
    def allowed(self) -> bool:
        return self.refused is None

    @property
    def message(self):
        """Why renewing is refused, for the author."""
        if self.refused == "date_passed":
            return _l("The date in your request has passed. Change the date first.")
        if self.refused == "too_early":
            return _l("Your request is online until %(day)s. You can keep it online longer "
                      "from %(start)s.",
                      day=format_date(clock.local_day(self.closes_at), "long"),
                      start=format_date(clock.local_day(
                          self.closes_at - timedelta(days=self.warn_days)), "long"))
        if self.refused == "date_limits":
            return _l("Your request closes after the date in it. To keep it online longer, "
                      "change the date.")
        return _l("Only an open request can be renewed.")


def renewals(requests) -> dict[int, Renewal]:
    """The renewal of each of these requests (by id): one statement for the settings.

    Renewing makes sense a few days before a request closes (the days of the reminder),
    or once it is past its time; Request.renewal_refused holds the rule.
    """
    requests = [r for r in requests if isinstance(r, Request)]
    per_neighbourhood = settings.values_of({r.neighbourhood_id for r in requests},
                                           RENEWAL_SETTINGS)
    now = clock.now()
    found = {}
    for request in requests:
        values = per_neighbourhood[request.neighbourhood_id]
        expiry, warn = values["request_expiry_days"], values["expiry_reminder_days"]
        found[request.id] = Renewal(
            closes_at=request.closes_at(expiry) if request.is_published else None,
            refused=request.renewal_refused(now, expiry, warn), warn_days=warn)
    return found


def renewal(post: Post) -> Renewal:
    """May the author renew this request now? (See renewals.)"""
    if not isinstance(post, Request):
        return Renewal(closes_at=None, refused="not_open", warn_days=0)
    return renewals([post])[post.id]


def renew(post: Post) -> None:
    """Keep an open request online for another full period, when it closes soon."""
    found = renewal(post)
    if not found.allowed:
        raise PostError(found.message)
    post.active_since = clock.now()
    db.session.flush()


def pause(post: Post) -> None:
    """Take an offer offline for a while; it keeps its responses."""
    if post.kind != "offer" or post.state != PostState.PUBLISHED:
        raise PostError(_l("Only an offer that is online can be paused."))
    post.state = PostState.PAUSED
    db.session.flush()


def resume(post: Post) -> None:
    """Put a paused offer back online."""
    if post.state != PostState.PAUSED:
        raise PostError(_l("This offer is not paused."))
    post.state = PostState.PUBLISHED
    db.session.flush()


def by_author(user: User, kinds=("request", "offer")) -> list[Post]:
    """The author's own posts that still matter: open, paused, held, and closed recently."""
    return list(db.session.scalars(
        with_on_behalf(with_display_data(db.select(Post).where(Post.author_id == user.id,
                                                               Post.kind.in_(kinds))))
        .order_by(Post.created_at.desc()).limit(50)))


def get(kind: str, post_id: int) -> Post | None:
    """Return the post of this kind with its display data (and who placed it on its
    author's behalf), or None."""
    cls = kinds.model(kind)
    return db.session.scalar(with_on_behalf(with_display_data(
        db.select(cls).where(cls.id == post_id))))


def feed(kind: str, *, neighbourhood_id: int | None = None, topic: Topic | None = None,
         older: str | None = None, newer: str | None = None, size: int = 20):
    """Return one page of published posts of a kind, newest first."""
    cls = kinds.model(kind)
    stmt = with_display_data(db.select(cls).where(cls.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(cls.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(cls.topic_id == topic.id)
    return pagination.keyset(stmt, cls.created_at, cls.id, size=size, older=older, newer=newer)


def published_by_ids(ids: list[int]) -> list[Post]:
    """Return the published posts with these ids, in the order given, in one statement."""
    if not ids:
        return []
    found = {post.id: post for post in db.session.scalars(with_display_data(
        db.select(Post).where(Post.id.in_(ids), Post.state == PostState.PUBLISHED)))}
    return [found[i] for i in ids if i in found]
