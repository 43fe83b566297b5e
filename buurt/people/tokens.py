"""Links mailed to a resident that work once and expire: a password reset, or confirming
an e-mail address. The token stands only in the mail; the database keeps its hash."""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models import AccountToken, TokenPurpose, User


class InvalidToken(ValueError):
    """The link is unknown, used already or expired."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_hours(purpose: str = TokenPurpose.PASSWORD_RESET) -> int:
    """How long a mailed link for this purpose works."""
    key = "EMAIL_CONFIRM_HOURS" if purpose == TokenPurpose.EMAIL else "PASSWORD_RESET_HOURS"
    return int(current_app.config[key])


def issue(user: User, purpose: str, *, email: str | None) -> tuple[AccountToken, str]:
    """Store a new link for the user; return it with its token (which only the mail keeps).
    `email` is the address the link goes to."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = AccountToken(user_id=user.id, purpose=purpose, email=email, token_hash=_hash(token),
                       created_at=now, expires_at=now + timedelta(hours=valid_hours(purpose)))
    db.session.add(row)
    db.session.flush()
    return row, token


def _open(token: str, purpose: str):
    return (AccountToken.token_hash == _hash(token), AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None), AccountToken.expires_at > clock.now())


def find(token: str, purpose: str) -> AccountToken | None:
    """Return the open link for this token, or None if it is unknown, used or expired."""
    return db.session.scalar(select(AccountToken).where(*_open(token, purpose)))


def use(token: str, purpose: str) -> AccountToken:
    """Mark the link used and return it; raise InvalidToken when it does not work (any more)."""
    row = find(token, purpose)
    if row is None:
        raise InvalidToken
    # The conditional UPDATE is what makes the link single-use: of two submits at once,
    # only one changes the row.
    used = db.session.execute(
        update(AccountToken).where(AccountToken.id == row.id, *_open(token, purpose))
        .values(used_at=clock.now()))
    if used.rowcount != 1:
        raise InvalidToken
    return row


def close(user: User, *purposes: str, but_to: str | None = None) -> None:
    """Make every open link of the user for these purposes stop working; with `but_to`,
    the links mailed to that address keep working."""
    stmt = (update(AccountToken)
            .where(AccountToken.user_id == user.id, AccountToken.purpose.in_(purposes),
                   AccountToken.used_at.is_(None)))
    if but_to is not None:
        stmt = stmt.where(AccountToken.email != but_to)
    db.session.execute(stmt.values(used_at=clock.now()))


def count_since(user: User, purpose: str, since: datetime) -> int:
    """How many links for this purpose the user was sent since this moment."""
    return db.session.scalar(
        select(func.count(AccountToken.id))
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
               AccountToken.created_at > since))


def pending(user: User, purpose: str) -> AccountToken | None:
    """The newest link of the user for this purpose that still works, or None."""
    return db.session.scalar(
        select(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
               AccountToken.used_at.is_(None), AccountToken.expires_at > clock.now())
        .order_by(AccountToken.created_at.desc(), AccountToken.id.desc()).limit(1))
