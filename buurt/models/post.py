"""Everything residents publish, in one table (single-table inheritance)."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt import clock
from buurt.extensions import db
from buurt.models.neighbourhood import Neighbourhood
from buurt.models.topic import Topic
from buurt.models.user import User


class PostState:
    SCHEDULED = "scheduled"
    PENDING = "pending"
    NEEDS_CLARIFICATION = "needs_clarification"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    PAUSED = "paused"
    CLOSED = "closed"
    REMOVED = "removed"
    ALL = (SCHEDULED, PENDING, NEEDS_CLARIFICATION, PUBLISHED, HIDDEN, PAUSED, CLOSED, REMOVED)


class CloseReason:
    DONE = "done"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class Need:
    HELP = "help"
    CARE = "care"
    ALL = (HELP, CARE)


class Urgency:
    SOON = "soon"    # within one or two days
    WEEK = "week"    # this week
    ANY = "any"      # no hurry
    ALL = (SOON, WEEK, ANY)


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"))
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(24), default=PostState.PUBLISHED)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    # Why a post is hidden ("flags" or "suspension"), so lifting one does not undo the other.
    hidden_reason: Mapped[str | None] = mapped_column(String(16))
    # The screening's verdict on the last version ("ok", "vague", "offensive", "spam").
    screening_label: Mapped[str | None] = mapped_column(String(16))
    # Expiry counts from here: the moment of posting, or of the author's last renewal.
    active_since: Mapped[datetime | None] = mapped_column(default=clock.now)

    author: Mapped[User] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()
    topic: Mapped[Topic | None] = relationship()

    # Loading a Post loads every kind's columns too: they live in this one table.
    __mapper_args__ = {"polymorphic_on": "kind", "with_polymorphic": "*"}
    # The list pages and the matching read these in index order: the newest first
    # within a kind, state, neighbourhood and topic, so a page never sorts the table.
    __table_args__ = (
        Index("ix_post_feed", "kind", "state", "neighbourhood_id", "created_at"),
        Index("ix_post_topic_feed", "kind", "state", "topic_id", "neighbourhood_id", "created_at"),
        Index("ix_post_kind_created", "kind", "state", "created_at"),
        Index("ix_post_kind_topic_created", "kind", "state", "topic_id", "created_at"),
        Index("ix_post_author", "author_id", "created_at"),
    )

    @property
    def is_published(self) -> bool:
        return self.state == PostState.PUBLISHED

    @property
    def is_closed(self) -> bool:
        return self.state == PostState.CLOSED

    @property
    def is_withdrawn(self) -> bool:
        return self.is_closed and self.closed_reason == CloseReason.WITHDRAWN

    def close(self, reason: str) -> None:
        """Close the post (done, expired or withdrawn); it leaves every list."""
        self.state = PostState.CLOSED
        self.closed_reason = reason
        self.closed_at = clock.now()

    def __repr__(self):
        return f"<{type(self).__name__} {self.id} {self.state}>"


class Request(Post):
    """A help request (hulpvraag) or care request (zorgvraag)."""

    need: Mapped[str | None] = mapped_column(String(8))
    urgency: Mapped[str | None] = mapped_column(String(8))
    needed_by: Mapped[date | None] = mapped_column(Date)
    # For a care request posted on someone's behalf: "mijn vader Jan" (may have no account).
    for_whom: Mapped[str | None] = mapped_column(String(120))

    __mapper_args__ = {"polymorphic_identity": "request"}

    @property
    def is_care(self) -> bool:
        return self.need == Need.CARE


class Offer(Post):
    """An offer of help (hulpaanbod)."""

    __mapper_args__ = {"polymorphic_identity": "offer"}
