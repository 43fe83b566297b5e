"""Deciding together: opening a decision round, voting, and the results after the close.

The counting itself lives in buurt.decide.counting (pure); this module keeps the rules
about who may vote, when, and one ballot per resident. Results are only given once a
round has closed, and only as counts: nothing here says who voted what.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.decide import counting
from buurt.decide.models import Ballot, BallotChoice, DecisionOption, DecisionRound, Method
from buurt.people import deletion
from buurt.people.models import Neighbourhood, User
from buurt.posts.models import Post

MIN_OPTIONS = 2
MAX_OPTIONS = 8
MIN_POINTS, MAX_POINTS = 2, 100
MAX_BUDGET = 10_000_000
# A round may be open this long at most, and may open a few minutes "ago" (the form's now).
MAX_DURATION = timedelta(days=92)
GRACE = timedelta(minutes=10)


class DecisionError(DomainError):
    """A round or a vote that is refused."""


@dataclass
class OptionInput:
    """An option as the manager enters it: a title, a cost, and maybe the idea it is."""

    title: str = ""
    cost: int | None = None
    idea: Post | None = None
    row: int = 0            # the form row it came from, for the message


# --- opening a round ---------------------------------------------------------------------

def _check_options(options: list[OptionInput], neighbourhood_id: int,
                   budget: int | None) -> list[OptionInput]:
    filled = []
    for option in options:
        if option.idea is not None:
            if (option.idea.kind != "idea" or not option.idea.is_published
                    or option.idea.neighbourhood_id != neighbourhood_id):
                raise DecisionError(_l("Choose an idea from the list."),
                                    f"options-{option.row}-idea")
            option.title = (option.title or "").strip() or option.idea.title
            if option.cost is None:
                option.cost = getattr(option.idea, "estimated_cost", None)
        option.title = (option.title or "").strip()
        if not option.title:
            if option.cost is not None:
                raise DecisionError(_l("Write what this option is, or leave its cost empty."),
                                    f"options-{option.row}-title")
            continue
        if len(option.title) > 140:
            raise DecisionError(_l("Use at most %(max)d characters.", max=140),
                                f"options-{option.row}-title")
        filled.append(option)
    if len(filled) < MIN_OPTIONS:
        raise DecisionError(_l("Give at least %(min)d options to choose from.",
                               min=MIN_OPTIONS), "options")
    if len(filled) > MAX_OPTIONS:
        raise DecisionError(_l("Give at most %(max)d options.", max=MAX_OPTIONS), "options")
    seen = set()
    for option in filled:
        key = option.title.casefold()
        if key in seen:
            raise DecisionError(_l("Two options have the same title: %(title)s.",
                                   title=option.title), f"options-{option.row}-title")
        seen.add(key)
        if option.cost is not None and option.cost < 0:
            raise DecisionError(_l("A cost cannot be below zero."),
                                f"options-{option.row}-cost")
        if budget is not None:
            if option.cost is None:
                raise DecisionError(_l("A budget round needs the cost of every option. "
                                       "Fill in the cost of %(title)s.", title=option.title),
                                    f"options-{option.row}-cost")
            if option.cost > budget:
                raise DecisionError(_l("%(title)s costs more than the whole budget.",
                                       title=option.title), f"options-{option.row}-cost")
    return filled


def open_round(manager: User, neighbourhood: Neighbourhood, *, question: str,
               description: str = "", method: str, points: int | None = None,
               budget: int | None = None, opens_at: datetime | None = None,
               closes_at: datetime, options: list[OptionInput]) -> DecisionRound:
    """Open a decision round for the residents of a neighbourhood (naive UTC moments;
    opens_at None means now)."""
    question = (question or "").strip()
    if not question:
        raise DecisionError(_l("Write the question the neighbours decide on."), "question")
    if method not in Method.ALL:
        raise DecisionError(_l("Choose how the neighbours vote."), "method")
    if method == Method.POINTS:
        if points is None or not MIN_POINTS <= points <= MAX_POINTS:
            raise DecisionError(_l("Use a number from %(min)d to %(max)d.", min=MIN_POINTS,
                                   max=MAX_POINTS), "points")
    else:
        points = None
    if budget is not None and not 1 <= budget <= MAX_BUDGET:
        raise DecisionError(_l("Use a number from %(min)d to %(max)d, or leave it empty.",
                               min=1, max=MAX_BUDGET), "budget")
    now = clock.now()
    if opens_at is None:
        opens_at = now
    elif opens_at < now - GRACE:
        raise DecisionError(_l("This moment has passed. Leave it empty to open the round now, "
                               "or choose a later moment."), "opens_date")
    if closes_at <= max(opens_at, now):
        raise DecisionError(_l("The round must close after it opens, and in the future."),
                            "closes_date")
    if closes_at - opens_at > MAX_DURATION:
        raise DecisionError(_l("A round can be open for three months at most."),
                            "closes_date")
    filled = _check_options(options, neighbourhood.id, budget)
    round_ = DecisionRound(neighbourhood_id=neighbourhood.id, created_by_id=manager.id,
                           question=question, description=(description or "").strip(),
                           method=method, points=points, budget=budget, opens_at=opens_at,
                           closes_at=closes_at)
    round_.options = [DecisionOption(position=i, title=o.title, cost=o.cost,
                                     idea_id=o.idea.id if o.idea is not None else None)
                      for i, o in enumerate(filled, start=1)]
    db.session.add(round_)
    db.session.flush()
    return round_


# --- voting ------------------------------------------------------------------------------

def can_vote(user, round_: DecisionRound) -> bool:
    """Residents of the round's neighbourhood, while it is open."""
    return (bool(user and user.is_authenticated)
            and user.neighbourhood_id == round_.neighbourhood_id
            and round_.is_open(clock.now()))


def _ballot_message(error: counting.BallotError, round_: DecisionRound):
    if error.code == "empty":
        return (_l("Give at least one point to an option.") if round_.method == Method.POINTS
                else _l("Tick at least one option."))
    if error.code == "negative":
        return _l("Points cannot be below zero.")
    if error.code == "too_many_points":
        return _l("You gave %(spent)d points, but you have %(allowed)d. Take some away.",
                  **error.details)
    return _l("Choose from the options of this round.")


def vote(round_: DecisionRound, user: User, marks: dict[int, int], *,
         change: bool = False) -> Ballot:
    """Cast the user's ballot, or (with change=True) replace it; one per resident.

    marks maps option ids to a tick (1) or points. A second ballot without change=True is
    refused, so a form sent twice does not quietly replace the first.
    """
    if user.neighbourhood_id != round_.neighbourhood_id:
        raise DecisionError(_l("Only residents of %(name)s can vote in this round.",
                               name=round_.neighbourhood.name))
    now = clock.now()
    if not round_.has_opened(now):
        raise DecisionError(_l("This round is not open yet."))
    if round_.has_closed(now):
        raise DecisionError(_l("This round has closed. You cannot vote any more."))
    try:
        ballot_marks = counting.check_ballot(round_.method, [o.id for o in round_.options],
                                             marks, points=round_.points)
    except counting.BallotError as error:
        raise DecisionError(_ballot_message(error, round_), "ballot") from None
    ballot = db.session.scalar(select(Ballot).filter_by(round_id=round_.id, voter_id=user.id))
    if ballot is None:
        ballot = Ballot(round_id=round_.id, voter_id=user.id, created_at=now, updated_at=now,
                        choices=[BallotChoice(option_id=option_id, points=value)
                                 for option_id, value in sorted(ballot_marks.items())])
        try:
            with db.session.begin_nested():
                db.session.add(ballot)
        except IntegrityError:
            # The same resident voted a moment ago (another tab): the first one counts.
            raise DecisionError(_l("You voted already. Your first vote counts.")) from None
        return ballot
    if not change:
        raise DecisionError(_l("You voted already. To change your vote, use the form "
                               "under \"Your vote\"."))
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    db.session.expire(ballot, ["choices"])
    for option_id, value in sorted(ballot_marks.items()):
        db.session.add(BallotChoice(ballot_id=ballot.id, option_id=option_id, points=value))
    ballot.updated_at = now
    db.session.flush()
    return ballot


def ballot_of(round_: DecisionRound, user) -> dict[int, int] | None:
    """The user's own ballot (option id -> tick or points), or None; only for themselves."""
    if not (user and user.is_authenticated):
        return None
    rows = db.session.execute(
        select(Ballot.id, BallotChoice.option_id, BallotChoice.points)
        .outerjoin(BallotChoice, BallotChoice.ballot_id == Ballot.id)
        .where(Ballot.round_id == round_.id, Ballot.voter_id == user.id)).all()
    if not rows:
        return None
    return {option_id: points for _, option_id, points in rows if option_id is not None}


def voted_in(user, rounds) -> set[int]:
    """The ids of these rounds the user has a ballot in (one statement)."""
    ids = [r.id for r in rounds]
    if not ids or not (user and user.is_authenticated):
        return set()
    return set(db.session.scalars(select(Ballot.round_id).where(
        Ballot.round_id.in_(ids), Ballot.voter_id == user.id)))


def turnout(round_: DecisionRound) -> int:
    """How many residents have voted (a number only)."""
    return db.session.scalar(select(func.count(Ballot.id)).where(
        Ballot.round_id == round_.id)) or 0


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): its ballots keep counting, in open
    rounds and closed ones, but no longer say whose they were. The voter is what kept one
    ballot per resident; a deleted account never votes again, and the key (round, voter)
    allows any number of ballots without a voter."""
    db.session.execute(update(Ballot).where(Ballot.voter_id == user.id)
                       .values(voter_id=None))


deletion.register("decide", end_for_deleted_account)


# --- results -----------------------------------------------------------------------------

def raw_ballots(round_: DecisionRound) -> list[dict[int, int]]:
    """Every ballot of the round as option id -> tick or points, without its voter."""
    ballots: dict[int, dict[int, int]] = {}
    for ballot_id, option_id, points in db.session.execute(
            select(BallotChoice.ballot_id, BallotChoice.option_id, BallotChoice.points)
            .join(Ballot, Ballot.id == BallotChoice.ballot_id)
            .where(Ballot.round_id == round_.id)):
        ballots.setdefault(ballot_id, {})[option_id] = points
    return list(ballots.values())


def count(round_: DecisionRound) -> counting.Result:
    """Count the round's ballots as they are now (the page shows it only after the close)."""
    choices = [counting.Choice(id=o.id, position=o.position, cost=o.cost)
               for o in round_.options]
    return counting.count(round_.method, choices, raw_ballots(round_), budget=round_.budget)


def results(round_: DecisionRound) -> counting.Result | None:
    """The published result: None until the round has closed."""
    if not round_.has_closed(clock.now()):
        return None
    return count(round_)


# --- reading -----------------------------------------------------------------------------

def get(round_id: int) -> DecisionRound | None:
    """The round with its neighbourhood and options (and their ideas), or None."""
    return db.session.scalars(
        select(DecisionRound).where(DecisionRound.id == round_id)
        .options(joinedload(DecisionRound.neighbourhood),
                 joinedload(DecisionRound.options).joinedload(DecisionOption.idea))
    ).unique().first()


def listing(*, neighbourhood_id: int | None = None, after: str | None = None,
            before: str | None = None, size: int = 20) -> pagination.Page:
    """Rounds, the latest closing first: one statement a page."""
    stmt = select(DecisionRound).options(joinedload(DecisionRound.neighbourhood))
    if neighbourhood_id is not None:
        stmt = stmt.where(DecisionRound.neighbourhood_id == neighbourhood_id)
    return pagination.keyset_by(stmt, [DecisionRound.closes_at, DecisionRound.id], size=size,
                                after=after, before=before, descending=True)


def rounds_with(idea: Post) -> list[DecisionRound]:
    """The rounds an idea is an option in, the latest closing first."""
    return list(db.session.scalars(
        select(DecisionRound).join(DecisionOption, DecisionOption.round_id == DecisionRound.id)
        .where(DecisionOption.idea_id == idea.id)
        .order_by(DecisionRound.closes_at.desc()).limit(10)))
