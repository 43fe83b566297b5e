"""Who moderates what: the neighbourhoods a manager manages (all of them for an admin),
whether they may decide a case, and the daily digest of what waits for them."""
from datetime import datetime

from sqlalchemy import func, select

from buurt.core.extensions import db
from buurt.info import initiatives
from buurt.moderation.models import CaseState, ModerationCase
from buurt.notifications import notify
from buurt.people import neighbourhoods
from buurt.people.models import Membership, Role, User


def managed_neighbourhood_ids(user) -> set[int] | None:
    """The neighbourhoods a user manages; None means all of them (an admin)."""
    return neighbourhoods.held_by(user, (Role.MANAGER,))


def can_moderate(user, neighbourhood_id: int) -> bool:
    managed = managed_neighbourhood_ids(user)
    return managed is None or neighbourhood_id in managed


def can_decide(user, case: ModerationCase) -> bool:
    """Managers of the case's neighbourhood and admins; never a manager on their own post
    (flags on a manager's own post go to another manager or an admin)."""
    if not can_moderate(user, case.neighbourhood_id):
        return False
    return user.role == Role.ADMIN or case.author_id != user.id


def notify_managers(now: datetime) -> int:
    """Once a day, tell each manager what waits in their queue and for how long, and how
    many proposed initiatives wait for their approval."""
    told = 0
    managers = db.session.scalars(
        select(User).where((User.role == Role.ADMIN)
                           | User.id.in_(select(Membership.user_id)
                                         .filter_by(role=Role.MANAGER)))).all()
    for manager in managers:
        managed = managed_neighbourhood_ids(manager)
        stmt = select(func.count(ModerationCase.id), func.min(ModerationCase.opened_at)).where(
            ModerationCase.state == CaseState.OPEN,
            (ModerationCase.author_id.is_(None)) | (ModerationCase.author_id != manager.id))
        if managed is not None:
            stmt = stmt.where(ModerationCase.neighbourhood_id.in_(managed))
        waiting, oldest = db.session.execute(stmt).one()
        proposals = initiatives.count_waiting(managed)
        sent = False
        if waiting:
            hours = int((now - oldest).total_seconds() // 3600)
            sent = bool(notify.notify(manager, notify.Kind.QUEUE_WAITING,
                                      note=f"{waiting}:{hours}",
                                      dedupe_key=f"queue:{now:%Y-%m-%d}"))
        if proposals:
            sent = bool(notify.notify(manager, notify.Kind.INITIATIVES_WAITING,
                                      note=str(proposals),
                                      dedupe_key=f"initiatives:{now:%Y-%m-%d}")) or sent
        told += sent
    return told
