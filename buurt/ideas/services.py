"""Ideas for the neighbourhood: posting and changing them, support ("steun"), a manager's
status, comments with their screening and flags, and the ideas proposed for a round."""
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination, settings
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.decide.models import DecisionOption
from buurt.decide.services import MAX_OPTIONS
from buurt.ideas.models import Comment, CommentState, Idea, IdeaStatus, Support
from buurt.info import places
from buurt.moderation import cases, flags, services as moderation
from buurt.moderation.models import CaseSource, Flag
from buurt.notifications import notify
from buurt.people.models import Neighbourhood, Topic, User
from buurt.posts import services as posts
from buurt.posts.models import PostState

MAX_COST = 10_000_000
MAX_COMMENT_LENGTH = 2000
# How many ideas a manager can choose options from when opening a round.
CANDIDATES = 50
SORTS = ("support", "newest", "status")
# Statuses an idea can still be decided on in.
OPEN_STATUSES = (IdeaStatus.NEW, IdeaStatus.DISCUSSION, IdeaStatus.ADOPTED)


class IdeaError(DomainError):
    """A change that is refused."""


# --- posting -----------------------------------------------------------------------------

def _details(neighbourhood_id: int, place_id, estimated_cost: int | None):
    place = None
    if place_id not in (None, ""):
        place = places.in_neighbourhood(place_id, neighbourhood_id)
        if place is None:
            raise IdeaError(_l("Choose a place from the list."), "place")
    if estimated_cost is not None and not 0 <= estimated_cost <= MAX_COST:
        raise IdeaError(_l("Use a number from %(min)d to %(max)d, or leave it empty.",
                           min=0, max=MAX_COST), "estimated_cost")
    return place


def create_idea(author: User, *, title: str, body: str, topic: Topic | None, place_id=None,
                estimated_cost: int | None = None) -> Idea:
    """Post an idea in the author's neighbourhood; it is screened like every post."""
    place = _details(author.neighbourhood_id, place_id, estimated_cost)
    idea = Idea(author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
                title=title.strip(), body=(body or "").strip(), place=place,
                estimated_cost=estimated_cost, support_count=0, state=PostState.PUBLISHED)
    idea.set_status(IdeaStatus.NEW, None, clock.now())
    return posts._publish_new(idea)


def update_idea(idea: Idea, *, title: str, body: str, topic: Topic | None, place_id=None,
                estimated_cost: int | None = None) -> None:
    """Change the author's idea; the text is screened again."""
    idea.place = _details(idea.neighbourhood_id, place_id, estimated_cost)
    idea.estimated_cost = estimated_cost
    posts.update(idea, title=title, body=body or "", topic=topic)


def set_status(idea: Idea, manager: User, status: str, note: str) -> None:
    """A manager says where an idea stands, with an explanation; its author hears it."""
    note = (note or "").strip()
    if status not in IdeaStatus.ALL:
        raise IdeaError(_l("Choose one."), "status")
    if not note:
        raise IdeaError(_l("Explain it in a few words. Everyone can read it."), "note")
    idea.set_status(status, note, clock.now())
    db.session.flush()
    if idea.author_id != manager.id:
        notify.notify(idea.author, notify.Kind.IDEA_STATUS, post=idea, actor=manager,
                      note=status)


# --- support -----------------------------------------------------------------------------

def _check_supporter(idea: Idea, user: User) -> None:
    if idea.author_id == user.id:
        raise IdeaError(_l("This is your own idea. Your support counts already."))
    if not idea.is_published:
        raise IdeaError(_l("You cannot support this idea any more."))
    if user.neighbourhood_id != idea.neighbourhood_id:
        raise IdeaError(_l("Only residents of %(name)s can support this idea.",
                           name=idea.neighbourhood.name))


def support(idea: Idea, user: User) -> Support:
    """Support an idea, once per resident; at the neighbourhood's threshold it is proposed
    for the next decision round and its author hears it."""
    _check_supporter(idea, user)
    entry = Support(idea_id=idea.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
            db.session.execute(
                update(Idea).where(Idea.id == idea.id)
                .values(support_count=func.coalesce(Idea.support_count, 0) + 1)
                .execution_options(synchronize_session=False))
    except IntegrityError:
        raise IdeaError(_l("You support this idea already.")) from None
    db.session.refresh(idea)
    _propose_when_due(idea)
    return entry


def _propose_when_due(idea: Idea) -> None:
    threshold = settings.get(idea.neighbourhood, "idea_support_threshold")
    if threshold < 1 or (idea.support_count or 0) < threshold or idea.proposed_at is not None:
        return
    # Conditional: of two supporters at the threshold at once, one proposes it.
    proposed = db.session.execute(
        update(Idea).where(Idea.id == idea.id, Idea.proposed_at.is_(None))
        .values(proposed_at=clock.now())
        .execution_options(synchronize_session=False, preserve_rowcount=True)).rowcount
    db.session.refresh(idea)
    if proposed:
        notify.notify(idea.author, notify.Kind.IDEA_PROPOSED, post=idea,
                      note=str(idea.support_count), dedupe_key=f"idea_proposed:{idea.id}")


def withdraw_support(idea: Idea, user: User) -> None:
    """Take one's support back; an idea once proposed stays proposed."""
    removed = db.session.execute(
        Support.__table__.delete().where(Support.idea_id == idea.id,
                                         Support.user_id == user.id)
        .execution_options(preserve_rowcount=True)).rowcount
    if not removed:
        raise IdeaError(_l("You had not supported this idea."))
    db.session.execute(
        update(Idea).where(Idea.id == idea.id, Idea.support_count > 0)
        .values(support_count=Idea.support_count - 1)
        .execution_options(synchronize_session=False))
    db.session.refresh(idea)


def supported(user, ideas) -> set[int]:
    """The ids of these ideas the user supports (one statement)."""
    ids = [i.id for i in ideas]
    if not ids or not (user and user.is_authenticated):
        return set()
    return set(db.session.scalars(select(Support.idea_id).where(Support.user_id == user.id,
                                                                Support.idea_id.in_(ids))))


# --- comments ----------------------------------------------------------------------------

def add_comment(idea: Idea, user: User, body: str) -> Comment:
    """Comment on an idea; offensive words or spam make it wait for a manager."""
    body = (body or "").strip()
    if not body:
        raise IdeaError(_l("Write your comment first."), "body")
    if len(body) > MAX_COMMENT_LENGTH:
        raise IdeaError(_l("Use at most %(max)d characters.", max=MAX_COMMENT_LENGTH), "body")
    if not idea.is_published:
        raise IdeaError(_l("You cannot comment on this idea any more."))
    verdict = moderation.check_text(title="", body=body, kind="comment", author=user)
    # A comment is a short reaction: it is held for what hurts or sells, not for being
    # vague.
    held = verdict.label in ("offensive", "spam")
    comment = Comment(post_id=idea.id, author_id=user.id, body=body,
                      screening_label="ok" if verdict.label == "vague" else verdict.label,
                      state=CommentState.PENDING if held else CommentState.PUBLISHED)
    db.session.add(comment)
    db.session.flush()
    if held:
        cases.open_case("comment", comment.id, neighbourhood_id=idea.neighbourhood_id,
                        author_id=user.id, source=CaseSource.SCREENING,
                        reasons=json.dumps(moderation.reason_list(verdict)))
    return comment


def comments_on(idea: Idea, viewer, *, after: str | None = None,
                size: int = 50) -> pagination.Page:
    """Published comments, oldest first, and the viewer's own that wait for a manager."""
    visible = Comment.state == CommentState.PUBLISHED
    if viewer and viewer.is_authenticated:
        visible = visible | ((Comment.author_id == viewer.id)
                             & (Comment.state == CommentState.PENDING))
    stmt = (select(Comment).where(Comment.post_id == idea.id, visible)
            .options(joinedload(Comment.author)))
    return pagination.keyset_by(stmt, [Comment.created_at, Comment.id], size=size, after=after)


def get_comment(comment_id: int) -> Comment | None:
    return db.session.scalar(select(Comment).where(Comment.id == comment_id)
                             .options(joinedload(Comment.post), joinedload(Comment.author)))


def flag_comment(comment: Comment, reporter: User, reason: str,
                 note: str | None = None) -> Flag:
    """Record a resident's flag on a comment, as for posts: it goes in the managers' queue
    and is hidden at the neighbourhood's threshold."""
    if comment.author_id == reporter.id:
        raise IdeaError(_l("You cannot report your own comment."))
    flag = Flag(reporter_id=reporter.id, target_type="comment", target_id=comment.id,
                reason=reason, note=(note or "").strip() or None)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise IdeaError(_l("You reported this already. A community manager looks at it.")
                        ) from None
    neighbourhood = comment.post.neighbourhood
    cases.open_case("comment", comment.id, neighbourhood_id=neighbourhood.id,
                    author_id=comment.author_id, source=CaseSource.FLAGS,
                    reasons=json.dumps(flags.flag_summary("comment", comment.id)))
    count = db.session.scalar(select(func.count(Flag.id)).where(
        Flag.target_type == "comment", Flag.target_id == comment.id,
        Flag.resolved_at.is_(None)))
    if comment.is_published and count >= settings.get(neighbourhood, "flag_threshold"):
        comment.state = CommentState.HIDDEN
    db.session.flush()
    return flag


# --- reading -----------------------------------------------------------------------------

def _with_display_data(stmt):
    return posts.with_display_data(stmt).options(joinedload(Idea.place))


def get(idea_id: int) -> Idea | None:
    """The idea with its author, topic, neighbourhood and place, or None."""
    return db.session.scalar(_with_display_data(select(Idea).where(Idea.id == idea_id)))


def listing(*, neighbourhood_id: int | None = None, topic: Topic | None = None,
            status: str | None = None, sort: str = "support", after: str | None = None,
            before: str | None = None, size: int = 20) -> pagination.Page:
    """One page of published ideas: by support, the newest, or how far along they are."""
    stmt = _with_display_data(select(Idea).where(Idea.state == PostState.PUBLISHED))
    if neighbourhood_id is not None:
        stmt = stmt.where(Idea.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(Idea.topic_id == topic.id)
    if status in IdeaStatus.ALL:
        stmt = stmt.where(Idea.status == status)
    columns = {"support": [Idea.support_count, Idea.created_at, Idea.id],
               "newest": [Idea.created_at, Idea.id],
               "status": [Idea.status_rank, Idea.created_at, Idea.id]}[
        sort if sort in SORTS else "support"]
    return pagination.keyset_by(stmt, columns, size=size, after=after, before=before,
                                descending=True)


def _not_an_option_yet():
    return ~exists().where(DecisionOption.idea_id == Idea.id)


def proposed_for_round(neighbourhood_id: int) -> list[Idea]:
    """Ideas that reached the support threshold and are not in a round yet, the most
    supported first (shown to managers when they open a round)."""
    return list(db.session.scalars(
        _with_display_data(select(Idea)).where(
            Idea.neighbourhood_id == neighbourhood_id, Idea.state == PostState.PUBLISHED,
            Idea.proposed_at.is_not(None), Idea.status.in_(OPEN_STATUSES),
            _not_an_option_yet())
        .order_by(Idea.support_count.desc(), Idea.id).limit(MAX_OPTIONS)))


def round_candidates(neighbourhood_id: int, proposed=()) -> list[Idea]:
    """Ideas a manager can choose as options: the proposed ones, then other open ideas of
    the neighbourhood by support."""
    others = db.session.scalars(
        select(Idea).where(Idea.neighbourhood_id == neighbourhood_id,
                           Idea.state == PostState.PUBLISHED,
                           Idea.status.in_(OPEN_STATUSES))
        .order_by(Idea.support_count.desc(), Idea.id).limit(CANDIDATES))
    chosen = list(proposed)
    seen = {i.id for i in chosen}
    return chosen + [i for i in others if i.id not in seen]


def threshold(neighbourhood: Neighbourhood) -> int:
    return settings.get(neighbourhood, "idea_support_threshold")
