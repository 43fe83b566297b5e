"""Moderation: holding posts that screening doubts, the managers' queue and its decisions,
flags from residents, suspensions, and the log of all of it."""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination, search, settings
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.ideas.models import Comment, CommentState
from buurt.info import initiatives
from buurt.market.models import Message
from buurt.moderation import screening
from buurt.moderation.models import (CaseSource, CaseState, Decision, Flag, ModerationAction,
                                     ModerationCase, ModerationWord, WordListKind)
from buurt.notifications import notify
from buurt.people import neighbourhoods
from buurt.people.models import Membership, Neighbourhood, Role, User
from buurt.posts.models import Post, PostState

# How far back the author's own posts count for "the same text posted repeatedly".
REPEAT_WINDOW = timedelta(days=7)
HIDDEN_BY_FLAGS = "flags"
HIDDEN_BY_SUSPENSION = "suspension"


class ModerationError(ValueError):
    """A moderation step that is refused; str() is a message for the person."""


# --- who may moderate -----------------------------------------------------------------

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


# --- screening posts ------------------------------------------------------------------

def words_for(neighbourhood_id: int) -> tuple[list[str], list[str]]:
    """The neighbourhood's own additions to the block and allow lists."""
    rows = db.session.execute(select(ModerationWord.word, ModerationWord.kind)
                              .filter_by(neighbourhood_id=neighbourhood_id)).all()
    return ([w for w, k in rows if k == WordListKind.BLOCK],
            [w for w, k in rows if k == WordListKind.ALLOW])


def check_text(*, title: str, body: str, kind: str, author: User,
               post_id: int | None = None) -> screening.Verdict:
    """Screen a text as it would be screened on posting (also used to warn before).

    post_id is the post being screened, which must not count as its own repeat.
    """
    block, allow = words_for(author.neighbourhood_id)
    since = clock.now() - REPEAT_WINDOW
    recent = [f"{t}\n{b}" for t, b in db.session.execute(
        select(Post.title, Post.body).where(Post.author_id == author.id,
                                            Post.created_at >= since,
                                            Post.id != (post_id or 0))
        .order_by(Post.created_at.desc()).limit(20))]
    return screening.screen(title=title, body=body, kind=kind, extra_block=block,
                            extra_allow=allow, recent_texts=recent)


def reason_list(verdict: screening.Verdict) -> list[dict]:
    """The verdict as stored on a case: its reasons, and what a vague post lacks. Data
    only; the sentence a manager reads is written when it is shown (reasons.describe)."""
    return [{"category": r.category, "rule": r.rule, "words": list(r.words),
             "params": dict(r.params)} for r in verdict.reasons] + (
        [{"category": "vague", "rule": "missing", "words": list(verdict.missing),
          "params": {}}] if verdict.missing else [])


@dataclass(frozen=True)
class Explanation:
    """What the author is told: which kinds of problem, the words, what is missing."""

    categories: frozenset
    words: tuple
    missing: tuple
    junk: bool = False      # spam for random typing or repetition, not for advertising


# Spam rules that are about junk text rather than advertising.
_JUNK_RULES = frozenset({"repeated_chars", "repeated_words", "gibberish", "repeated_text"})


def explain(reasons: list[dict]) -> Explanation:
    """Sum up stored reasons (or reason_list's) for the author's notice and warning."""
    spam = {r["rule"] for r in reasons if r["category"] == "spam"}
    return Explanation(
        junk=bool(spam) and spam <= _JUNK_RULES,
        categories=frozenset(r["category"] for r in reasons),
        words=tuple(w for r in reasons if r["category"] == "offensive" for w in r["words"]),
        missing=tuple(w for r in reasons if r["rule"] == "missing" for w in r["words"]))


def _is_new_member(author: User, post: Post) -> bool:
    hold = settings.get(author.neighbourhood, "new_member_hold_posts")
    if not hold:
        return False
    earlier = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == author.id, Post.id != post.id,
        Post.state.in_((PostState.PUBLISHED, PostState.CLOSED, PostState.PAUSED))))
    return earlier < hold


def screen_post(post: Post, *, first_time: bool) -> str:
    """Screen a new or edited post and set its state: published, or pending with a case.

    Offensive and spam posts wait for a manager; vague ones too unless the neighbourhood
    publishes them with a hint (they still go in the queue); a new member's first posts
    wait when the neighbourhood asks for that. Returns the screening label.
    """
    author = post.author
    verdict = check_text(title=post.title, body=post.text_for_screening, kind=post.kind,
                         author=author, post_id=post.id)
    post.screening_label = verdict.label
    hold_vague = settings.get(author.neighbourhood, "hold_vague_posts")
    held = verdict.label in ("offensive", "spam") or (verdict.label == "vague" and hold_vague)
    source = CaseSource.SCREENING
    if not held and first_time and _is_new_member(author, post):
        held, source = True, CaseSource.NEW_MEMBER
    # Let through: online, or (an announcement whose time has not come) scheduled.
    post.state = PostState.PENDING if held else post.state_when_approved(clock.now())
    db.session.flush()
    if held or verdict.label != "ok":
        open_case("post", post.id, neighbourhood_id=post.neighbourhood_id, author_id=author.id,
                  source=source, reasons=json.dumps(reason_list(verdict)))
    else:
        # An edit that now passes closes what waited for the author's clarification.
        _close_waiting("post", post.id)
    return verdict.label


def _close_waiting(target_type: str, target_id: int) -> None:
    for case in db.session.scalars(select(ModerationCase).filter_by(
            target_type=target_type, target_id=target_id, state=CaseState.WAITING)):
        case.state, case.decided_at, case.decision = (CaseState.DECIDED, clock.now(),
                                                      Decision.APPROVE)
        _log(case, None, "clarified", "The author's edit passed the screening.")


# --- cases ----------------------------------------------------------------------------

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
    _log(case, None, f"queued:{source}", None)
    return case


def _log(case: ModerationCase | None, actor: User | None, action: str, note: str | None,
         *, target: tuple[str, int] | None = None, neighbourhood_id: int | None = None):
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
    _log(case, manager, "claim", None)


TARGET_MODELS = {"post": Post, "message": Message, "comment": Comment}


def target_of(case: ModerationCase):
    return db.session.get(TARGET_MODELS[case.target_type], case.target_id)


def decide(case: ModerationCase, manager: User, decision: str, note: str | None = None):
    """Approve, ask to clarify, remove or advise removal; once, whoever is first."""
    if decision not in Decision.ALL:
        raise ValueError(decision)
    note = (note or "").strip() or None
    if decision in (Decision.CLARIFY, Decision.REMOVE, Decision.ADVISE) and not note:
        raise ModerationError(_l("Write a short message to the author."))
    if case.target_type == "comment" and decision in (Decision.CLARIFY, Decision.ADVISE):
        raise ModerationError(_l("A comment can only be approved or removed."))
    if case.claimed_by_id not in (None, manager.id):
        raise ModerationError(_l("%(name)s is already handling this.",
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
        raise ModerationError(_l("%(name)s has already dealt with this.", name=who))
    target = target_of(case)
    _apply(case, target, manager, decision, note)
    _log(case, manager, decision, note)
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
        uploads.delete_if_unused(upload)


def _tell_reporters(case: ModerationCase, decision: str) -> None:
    flags = db.session.scalars(select(Flag).filter_by(
        target_type=case.target_type, target_id=case.target_id, resolved_at=None)
        .options(joinedload(Flag.reporter))).all()
    now = clock.now()
    post = target_of(case) if case.target_type == "post" else None
    for flag in flags:
        flag.resolved_at = now
        notify.notify(flag.reporter, "report_outcome", post=post, subject_id=case.id,
                      note=decision)


# --- flags on posts -------------------------------------------------------------------

def flag_post(post: Post, reporter: User, reason: str, note: str | None = None) -> Flag:
    """Record a resident's flag; at the neighbourhood's threshold the post is hidden."""
    if post.author_id == reporter.id:
        raise ModerationError(_l("You cannot report your own post."))
    flag = Flag(reporter_id=reporter.id, target_type="post", target_id=post.id,
                reason=reason, note=(note or "").strip() or None)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise ModerationError(_l("You reported this already. A community manager looks "
                                 "at it.")) from None
    case = open_case("post", post.id, neighbourhood_id=post.neighbourhood_id,
                     author_id=post.author_id, source=CaseSource.FLAGS,
                     reasons=json.dumps(flag_summary("post", post.id)))
    count = db.session.scalar(select(func.count(Flag.id)).where(
        Flag.target_type == "post", Flag.target_id == post.id, Flag.resolved_at.is_(None)))
    if post.is_published and count >= settings.get(post.neighbourhood, "flag_threshold"):
        post.state, post.hidden_reason = PostState.HIDDEN, HIDDEN_BY_FLAGS
        _log(case, None, "hidden:flags", f"{count} flags")
    return flag


def flag_summary(target_type: str, target_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Flag.reason, func.count(Flag.id))
        .where(Flag.target_type == target_type, Flag.target_id == target_id,
               Flag.resolved_at.is_(None))
        .group_by(Flag.reason)).all()
    return [{"category": "flags", "rule": reason, "words": [], "params": {"count": n}}
            for reason, n in rows]


def report_message(message: Message, reporter: User) -> ModerationCase:
    """Put a reported message in the queue of the conversation's neighbourhood."""
    return open_case("message", message.id, neighbourhood_id=message.author.neighbourhood_id,
                     author_id=message.author_id, source=CaseSource.REPORT,
                     reasons=json.dumps(flag_summary("message", message.id)))


# --- the queue ------------------------------------------------------------------------

def queue(user, *, older: str | None = None, size: int = 20,
          state: str = CaseState.OPEN) -> pagination.Page:
    """Open cases the user may decide, oldest first, with what a manager needs to judge
    them: the item, its author's history and the flags; a fixed number of statements."""
    managed = managed_neighbourhood_ids(user)
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


def _attach_context(cases) -> None:
    post_ids = [c.target_id for c in cases if c.target_type == "post"]
    message_ids = [c.target_id for c in cases if c.target_type == "message"]
    comment_ids = [c.target_id for c in cases if c.target_type == "comment"]
    author_ids = list({c.author_id for c in cases if c.author_id})
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
    for case in cases:
        case.target = {"post": posts, "message": messages, "comment": comments}[
            case.target_type].get(case.target_id)
        case.author_posts = post_counts.get(case.author_id, 0)
        case.author_decisions = decisions.get(case.author_id, {})
        case.reason_list = reasons_of(case)
        case.waiting_hours = int((now - case.opened_at).total_seconds() // 3600)


def get_case(case_id: int) -> ModerationCase | None:
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.id == case_id)
                             .options(joinedload(ModerationCase.author),
                                      joinedload(ModerationCase.claimed_by),
                                      joinedload(ModerationCase.decided_by)))
    if case is not None:
        _attach_context([case])
    return case


def open_case_for(target_type: str, target_id: int) -> ModerationCase | None:
    """The case that holds or held this item most recently (for the author's view)."""
    return db.session.scalar(select(ModerationCase).filter_by(
        target_type=target_type, target_id=target_id)
        .order_by(ModerationCase.opened_at.desc(), ModerationCase.id.desc()).limit(1))


def log_page(user, *, older: str | None = None, size: int = 50) -> pagination.Page:
    """The moderation log of the user's neighbourhoods, newest first."""
    managed = managed_neighbourhood_ids(user)
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


# --- word lists -----------------------------------------------------------------------

def add_word(neighbourhood: Neighbourhood, manager: User, word: str, kind: str) -> None:
    word = " ".join((word or "").lower().split())
    if not word or len(word) > 80 or kind not in (WordListKind.BLOCK, WordListKind.ALLOW):
        raise ModerationError(_l("Write one word or a short phrase."))
    try:
        with db.session.begin_nested():
            db.session.add(ModerationWord(neighbourhood_id=neighbourhood.id, word=word,
                                          kind=kind, added_by_id=manager.id))
    except IntegrityError:
        raise ModerationError(_l("This word is on the list already.")) from None
    _log(None, manager, f"word:{kind}", word, target=("neighbourhood", neighbourhood.id),
         neighbourhood_id=neighbourhood.id)


def remove_word(word: ModerationWord, manager: User) -> None:
    _log(None, manager, f"unword:{word.kind}", word.word,
         target=("neighbourhood", word.neighbourhood_id),
         neighbourhood_id=word.neighbourhood_id)
    db.session.delete(word)


# --- suspension -----------------------------------------------------------------------

def suspend(user: User, manager: User, *, until: datetime, reason: str) -> int:
    """Suspend an account until a moment: it cannot log in, and its posts are hidden."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_l("Write the reason. The resident sees it."))
    if until <= clock.now():
        raise ModerationError(_l("Choose a day in the future."))
    user.suspended_until, user.suspension_reason = until, reason
    hidden = db.session.scalars(
        update(Post).where(Post.author_id == user.id, Post.state == PostState.PUBLISHED)
        .values(state=PostState.HIDDEN, hidden_reason=HIDDEN_BY_SUSPENSION)
        .returning(Post.id).execution_options(synchronize_session=False)).all()
    search.refresh_posts(hidden)
    _log(None, manager, "suspend", f"{reason} (until {until:%Y-%m-%d})",
         target=("user", user.id), neighbourhood_id=user.neighbourhood_id)
    return len(hidden)


def lift_suspension(user: User, manager: User | None = None) -> int:
    """End a suspension: the account can log in and its posts come back."""
    user.suspended_until = None
    restored = db.session.scalars(
        update(Post).where(Post.author_id == user.id, Post.state == PostState.HIDDEN,
                           Post.hidden_reason == HIDDEN_BY_SUSPENSION)
        .values(state=PostState.PUBLISHED, hidden_reason=None)
        .returning(Post.id).execution_options(synchronize_session=False)).all()
    search.refresh_posts(restored)
    _log(None, manager, "unsuspend", None, target=("user", user.id),
         neighbourhood_id=user.neighbourhood_id)
    return len(restored)


def end_suspensions(now: datetime) -> int:
    """Lift every suspension whose end has come (run by tick)."""
    ended = db.session.scalars(select(User).where(User.suspended_until.is_not(None),
                                                  User.suspended_until <= now)).all()
    for user in ended:
        lift_suspension(user)
    return len(ended)


# --- the managers' digest -------------------------------------------------------------

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
