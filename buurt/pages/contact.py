"""Who a resident can turn to: the community managers and ambassadors per neighbourhood."""
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from buurt.core.extensions import db
from buurt.people.models import Membership, Neighbourhood, Role, User


@dataclass
class Team:
    """One neighbourhood and the display names of the people who serve it (never more
    than the names: the contact page is public)."""

    neighbourhood: Neighbourhood
    managers: list[str] = field(default_factory=list)
    ambassadors: list[str] = field(default_factory=list)


def teams(neighbourhood_id: int | None = None) -> list[Team]:
    """The managers and ambassadors of one neighbourhood, or of every neighbourhood (by
    name) when none is given; in one statement, whatever the number of neighbourhoods."""
    stmt = (select(Neighbourhood, Membership.role, User.display_name)
            .outerjoin(Membership, and_(
                Membership.neighbourhood_id == Neighbourhood.id,
                Membership.role.in_((Role.MANAGER, Role.AMBASSADOR))))
            .outerjoin(User, User.id == Membership.user_id)
            .order_by(Neighbourhood.name, Neighbourhood.id, User.display_name, User.id))
    if neighbourhood_id is not None:
        stmt = stmt.where(Neighbourhood.id == neighbourhood_id)
    found: dict[int, Team] = {}
    for neighbourhood, role, name in db.session.execute(stmt):
        team = found.setdefault(neighbourhood.id, Team(neighbourhood))
        if name is None:
            continue
        (team.managers if role == Role.MANAGER else team.ambassadors).append(name)
    return list(found.values())
