"""Single-use, expiring links mailed to a resident; only a hash of each token is stored."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User


class TokenPurpose:
    PASSWORD_RESET = "password_reset"   # choose a new password
    EMAIL = "email"                     # confirm an address: at sign-up, or a new one
    ALL = (PASSWORD_RESET, EMAIL)


class AccountToken(db.Model):
    """A link that works once and expires: a password reset, or confirming an address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    # The address the link was mailed to: opening it proves that this address is theirs.
    email: Mapped[str | None] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (
        Index("ix_account_token_user_purpose", "user_id", "purpose", "created_at"),
    )
