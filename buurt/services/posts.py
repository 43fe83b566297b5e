"""Create, change and list posts: the rules every blueprint shares."""
from sqlalchemy.orm import joinedload

from buurt.extensions import db
from buurt.models import (CloseReason, Need, Offer, Post, PostState, Request,
                          Topic, Urgency, User)
from buurt.services import pagination

KINDS = {"request": Request, "offer": Offer}


def with_display_data(stmt):
    """Load author, topic and neighbourhood in the same statement as the posts."""
    return stmt.options(joinedload(Post.author, innerjoin=True),
                        joinedload(Post.topic),
                        joinedload(Post.neighbourhood, innerjoin=True))


def create_request(author: User, *, title: str, body: str, topic: Topic, need: str = Need.HELP,
                   urgency: str = Urgency.ANY, needed_by=None) -> Request:
    """Add a help or care request in the author's neighbourhood."""
    if need not in Need.ALL or urgency not in Urgency.ALL:
        raise ValueError("unknown need or urgency")
    post = Request(author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
                   title=title.strip(), body=body.strip(), need=need, urgency=urgency,
                   needed_by=needed_by, state=PostState.PUBLISHED)
    db.session.add(post)
    db.session.flush()
    return post


def create_offer(author: User, *, title: str, body: str, topic: Topic) -> Offer:
    """Add an offer of help in the author's neighbourhood."""
    post = Offer(author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
                 title=title.strip(), body=body.strip(), state=PostState.PUBLISHED)
    db.session.add(post)
    db.session.flush()
    return post


def update(post: Post, **fields) -> None:
    """Change the author's own post (title, body, topic and the kind's own fields)."""
    for name, value in fields.items():
        if name not in {"title", "body", "topic", "need", "urgency", "needed_by"}:
            raise ValueError(f"{name} cannot be edited")
        if isinstance(value, str):
            value = value.strip()
        setattr(post, name, value)
    db.session.flush()


def withdraw(post: Post) -> None:
    """Take a post offline at its author's wish."""
    post.close(CloseReason.WITHDRAWN)
    db.session.flush()


def get(kind: str, post_id: int) -> Post | None:
    """Return the post of this kind with its display data, or None."""
    cls = KINDS[kind]
    return db.session.scalar(with_display_data(db.select(cls).where(cls.id == post_id)))


def feed(kind: str, *, neighbourhood_id: int | None = None, topic: Topic | None = None,
         older: str | None = None, newer: str | None = None, size: int = 20):
    """Return one page of published posts of a kind, newest first."""
    cls = KINDS[kind]
    stmt = with_display_data(db.select(cls).where(cls.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(cls.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(cls.topic_id == topic.id)
    return pagination.keyset(stmt, cls.created_at, cls.id, size=size, older=older, newer=newer)
