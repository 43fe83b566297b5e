"""Create, change and list posts: the rules every blueprint shares. What only one kind
has lives in its area (placing and renewing requests and offers: buurt.market.posting)."""
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.moderation import services as moderation
from buurt.notifications import notify
from buurt.people.models import Topic, User
from buurt.posts import kinds
from buurt.posts.models import CloseReason, OnBehalfPost, Post, PostState


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


def update(post: Post, **fields) -> None:
    """Change the author's own post; the new text is screened again, so an edit after a
    manager's question goes back to the queue or online."""
    for name, value in fields.items():
        if name not in {"title", "body", "topic", "need", "urgency", "needed_by", "for_whom"}:
            raise ValueError(f"{name} cannot be edited")
        if isinstance(value, str):
            value = value.strip()
        setattr(post, name, value)
    if post.for_residents_only:
        post.share_marked_at = None     # what became a care request is never shared out
    db.session.flush()
    if post.state in (PostState.PUBLISHED, PostState.PENDING, PostState.NEEDS_CLARIFICATION):
        moderation.screen_post(post, first_time=False)
        if post.is_published:
            notify.matching_neighbours(post)


def withdraw(post: Post) -> None:
    """Take a post offline at its author's wish."""
    post.close(CloseReason.WITHDRAWN)
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
         older: str | None = None, newer: str | None = None, size: int = 20, where=()):
    """Return one page of published posts of a kind, newest first; `where`: more
    conditions an area adds (who may see what)."""
    cls = kinds.model(kind)
    stmt = with_display_data(db.select(cls).where(cls.state == PostState.PUBLISHED, *where))
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
