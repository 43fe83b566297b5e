"""Help requests and offers (two kinds of post), the responses to them, the private
conversations they open, and thanks."""
from datetime import date, datetime, timedelta

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Post


class Need:
    HELP = "help"
    CARE = "care"
    ALL = (HELP, CARE)


class Urgency:
    SOON = "soon"    # within one or two days
    WEEK = "week"    # this week
    ANY = "any"      # no hurry
    ALL = (SOON, WEEK, ANY)


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

    @property
    def for_residents_only(self) -> bool:
        """A care request is about someone's health and home: for residents only (see
        buurt.care.visibility)."""
        return self.is_care

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


class ResponseState:
    OFFERED = "offered"      # "I'll help" / "I'm interested", waiting for the author
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the responder took it back
    DONE = "done"
    OPEN = (OFFERED, ACCEPTED)


class Response(db.Model):
    """A neighbour's "I'll help" on a request, or "I'm interested" on an offer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    responder_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                              index=True)
    state: Mapped[str] = mapped_column(String(16), default=ResponseState.OFFERED)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    decided_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]

    post: Mapped[Post] = relationship()
    responder: Mapped[User] = relationship()
    conversation: Mapped["Conversation"] = relationship(back_populates="response",
                                                        uselist=False)

    __table_args__ = (
        UniqueConstraint("post_id", "responder_id"),  # one response per neighbour per post
    )

    @property
    def is_open(self) -> bool:
        return self.state in ResponseState.OPEN

    @property
    def is_offered(self) -> bool:
        return self.state == ResponseState.OFFERED

    @property
    def is_accepted(self) -> bool:
        return self.state == ResponseState.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.state == ResponseState.DECLINED

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ResponseState.WITHDRAWN

    @property
    def is_done(self) -> bool:
        return self.state == ResponseState.DONE

    def accept(self) -> None:
        self.state = ResponseState.ACCEPTED
        self.decided_at = clock.now()

    def decline(self) -> None:
        self.state = ResponseState.DECLINED
        self.decided_at = clock.now()

    def withdraw(self) -> None:
        self.state = ResponseState.WITHDRAWN
        self.decided_at = clock.now()

    def mark_done(self) -> None:
        self.state = ResponseState.DONE
        self.done_at = clock.now()


class Conversation(db.Model):
    """A private conversation between exactly two residents."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_message_at: Mapped[datetime] = mapped_column(default=clock.now)

    post: Mapped[Post | None] = relationship()
    response: Mapped[Response | None] = relationship(back_populates="conversation")
    members: Mapped[list["ConversationMember"]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan")

    def member(self, user) -> "ConversationMember | None":
        return next((m for m in self.members if m.user_id == user.id), None)

    def other(self, user) -> User | None:
        return next((m.user for m in self.members if m.user_id != user.id), None)

    # The longest quiet first, for removing them when their time is over (retention).
    __table_args__ = (Index("ix_conversation_last_message", "last_message_at"),)


class ConversationMember(db.Model):
    """One of the two people in a conversation, and how far they have read."""

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    last_read_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_conversation_member_user", "user_id", "conversation_id"),)


class Message(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # A manager removed it after a report; the conversation shows that, not the text.
    removed_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship()
    author: Mapped[User] = relationship()

    __table_args__ = (Index("ix_message_conversation_created", "conversation_id", "created_at"),)


class ThankYou(db.Model):
    """A short thank-you after help; shared publicly only when its writer agrees."""

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    share_publicly: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    response: Mapped[Response] = relationship()
    author: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("response_id", "author_id"),)


class Feedback(db.Model):
    """The one-tap answer to "did it work out?" a few days after help was done."""

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"),
                                             primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    worked_out: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
