"""Who holds which role: the one place that appoints, dismisses and recomputes a role.

A user's memberships say what they are where (manager or ambassador of a neighbourhood);
`User.role` is the highest of them, kept for the checks that need no neighbourhood (the
header, the admin pages). Only this module writes it, so the two cannot drift apart. An
admin stays an admin whatever their memberships.
"""
from sqlalchemy import delete, select

from buurt.core.extensions import db
from buurt.people.models import Membership, Neighbourhood, Role, User


def holds(user: User, neighbourhood: Neighbourhood, role: str) -> bool:
    return db.session.get(Membership, (user.id, neighbourhood.id, role)) is not None


def appoint(user: User, neighbourhood: Neighbourhood, role: str) -> Membership:
    """Give the user `role` (manager or ambassador) in the neighbourhood. The caller has
    checked that they do not hold it there yet and may be appointed."""
    membership = Membership(user_id=user.id, neighbourhood_id=neighbourhood.id, role=role)
    db.session.add(membership)
    db.session.flush()
    recompute(user)
    return membership


def dismiss(user: User, neighbourhood: Neighbourhood, role: str) -> None:
    """End the user's `role` in the neighbourhood, if they hold it there."""
    membership = db.session.get(Membership, (user.id, neighbourhood.id, role))
    if membership is not None:
        db.session.delete(membership)
        db.session.flush()
    recompute(user)


def recompute(user: User) -> str:
    """Set `User.role` from the memberships: manager anywhere, else ambassador anywhere,
    else resident; an admin stays an admin."""
    if user.role != Role.ADMIN:
        held = set(db.session.scalars(select(Membership.role).where(
            Membership.user_id == user.id)))
        user.role = (Role.MANAGER if Role.MANAGER in held
                     else Role.AMBASSADOR if Role.AMBASSADOR in held else Role.RESIDENT)
        db.session.flush()
    return user.role


def end_every_role(user: User) -> None:
    """End every membership of a deleted account: it is a resident of its neighbourhood
    only, and that holds for an admin too (buurt.people.deletion)."""
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    user.role = Role.RESIDENT
    db.session.flush()
