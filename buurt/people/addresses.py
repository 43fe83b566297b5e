"""E-mail addresses: the link that confirms one (after sign-up, or for a new address), and
changing the address. An address changes only when the link mailed to it is opened."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.notifications import mail
from buurt.people import accounts, tokens
from buurt.people.models import AccountToken, TokenPurpose, User

# The mail to the old address when a new one is asked for; an ordinary mail, so an
# address that was never confirmed does not get it.
CHANGE_NOTICE = "email_change_notice"


class AddressError(DomainError):
    """An address cannot be confirmed or changed as asked; the message says why."""


def _too_many_links(user: User) -> bool:
    since = clock.now() - timedelta(hours=1)
    return (tokens.count_since(user, TokenPurpose.EMAIL, since)
            >= current_app.config["EMAIL_LINKS_PER_HOUR"])


def _send_link(user: User, address: str) -> AccountToken:
    # Links to another address stop working: the newest wish wins, and an old link can
    # never put back an address the resident moved away from.
    tokens.close(user, TokenPurpose.EMAIL, but_to=address)
    row, token = tokens.issue(user, TokenPurpose.EMAIL, email=address)
    mail.queue(user, mail.EMAIL_CONFIRM, "email_confirm", to=address, name=user.display_name,
               link=mail.absolute_url("auth.confirm_email", token=token),
               hours=tokens.valid_hours(TokenPurpose.EMAIL), new_address=address != user.email)
    return row


def send_confirmation(user: User, *, again: bool = False) -> AccountToken | None:
    """Mail the link that confirms the resident's address (after sign-up; `again` when they
    ask for it once more, which is limited per hour). None when there is nothing to
    confirm."""
    if not user.email_unverified:
        return None
    if again and _too_many_links(user):
        raise AddressError(_l("We sent you several links in the last hour. Look in your "
                              "mail (also in the spam folder), or try again later."))
    return _send_link(user, user.email)


def request_change(user: User, new_address: str) -> AccountToken:
    """Mail a link to a new address (or a first one, for a resident without e-mail); the
    address changes when it is opened. The old address hears that a change was asked."""
    address = accounts.normalise_email(new_address)
    if address is None:
        raise AddressError(_l("Fill in your new e-mail address."), "email")
    if address == user.email:
        raise AddressError(_l("This is your e-mail address already."), "email")
    if accounts.email_taken(address):
        raise AddressError(_l("Another account uses this e-mail address. Choose another "
                              "address."), "email")
    if _too_many_links(user):
        raise AddressError(_l("We sent you several links in the last hour. Try again "
                              "later."), "email")
    row = _send_link(user, address)
    if user.email:
        mail.queue(user, CHANGE_NOTICE, "email_change_notice", name=user.display_name,
                   account_url=mail.absolute_url("auth.account"))
    return row


def find_link(token: str) -> AccountToken | None:
    """The open link for this token, or None if it is unknown, used or expired."""
    return tokens.find(token, TokenPurpose.EMAIL)


def pending_change(user: User) -> AccountToken | None:
    """The open link to another address than the resident's own, if they asked for one."""
    row = tokens.pending(user, TokenPurpose.EMAIL)
    return row if row is not None and row.email != user.email else None


def confirm(token: str) -> User:
    """Open a link: the address it was mailed to is the resident's, confirmed. Raise
    tokens.InvalidToken when the link does not work, AddressError when another account
    took the address in the meantime."""
    row = find_link(token)
    if row is None:
        raise tokens.InvalidToken
    user = db.session.get(User, row.user_id)
    changes = row.email != user.email
    if changes and accounts.email_taken(row.email):
        raise AddressError(_l("Another account uses this e-mail address now. Log in and "
                              "choose another address."))
    tokens.use(token, TokenPurpose.EMAIL)
    if changes:
        try:
            with db.session.begin_nested():   # another account took it at this moment
                user.email = row.email
                db.session.flush()
        except IntegrityError as exc:
            raise AddressError(_l("Another account uses this e-mail address now. Log in "
                                  "and choose another address.")) from exc
        # Reset links went to the old address: they stop working.
        tokens.close(user, TokenPurpose.PASSWORD_RESET)
    user.email_verified_at = clock.now()
    tokens.close(user, TokenPurpose.EMAIL)
    db.session.flush()
    return user
