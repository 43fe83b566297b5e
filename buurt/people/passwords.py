"""Passwords: reset by e-mail (a mailed link, see tokens.py), and changing your own."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.notifications import mail
from buurt.people import accounts, tokens
from buurt.people.models import AccountToken, TokenPurpose, User

InvalidToken = tokens.InvalidToken
valid_hours = tokens.valid_hours


class PasswordError(DomainError):
    """A password change is refused; the message says why."""


def request_reset(email: str) -> AccountToken | None:
    """Mail a reset link to the account with this address; do nothing for an unknown one."""
    address = accounts.normalise_email(email)
    user = address and db.session.scalar(select(User).filter_by(email=address))
    if not user:
        return None
    reset, token = tokens.issue(user, TokenPurpose.PASSWORD_RESET, email=user.email)
    mail.queue(user, mail.PASSWORD_RESET, "password_reset", name=user.display_name,
               link=mail.absolute_url("auth.reset_password", token=token), hours=valid_hours())
    return reset


def find_reset(token: str) -> AccountToken | None:
    """Return the open reset for this token, or None if it is unknown, used or expired."""
    return tokens.find(token, TokenPurpose.PASSWORD_RESET)


def reset_with_token(token: str, password: str) -> User:
    """Set a new password through a reset link, close every open link of the account and
    end every session opened before (the caller logs the resident in again).

    The link was mailed to the account's address, so opening it proves that address too:
    an address not confirmed yet counts as confirmed from now on.
    """
    reset = tokens.use(token, TokenPurpose.PASSWORD_RESET)
    user = db.session.get(User, reset.user_id)
    user.password_hash = accounts.hash_password(password)
    user.must_choose_password = False   # a login card's neighbour who chose by e-mail
    if user.email_verified_at is None and user.email and reset.email == user.email:
        user.email_verified_at = clock.now()
    tokens.close(user, TokenPurpose.PASSWORD_RESET)
    # Whoever knew the old password may still be logged in somewhere: not any more.
    accounts.end_sessions(user)
    return user


def change_password(user: User, *, current: str, new: str) -> None:
    """Change the password of a resident who knows the current one. Every other session
    ends (the caller logs this one in again) and open reset links stop working."""
    if not check_password_hash(user.password_hash, current or ""):
        raise PasswordError(_l("This is not your current password. Try again."),
                            "current_password")
    user.password_hash = accounts.hash_password(new)
    tokens.close(user, TokenPurpose.PASSWORD_RESET)
    accounts.end_sessions(user)
