"""Counting ballots of a decision round: approval and points, with an optional budget.

Pure functions on plain values (no database, no request), so the rules can be tested on
their own. A ballot is a mapping from option id to what the voter gave it: 1 for a tick
(approval), a number of points (points). Options with an equal score keep the order the
manager listed them in, so the order in which ballots arrive never changes a result.
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

APPROVAL = "approval"
POINTS = "points"
METHODS = (APPROVAL, POINTS)

# What a budget result says about an option.
FUNDED = "funded"            # it fits in what is left of the budget: chosen
DOES_NOT_FIT = "no_fit"      # its cost is more than what is left when its turn comes
NO_VOTES = "no_votes"        # nobody voted for it: never chosen


class BallotError(ValueError):
    """A ballot the method does not allow. `code` says why; the caller words it."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Choice:
    """An option as the count sees it: its id, its place in the manager's list, its cost."""

    id: int
    position: int
    cost: int | None = None


@dataclass(frozen=True)
class Tally:
    option_id: int
    votes: int           # ticks (approval) or points (points)
    voters: int          # how many ballots gave it anything
    tied: bool           # another option has the same score
    outcome: str | None  # FUNDED, DOES_NOT_FIT or NO_VOTES with a budget; None without


@dataclass(frozen=True)
class Result:
    method: str
    ballots: int
    tallies: tuple[Tally, ...]   # the highest score first; ties in the manager's order
    budget: int | None = None
    spent: int = 0

    @property
    def funded(self) -> tuple[int, ...]:
        """The ids of the chosen options, in order of votes (only with a budget)."""
        return tuple(t.option_id for t in self.tallies if t.outcome == FUNDED)

    @property
    def left(self) -> int | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def total(self) -> int:
        return sum(t.votes for t in self.tallies)


def check_ballot(method: str, option_ids: Iterable[int], marks: Mapping[int, int], *,
                 points: int | None = None) -> dict[int, int]:
    """Return the ballot as it is counted (options with nothing left out), or raise
    BallotError: `empty`, `unknown_option`, `negative`, `not_a_tick`, `too_many_points`."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    known = set(option_ids)
    ballot = {}
    for option_id, value in marks.items():
        if option_id not in known:
            raise BallotError("unknown_option")
        if value < 0:
            raise BallotError("negative")
        if method == APPROVAL and value not in (0, 1):
            raise BallotError("not_a_tick")
        if value:
            ballot[option_id] = value
    if not ballot:
        raise BallotError("empty")
    if method == POINTS:
        if points is None or points < 1:
            raise ValueError("a points round needs its number of points")
        spent = sum(ballot.values())
        if spent > points:
            raise BallotError("too_many_points", spent=spent, allowed=points)
    return ballot


def fit_budget(ranked: Sequence[tuple[int, int, int]], budget: int
               ) -> tuple[dict[int, str], int]:
    """Go down the ranking (option id, votes, cost), most votes first: an option with votes
    is chosen when its cost fits in what is left, else skipped. Returns each option's
    outcome and what the chosen ones cost together."""
    left = budget
    outcomes = {}
    for option_id, votes, cost in ranked:
        if votes <= 0:
            outcomes[option_id] = NO_VOTES
        elif cost <= left:
            outcomes[option_id] = FUNDED
            left -= cost
        else:
            outcomes[option_id] = DOES_NOT_FIT
    return outcomes, budget - left


def count(method: str, choices: Sequence[Choice], ballots: Iterable[Mapping[int, int]], *,
          budget: int | None = None) -> Result:
    """Count the ballots: each option's score, the ranking and, with a budget, what fits."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    votes = {c.id: 0 for c in choices}
    voters = {c.id: 0 for c in choices}
    total_ballots = 0
    for ballot in ballots:
        total_ballots += 1
        for option_id, value in ballot.items():
            if option_id not in votes:
                raise ValueError(f"a ballot names option {option_id}, which is not in the round")
            if value:
                votes[option_id] += value
                voters[option_id] += 1
    ranked = sorted(choices, key=lambda c: (-votes[c.id], c.position, c.id))
    scores = [votes[c.id] for c in ranked]
    outcomes, spent = {}, 0
    if budget is not None:
        if any(c.cost is None or c.cost < 0 for c in choices):
            raise ValueError("every option of a budget round needs a cost")
        outcomes, spent = fit_budget([(c.id, votes[c.id], c.cost) for c in ranked], budget)
    tallies = tuple(Tally(option_id=c.id, votes=votes[c.id], voters=voters[c.id],
                          tied=scores.count(votes[c.id]) > 1, outcome=outcomes.get(c.id))
                    for c in ranked)
    return Result(method=method, ballots=total_ballots, tallies=tallies, budget=budget,
                  spent=spent)
