"""Everything residents publish, in one table (single-table inheritance)."""
from datetime import date, datetime, timedelta, timezone

from flask_babel import gettext
from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
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
    # A manager marked it "share on our channels" at this moment (None: not marked).
    share_marked_at: Mapped[datetime | None]

    author: Mapped[User] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()
    topic: Mapped[Topic | None] = relationship()
    # Who placed it, when an ambassador posted it on the author's behalf.
    on_behalf: Mapped["OnBehalfPost | None"] = relationship(viewonly=True)  # noqa: F821

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
    def display_title(self) -> str:
        """The title as pages show it, in the reader's language (see Story)."""
        return self.title

    @property
    def text_for_screening(self) -> str:
        """The body as the screening reads it; a kind with facts in their own fields adds
        them, so the text is not called vague for leaving them out."""
        return self.body or ""

    def state_when_approved(self, now: datetime) -> str:
        """The state a post goes to when screening or a manager lets it through."""
        return PostState.PUBLISHED

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

    def closes_at(self, expiry_days: int) -> datetime:
        """When it closes if it stays open: after its needed-by day (Dutch time), or
        expiry_days after it was posted or renewed, whichever comes first."""
        by_age = (self.active_since or self.created_at) + timedelta(days=expiry_days)
        if self.needed_by is None:
            return by_age
        return min(by_age, clock.end_of_day(self.needed_by))

    def renewal_refused(self, now: datetime, expiry_days: int, warn_days: int) -> str | None:
        """Why renewing makes no sense now, or None when it does: the request is open and
        closes within warn_days (or should have closed already), and renewing moves its
        closing later. Codes: "not_open", "date_passed" (its needed-by day is over),
        "too_early" (it closes later than warn_days from now), "date_limits" (its
        needed-by day closes it, which renewing does not change)."""
        if not self.is_published:
            return "not_open"
        if self.needed_by is not None and self.needed_by < clock.local_day(now):
            return "date_passed"
        closes = self.closes_at(expiry_days)
        if closes > now + timedelta(days=warn_days):
            return "too_early"
        renewed = now + timedelta(days=expiry_days)
        if self.needed_by is not None:
            renewed = min(renewed, clock.end_of_day(self.needed_by))
        if renewed <= closes:
            return "date_limits"
        return None


class Offer(Post):
    """An offer of help (hulpaanbod)."""

    __mapper_args__ = {"polymorphic_identity": "offer"}


class Event(Post):
    """Something that happens in the neighbourhood, at a meeting place or an address.

    starts_at and ends_at are stored like every other moment in the database: naive UTC
    (as buurt.core.clock.now() gives). Forms take and pages show Europe/Amsterdam wall-clock
    time; buurt.info.events converts at that edge (from_local, to_local).
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

    # A photo (the same column as a story's upload).
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), use_existing_column=True)

    place: Mapped["Place | None"] = relationship()  # noqa: F821 (buurt.info.models)
    initiative: Mapped["Initiative | None"] = relationship()  # noqa: F821
    upload: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __tablename__ = None
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


# The managers' list of posts to share on the neighbourhood's own channels.
Index("ix_post_share_marked", Post.share_marked_at)
# Events are listed by when they start, upcoming and past, and per place.
Index("ix_post_event_start", Post.kind, Post.state, Post.neighbourhood_id, Event.starts_at)
Index("ix_post_event_place", Event.place_id, Event.starts_at)


class ItemCondition:
    NEW = "new"
    GOOD = "good"
    USED = "used"      # used, works well
    WORN = "worn"      # shows wear, still works
    ALL = (NEW, GOOD, USED, WORN)


class Item(Post):
    """A thing to lend (spullen delen): a drill, a ladder, a party tent. Its loans are in
    buurt.lend.models; `paused` takes it out of the list for a while."""

    condition: Mapped[str | None] = mapped_column(String(16))
    # Whole euros the borrower leaves with the owner while they have it (None: none).
    deposit: Mapped[int | None] = mapped_column(Integer)
    # When it can be picked up and brought back, in the owner's words.
    pickup_times: Mapped[str | None] = mapped_column(String(300))
    # A photo of the thing (the same column as a story's upload).
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), use_existing_column=True)

    upload: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "item"}

    @property
    def text_for_screening(self) -> str:
        return "\n".join(part for part in (self.body, self.pickup_times) if part)


class IdeaStatus:
    NEW = "new"
    DISCUSSION = "discussion"      # under discussion
    ADOPTED = "adopted"
    REALISED = "realised"
    NOT_FEASIBLE = "not_feasible"
    ALL = (NEW, DISCUSSION, ADOPTED, REALISED, NOT_FEASIBLE)
    # How far along an idea is, for "sort by status" (furthest first): realised, adopted,
    # under discussion, new, and last the ones that cannot be done.
    RANK = {REALISED: 4, ADOPTED: 3, DISCUSSION: 2, NEW: 1, NOT_FEASIBLE: 0}


class Idea(Post):
    """An idea for the neighbourhood (level 3): residents support it ("steun") and a
    manager gives it a status; with enough support it is proposed for a decision round."""

    # No table of its own (Flask-SQLAlchemy would name one), so place_id can be the
    # column an event's place uses.
    __tablename__ = None

    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"),
                                                 use_existing_column=True)
    # Whole euros, as the author estimates it.
    estimated_cost: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column("idea_status", String(16))
    # IdeaStatus.RANK of the status, kept with it so the list can sort on it.
    status_rank: Mapped[int | None] = mapped_column("idea_status_rank", Integer)
    # The manager's explanation of the status, and when it was set.
    status_note: Mapped[str | None] = mapped_column("idea_status_note", Text)
    status_changed_at: Mapped[datetime | None] = mapped_column("idea_status_at")
    # Kept with each Support in the same transaction, so lists sort on it.
    support_count: Mapped[int | None] = mapped_column(Integer, default=0)
    # When it reached the neighbourhood's threshold of support: proposed for a round.
    proposed_at: Mapped[datetime | None]

    place: Mapped["Place | None"] = relationship()  # noqa: F821 (buurt.info.models)

    __mapper_args__ = {"polymorphic_identity": "idea"}

    def set_status(self, status: str, note: str | None, now: datetime) -> None:
        if status not in IdeaStatus.ALL:
            raise ValueError(status)
        self.status, self.status_rank = status, IdeaStatus.RANK[status]
        self.status_note, self.status_changed_at = note, now


# Ideas are listed by support, or by how far along they are, within a neighbourhood.
Index("ix_post_idea_support", Post.kind, Post.state, Post.neighbourhood_id, Idea.support_count)
Index("ix_post_idea_status", Post.kind, Post.state, Post.neighbourhood_id, Idea.status_rank,
      Post.created_at)


class Announcement(Post):
    """Short news from the community managers or an initiative.

    publish_at is when it goes (or went) online, naive UTC like every stored moment: it
    waits as `scheduled` until `buurt tick` finds that moment passed. pinned_until is a
    Dutch date: the announcement stays on top of the lists through that day.
    """

    publish_at: Mapped[datetime | None]
    pinned_until: Mapped[date | None] = mapped_column(Date)
    # On behalf of an initiative its author runs (the same column as an event's organiser).
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative.id", ondelete="SET NULL"), use_existing_column=True)

    initiative: Mapped["Initiative | None"] = relationship()  # noqa: F821

    # No table of its own, said outright: declarative then knows this is single-table
    # inheritance while it reads the columns, which use_existing_column needs.
    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "announcement"}

    def state_when_approved(self, now: datetime) -> str:
        if self.publish_at is not None and self.publish_at > now:
            return PostState.SCHEDULED
        return PostState.PUBLISHED

    @property
    def is_scheduled(self) -> bool:
        return self.state == PostState.SCHEDULED

    def is_pinned(self, today: date) -> bool:
        return self.pinned_until is not None and self.pinned_until >= today


class Story(Post):
    """A resident's story in answer to three questions: what made you happy (the body),
    whom do you owe it to, what would you advise others; with a photo or a short video.

    A thank-you note whose author agreed to share it becomes a story too (thank_you_id).
    """

    owed_to: Mapped[str | None] = mapped_column(Text)
    advice: Mapped[str | None] = mapped_column(Text)
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), use_existing_column=True)
    # A manager put it on the front page at this moment (None: not featured).
    featured_at: Mapped[datetime | None]
    # The ThankYou it came from. No foreign key: a thank-you refers to a response, which
    # refers to a post, so a key back would make the tables depend on each other in a
    # circle (stories.from_thank_you is the one place that sets it).
    thank_you_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    upload: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "story"}

    @property
    def is_thank_you(self) -> bool:
        return self.thank_you_id is not None

    @property
    def display_title(self) -> str:
        """A thank-you note keeps the title of the help it thanks for; the "Thank you:"
        before it is in the reader's language, not in the language of its author."""
        if self.is_thank_you:
            return gettext("Thank you: %(title)s", title=self.title)
        return self.title

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def text_for_screening(self) -> str:
        return "\n".join(part for part in (self.body, self.owed_to, self.advice) if part)


# Announcements are listed by when they went online; the tick looks for scheduled ones due.
Index("ix_post_announcement_feed", Post.kind, Post.state, Post.neighbourhood_id,
      Announcement.publish_at)
Index("ix_post_announcement_publish", Post.kind, Post.state, Announcement.publish_at)
# The front page's featured story: the one featured last.
Index("ix_post_story_featured", Post.kind, Post.state, Story.featured_at)
# Is a photo still used anywhere before its file goes (uploads.delete_if_unused)?
Index("ix_post_upload", Story.upload_id)
