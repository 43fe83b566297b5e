"""The counting of ballots, checked with generated rounds against facts that do not come
from the counting itself: a plain recount, the number of points handed out, the budget,
and the order of arrival."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from buurt.core.extensions import db
from buurt.decide import counting, services as decisions
from buurt.decide.models import Ballot

CHECKS = settings(deadline=None, max_examples=200)


@st.composite
def rounds(draw, *, with_costs=False):
    """Between 1 and 6 options with ids in any order, listed at positions 1, 2, ..."""
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    costs = draw(st.lists(st.integers(0, 5_000), min_size=n, max_size=n)) if with_costs \
        else [None] * n
    return [counting.Choice(id=i, position=p, cost=c)
            for p, (i, c) in enumerate(zip(ids, costs), start=1)]


def approval_ballot(choices):
    return st.sets(st.sampled_from([c.id for c in choices]), min_size=1).map(
        lambda ticked: {i: 1 for i in ticked})


def points_ballot(choices, points, *, spend_all=False):
    """Any split of at most `points` (exactly `points` with spend_all), at least one."""
    ids = [c.id for c in choices]
    return st.lists(st.sampled_from(ids), min_size=points if spend_all else 1,
                    max_size=points).map(_tally_points)


def _tally_points(picks):
    ballot = {}
    for option_id in picks:
        ballot[option_id] = ballot.get(option_id, 0) + 1
    return ballot


@st.composite
def approval_rounds(draw, *, with_costs=False):
    choices = draw(rounds(with_costs=with_costs))
    return choices, draw(st.lists(approval_ballot(choices), max_size=40))


@st.composite
def points_rounds(draw, *, spend_all=False, with_costs=False):
    choices = draw(rounds(with_costs=with_costs))
    points = draw(st.integers(2, 20))
    ballots = draw(st.lists(points_ballot(choices, points, spend_all=spend_all), max_size=40))
    return choices, points, ballots


def recount(ballots, option_ids):
    """The independent fact: walk every ballot and add what it gives each option."""
    totals = dict.fromkeys(option_ids, 0)
    for ballot in ballots:
        for option_id in option_ids:
            totals[option_id] += ballot.get(option_id, 0)
    return totals


def by_votes(choices, totals):
    """The ranking worked out by hand: most votes first, ties in the manager's order."""
    ordered = []
    for choice in sorted(choices, key=lambda c: c.position):
        k = 0
        while k < len(ordered) and totals[ordered[k].id] >= totals[choice.id]:
            k += 1
        ordered.insert(k, choice)
    return ordered


@CHECKS
@given(approval_rounds())
def test_approval_counts_equal_a_recount_from_the_raw_ballots(generated):
    choices, ballots = generated
    result = counting.count("approval", choices, ballots)
    totals = recount(ballots, [c.id for c in choices])
    assert {t.option_id: t.votes for t in result.tallies} == totals
    assert result.ballots == len(ballots)
    # A tick is one vote from one voter: no option has more ticks than there are ballots.
    assert all(t.votes == t.voters <= len(ballots) for t in result.tallies)


@CHECKS
@given(points_rounds())
def test_points_counts_equal_a_recount_from_the_raw_ballots(generated):
    choices, points, ballots = generated
    result = counting.count("points", choices, ballots)
    totals = recount(ballots, [c.id for c in choices])
    assert {t.option_id: t.votes for t in result.tallies} == totals
    voters = {c.id: sum(1 for b in ballots if b.get(c.id)) for c in choices}
    assert {t.option_id: t.voters for t in result.tallies} == voters
    assert result.total <= points * len(ballots)


@CHECKS
@given(points_rounds(spend_all=True))
def test_all_points_spent_add_up_to_points_times_voters(generated):
    choices, points, ballots = generated
    result = counting.count("points", choices, ballots)
    assert result.total == sum(t.votes for t in result.tallies) == points * len(ballots)


@CHECKS
@given(st.one_of(approval_rounds().map(lambda g: ("approval", g[0], g[1])),
                 points_rounds().map(lambda g: ("points", g[0], g[2]))))
def test_the_ranking_is_by_votes_and_ties_keep_the_list_order(generated):
    method, choices, ballots = generated
    result = counting.count(method, choices, ballots)
    totals = recount(ballots, [c.id for c in choices])
    assert [t.option_id for t in result.tallies] == [c.id for c in by_votes(choices, totals)]
    scores = [t.votes for t in result.tallies]
    assert [t.tied for t in result.tallies] == [scores.count(s) > 1 for s in scores]


@CHECKS
@given(st.one_of(approval_rounds(with_costs=True).map(lambda g: ("approval", g[0], g[1])),
                 points_rounds(with_costs=True).map(lambda g: ("points", g[0], g[2]))),
       st.integers(0, 12_000))
def test_the_budget_is_never_exceeded_and_an_option_is_skipped_only_when_it_no_longer_fits(
        generated, budget):
    method, choices, ballots = generated
    result = counting.count(method, choices, ballots, budget=budget)
    totals = recount(ballots, [c.id for c in choices])
    cost = {c.id: c.cost for c in choices}
    chosen = [t.option_id for t in result.tallies if t.outcome == counting.FUNDED]
    assert sum(cost[i] for i in chosen) == result.spent <= budget
    assert result.left == budget - result.spent >= 0
    # Walk the ranking worked out by hand, with the money that is left at each step.
    left = budget
    for choice in by_votes(choices, totals):
        outcome = next(t.outcome for t in result.tallies if t.option_id == choice.id)
        if totals[choice.id] == 0:
            assert outcome == counting.NO_VOTES
        elif choice.cost <= left:
            assert outcome == counting.FUNDED
            left -= choice.cost
        else:
            assert outcome == counting.DOES_NOT_FIT
    assert left == result.left
    # What is left over is too little for every option that has votes and was skipped.
    assert all(cost[t.option_id] > result.left for t in result.tallies
               if t.outcome == counting.DOES_NOT_FIT)
    assert list(result.funded) == chosen


@CHECKS
@given(st.one_of(approval_rounds(with_costs=True).map(lambda g: ("approval", g[0], g[1])),
                 points_rounds(with_costs=True).map(lambda g: ("points", g[0], g[2]))),
       st.integers(0, 12_000), st.data())
def test_the_order_in_which_ballots_arrive_never_changes_the_result(generated, budget, data):
    method, choices, ballots = generated
    shuffled = data.draw(st.permutations(ballots))
    assert counting.count(method, choices, shuffled, budget=budget) == \
        counting.count(method, choices, ballots, budget=budget)
    assert counting.count(method, choices, ballots) == \
        counting.count(method, list(reversed(choices)), ballots)


@CHECKS
@given(rounds(), st.integers(2, 20), st.data())
def test_a_ballot_with_more_points_than_allowed_is_refused(choices, points, data):
    ids = [c.id for c in choices]
    ballot = data.draw(st.dictionaries(st.sampled_from(ids), st.integers(0, 40), min_size=1))
    spent = sum(ballot.values())
    if spent > points:
        with pytest.raises(counting.BallotError) as refused:
            counting.check_ballot("points", ids, ballot, points=points)
        assert refused.value.code == "too_many_points"
        assert refused.value.details == {"spent": spent, "allowed": points}
    elif spent == 0:
        with pytest.raises(counting.BallotError, match="empty"):
            counting.check_ballot("points", ids, ballot, points=points)
    else:
        kept = counting.check_ballot("points", ids, ballot, points=points)
        assert kept == {i: v for i, v in ballot.items() if v}


@pytest.mark.parametrize("method, marks, code", [
    ("approval", {}, "empty"),
    ("approval", {1: 0, 2: 0}, "empty"),
    ("approval", {1: 2}, "not_a_tick"),
    ("approval", {9: 1}, "unknown_option"),
    ("points", {1: -1, 2: 5}, "negative"),
    ("points", {1: 6, 2: 5}, "too_many_points"),
])
def test_ballots_the_method_does_not_allow(method, marks, code):
    with pytest.raises(counting.BallotError) as refused:
        counting.check_ballot(method, [1, 2, 3], marks, points=10)
    assert refused.value.code == code


def test_a_small_budget_round_by_hand():
    """Three options for € 5.000: the second is too dear once the first is chosen, the
    third still fits; an option nobody voted for is never chosen."""
    choices = [counting.Choice(1, 1, 4000), counting.Choice(2, 2, 2500),
               counting.Choice(3, 3, 1000), counting.Choice(4, 4, 0)]
    ballots = [{1: 1, 2: 1}, {1: 1, 3: 1}, {1: 1, 2: 1, 3: 1}, {2: 1}]
    result = counting.count("approval", choices, ballots, budget=5000)
    assert [(t.option_id, t.votes, t.outcome) for t in result.tallies] == [
        (1, 3, "funded"), (2, 3, "no_fit"), (3, 2, "funded"), (4, 0, "no_votes")]
    assert result.funded == (1, 3) and result.spent == 5000 and result.left == 0
    assert result.tallies[0].tied and result.tallies[1].tied and not result.tallies[2].tied


# --- one ballot per resident, in the database --------------------------------------------

ballot_lists = st.lists(st.sets(st.sampled_from([0, 1, 2]), min_size=1), min_size=1,
                        max_size=5)


@settings(deadline=None, max_examples=25,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ballot_lists)
def test_a_voter_who_changes_their_ballot_still_has_exactly_one(make_round, make_user,
                                                                  versions):
    """Each example opens its own round; the voter votes and then changes it, each time."""
    round_ = make_round(options=("Benches", "Trees", "A tap"))
    voter = make_user()
    ids = [o.id for o in round_.options]
    for k, ticked in enumerate(versions):
        decisions.vote(round_, voter, {ids[i]: 1 for i in ticked}, change=k > 0)
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(Ballot.id)).filter_by(
            round_id=round_.id, voter_id=voter.id)) == 1
    last = {ids[i]: 1 for i in versions[-1]}
    assert decisions.raw_ballots(round_) == [last]
    assert decisions.ballot_of(round_, voter) == last
    result = decisions.count(round_)
    assert {t.option_id: t.votes for t in result.tallies} == recount([last], ids)
