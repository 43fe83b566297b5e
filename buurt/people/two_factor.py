"""Two-step log-in: set up an authenticator app (TOTP), check its codes and the recovery
codes, the half-done log-in between the password and the code, and the site's setting
that requires it for managers and admins."""
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.people import accounts
from buurt.people.models import RecoveryCode, Role, TwoFactor, User

# TWO_FACTOR_FOR_STAFF: "optional" lets everyone choose; "required" sends a manager or
# admin without it to the set-up page first. Residents and ambassadors always choose.
OPTIONAL, REQUIRED = "optional", "required"
SETTINGS = (OPTIONAL, REQUIRED)
STAFF = (Role.MANAGER, Role.ADMIN)
ISSUER = "Buurt"
# The codes of the time step before and after the current one work too: a phone's clock
# may be a little off, and typing six digits takes a moment.
WINDOW = 1
RECOVERY_COUNT = 10
# Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 10
# How long a correct password waits for its code before the log-in starts again.
HALF_DONE_FOR = timedelta(minutes=5)
SESSION_KEY = "half_done_login"
SETUP_KEY = "two_factor_setup"

WRONG_CODE = _l("This code does not work. Type the 6 digits that your app shows now. Each "
                "code works only once.")
WRONG_LOGIN_CODE = _l("This code does not work. Type the 6 digits that your app shows now, "
                      "or one of your recovery codes. Each code works only once.")
WRONG_PASSWORD = _l("This is not your password. Try again.")


class TwoFactorError(DomainError):
    """A code or password that does not work, or a set-up that cannot be done now."""


class LoginExpired(TwoFactorError):
    """The half-done log-in waited too long for its code."""


def check_setting(value: str) -> str:
    """The TWO_FACTOR_FOR_STAFF value, or ValueError for one that means nothing."""
    if value not in SETTINGS:
        raise ValueError(f"TWO_FACTOR_FOR_STAFF must be one of {', '.join(SETTINGS)}, "
                         f"not {value!r}")
    return value


def required_for_staff() -> bool:
    return current_app.config["TWO_FACTOR_FOR_STAFF"] == REQUIRED


def is_staff(user: User) -> bool:
    """Managers and admins. people.roles keeps User.role at the highest role of the user's
    memberships, so whoever manages any neighbourhood is a manager here, at no query."""
    return user.role in STAFF


def settings_for(user: User) -> TwoFactor | None:
    """The user's authenticator app, or None when two-step log-in is off."""
    if not has_request_context():
        return db.session.get(TwoFactor, user.id)
    # Asked before the page and by the page: look up once a request (also when it is off).
    known = g.setdefault("two_factor", {})
    if user.id not in known:
        known[user.id] = db.session.get(TwoFactor, user.id)
    return known[user.id]


def _remember(user: User, two_factor: TwoFactor | None) -> None:
    if has_request_context():
        g.setdefault("two_factor", {})[user.id] = two_factor


def is_on(user: User) -> bool:
    return settings_for(user) is not None


def must_set_up(user: User) -> bool:
    """Does the site require two-step log-in of this user, who has not set it up yet?"""
    return required_for_staff() and is_staff(user) and not is_on(user)


# --- setting up ---------------------------------------------------------------------------

def new_secret() -> str:
    return pyotp.random_base32()


def setup_secret(store, user: User) -> str:
    """The secret that the set-up page shows this user, kept in the session (`store`)
    until they confirm it, so that reloading the page shows the same QR code.

    The session is a signed cookie the browser can read: what it holds is the secret the
    page shows in plain text anyway, bound to this user, and it is gone once confirmed
    (or at log-out)."""
    kept = store.get(SETUP_KEY) or {}
    if kept.get("user") != user.get_id() or not kept.get("secret"):
        kept = store[SETUP_KEY] = {"user": user.get_id(), "secret": new_secret()}
    return kept["secret"]


def end_setup(store) -> None:
    store.pop(SETUP_KEY, None)


def grouped(secret: str) -> str:
    """The secret in groups of four, as it is easiest to type into an app."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def setup_link(user: User, secret: str) -> str:
    """The otpauth:// link that the QR code holds: the app reads the secret from it."""
    name = user.email or user.username or str(user.id)
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def _matching_step(secret: str, code: str | None, now: datetime,
                   after: int | None = None) -> int | None:
    """The time step whose code this is (within the window), later than `after`; None
    when it matches none."""
    typed = re.sub(r"\s", "", code or "")
    if not re.fullmatch(r"\d{6}", typed):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now.replace(tzinfo=timezone.utc))
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Compare every step, used or not, so the time taken says nothing.
        if pyotp.utils.strings_equal(typed, totp.generate_otp(step)) \
                and (after is None or step > after):
            found = step
    return found


def enable(user: User, secret: str, code: str | None, now: datetime) -> list[str]:
    """Turn two-step log-in on with the secret the user's app got, once a code from the
    app proves it has it; return the new recovery codes (shown once, kept only hashed)."""
    if is_on(user):
        raise TwoFactorError(_l("Two-step log-in is on already."))
    step = _matching_step(secret, code, now)
    if step is None:
        raise TwoFactorError(WRONG_CODE, "code")
    two_factor = TwoFactor(user_id=user.id, secret=secret, enabled_at=now, last_step=step)
    try:
        with db.session.begin_nested():   # the same form sent twice at once
            db.session.add(two_factor)
    except IntegrityError as exc:
        raise TwoFactorError(_l("Two-step log-in is on already.")) from exc
    _remember(user, two_factor)
    return new_recovery_codes(user, now)


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def format_recovery_code(code: str) -> str:
    half = RECOVERY_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_recovery_code(code: str | None) -> str:
    """Read a recovery code as typed: any case, with or without the dash or spaces."""
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def new_recovery_codes(user: User, now: datetime) -> list[str]:
    """Replace the user's recovery codes with new ones; return them, for showing once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=accounts.hash_password(code),
                                    created_at=now) for code in codes)
    db.session.flush()
    return [format_recovery_code(code) for code in codes]


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


# --- checking a code ----------------------------------------------------------------------

def _use_app_code(two_factor: TwoFactor, code: str, now: datetime) -> bool:
    step = _matching_step(two_factor.secret, code, now, after=two_factor.last_step)
    if step is None:
        return False
    # The conditional UPDATE makes each code single-use, also with two log-ins at once.
    used = db.session.execute(
        update(TwoFactor).where(TwoFactor.user_id == two_factor.user_id,
                                or_(TwoFactor.last_step.is_(None),
                                    TwoFactor.last_step < step))
        .values(last_step=step))
    return used.rowcount == 1


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    typed = normalise_recovery_code(code)
    if len(typed) != RECOVERY_LENGTH:
        return False
    unused = db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    match = next((c for c in unused if check_password_hash(c.code_hash, typed)), None)
    if match is None:
        return False
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.id == match.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now))
    return used.rowcount == 1


def check_code(user: User, code: str | None, now: datetime, *,
               recovery: bool = True) -> str:
    """Accept a code from the user's app (or, with `recovery`, one of their recovery
    codes) once; return "app" or "recovery". Raises TwoFactorError for any other code."""
    two_factor = settings_for(user)
    if two_factor is None:
        raise TwoFactorError(_l("Two-step log-in is off."))
    if _use_app_code(two_factor, code or "", now):
        return "app"
    if recovery and _use_recovery_code(user, code or "", now):
        return "recovery"
    raise TwoFactorError(WRONG_LOGIN_CODE if recovery else WRONG_CODE, "code")


def replace_recovery_codes(user: User, code: str | None, now: datetime) -> list[str]:
    """New recovery codes for a code from the app or a recovery code; the old ones stop."""
    check_code(user, code, now)
    return new_recovery_codes(user, now)


def disable(user: User, password: str | None, code: str | None, now: datetime) -> None:
    """Turn two-step log-in off: it takes the account's password and a code."""
    if not check_password_hash(user.password_hash, password or ""):
        raise TwoFactorError(WRONG_PASSWORD, "password")
    check_code(user, code, now)
    _remove(user)


def reset(user: User) -> bool:
    """Turn two-step log-in off for someone who lost both their phone and their recovery
    codes (an operator does this, after checking who asks), and end their sessions.
    Return whether it was on."""
    was_on = db.session.get(TwoFactor, user.id) is not None
    _remove(user)
    accounts.end_sessions(user)
    return was_on


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    _remember(user, None)


# --- the half-done log-in -----------------------------------------------------------------
# Between a correct password and the code the user is not logged in: the session (a signed
# cookie, so it cannot be made up) holds who it is, since when, and where they go next.

@dataclass
class HalfDoneLogin:
    user: User
    next: str | None
    card_id: int | None   # a login card whose code is used when the log-in completes


def start_login(store, user: User, *, next: str | None = None,
                card_id: int | None = None) -> None:
    """Remember in the session (`store`) that this user gave their password."""
    store[SESSION_KEY] = {"user": user.get_id(), "since": clock.now().isoformat(),
                          "next": next, "card": card_id}


def half_done_login(store) -> HalfDoneLogin | None:
    """The half-done log-in in this session, or None. Raises LoginExpired (and forgets it)
    when it waited too long for its code."""
    data = store.get(SESSION_KEY)
    if not data:
        return None
    try:
        since = datetime.fromisoformat(data["since"])
        user_id, _, version = data["user"].partition(":")
        user = db.session.get(User, int(user_id))
    except (KeyError, TypeError, ValueError):
        end_login(store)
        return None
    if not since <= clock.now() < since + HALF_DONE_FOR:
        end_login(store)
        raise LoginExpired(_l("That took more than %(minutes)d minutes. For your safety, log "
                              "in again.", minutes=HALF_DONE_FOR.seconds // 60))
    # Sessions ended since the password was typed (a new password elsewhere) end this too.
    if user is None or str(user.session_version) != (version or "0"):
        end_login(store)
        return None
    return HalfDoneLogin(user=user, next=data.get("next"), card_id=data.get("card"))


def end_login(store) -> None:
    store.pop(SESSION_KEY, None)
