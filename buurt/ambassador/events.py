"""Events where an ambassador signs neighbours up, each with its own sign-up link, and
the neighbours who came in through one."""
import secrets
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from buurt.ambassador.models import Onboarding, OnboardingEvent
from buurt.ambassador.roles import can_onboard
from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.moderation import managers
from buurt.people.models import Neighbourhood, User

# An event's sign-up link: 31^10 links, too many to guess, few enough to type.
TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 10
# Events on the sign-up form: from a week ago on, so today's is always there.
RECENT_EVENT_DAYS = 7


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
    return managers.can_moderate(user, event.neighbourhood_id)


def get_event(event_id: int) -> OnboardingEvent | None:
    return db.session.scalar(select(OnboardingEvent).where(OnboardingEvent.id == event_id)
                             .options(joinedload(OnboardingEvent.neighbourhood),
                                      joinedload(OnboardingEvent.ambassador)))


def events_page(user, *, older: str | None = None, newer: str | None = None,
                size: int = 20) -> pagination.Page:
    """The user's own events and, for a manager, those in their neighbourhoods; newest
    first, each with `signups`: how many neighbours came in through it."""
    managed = managers.managed_neighbourhood_ids(user)
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


def credit_signup(user: User, event: OnboardingEvent) -> Onboarding:
    """Record that a neighbour signed up through an event's link, for its ambassador."""
    user.onboarded_by_id = event.ambassador_id
    onboarding = Onboarding(user=user, event_id=event.id, assisted=False)
    db.session.add(onboarding)
    db.session.flush()
    return onboarding
