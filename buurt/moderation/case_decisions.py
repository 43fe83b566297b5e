"""A manager's decision on a case: approve, ask the author to clarify, remove or advise
removal; what it does to the post, message or comment, and who is told."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from buurt.core import clock
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.ideas.models import CommentState
from buurt.moderation import cases
from buurt.moderation.models import CaseState, Decision, Flag, ModerationCase
from buurt.notifications import notify
from buurt.people.models import User
from buurt.posts.models import Post, PostState


def decide(case: ModerationCase, manager: User, decision: str, note: str | None = None):
    """Approve, ask to clarify, remove or advise removal; once, whoever is first."""
    if decision not in Decision.ALL:
        raise ValueError(decision)
    note = (note or "").strip() or None
    if decision in (Decision.CLARIFY, Decision.REMOVE, Decision.ADVISE) and not note:
        raise cases.ModerationError(_l("Write a short message to the author."))
    if case.target_type == "comment" and decision in (Decision.CLARIFY, Decision.ADVISE):
        raise cases.ModerationError(_l("A comment can only be approved or removed."))
    if case.claimed_by_id not in (None, manager.id):
        raise cases.ModerationError(_l("%(name)s is already handling this.",
                                       name=case.claimed_by.display_name))
    new_state = CaseState.WAITING if decision == Decision.CLARIFY else CaseState.DECIDED
    # One conditional UPDATE: of two managers deciding at once, only the first changes it.
    changed = db.session.execute(
        update(ModerationCase)
        .where(ModerationCase.id == case.id, ModerationCase.state == CaseState.OPEN)
        .values(state=new_state, decision=decision, decision_note=note,
                decided_by_id=manager.id, decided_at=clock.now())
        .execution_options(synchronize_session=False, preserve_rowcount=True)).rowcount
    db.session.refresh(case)
    if not changed:
        who = case.decided_by.display_name if case.decided_by else _l("Another manager")
        raise cases.ModerationError(_l("%(name)s has already dealt with this.", name=who))
    target = cases.target_of(case)
    _apply(case, target, manager, decision, note)
    cases.log_action(case, manager, decision, note)
    if decision != Decision.CLARIFY:
        _tell_reporters(case, decision)
    db.session.flush()


def _apply(case, target, manager, decision, note):
    author = case.author
    if case.target_type == "message":
        if decision == Decision.REMOVE and target is not None:
            target.removed_at = clock.now()
        return
    if case.target_type == "comment":
        # A comment is online or not: approving publishes it, removing takes it away.
        if target is not None:
            target.state = (CommentState.PUBLISHED if decision == Decision.APPROVE
                            else CommentState.REMOVED)
            if decision == Decision.REMOVE and author is not None:
                notify.notify(author, notify.Kind.COMMENT_REMOVED, post=target.post,
                              actor=manager, subject_id=case.id, note=note)
        return
    post: Post = target
    if decision == Decision.APPROVE:
        post.state, post.hidden_reason = post.state_when_approved(clock.now()), None
        db.session.flush()
        notify.matching_neighbours(post)   # online now: its matches hear of it, once
    elif decision == Decision.CLARIFY:
        post.state = PostState.NEEDS_CLARIFICATION
    elif decision == Decision.REMOVE:
        post.state = PostState.REMOVED
        _drop_media(post)
    if author is not None and decision != Decision.APPROVE:
        notify.notify(author, f"moderation_{decision}", post=post, actor=manager,
                      subject_id=case.id, note=note)


def _drop_media(post: Post) -> None:
    """A removed post's photo or video goes too: its address may have been shared, and
    what a manager removed must not stay online there."""
    upload = getattr(post, "upload", None)      # stories, things to lend and events
    if upload is not None:
        post.upload = None
        db.session.flush()
        cleanup.delete_if_unused(upload)


def _tell_reporters(case: ModerationCase, decision: str) -> None:
    flags = db.session.scalars(select(Flag).filter_by(
        target_type=case.target_type, target_id=case.target_id, resolved_at=None)
        .options(joinedload(Flag.reporter))).all()
    now = clock.now()
    post = cases.target_of(case) if case.target_type == "post" else None
    for flag in flags:
        flag.resolved_at = now
        notify.notify(flag.reporter, "report_outcome", post=post, subject_id=case.id,
                      note=decision)
