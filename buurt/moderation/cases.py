"""Moderation cases: putting an item in the queue (or bringing its case back), a manager
claiming one, the item a case is about, and the log line every step writes."""
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from buurt.core import clock
from buurt.core.extensions import db
from buurt.ideas.models import Comment
from buurt.market.models import Message
from buurt.moderation.models import (CaseSource, CaseState, Decision, Flag, ModerationAction,
                                     ModerationCase)
from buurt.people.models import User
from buurt.posts.models import Post


class ModerationError(ValueError):
    """A moderation step that is refused; str() is a message for the person."""


def open_case(target_type: str, target_id: int, *, neighbourhood_id: int,
              author_id: int | None, source: str, reasons: str = "[]") -> ModerationCase:
    """Put an item in the queue, or bring its case back with the newest reasons."""
    case = db.session.scalar(select(ModerationCase).where(
        ModerationCase.target_type == target_type, ModerationCase.target_id == target_id,
        ModerationCase.state.in_((CaseState.OPEN, CaseState.WAITING))))
    if case is None:
        case = ModerationCase(target_type=target_type, target_id=target_id,
                              neighbourhood_id=neighbourhood_id, author_id=author_id,
                              source=source, reasons=reasons)
        db.session.add(case)
    else:
        case.state, case.reasons = CaseState.OPEN, reasons
        if source != case.source and case.source == CaseSource.SCREENING:
            case.source = source
    db.session.flush()
    log_action(case, None, f"queued:{source}", None)
    return case


def log_action(case: ModerationCase | None, actor: User | None, action: str, note: str | None,
               *, target: tuple[str, int] | None = None, neighbourhood_id: int | None = None):
    """Write one line of the moderation log; without a case (a word list, an account) the
    target and neighbourhood are given."""
    target_type, target_id = target or (case.target_type, case.target_id)
    db.session.add(ModerationAction(
        case_id=case.id if case else None, actor_id=actor.id if actor else None,
        neighbourhood_id=neighbourhood_id or (case.neighbourhood_id if case else None),
        action=action, target_type=target_type, target_id=target_id, note=note))


def reasons_of(case: ModerationCase) -> list[dict]:
    return json.loads(case.reasons or "[]")


def claim(case: ModerationCase, manager: User) -> None:
    """Take a case so no other manager handles it at the same time."""
    done = db.session.execute(
        update(ModerationCase)
        .where(ModerationCase.id == case.id,
               (ModerationCase.claimed_by_id.is_(None))
               | (ModerationCase.claimed_by_id == manager.id))
        .values(claimed_by_id=manager.id, claimed_at=clock.now())
        .execution_options(synchronize_session=False, preserve_rowcount=True)).rowcount
    db.session.refresh(case)
    if not done:
        raise ModerationError(_l("%(name)s is already handling this.",
                                 name=case.claimed_by.display_name))
    log_action(case, manager, "claim", None)


TARGET_MODELS = {"post": Post, "message": Message, "comment": Comment}


def target_of(case: ModerationCase):
    return db.session.get(TARGET_MODELS[case.target_type], case.target_id)


def open_case_for(target_type: str, target_id: int) -> ModerationCase | None:
    """The case that holds or held this item most recently (for the author's view)."""
    return db.session.scalar(select(ModerationCase).filter_by(
        target_type=target_type, target_id=target_id)
        .order_by(ModerationCase.opened_at.desc(), ModerationCase.id.desc()).limit(1))


def close_for_deleted_account(user: User) -> None:
    """When an account is deleted: the cases about its posts close (the posts closed with
    it, so nothing is left to decide, and approving one must not bring it back), and the
    cases it had taken on as a manager are free for the others again. Its reported
    messages and comments stay in the queue: the neighbours can still read them."""
    now = clock.now()
    for case in db.session.scalars(select(ModerationCase).where(
            ModerationCase.target_type == "post",
            ModerationCase.state.in_((CaseState.OPEN, CaseState.WAITING)),
            ModerationCase.target_id.in_(select(Post.id).where(Post.author_id == user.id)))):
        case.state, case.decision, case.decided_at = CaseState.DECIDED, Decision.DISMISS, now
        case.claimed_by_id = None
        log_action(case, None, "closed:account_deleted", None)
    db.session.execute(
        update(ModerationCase)
        .where(ModerationCase.claimed_by_id == user.id,
               ModerationCase.state.in_((CaseState.OPEN, CaseState.WAITING)))
        .values(claimed_by_id=None, claimed_at=None))
    db.session.flush()


# --- items that are gone for good -------------------------------------------------------------

# The log's line for an item removed because its time was over (the retention period).
RETENTION_REMOVED = "retention:removed"


def in_review(target_type: str):
    """The ids of the items of this type a case is still open or waiting for, as a
    subquery: they stay until a manager has decided."""
    return select(ModerationCase.target_id).where(
        ModerationCase.target_type == target_type,
        ModerationCase.state.in_((CaseState.OPEN, CaseState.WAITING)))


def forget(target_type: str, target_ids) -> int:
    """Items of this type (the ids, or a subquery of them) are removed for good, because
    their time is over: their flags and their decided cases go too, as nothing can point
    at an item that is gone (a new one may get its number). The log keeps every line it
    has, and gets one more per case that went. Returns how many cases went."""
    decided = db.session.scalars(select(ModerationCase).where(
        ModerationCase.target_type == target_type,
        ModerationCase.target_id.in_(target_ids),
        ModerationCase.state == CaseState.DECIDED)).all()
    for case in decided:
        log_action(None, None, RETENTION_REMOVED, None,
                   target=(case.target_type, case.target_id),
                   neighbourhood_id=case.neighbourhood_id)
    if decided:
        ids = [case.id for case in decided]
        db.session.execute(update(ModerationAction).where(ModerationAction.case_id.in_(ids))
                           .values(case_id=None).execution_options(synchronize_session=False))
        db.session.execute(delete(ModerationCase).where(ModerationCase.id.in_(ids)))
    db.session.execute(delete(Flag).where(Flag.target_type == target_type,
                                          Flag.target_id.in_(target_ids))
                       .execution_options(synchronize_session=False))
    db.session.flush()
    return len(decided)
