"""Assisted sign-up and login cards: an ambassador makes an account on their phone and hands
the neighbour a card with a one-time code; the neighbour logs in with it and chooses a
password."""
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash

from buurt.ambassador.models import LoginCard, Onboarding
from buurt.ambassador.neighbours import may_follow
from buurt.ambassador.roles import UNKNOWN, OnboardingError, can_onboard, find_account
from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.moderation import managers
from buurt.people import accounts, addresses, deletion, privacy
from buurt.people.models import Neighbourhood, Role, User

# Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Only the newest cards of an account are tried at log-in; older ones are closed anyway.
CARDS_TRIED = 5


class CardUsed(OnboardingError):
    """The code on the login card worked once already."""


class CardExpired(OnboardingError):
    """The code on the login card is past its date."""


def normalise_code(code: str | None) -> str:
    """Read a code as typed: any case, with or without the dash or spaces."""
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _username_for(display_name: str) -> str:
    """A log-in name that is easy to type: letters of the first name and four digits."""
    plain = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z]+", plain.lower())
    letters = (words[0] if words else "buur")[:12]
    for digits in (4, 4, 4, 4, 5, 5, 6, 6, 8):
        name = f"{letters}{secrets.randbelow(10 ** digits):0{digits}d}"
        if db.session.scalar(select(User.id).filter_by(username=name)) is None:
            return name
    raise RuntimeError("no free username")


def _make_card(neighbour: User, by: User) -> tuple[LoginCard, str]:
    now = clock.now()
    # One open card at a time: a new card closes the ones before it.
    db.session.execute(update(LoginCard).where(LoginCard.user_id == neighbour.id,
                                               LoginCard.used_at.is_(None))
                       .values(used_at=now))
    code = _new_code()
    days = settings.get(neighbour.neighbourhood, "login_card_days")
    card = LoginCard(user_id=neighbour.id, code_hash=accounts.hash_password(code),
                     created_by_id=by.id, created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(card)
    db.session.flush()
    return card, format_code(code)


@dataclass
class Card:
    """What a printed login card says; the code exists only here, never in the database."""

    user: User
    login: str
    code: str
    expires_at: datetime


def assisted_signup(ambassador: User, *, display_name: str, email: str | None,
                    neighbourhood: Neighbourhood, consent: bool, event=None,
                    language: str = "nl", seek=(), offer=()) -> Card:
    """Make an account for a neighbour on the ambassador's phone, with a login card.

    Without consent there is no account. Without e-mail the card has a username; either
    way the neighbour logs in with the card's one-time code and then chooses a password.
    Raises accounts.EmailTaken as the normal sign-up does.
    """
    if not consent:
        raise OnboardingError(_l("Without the neighbour's consent we do not make an account."))
    if not can_onboard(ambassador, neighbourhood.id):
        raise PermissionError
    if event is not None and event.ambassador_id != ambassador.id:
        raise PermissionError
    email = accounts.normalise_email(email)
    user = accounts.create_user(
        display_name=display_name, email=email, password=secrets.token_urlsafe(32),
        neighbourhood=neighbourhood, language=language, seek=seek, offer=offer)
    if email is None:
        user.username = _username_for(display_name)
    user.must_choose_password = True
    user.onboarded_by_id = ambassador.id
    # The consent read aloud covers the privacy statement and the house rules too.
    privacy.record_acceptance(user)
    now = user.privacy_accepted_at
    db.session.add(Onboarding(user=user, event_id=event.id if event else None, assisted=True,
                              consent_at=now, created_at=now))
    db.session.flush()
    card, code = _make_card(user, ambassador)
    # As at the normal sign-up: the address gets the link that confirms it, and no other
    # mail until it is opened.
    addresses.send_confirmation(user)
    return Card(user=user, login=user.email or user.username, code=code,
                expires_at=card.expires_at)


def may_issue_card(user: User, neighbour: User, served=UNKNOWN) -> bool:
    """May the user hand this neighbour a new login card? The ambassador who brought them
    in (while serving their neighbourhood), and the managers of that neighbourhood (and
    admins). Never for oneself, and never for a manager's or admin's account: a card gives
    whoever makes it the account for a moment."""
    if neighbour.id == user.id:
        return False
    if neighbour.role not in (Role.RESIDENT, Role.AMBASSADOR) and not user.is_admin:
        return False
    return may_follow(user, neighbour, served) or managers.can_moderate(
        user, neighbour.neighbourhood_id)


def new_card_ends_password(neighbour: User) -> bool:
    """A new card for this neighbour ends the password they chose (and their sessions)."""
    return not neighbour.must_choose_password


def card_refusal(neighbour: User):
    """Why this neighbour gets no new card (a message for the person), or None."""
    if new_card_ends_password(neighbour) and neighbour.email:
        return _l("%(name)s has chosen a password already and has an e-mail address. On the "
                  "log-in page they choose \"Forgot your password?\" and get a new one by "
                  "e-mail.", name=neighbour.display_name)
    return None


def new_card(by: User, neighbour: User, served=UNKNOWN) -> Card:
    """A new login card for a neighbour: the card was lost or expired, or a neighbour
    without e-mail forgot their password. The old cards stop working; when they had chosen
    a password, it stops working too and every open session of theirs ends. A neighbour
    with e-mail who chose a password asks for a new one by e-mail instead."""
    if not may_issue_card(by, neighbour, served):
        raise PermissionError
    refusal = card_refusal(neighbour)
    if refusal is not None:
        raise OnboardingError(refusal)
    if new_card_ends_password(neighbour):
        # Nobody knows this password: only the card's code opens the account now.
        neighbour.password_hash = accounts.hash_password(secrets.token_urlsafe(32))
        neighbour.must_choose_password = True
        accounts.end_sessions(neighbour)
    card, code = _make_card(neighbour, by)
    return Card(user=neighbour, login=neighbour.email or neighbour.username, code=code,
                expires_at=card.expires_at)


CARD_USED = _l("This code has been used already. Log in with the password you chose. Did "
               "you not choose one? Ask your ambassador for a new card.")


def _check_open(card: LoginCard, now) -> None:
    if card.used_at is not None or not card.user.must_choose_password:
        raise CardUsed(CARD_USED)
    if card.expires_at <= now:
        raise CardExpired(_l("The code on this card has expired. Ask your ambassador for a "
                             "new card."))


def find_card(login: str, code: str) -> LoginCard | None:
    """The login card with this code for this account, while it works; None when nothing
    matches. Finding it does not use it (see use_card).

    Raises CardUsed or CardExpired when the code is right but does not work any more, so
    the neighbour hears why in plain words.
    """
    typed = normalise_code(code)
    if len(typed) != CODE_LENGTH:
        return None
    user = find_account(login)
    if user is None:
        return None
    cards = db.session.scalars(select(LoginCard).filter_by(user_id=user.id)
                               .order_by(LoginCard.created_at.desc(), LoginCard.id.desc())
                               .limit(CARDS_TRIED)).all()
    card = next((c for c in cards if check_password_hash(c.code_hash, typed)), None)
    if card is None:
        return None
    _check_open(card, clock.now())
    return card


def use_card(card_id: int) -> User:
    """Use the code of a card that find_card found, once, and return its account: at once,
    or after the second step of a two-step log-in. Raises CardUsed or CardExpired."""
    card = db.session.get(LoginCard, card_id)
    if card is None:
        raise CardUsed(CARD_USED)
    now = clock.now()
    _check_open(card, now)
    # The conditional UPDATE makes the code single-use, also with two log-ins at once.
    used = db.session.execute(
        update(LoginCard).where(LoginCard.id == card.id, LoginCard.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        raise CardUsed(CARD_USED)
    return card.user


def card_login(login: str, code: str) -> User | None:
    """Log in with a login card's code, once; None when nothing matches. Raises CardUsed
    or CardExpired as find_card does."""
    card = find_card(login, code)
    return None if card is None else use_card(card.id)


def choose_password(user: User, password: str) -> None:
    """Set the neighbour's own password; their login cards stop working."""
    user.password_hash = accounts.hash_password(password)
    user.must_choose_password = False
    db.session.execute(update(LoginCard).where(LoginCard.user_id == user.id,
                                               LoginCard.used_at.is_(None))
                       .values(used_at=clock.now()))
    db.session.flush()


def record_visit(user: User) -> None:
    """Count a log-in (or a session restored by the remember-me cookie) of a neighbour."""
    db.session.execute(update(Onboarding).where(Onboarding.user_id == user.id)
                       .values(visits=Onboarding.visits + 1, last_visit_at=clock.now())
                       .execution_options(synchronize_session=False))


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): its login cards go, used or not."""
    db.session.execute(delete(LoginCard).where(LoginCard.user_id == user.id))


deletion.register("ambassador", end_for_deleted_account)
