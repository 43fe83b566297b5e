"""Who is who and what happens where: meeting places, initiatives, events (a kind of post)
and who comes to them."""
from datetime import datetime, timezone

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.core.media import references
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.topic import Topic
from buurt.people.models.user import User
from buurt.posts.models import CloseReason, Post


class InitiativeState:
    PROPOSED = "proposed"    # a resident proposed it; only they and the managers see it
    APPROVED = "approved"    # a manager approved it: public
    DECLINED = "declined"    # a manager declined it; only the proposer sees why
    ALL = (PROPOSED, APPROVED, DECLINED)


class PlaceInitiative(db.Model):
    """An initiative that runs a meeting place (its residents may edit the place)."""

    place_id: Mapped[int] = mapped_column(
        ForeignKey("place.id", ondelete="CASCADE"), primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True, index=True)


class InitiativeTopic(db.Model):
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True)


class InitiativeMember(db.Model):
    """A resident who runs an initiative; they may edit it."""

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    user: Mapped[User] = relationship()


class Initiative(db.Model):
    """A resident group or organisation ("wie doet wat"): public once a manager approves."""

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # How to reach the initiative itself (its phone, e-mail or website), never a resident's.
    contact: Mapped[str] = mapped_column(String(300), default="")
    opening_hours: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(16), default=InitiativeState.PROPOSED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    topics: Mapped[list[Topic]] = relationship(
        secondary="initiative_topic", order_by="[Topic.position, Topic.slug]")
    members: Mapped[list[InitiativeMember]] = relationship(
        cascade="all, delete-orphan", order_by="InitiativeMember.created_at")

    # The list reads approved initiatives of a neighbourhood by name.
    __table_args__ = (
        Index("ix_initiative_list", "state", "neighbourhood_id", "name"),
        Index("ix_initiative_name", "state", "name"),
    )

    @property
    def is_proposed(self) -> bool:
        return self.state == InitiativeState.PROPOSED

    @property
    def is_approved(self) -> bool:
        return self.state == InitiativeState.APPROVED

    @property
    def is_declined(self) -> bool:
        return self.state == InitiativeState.DECLINED

    @property
    def member_ids(self) -> set[int]:
        return {m.user_id for m in self.members}

    def __repr__(self):
        return f"<Initiative {self.id} {self.name!r} {self.state}>"


class Place(db.Model):
    """A meeting place (ontmoetingsplek): the community centre, the library, the garden."""

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    # What happens there.
    description: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(String(500), default="")
    step_free: Mapped[bool] = mapped_column(default=False)
    accessible_toilet: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), index=True)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    initiatives: Mapped[list[Initiative]] = relationship(
        secondary="place_initiative", order_by="Initiative.name")
    photo: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __table_args__ = (Index("ix_place_list", "neighbourhood_id", "name"),
                      Index("ix_place_name", "name"))

    @property
    def location(self) -> str:
        """The place as one line: its name and address."""
        return f"{self.name}, {self.address}" if self.address else self.name

    def __repr__(self):
        return f"<Place {self.id} {self.name!r}>"


# A place's photo is an upload: it stays while the place shows it.
references.shown_in(Place.photo_id)


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

    place: Mapped[Place | None] = relationship()
    initiative: Mapped[Initiative | None] = relationship()
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

    def rsvp_refused(self, now: datetime) -> str | None:
        """Why nobody can say they come now, or None when they can; the event page shows
        its buttons by this rule, and events.rsvp checks it. Codes: "cancelled", "not_online"
        (held, hidden or withdrawn), "over"."""
        if self.is_cancelled:
            return "cancelled"
        if not self.is_published:
            return "not_online"
        if self.has_ended(now):
            return "over"
        return None

    @property
    def location(self) -> str:
        """Where it happens, as one line: the place's name and address, or the address."""
        if self.place is not None:
            return self.place.location
        return self.address or ""


# Events are listed by when they start, upcoming and past, and per place.
Index("ix_post_event_start", Post.kind, Post.state, Post.neighbourhood_id, Event.starts_at)
Index("ix_post_event_place", Event.place_id, Event.starts_at)


class Rsvp(db.Model):
    """A resident who says they come to an event; once per resident per event."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("event_id", "user_id"),)
