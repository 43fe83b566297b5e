"""Initiatives and organisations ("wie doet wat"): proposals, approval, who runs them."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select, update as sql_update
from sqlalchemy.orm import joinedload, selectinload

from buurt.core import clock, pagination, search
from buurt.core.extensions import db
from buurt.info.models import Initiative, InitiativeMember, InitiativeState, InitiativeTopic
from buurt.notifications import notify
from buurt.people import deletion
from buurt.people.models import Membership, Role, Topic, User

FIELDS = ("name", "description", "contact", "opening_hours")
# A manager's list of proposals, and a resident's own, show at most this many.
PROPOSALS_SHOWN = 50


class InitiativeError(ValueError):
    """A change to an initiative that is refused; str() is a message for the person."""


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} cannot be set on an initiative")
    cleaned = {k: (v or "").strip() for k, v in fields.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise InitiativeError(_l("Write the name of the initiative."))
    return cleaned


def propose(user: User, *, topics: list[Topic] = (), **fields) -> Initiative:
    """A resident proposes an initiative they run; it waits for a manager's approval."""
    cleaned = _clean(fields)
    if "name" not in cleaned:
        raise ValueError("name is required")
    initiative = Initiative(neighbourhood_id=user.neighbourhood_id, proposed_by_id=user.id,
                            state=InitiativeState.PROPOSED, **cleaned)
    initiative.topics = list(topics)
    initiative.members = [InitiativeMember(user_id=user.id)]
    db.session.add(initiative)
    db.session.flush()
    return initiative


def update(initiative: Initiative, *, topics: list[Topic] | None = None, **fields) -> None:
    """Change what the initiative says about itself (its runners or a manager)."""
    for name, value in _clean(fields).items():
        setattr(initiative, name, value)
    if topics is not None:
        initiative.topics = list(topics)
    db.session.flush()


def _decide(initiative: Initiative, manager: User, state: str, note: str | None) -> None:
    # One conditional UPDATE: of two managers deciding at once, only the first changes it.
    changed = db.session.execute(
        sql_update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.state == InitiativeState.PROPOSED)
        .values(state=state, decided_by_id=manager.id, decided_at=clock.now(),
                decision_note=note)
        .execution_options(synchronize_session=False, preserve_rowcount=True)).rowcount
    db.session.refresh(initiative)
    if not changed:
        raise InitiativeError(_l("A community manager has already decided on this."))
    search.refresh("initiative", [initiative.id])   # a bulk UPDATE: the flush never saw it
    proposer = initiative.proposed_by
    if proposer is not None and proposer.id != manager.id:
        kind = (notify.Kind.INITIATIVE_APPROVED if state == InitiativeState.APPROVED
                else notify.Kind.INITIATIVE_DECLINED)
        notify.notify(proposer, kind, actor=manager, subject_id=initiative.id,
                      note=initiative.name)


def approve(initiative: Initiative, manager: User) -> None:
    """Make a proposed initiative public, recording the manager who approved it."""
    _decide(initiative, manager, InitiativeState.APPROVED, None)


def decline(initiative: Initiative, manager: User, note: str | None = None) -> None:
    """Decline a proposal; the proposer sees the reason on its page."""
    _decide(initiative, manager, InitiativeState.DECLINED, (note or "").strip() or None)


def get(initiative_id: int) -> Initiative | None:
    """The initiative with its topics, runners and who decided on it, or None."""
    return db.session.scalar(
        select(Initiative).where(Initiative.id == initiative_id)
        .options(selectinload(Initiative.topics),
                 selectinload(Initiative.members).joinedload(InitiativeMember.user),
                 joinedload(Initiative.neighbourhood, innerjoin=True),
                 joinedload(Initiative.decided_by)))


def listing(*, neighbourhood_id: int | None = None, topic: Topic | None = None,
            after: str | None = None, before: str | None = None,
            size: int = 20) -> pagination.Page:
    """One page of approved initiatives by name, with their topics: two statements."""
    stmt = (select(Initiative).where(Initiative.state == InitiativeState.APPROVED)
            .options(joinedload(Initiative.neighbourhood, innerjoin=True),
                     selectinload(Initiative.topics)))
    if neighbourhood_id is not None:
        stmt = stmt.where(Initiative.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(exists().where(InitiativeTopic.initiative_id == Initiative.id,
                                         InitiativeTopic.topic_id == topic.id))
    return pagination.keyset_by(stmt, [Initiative.name, Initiative.id], size=size,
                                after=after, before=before)


def count_waiting(neighbourhood_ids=None) -> int:
    """How many proposed initiatives wait for a manager's approval: in these
    neighbourhoods, or everywhere with None (an admin). One statement."""
    if neighbourhood_ids is not None and not neighbourhood_ids:
        return 0
    stmt = select(func.count(Initiative.id)).where(
        Initiative.state == InitiativeState.PROPOSED)
    if neighbourhood_ids is not None:
        stmt = stmt.where(Initiative.neighbourhood_id.in_(neighbourhood_ids))
    return db.session.scalar(stmt) or 0


def waiting_for(user) -> list[Initiative]:
    """Proposals that wait: for a manager, those of their neighbourhoods; for a resident,
    their own proposals that wait or were declined. One statement."""
    if not (user and user.is_authenticated):
        return []
    own = (Initiative.state != InitiativeState.APPROVED) & exists().where(
        InitiativeMember.initiative_id == Initiative.id, InitiativeMember.user_id == user.id)
    proposed = Initiative.state == InitiativeState.PROPOSED
    if user.role != Role.ADMIN:   # an admin decides everywhere; a manager where they serve
        proposed = proposed & Initiative.neighbourhood_id.in_(
            select(Membership.neighbourhood_id).where(Membership.user_id == user.id,
                                                      Membership.role == Role.MANAGER))
    return list(db.session.scalars(
        select(Initiative).where(proposed | own)
        .order_by(Initiative.created_at, Initiative.id).limit(PROPOSALS_SHOWN)))


def run_by(user: User) -> list[Initiative]:
    """The approved initiatives the user runs (they may organise events for them)."""
    if not (user and user.is_authenticated):
        return []
    return list(db.session.scalars(
        select(Initiative).join(InitiativeMember, InitiativeMember.initiative_id == Initiative.id)
        .where(InitiativeMember.user_id == user.id,
               Initiative.state == InitiativeState.APPROVED)
        .order_by(Initiative.name, Initiative.id)))


def approved_in(neighbourhood_id: int, limit: int = 300) -> list[Initiative]:
    """The neighbourhood's approved initiatives by name (to choose who runs a place)."""
    return list(db.session.scalars(
        select(Initiative).where(Initiative.neighbourhood_id == neighbourhood_id,
                                 Initiative.state == InitiativeState.APPROVED)
        .order_by(Initiative.name, Initiative.id).limit(limit)))


def runner_candidates(initiative: Initiative, limit: int = 300) -> list[User]:
    """Residents who may be added as runners: in the people directory (they chose to be
    findable) and in the initiative's neighbourhood, and not running it yet."""
    return list(db.session.scalars(
        select(User).where(User.neighbourhood_id == initiative.neighbourhood_id,
                           User.in_directory.is_(True),
                           User.id.not_in(initiative.member_ids or {0}))
        .order_by(User.display_name, User.id).limit(limit)))


def add_runner(initiative: Initiative, person: User | None) -> None:
    """Add a resident from the people directory of the same neighbourhood as a runner."""
    if (person is None or not person.in_directory
            or person.neighbourhood_id != initiative.neighbourhood_id):
        raise InitiativeError(_l("Choose a neighbour from the list."))
    if person.id in initiative.member_ids:
        raise InitiativeError(_l("%(name)s runs this already.", name=person.display_name))
    initiative.members.append(InitiativeMember(user_id=person.id, user=person))
    db.session.flush()


def remove_runner(initiative: Initiative, user_id: int) -> None:
    """Take a resident off the runners; the last one stays (someone must run it)."""
    member = next((m for m in initiative.members if m.user_id == user_id), None)
    if member is None:
        raise InitiativeError(_l("This neighbour does not run it."))
    if len(initiative.members) == 1:
        raise InitiativeError(_l("Someone must run the initiative. Add another neighbour "
                                 "first."))
    initiative.members.remove(member)
    db.session.flush()


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): it runs no initiative any more, so
    no initiative's page lists it among the people who run it."""
    db.session.execute(delete(InitiativeMember).where(InitiativeMember.user_id == user.id))
    db.session.flush()


deletion.register("info.initiatives", end_for_deleted_account)
