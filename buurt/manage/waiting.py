"""The work waiting now, whatever the period: open requests nobody answered, topics asked
for that nobody offers, and the moderation queue."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from buurt.core import pagination
from buurt.core.extensions import db
from buurt.market.models import Response
from buurt.moderation.models import CaseState, ModerationCase
from buurt.people.models import Direction, Topic, User, UserTopic
from buurt.posts.models import Post, PostState

# --- requests nobody answered, and topics nobody offers -----------------------------------

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
