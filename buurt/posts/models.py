"""What every kind of post shares: the one table they live in (single-table inheritance
on `kind`), its states and the reasons a post closes.

Each kind is a subclass in its own area's models module: Request and Offer in
buurt.market.models, Event in buurt.info.models, Item in buurt.lend.models, Idea in
buurt.ideas.models, Announcement in buurt.announcements.models and Story in
buurt.stories.models; buurt.posts.kinds lists them. OnBehalfPost records who placed a
post for its author (an ambassador, with the neighbour's consent).
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.topic import Topic
from buurt.people.models.user import User


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
    # Online, or held for a manager or for the author's clarification: an edit is screened
    # again, and an ambassador's placing still counts.
    LIVE_OR_HELD = (PUBLISHED, PENDING, NEEDS_CLARIFICATION)


class CloseReason:
    DONE = "done"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"   # an event its organiser called off; it stays readable
    # Its author deleted their account (buurt.people.deletion): gone as if withdrawn.
    ACCOUNT_DELETED = "account_deleted"


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
    # A manager marked it "share on our channels" at this moment (None: not marked).
    share_marked_at: Mapped[datetime | None]

    author: Mapped[User] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()
    topic: Mapped[Topic | None] = relationship()
    # Who placed it, when an ambassador posted it on the author's behalf.
    on_behalf: Mapped["OnBehalfPost | None"] = relationship(viewonly=True)

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

    # One predicate per state, so templates and services never spell the state strings.
    @property
    def is_scheduled(self) -> bool:
        return self.state == PostState.SCHEDULED

    @property
    def is_pending(self) -> bool:
        return self.state == PostState.PENDING

    @property
    def needs_clarification(self) -> bool:
        return self.state == PostState.NEEDS_CLARIFICATION

    @property
    def is_published(self) -> bool:
        return self.state == PostState.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.state == PostState.HIDDEN

    @property
    def is_paused(self) -> bool:
        return self.state == PostState.PAUSED

    @property
    def is_closed(self) -> bool:
        return self.state == PostState.CLOSED

    @property
    def is_removed(self) -> bool:
        return self.state == PostState.REMOVED

    @property
    def is_live_or_held(self) -> bool:
        return self.state in PostState.LIVE_OR_HELD

    @property
    def is_withdrawn(self) -> bool:
        """Taken offline by its author, or because its author deleted their account:
        nobody sees it any more."""
        return self.is_closed and self.closed_reason in (CloseReason.WITHDRAWN,
                                                         CloseReason.ACCOUNT_DELETED)

    @property
    def display_title(self) -> str:
        """The title as pages show it, in the reader's language (see Story)."""
        return self.title

    @property
    def for_residents_only(self) -> bool:
        """Only residents who are logged in read it: a visitor, a link preview and a share
        link never get its words or its author (a care request; see Request)."""
        return False

    @property
    def text_for_screening(self) -> str:
        """The body as the screening reads it; a kind with facts in their own fields adds
        them, so the text is not called vague for leaving them out."""
        return self.body or ""

    def state_when_approved(self, now: datetime) -> str:
        """The state a post goes to when screening or a manager lets it through."""
        return PostState.PUBLISHED

    def close(self, reason: str) -> None:
        """Close the post (done, expired, withdrawn, its author gone); it leaves every
        list."""
        self.state = PostState.CLOSED
        self.closed_reason = reason
        self.closed_at = clock.now()

    def __repr__(self):
        return f"<{type(self).__name__} {self.id} {self.state}>"


# The managers' list of posts to share on the neighbourhood's own channels.
Index("ix_post_share_marked", Post.share_marked_at)


class OnBehalfPost(db.Model):
    """A post an ambassador wrote for a neighbour, with the neighbour's consent."""

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"),
                                         primary_key=True)
    neighbour_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                              index=True)
    ambassador_id: Mapped[int | None] = mapped_column(ForeignKey("user.id",
                                                                 ondelete="SET NULL"))
    # The neighbour agreed to this post, as the ambassador recorded at this moment.
    consent_at: Mapped[datetime] = mapped_column(default=clock.now)

    post: Mapped[Post] = relationship()
    neighbour: Mapped[User] = relationship(foreign_keys=[neighbour_id])
    ambassador: Mapped[User | None] = relationship(foreign_keys=[ambassador_id])

