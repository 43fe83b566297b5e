"""Accounts: sign-up, log-in, the resident's own details and topics, and moving house."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.people import topics as topic_service
from buurt.people.models import Direction, Neighbourhood, Role, User, UserTopic

# Compared against when the login name is unknown, so that a wrong name and a wrong
# password take the same time.
_DUMMY_HASH = None


class EmailTaken(ValueError):
    """Another account uses this e-mail address already."""


class AccountError(DomainError):
    """A change to the account is refused; the message says why."""


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def email_taken(email: str | None) -> bool:
    email = normalise_email(email)
    return email is not None and db.session.scalar(
        db.select(User.id).filter_by(email=email)) is not None


def set_topics(user: User, *, seek, offer) -> None:
    """Replace the topics a resident seeks and offers with the given slugs."""
    wanted = {(t.id, Direction.SEEK) for t in topic_service.by_slugs(seek)}
    wanted |= {(t.id, Direction.OFFER) for t in topic_service.by_slugs(offer)}
    kept = [link for link in user.topic_links if (link.topic_id, link.direction) in wanted]
    have = {(link.topic_id, link.direction) for link in kept}
    user.topic_links = kept + [UserTopic(topic_id=tid, direction=d)
                               for tid, d in sorted(wanted - have)]


def create_user(*, display_name: str, email: str | None, password: str,
                neighbourhood: Neighbourhood, role: str = Role.RESIDENT,
                language: str = "nl", seek=(), offer=(), email_verified: bool = False) -> User:
    """Create an account; raise EmailTaken when the address is in use.

    The address counts as confirmed only with email_verified (an admin on the command line
    vouches for it); otherwise the caller mails the link that confirms it
    (addresses.send_confirmation), and until it is opened no other mail goes there.
    """
    if role not in Role.ALL:
        raise ValueError(f"unknown role {role!r}")
    email = normalise_email(email)
    if email_taken(email):
        raise EmailTaken(email)
    user = User(display_name=display_name.strip(), email=email,
                email_verified_at=clock.now() if email and email_verified else None,
                password_hash=hash_password(password), role=role,
                neighbourhood=neighbourhood, language=language)
    set_topics(user, seek=seek, offer=offer)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:  # two sign-ups with one address at the same moment
        raise EmailTaken(email) from exc
    return user


def authenticate(login: str, password: str) -> User | None:
    """Return the account for this e-mail address (or login-card username) and password,
    or None."""
    global _DUMMY_HASH
    name = normalise_email(login)
    user = name and db.session.scalar(db.select(User).where(
        or_(User.email == name, User.username == name)))
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or hash_password("not a password")
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def password_matches(user: User, password: str | None) -> bool:
    """Is this the account's current password? (To confirm a step only its owner takes.)"""
    return bool(password) and check_password_hash(user.password_hash, password)


def end_sessions(user: User) -> None:
    """Log the resident out everywhere: every session and "remember me" cookie opened
    before now stops working at its next request."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def update_details(user: User, *, display_name: str, street: str | None,
                   language: str) -> None:
    """Change the resident's name, street and language."""
    if language not in current_app.config["LANGUAGES"]:
        raise ValueError(f"unknown language {language!r}")
    user.display_name = display_name.strip()
    user.street = (street or "").strip() or None
    user.language = language
    db.session.flush()


def update_topics(user: User, *, seek, offer) -> None:
    """Change the topics the resident seeks and offers help with."""
    set_topics(user, seek=seek, offer=offer)
    db.session.flush()


def move(user: User, neighbourhood: Neighbourhood) -> Neighbourhood:
    """Make another neighbourhood the resident's home; return the one they left.

    What they posted stays where it was posted, and the neighbourhoods a manager or
    ambassador serves (their memberships) stay as they are: only their home changes, and
    with it the neighbourhood they see first and are matched in.
    """
    old = user.neighbourhood
    if neighbourhood.id == old.id:
        raise AccountError(_l("You live in %(name)s already.", name=old.name), "postcode")
    user.neighbourhood = neighbourhood
    db.session.flush()
    return old
