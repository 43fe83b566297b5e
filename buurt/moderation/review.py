"""What managers read: the queue of cases with what they need to judge each one, one case
in full, and the moderation log; a fixed number of statements per page."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.ideas.models import Comment
from buurt.market.models import Message
from buurt.moderation import cases, managers
from buurt.moderation.models import CaseState, ModerationAction, ModerationCase
from buurt.people.models import User
from buurt.posts.models import Post


def queue(user, *, older: str | None = None, size: int = 20,
          state: str = CaseState.OPEN) -> pagination.Page:
    """Open cases the user may decide, oldest first, with what a manager needs to judge
    them: the item, its author's history and the flags; a fixed number of statements."""
    managed = managers.managed_neighbourhood_ids(user)
    stmt = (select(ModerationCase).where(ModerationCase.state == state)
            .options(joinedload(ModerationCase.author), joinedload(ModerationCase.claimed_by),
                     joinedload(ModerationCase.neighbourhood)))
    if managed is not None:
        stmt = stmt.where(ModerationCase.neighbourhood_id.in_(managed),
                          (ModerationCase.author_id.is_(None))
                          | (ModerationCase.author_id != user.id))
    page = _oldest_first(stmt, older=older, size=size)
    _attach_context(page.items)
    return page


def _oldest_first(stmt, *, older, size):
    """Oldest first (the queue's order), one page after the cursor of the last case seen."""
    after = pagination.decode(older)
    if after is not None:
        when, ident = after
        stmt = stmt.where((ModerationCase.opened_at > when)
                          | ((ModerationCase.opened_at == when) & (ModerationCase.id > ident)))
    rows = db.session.scalars(stmt.order_by(ModerationCase.opened_at, ModerationCase.id)
                              .limit(size + 1)).unique().all()
    items = list(rows[:size])
    more = len(rows) > size
    return pagination.Page(items, older=pagination.encode(items[-1].opened_at, items[-1].id)
                           if more else None)


def _attach_context(items) -> None:
    post_ids = [c.target_id for c in items if c.target_type == "post"]
    message_ids = [c.target_id for c in items if c.target_type == "message"]
    comment_ids = [c.target_id for c in items if c.target_type == "comment"]
    author_ids = list({c.author_id for c in items if c.author_id})
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids)).options(joinedload(Post.topic)))} \
        if post_ids else {}
    messages = {m.id: m for m in db.session.scalars(
        select(Message).where(Message.id.in_(message_ids)))} if message_ids else {}
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids)))} if comment_ids else {}
    post_counts = dict(db.session.execute(
        select(Post.author_id, func.count(Post.id)).where(Post.author_id.in_(author_ids))
        .group_by(Post.author_id)).all()) if author_ids else {}
    decisions = {}
    if author_ids:
        for author_id, decision, n in db.session.execute(
                select(ModerationCase.author_id, ModerationCase.decision,
                       func.count(ModerationCase.id))
                .where(ModerationCase.author_id.in_(author_ids),
                       ModerationCase.decision.is_not(None))
                .group_by(ModerationCase.author_id, ModerationCase.decision)):
            decisions.setdefault(author_id, {})[decision] = n
    now = clock.now()
    for case in items:
        case.target = {"post": posts, "message": messages, "comment": comments}[
            case.target_type].get(case.target_id)
        case.author_posts = post_counts.get(case.author_id, 0)
        case.author_decisions = decisions.get(case.author_id, {})
        case.reason_list = cases.reasons_of(case)
        case.waiting_hours = int((now - case.opened_at).total_seconds() // 3600)


def get_case(case_id: int) -> ModerationCase | None:
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.id == case_id)
                             .options(joinedload(ModerationCase.author),
                                      joinedload(ModerationCase.claimed_by),
                                      joinedload(ModerationCase.decided_by)))
    if case is not None:
        _attach_context([case])
    return case


def log_page(user, *, older: str | None = None, size: int = 50) -> pagination.Page:
    """The moderation log of the user's neighbourhoods, newest first."""
    managed = managers.managed_neighbourhood_ids(user)
    stmt = select(ModerationAction).options(joinedload(ModerationAction.actor))
    if managed is not None:
        stmt = stmt.where(ModerationAction.neighbourhood_id.in_(managed))
    page = pagination.keyset(stmt, ModerationAction.created_at, ModerationAction.id,
                             size=size, older=older)
    _attach_log_targets(page.items)
    return page


def _attach_log_targets(entries) -> None:
    """Give each entry the post or account it is about (None when it is gone), so the log
    can name a post's kind and an account's name: one statement per kind of target."""
    wanted = {"post": Post, "user": User}
    found = {}
    for target_type, model in wanted.items():
        ids = {e.target_id for e in entries if e.target_type == target_type}
        if ids:
            found[target_type] = {o.id: o for o in db.session.scalars(
                select(model).where(model.id.in_(ids)))}
    for entry in entries:
        entry.target = found.get(entry.target_type, {}).get(entry.target_id)
