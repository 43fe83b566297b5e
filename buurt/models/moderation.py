"""Reports from residents; the moderation issue builds the queue that reads them."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt import clock
from buurt.extensions import db
from buurt.models.user import User


class FlagReason:
    OFFENSIVE = "offensive"
    SPAM = "spam"
    WRONG_PLACE = "wrong_place"
    OTHER = "other"
    ALL = (OFFENSIVE, SPAM, WRONG_PLACE, OTHER)


class Flag(db.Model):
    """A resident reports a post, comment or message (one flag per resident per item)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(16))   # "post", "message", "comment"
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    resolved_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("reporter_id", "target_type", "target_id"),
        Index("ix_flag_target", "target_type", "target_id"),
    )
