"""Onboarding by ambassadors: who may onboard where, events with a sign-up link and QR code,
assisted sign-ups with a login card, "my neighbours" and their first steps, approving their
first posts, and posting a request on a neighbour's behalf."""
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import segno
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash

from buurt.ambassador.models import LoginCard, OnBehalfPost, Onboarding, OnboardingEvent
from buurt.core import clock, pagination, settings
from buurt.core.extensions import db
from buurt.market.models import Response, ResponseState
from buurt.moderation import services as moderation
from buurt.moderation.models import CaseSource, CaseState, Decision, ModerationCase
from buurt.notifications import mail, notify
from buurt.people import accounts, neighbourhoods, privacy
from buurt.people.models import Membership, Neighbourhood, Role, User
from buurt.posts import services as posts
from buurt.posts.models import Post, PostState, Request

# Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# An event's sign-up link: 31^10 links, too many to guess, few enough to type.
TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 10
# Only the newest cards of an account are tried at log-in; older ones are closed anyway.
CARDS_TRIED = 5
# Events on the sign-up form: from a week ago on, so today's is always there.
RECENT_EVENT_DAYS = 7
# "Not looked up yet", where None (all neighbourhoods) is a meaningful answer: callers that
# looked up served_neighbourhood_ids or managed_neighbourhood_ids once pass it on.
_UNKNOWN = object()


class OnboardingError(ValueError):
    """A step that is refused; str() is a message for the person."""


class CardUsed(OnboardingError):
    """The code on the login card worked once already."""


class CardExpired(OnboardingError):
    """The code on the login card is past its date."""


# --- who may onboard where -------------------------------------------------------------

def served_neighbourhood_ids(user) -> set[int] | None:
    """Where a user may onboard neighbours: as ambassador or manager; None means all."""
    return neighbourhoods.held_by(user, (Role.AMBASSADOR, Role.MANAGER))


def can_onboard(user, neighbourhood_id: int | None = None) -> bool:
    """May the user use the onboarding tools (in this neighbourhood, when one is given)?"""
    served = served_neighbourhood_ids(user)
    if served is None:
        return True
    return bool(served) if neighbourhood_id is None else neighbourhood_id in served


def served_neighbourhoods(user, served=_UNKNOWN) -> list[Neighbourhood]:
    if served is _UNKNOWN:
        served = served_neighbourhood_ids(user)
    return neighbourhoods.among(served)


def can_appoint(user, managed=_UNKNOWN) -> bool:
    """Managers (and admins) appoint ambassadors for the neighbourhoods they manage."""
    if managed is _UNKNOWN:
        managed = moderation.managed_neighbourhood_ids(user)
    return managed != set()


def managed_neighbourhoods(user, managed=_UNKNOWN) -> list[Neighbourhood]:
    if managed is _UNKNOWN:
        managed = moderation.managed_neighbourhood_ids(user)
    return neighbourhoods.among(managed)


def find_account(login: str | None) -> User | None:
    """The account with this e-mail address or login-card username."""
    name = accounts.normalise_email(login)
    if not name:
        return None
    return db.session.scalar(select(User).where(or_(User.email == name,
                                                    User.username == name)))


def appoint(manager: User, user: User, neighbourhood: Neighbourhood) -> Membership:
    """Make a resident an ambassador for a neighbourhood the manager manages."""
    if not moderation.can_moderate(manager, neighbourhood.id):
        raise PermissionError
    if user.is_suspended(clock.now()):
        raise OnboardingError(_l("This resident is suspended and cannot be an ambassador now."))
    if db.session.get(Membership, (user.id, neighbourhood.id, Role.AMBASSADOR)) is not None:
        raise OnboardingError(_l("%(name)s is an ambassador for %(neighbourhood)s already.",
                                 name=user.display_name, neighbourhood=neighbourhood.name))
    membership = Membership(user_id=user.id, neighbourhood_id=neighbourhood.id,
                            role=Role.AMBASSADOR)
    db.session.add(membership)
    if user.role == Role.RESIDENT:
        user.role = Role.AMBASSADOR
    db.session.flush()
    return membership


def dismiss(manager: User, user: User, neighbourhood: Neighbourhood) -> None:
    """End an ambassadorship; with none left the ambassador is a resident again."""
    if not moderation.can_moderate(manager, neighbourhood.id):
        raise PermissionError
    membership = db.session.get(Membership, (user.id, neighbourhood.id, Role.AMBASSADOR))
    if membership is None:
        raise OnboardingError(_l("%(name)s is not an ambassador here.", name=user.display_name))
    db.session.delete(membership)
    db.session.flush()
    others = db.session.scalar(select(func.count()).select_from(Membership).filter_by(
        user_id=user.id, role=Role.AMBASSADOR))
    if not others and user.role == Role.AMBASSADOR:
        user.role = Role.RESIDENT
    db.session.flush()


@dataclass
class TeamMember:
    user: User
    neighbourhoods: list = field(default_factory=list)
    onboarded: int = 0


def team(manager: User, *, older: str | None = None, newer: str | None = None,
         size: int = 20, managed=_UNKNOWN) -> pagination.Page:
    """The ambassadors of the manager's neighbourhoods, newest accounts first, each with
    their neighbourhoods there and how many neighbours they brought in."""
    if managed is _UNKNOWN:
        managed = moderation.managed_neighbourhood_ids(manager)
    members = select(Membership.user_id).where(Membership.role == Role.AMBASSADOR)
    if managed is not None:
        members = members.where(Membership.neighbourhood_id.in_(managed))
    page = pagination.keyset(select(User).where(User.id.in_(members)), User.created_at,
                             User.id, size=size, older=older, newer=newer)
    ids = [user.id for user in page.items]
    rows = {user.id: TeamMember(user) for user in page.items}
    if ids:
        stmt = (select(Membership).where(Membership.user_id.in_(ids),
                                         Membership.role == Role.AMBASSADOR)
                .options(joinedload(Membership.neighbourhood)))
        if managed is not None:
            stmt = stmt.where(Membership.neighbourhood_id.in_(managed))
        for membership in db.session.scalars(stmt):
            rows[membership.user_id].neighbourhoods.append(membership.neighbourhood)
        for user_id, n in db.session.execute(
                select(User.onboarded_by_id, func.count(User.id))
                .where(User.onboarded_by_id.in_(ids)).group_by(User.onboarded_by_id)):
            rows[user_id].onboarded = n
    page.items = [rows[i] for i in ids]
    return page


# --- events and their sign-up link ------------------------------------------------------

def create_event(ambassador: User, *, name: str, day: date, place: str,
                 neighbourhood: Neighbourhood) -> OnboardingEvent:
    """Plan an event where the ambassador signs neighbours up; it gets its own link."""
    if not can_onboard(ambassador, neighbourhood.id):
        raise PermissionError
    event = OnboardingEvent(ambassador_id=ambassador.id, neighbourhood_id=neighbourhood.id,
                            name=name.strip(), day=day, place=place.strip(),
                            token=_new_token())
    db.session.add(event)
    db.session.flush()
    return event


def _new_token() -> str:
    # Short and lower-case: someone without a camera types the link from paper.
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def can_see_event(user, event: OnboardingEvent) -> bool:
    """The event's ambassador, and the managers of its neighbourhood."""
    if user.id == event.ambassador_id and can_onboard(user, event.neighbourhood_id):
        return True
    return moderation.can_moderate(user, event.neighbourhood_id)


def get_event(event_id: int) -> OnboardingEvent | None:
    return db.session.scalar(select(OnboardingEvent).where(OnboardingEvent.id == event_id)
                             .options(joinedload(OnboardingEvent.neighbourhood),
                                      joinedload(OnboardingEvent.ambassador)))


def events_page(user, *, older: str | None = None, newer: str | None = None,
                size: int = 20) -> pagination.Page:
    """The user's own events and, for a manager, those in their neighbourhoods; newest
    first, each with `signups`: how many neighbours came in through it."""
    managed = moderation.managed_neighbourhood_ids(user)
    stmt = select(OnboardingEvent).options(joinedload(OnboardingEvent.neighbourhood),
                                           joinedload(OnboardingEvent.ambassador))
    if managed is not None:
        stmt = stmt.where(or_(OnboardingEvent.ambassador_id == user.id,
                              OnboardingEvent.neighbourhood_id.in_(managed)))
    page = pagination.keyset(stmt, OnboardingEvent.created_at, OnboardingEvent.id,
                             size=size, older=older, newer=newer)
    counts = signup_counts([event.id for event in page.items])
    for event in page.items:
        event.signups = counts.get(event.id, 0)
    return page


def signup_counts(event_ids) -> dict[int, int]:
    if not event_ids:
        return {}
    return dict(db.session.execute(
        select(Onboarding.event_id, func.count(Onboarding.user_id))
        .where(Onboarding.event_id.in_(event_ids)).group_by(Onboarding.event_id)).all())


def recent_events(ambassador: User) -> list[OnboardingEvent]:
    """The ambassador's events from a week ago on, for the sign-up form; today's first."""
    since = clock.today() - timedelta(days=RECENT_EVENT_DAYS)
    events = list(db.session.scalars(
        select(OnboardingEvent).where(OnboardingEvent.ambassador_id == ambassador.id,
                                      OnboardingEvent.day >= since)
        .order_by(OnboardingEvent.day.desc(), OnboardingEvent.id.desc()).limit(20)))
    today = clock.today()
    return sorted(events, key=lambda e: (e.day != today, e.day < today, abs((e.day - today).days)))


def event_for_signup(token: str | None) -> OnboardingEvent | None:
    """The event behind a sign-up link, if its ambassador may still onboard there."""
    if not token or len(token) > 32:
        return None
    event = db.session.scalar(select(OnboardingEvent).filter_by(token=token)
                              .options(joinedload(OnboardingEvent.ambassador)))
    if event is None or event.ambassador is None \
            or not can_onboard(event.ambassador, event.neighbourhood_id):
        return None
    return event


def signup_link(event: OnboardingEvent) -> str:
    """The full sign-up link of an event, on the site's public address (it gets printed)."""
    return mail.absolute_url("auth.signup", event=event.token)


def login_link() -> str:
    return mail.absolute_url("auth.login")


def qr_svg(link: str, title: str) -> Markup:
    """The link as a QR code in inline SVG that scales to its box (no image file)."""
    code = segno.make(link, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None,
                          title=title)
    # A screen reader hears the title instead of the drawing.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def credit_signup(user: User, event: OnboardingEvent) -> Onboarding:
    """Record that a neighbour signed up through an event's link, for its ambassador."""
    user.onboarded_by_id = event.ambassador_id
    onboarding = Onboarding(user=user, event_id=event.id, assisted=False)
    db.session.add(onboarding)
    db.session.flush()
    return onboarding


# --- assisted sign-up and login cards ---------------------------------------------------

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
    return Card(user=user, login=user.email or user.username, code=code,
                expires_at=card.expires_at)


def may_issue_card(user: User, neighbour: User, served=_UNKNOWN) -> bool:
    """May the user hand this neighbour a new login card? The ambassador who brought them
    in (while serving their neighbourhood), and the managers of that neighbourhood (and
    admins). Never for oneself, and never for a manager's or admin's account: a card gives
    whoever makes it the account for a moment."""
    if neighbour.id == user.id:
        return False
    if neighbour.role not in (Role.RESIDENT, Role.AMBASSADOR) and not user.is_admin:
        return False
    return may_follow(user, neighbour, served) or moderation.can_moderate(
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


def new_card(by: User, neighbour: User, served=_UNKNOWN) -> Card:
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


def card_login(login: str, code: str) -> User | None:
    """Log in with a login card's code, once; None when nothing matches.

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
    now = clock.now()
    if card.used_at is not None or not user.must_choose_password:
        raise CardUsed(_l("This code has been used already. Log in with the password you "
                          "chose. Did you not choose one? Ask your ambassador for a new card."))
    if card.expires_at <= now:
        raise CardExpired(_l("The code on this card has expired. Ask your ambassador for a "
                             "new card."))
    # The conditional UPDATE makes the code single-use, also with two log-ins at once.
    used = db.session.execute(
        update(LoginCard).where(LoginCard.id == card.id, LoginCard.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        raise CardUsed(_l("This code has been used already. Log in with the password you "
                          "chose. Did you not choose one? Ask your ambassador for a new card."))
    return user


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


# --- my neighbours ----------------------------------------------------------------------

def may_follow(ambassador: User, neighbour: User, served=_UNKNOWN) -> bool:
    """Only the one who brought a neighbour in follows them, while serving their
    neighbourhood (`served`: served_neighbourhood_ids, when the caller has it)."""
    if neighbour.onboarded_by_id != ambassador.id:
        return False
    if served is _UNKNOWN:
        served = served_neighbourhood_ids(ambassador)
    return served is None or neighbour.neighbourhood_id in served


@dataclass
class FirstSteps:
    """What an ambassador may know of a neighbour they brought in: no messages, no
    e-mail address, nothing else private."""

    user: User
    onboarding: Onboarding | None = None
    posts: int = 0
    matched: bool = False
    helped: bool = False
    held: list = field(default_factory=list)   # (case, post) the ambassador may approve
    placed: list = field(default_factory=list)  # open requests the ambassador placed for them

    @property
    def came_back(self) -> bool:
        return bool(self.onboarding and self.onboarding.came_back)


def my_neighbours(ambassador: User, *, older: str | None = None, newer: str | None = None,
                  size: int = 20, served=_UNKNOWN) -> pagination.Page:
    """The neighbours the ambassador onboarded, newest first, with their first steps; a
    fixed number of statements whatever the number of neighbours."""
    page = pagination.keyset(select(User).where(User.onboarded_by_id == ambassador.id),
                             User.created_at, User.id, size=size, older=older, newer=newer)
    steps = {user.id: FirstSteps(user) for user in page.items}
    ids = list(steps)
    if ids:
        for onboarding in db.session.scalars(
                select(Onboarding).where(Onboarding.user_id.in_(ids))
                .options(joinedload(Onboarding.event))):
            steps[onboarding.user_id].onboarding = onboarding
        # Matched: a neighbour reacted to their post, or they reacted and were accepted.
        for author_id, n, reactions in db.session.execute(
                select(Post.author_id, func.count(func.distinct(Post.id)),
                       func.count(Response.id))
                .outerjoin(Response, Response.post_id == Post.id)
                .where(Post.author_id.in_(ids)).group_by(Post.author_id)):
            steps[author_id].posts = n
            steps[author_id].matched = reactions > 0
        for responder_id, state in db.session.execute(
                select(Response.responder_id, Response.state)
                .where(Response.responder_id.in_(ids),
                       Response.state.in_((ResponseState.ACCEPTED, ResponseState.DONE)))
                .group_by(Response.responder_id, Response.state)):
            steps[responder_id].matched = True
            if state == ResponseState.DONE:
                steps[responder_id].helped = True
        if served is _UNKNOWN:
            served = served_neighbourhood_ids(ambassador)
        held, placed = _held_and_placed(ambassador, ids)
        for case, post, written_by in held:
            if can_approve(ambassador, case, post=post, neighbour=steps[case.author_id].user,
                           written_by=written_by, served=served):
                steps[case.author_id].held.append((case, post))
        for post in placed:
            steps[post.author_id].placed.append(post)
    page.items = [steps[i] for i in ids]
    return page


# A request placed for a neighbour is listed under them while it is online or waiting.
_PLACED_STATES = (PostState.PUBLISHED, PostState.PENDING, PostState.NEEDS_CLARIFICATION)


def _held_and_placed(ambassador: User, author_ids):
    """In one statement: the held first posts of these neighbours (as held_first_posts
    gives them) and the requests the ambassador placed for them that are online or
    waiting, newest first: the way back to their page and its reactions."""
    open_case = and_(ModerationCase.target_type == "post",
                     ModerationCase.target_id == Post.id,
                     ModerationCase.author_id == Post.author_id,
                     ModerationCase.state == CaseState.OPEN,
                     ModerationCase.source == CaseSource.NEW_MEMBER)
    rows = db.session.execute(
        select(ModerationCase, Post, OnBehalfPost.ambassador_id)
        .select_from(Post)
        .outerjoin(ModerationCase, open_case)
        .outerjoin(OnBehalfPost, OnBehalfPost.post_id == Post.id)
        .where(Post.author_id.in_(author_ids),
               or_(ModerationCase.id.is_not(None),
                   and_(OnBehalfPost.ambassador_id == ambassador.id,
                        Post.state.in_(_PLACED_STATES))))
        .order_by(Post.created_at.desc(), Post.id.desc())).all()
    held = sorted(((case, post, written_by) for case, post, written_by in rows
                   if case is not None), key=lambda row: (row[0].opened_at, row[0].id))
    placed, seen = [], set()
    for _case, post, written_by in rows:
        if written_by == ambassador.id and post.state in _PLACED_STATES \
                and post.id not in seen:
            seen.add(post.id)
            placed.append(post)
    return held, placed


def held_first_posts(author_ids) -> list[tuple[ModerationCase, Post, int | None]]:
    """Open cases that hold a new member's first post, with the post and who wrote it on
    the member's behalf (an ambassador's id, or None)."""
    rows = db.session.execute(
        select(ModerationCase, Post, OnBehalfPost.ambassador_id)
        .join(Post, and_(ModerationCase.target_type == "post",
                         Post.id == ModerationCase.target_id))
        .outerjoin(OnBehalfPost, OnBehalfPost.post_id == Post.id)
        .where(ModerationCase.author_id.in_(author_ids),
               ModerationCase.state == CaseState.OPEN,
               ModerationCase.source == CaseSource.NEW_MEMBER)
        .order_by(ModerationCase.opened_at, ModerationCase.id)).all()
    return [tuple(row) for row in rows]


def can_approve(ambassador: User, case: ModerationCase, *, post: Post | None = None,
                neighbour: User | None = None, written_by=_UNKNOWN,
                served=_UNKNOWN) -> bool:
    """May the ambassador approve this held post? Only a first post held for being new
    (screening found nothing to hold for), by a neighbour they onboarded, and not one they
    wrote themselves on the neighbour's behalf."""
    if case.state != CaseState.OPEN or case.source != CaseSource.NEW_MEMBER \
            or case.target_type != "post" or case.author_id is None:
        return False
    if case.claimed_by_id not in (None, ambassador.id):
        return False
    if moderation.explain(moderation.reasons_of(case)).categories - {"vague"}:
        return False
    neighbour = neighbour or db.session.get(User, case.author_id)
    if neighbour is None or neighbour.id == ambassador.id \
            or not may_follow(ambassador, neighbour, served):
        return False
    post = post or db.session.get(Post, case.target_id)
    if post is None or post.state != PostState.PENDING:
        return False
    if written_by is _UNKNOWN:
        written_by = db.session.scalar(select(OnBehalfPost.ambassador_id)
                                       .filter_by(post_id=post.id))
    return written_by != ambassador.id


def approve_first_post(ambassador: User, case: ModerationCase) -> None:
    """Approve a held first post through the moderation decision, so the log and the
    notifications are the managers' own."""
    if not can_approve(ambassador, case):
        raise PermissionError
    try:
        moderation.decide(case, ambassador, Decision.APPROVE)
    except moderation.ModerationError as error:
        raise OnboardingError(str(error)) from None


# --- posting on a neighbour's behalf ----------------------------------------------------

def post_request_for(ambassador: User, neighbour: User, *, consent: bool,
                     **fields) -> Request:
    """Post a request with the neighbour as its author, as every request is posted, and
    record who wrote it on whose behalf and when. The neighbour hears of it, in the app
    and (as they chose) by e-mail, also while it waits for a manager."""
    if not may_follow(ambassador, neighbour):
        raise PermissionError
    if not consent:
        raise OnboardingError(_l("Ask your neighbour first. Without their consent you "
                                 "cannot post for them."))
    request = posts.create_request(neighbour, placed_by=ambassador, **fields)
    notify.notify(neighbour, notify.Kind.ON_BEHALF, post=request, actor=ambassador)
    return request
