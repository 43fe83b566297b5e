"""My neighbours: the neighbours an ambassador brought in, their first steps, and the held
first posts the ambassador may approve."""
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from buurt.ambassador.models import Onboarding
from buurt.ambassador.roles import UNKNOWN, OnboardingError, served_neighbourhood_ids
from buurt.core import pagination
from buurt.core.extensions import db
from buurt.market.models import Response, ResponseState
from buurt.moderation import case_decisions, cases, services as moderation
from buurt.moderation.models import CaseSource, CaseState, Decision, ModerationCase
from buurt.people.models import User
from buurt.posts.models import OnBehalfPost, Post, PostState


def may_follow(ambassador: User, neighbour: User, served=UNKNOWN) -> bool:
    """Only the one who brought a neighbour in follows them, while serving their
    neighbourhood (`served`: served_neighbourhood_ids, when the caller has it)."""
    if neighbour.onboarded_by_id != ambassador.id:
        return False
    if served is UNKNOWN:
        served = served_neighbourhood_ids(ambassador)
    return served is None or neighbour.neighbourhood_id in served


@dataclass
class FirstSteps:
    """What an ambassador may know of a neighbour they brought in: no messages, no
    e-mail address, nothing else private."""

    user: User
    onboarding: Onboarding | None = None
    posts: int = 0
    matched: bool = False
    helped: bool = False
    held: list = field(default_factory=list)   # (case, post) the ambassador may approve
    placed: list = field(default_factory=list)  # open requests the ambassador placed for them

    @property
    def came_back(self) -> bool:
        return bool(self.onboarding and self.onboarding.came_back)


def my_neighbours(ambassador: User, *, older: str | None = None, newer: str | None = None,
                  size: int = 20, served=UNKNOWN) -> pagination.Page:
    """The neighbours the ambassador onboarded, newest first, with their first steps; a
    fixed number of statements whatever the number of neighbours."""
    # A deleted account is nobody's neighbour any more: nothing about it is left to follow.
    page = pagination.keyset(select(User).where(User.onboarded_by_id == ambassador.id,
                                                User.deleted_at.is_(None)),
                             User.created_at, User.id, size=size, older=older, newer=newer)
    steps = {user.id: FirstSteps(user) for user in page.items}
    ids = list(steps)
    if ids:
        for onboarding in db.session.scalars(
                select(Onboarding).where(Onboarding.user_id.in_(ids))
                .options(joinedload(Onboarding.event))):
            steps[onboarding.user_id].onboarding = onboarding
        # Matched: a neighbour reacted to their post, or they reacted and were accepted.
        for author_id, n, reactions in db.session.execute(
                select(Post.author_id, func.count(func.distinct(Post.id)),
                       func.count(Response.id))
                .outerjoin(Response, Response.post_id == Post.id)
                .where(Post.author_id.in_(ids)).group_by(Post.author_id)):
            steps[author_id].posts = n
            steps[author_id].matched = reactions > 0
        for responder_id, state in db.session.execute(
                select(Response.responder_id, Response.state)
                .where(Response.responder_id.in_(ids),
                       Response.state.in_((ResponseState.ACCEPTED, ResponseState.DONE)))
                .group_by(Response.responder_id, Response.state)):
            steps[responder_id].matched = True
            if state == ResponseState.DONE:
                steps[responder_id].helped = True
        if served is UNKNOWN:
            served = served_neighbourhood_ids(ambassador)
        held, placed = _held_and_placed(ambassador, ids)
        for case, post, written_by in held:
            if can_approve(ambassador, case, post=post, neighbour=steps[case.author_id].user,
                           written_by=written_by, served=served):
                steps[case.author_id].held.append((case, post))
        for post in placed:
            steps[post.author_id].placed.append(post)
    page.items = [steps[i] for i in ids]
    return page


# A request placed for a neighbour is listed under them while it is online or waiting.
_PLACED_STATES = PostState.LIVE_OR_HELD


def _held_and_placed(ambassador: User, author_ids):
    """In one statement: the held first posts of these neighbours (as held_first_posts
    gives them) and the requests the ambassador placed for them that are online or
    waiting, newest first: the way back to their page and its reactions."""
    open_case = and_(ModerationCase.target_type == "post",
                     ModerationCase.target_id == Post.id,
                     ModerationCase.author_id == Post.author_id,
                     ModerationCase.state == CaseState.OPEN,
                     ModerationCase.source == CaseSource.NEW_MEMBER)
    rows = db.session.execute(
        select(ModerationCase, Post, OnBehalfPost.ambassador_id)
        .select_from(Post)
        .outerjoin(ModerationCase, open_case)
        .outerjoin(OnBehalfPost, OnBehalfPost.post_id == Post.id)
        .where(Post.author_id.in_(author_ids),
               or_(ModerationCase.id.is_not(None),
                   and_(OnBehalfPost.ambassador_id == ambassador.id,
                        Post.state.in_(_PLACED_STATES))))
        .order_by(Post.created_at.desc(), Post.id.desc())).all()
    held = sorted(((case, post, written_by) for case, post, written_by in rows
                   if case is not None), key=lambda row: (row[0].opened_at, row[0].id))
    placed, seen = [], set()
    for _case, post, written_by in rows:
        if written_by == ambassador.id and post.is_live_or_held \
                and post.id not in seen:
            seen.add(post.id)
            placed.append(post)
    return held, placed


def held_first_posts(author_ids) -> list[tuple[ModerationCase, Post, int | None]]:
    """Open cases that hold a new member's first post, with the post and who wrote it on
    the member's behalf (an ambassador's id, or None)."""
    rows = db.session.execute(
        select(ModerationCase, Post, OnBehalfPost.ambassador_id)
        .join(Post, and_(ModerationCase.target_type == "post",
                         Post.id == ModerationCase.target_id))
        .outerjoin(OnBehalfPost, OnBehalfPost.post_id == Post.id)
        .where(ModerationCase.author_id.in_(author_ids),
               ModerationCase.state == CaseState.OPEN,
               ModerationCase.source == CaseSource.NEW_MEMBER)
        .order_by(ModerationCase.opened_at, ModerationCase.id)).all()
    return [tuple(row) for row in rows]


def can_approve(ambassador: User, case: ModerationCase, *, post: Post | None = None,
                neighbour: User | None = None, written_by=UNKNOWN,
                served=UNKNOWN) -> bool:
    """May the ambassador approve this held post? Only a first post held for being new
    (screening found nothing to hold for), by a neighbour they onboarded, and not one they
    wrote themselves on the neighbour's behalf."""
    if not case.is_open or case.source != CaseSource.NEW_MEMBER \
            or case.target_type != "post" or case.author_id is None:
        return False
    if case.claimed_by_id not in (None, ambassador.id):
        return False
    if moderation.explain(cases.reasons_of(case)).categories - {"vague"}:
        return False
    neighbour = neighbour or db.session.get(User, case.author_id)
    if neighbour is None or neighbour.id == ambassador.id \
            or not may_follow(ambassador, neighbour, served):
        return False
    post = post or db.session.get(Post, case.target_id)
    if post is None or not post.is_pending:
        return False
    if written_by is UNKNOWN:
        written_by = db.session.scalar(select(OnBehalfPost.ambassador_id)
                                       .filter_by(post_id=post.id))
    return written_by != ambassador.id


def approve_first_post(ambassador: User, case: ModerationCase) -> None:
    """Approve a held first post through the moderation decision, so the log and the
    notifications are the managers' own."""
    if not can_approve(ambassador, case):
        raise PermissionError
    try:
        case_decisions.decide(case, ambassador, Decision.APPROVE)
    except cases.ModerationError as error:
        raise OnboardingError(str(error)) from None
