"""Everything residents publish, in one table (single-table inheritance)."""
from datetime import date, datetime, timezone

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
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
    CANCELLED = "cancelled"   # an event its organiser called off; it stays readable


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

    @property
    def text_for_screening(self) -> str:
        """The body as the screening reads it; a kind with facts in their own fields adds
        them, so the text is not called vague for leaving them out."""
        return self.body or ""

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


class Event(Post):
    """Something that happens in the neighbourhood, at a meeting place or an address.

    starts_at and ends_at are stored like every other moment in the database: naive UTC
    (as buurt.clock.now() gives). Forms take and pages show Europe/Amsterdam wall-clock
    time; buurt.services.events converts at that edge (from_local, to_local).
    """

    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    address: Mapped[str | None] = mapped_column(String(200))
    # At most this many residents can come (None: no limit); rsvp_count is kept with each
    # RSVP in the same statement that checks the limit, so two at once cannot both pass it.
    capacity: Mapped[int | None] = mapped_column(Integer)
    rsvp_count: Mapped[int | None] = mapped_column(Integer, default=0)
    # The organiser: the author, or an initiative the author runs.
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="SET NULL"))

    place: Mapped["Place | None"] = relationship()  # noqa: F821 (buurt.models.info)
    initiative: Mapped["Initiative | None"] = relationship()  # noqa: F821

    __mapper_args__ = {"polymorphic_identity": "event"}

    @property
    def is_cancelled(self) -> bool:
        return self.is_closed and self.closed_reason == CloseReason.CANCELLED

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and (self.rsvp_count or 0) >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - (self.rsvp_count or 0))

    @property
    def text_for_screening(self) -> str:
        if self.starts_at is None:
            return self.body or ""
        start = self.starts_at.replace(tzinfo=timezone.utc).astimezone(clock.LOCAL_TZ)
        return f"{self.body or ''}\n{start:%d-%m-%Y %H:%M}"

    def has_ended(self, now: datetime) -> bool:
        return self.ends_at is not None and self.ends_at <= now

    @property
    def location(self) -> str:
        """Where it happens, as one line: the place's name and address, or the address."""
        if self.place is not None:
            return self.place.location
        return self.address or ""


# Events are listed by when they start, upcoming and past, and per place.
Index("ix_post_event_start", Post.kind, Post.state, Post.neighbourhood_id, Event.starts_at)
Index("ix_post_event_place", Event.place_id, Event.starts_at)
