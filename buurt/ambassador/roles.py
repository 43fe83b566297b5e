"""Who may onboard where: ambassadors and managers serve neighbourhoods; managers appoint
and dismiss the ambassadors of theirs and see their team."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.moderation import managers
from buurt.people import accounts, neighbourhoods, roles as people_roles
from buurt.people.models import Membership, Neighbourhood, Role, User

# "Not looked up yet", where None (all neighbourhoods) is a meaningful answer: callers that
# looked up served_neighbourhood_ids or managed_neighbourhood_ids once pass it on.
UNKNOWN = object()


class OnboardingError(ValueError):
    """A step that is refused; str() is a message for the person."""


def served_neighbourhood_ids(user) -> set[int] | None:
    """Where a user may onboard neighbours: as ambassador or manager; None means all."""
    return neighbourhoods.held_by(user, (Role.AMBASSADOR, Role.MANAGER))


def can_onboard(user, neighbourhood_id: int | None = None) -> bool:
    """May the user use the onboarding tools (in this neighbourhood, when one is given)?"""
    served = served_neighbourhood_ids(user)
    if served is None:
        return True
    return bool(served) if neighbourhood_id is None else neighbourhood_id in served


def served_neighbourhoods(user, served=UNKNOWN) -> list[Neighbourhood]:
    if served is UNKNOWN:
        served = served_neighbourhood_ids(user)
    return neighbourhoods.among(served)


def can_appoint(user, managed=UNKNOWN) -> bool:
    """Managers (and admins) appoint ambassadors for the neighbourhoods they manage."""
    if managed is UNKNOWN:
        managed = managers.managed_neighbourhood_ids(user)
    return managed != set()


def managed_neighbourhoods(user, managed=UNKNOWN) -> list[Neighbourhood]:
    if managed is UNKNOWN:
        managed = managers.managed_neighbourhood_ids(user)
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
    if not managers.can_moderate(manager, neighbourhood.id):
        raise PermissionError
    if user.is_suspended(clock.now()):
        raise OnboardingError(_l("This resident is suspended and cannot be an ambassador now."))
    if people_roles.holds(user, neighbourhood, Role.AMBASSADOR):
        raise OnboardingError(_l("%(name)s is an ambassador for %(neighbourhood)s already.",
                                 name=user.display_name, neighbourhood=neighbourhood.name))
    return people_roles.appoint(user, neighbourhood, Role.AMBASSADOR)


def dismiss(manager: User, user: User, neighbourhood: Neighbourhood) -> None:
    """End an ambassadorship; with none left the ambassador is a resident again."""
    if not managers.can_moderate(manager, neighbourhood.id):
        raise PermissionError
    if not people_roles.holds(user, neighbourhood, Role.AMBASSADOR):
        raise OnboardingError(_l("%(name)s is not an ambassador here.", name=user.display_name))
    people_roles.dismiss(user, neighbourhood, Role.AMBASSADOR)


@dataclass
class TeamMember:
    user: User
    neighbourhoods: list = field(default_factory=list)
    onboarded: int = 0


def team(manager: User, *, older: str | None = None, newer: str | None = None,
         size: int = 20, managed=UNKNOWN) -> pagination.Page:
    """The ambassadors of the manager's neighbourhoods, newest accounts first, each with
    their neighbourhoods there and how many neighbours they brought in."""
    if managed is UNKNOWN:
        managed = managers.managed_neighbourhood_ids(manager)
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
