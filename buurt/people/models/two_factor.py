"""Two-step log-in: a user's authenticator app (TOTP) and their recovery codes."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from buurt.core import clock
from buurt.core.extensions import db


class TwoFactor(db.Model):
    """An authenticator app that gives this user a new 6-digit code every 30 seconds. The
    row exists only once the user confirmed the set-up with a code: it is the switch."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    # The shared secret, base32 as the app got it. It cannot be hashed: every check
    # computes the codes from it. It is protected as the database is: by who may read the
    # database and its backups (`buurt backup` archives hold it too). Whoever reads it
    # still needs the account's password to log in.
    secret: Mapped[str] = mapped_column(String(64))
    enabled_at: Mapped[datetime] = mapped_column(default=clock.now)
    # The 30-second time step of the last code that was accepted. A code of that step or
    # an earlier one is refused, so a code someone saw over a shoulder works only once.
    last_step: Mapped[int | None]


class RecoveryCode(db.Model):
    """One of the codes shown once at set-up, for a lost phone: each works once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    # Only a hash (werkzeug's, like passwords): the code itself is shown once, never kept.
    code_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    used_at: Mapped[datetime | None]
