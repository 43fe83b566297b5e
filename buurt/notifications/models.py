"""In-app notifications and the e-mail outbox that a worker delivers."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Post


class EmailFrequency:
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"
    ALL = (IMMEDIATELY, DAILY, WEEKLY, NEVER)


class Notification(db.Model):
    """Something a resident should hear of; its text is made in their language on display."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Points at the response, conversation, care task or flag the notification is about.
    subject_id: Mapped[int | None]
    # A short text that belongs to it, e.g. a manager's question or reason.
    note: Mapped[str | None] = mapped_column(Text)
    # Makes "at most one of these per resident" a constraint, e.g. "match:<post id>".
    dedupe_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]
    # When it went out by e-mail (at once or in a digest); None while it waits.
    emailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    post: Mapped[Post | None] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notification_user_created", "user_id", "created_at"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
        Index("ix_notification_digest", "emailed_at", "user_id"),
        # The oldest first, for removing them when their time is over (retention).
        Index("ix_notification_created", "created_at"),
    )


class OutboxState:
    QUEUED = "queued"
    SENDING = "sending"   # claimed by one deliverer until its lease ends
    SENT = "sent"
    FAILED = "failed"     # gave up after the last retry


class OutboxEmail(db.Model):
    """A mail to send, written in the same transaction as the change that causes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    send_after: Mapped[datetime] = mapped_column(default=clock.now)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_outbox_email_due", "state", "send_after"),
        Index("ix_outbox_email_claim", "claimed_by"),
        Index("ix_outbox_email_finished", "state", "created_at"),     # retention
    )

