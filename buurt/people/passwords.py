"""Password reset by e-mail: single-use links that expire, stored only as a hash."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from buurt.core import clock
from buurt.core.extensions import db
from buurt.notifications import mail
from buurt.notifications.models import PasswordReset
from buurt.people import accounts
from buurt.people.models import User


class InvalidToken(ValueError):
    """The reset link is unknown, used already or expired."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_hours() -> int:
    return int(current_app.config["PASSWORD_RESET_HOURS"])


def request_reset(email: str) -> PasswordReset | None:
    """Mail a reset link to the account with this address; do nothing for an unknown one."""
    address = accounts.normalise_email(email)
    user = address and db.session.scalar(select(User).filter_by(email=address))
    if not user:
        return None
    token = secrets.token_urlsafe(32)
    now = clock.now()
    reset = PasswordReset(user_id=user.id, token_hash=_hash(token), created_at=now,
                          expires_at=now + timedelta(hours=valid_hours()))
    db.session.add(reset)
    db.session.flush()
    mail.queue(user, "password_reset", "password_reset", name=user.display_name,
               link=mail.absolute_url("auth.reset_password", token=token), hours=valid_hours())
    return reset


def _open(token: str):
    return (PasswordReset.token_hash == _hash(token), PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > clock.now())


def find_reset(token: str) -> PasswordReset | None:
    """Return the open reset for this token, or None if it is unknown, used or expired."""
    return db.session.scalar(select(PasswordReset).where(*_open(token)))


def reset_with_token(token: str, password: str) -> User:
    """Set a new password through a reset link, close every open link of the account and
    end every session opened before (the caller logs the resident in again)."""
    reset = find_reset(token)
    if reset is None:
        raise InvalidToken
    now = clock.now()
    # The conditional UPDATE is what makes the link single-use: of two submits at once,
    # only one changes the row.
    used = db.session.execute(
        update(PasswordReset).where(PasswordReset.id == reset.id, *_open(token))
        .values(used_at=now))
    if used.rowcount != 1:
        raise InvalidToken
    user = db.session.get(User, reset.user_id)
    user.password_hash = accounts.hash_password(password)
    user.must_choose_password = False   # a login card's neighbour who chose by e-mail
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now))
    # Whoever knew the old password may still be logged in somewhere: not any more.
    accounts.end_sessions(user)
    return user
