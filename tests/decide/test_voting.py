"""Voting: one ballot per resident, changeable until the close; who may vote and when;
results hidden until the close, then published as counts, never who voted what."""
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.decide.models import Ballot, BallotChoice
from tests.decide.conftest import option_ids, text


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """The services' messages are read in English here (outside a request they follow the
    default language, Dutch); pages pick their language per request as always."""
    with force_locale("en"):
        yield


def ballots(round_) -> int:
    return db.session.scalar(db.select(db.func.count(Ballot.id)).filter_by(round_id=round_.id))


def test_a_resident_votes_sees_their_vote_and_can_change_it(client, login, make_round,
                                                            make_user):
    round_ = make_round()
    ids = option_ids(round_)
    ria = make_user("Ria")
    login(ria)
    page = text(client.get(f"/decide/{round_.id}"))
    assert "Which options do you agree with?" in page and "0 neighbours voted" in page
    response = client.post(f"/decide/{round_.id}/vote",
                           data={"option": [ids["New benches"], ids["More trees"]]})
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "Thank you for voting!" in page and "1 neighbour voted" in page
    assert "You voted. Your vote is below." in page and "Change my vote" in page
    assert f'value="{ids["New benches"]}" checked' in page
    assert f'value="{ids["A water tap"]}">' in page
    response = client.post(f"/decide/{round_.id}/vote",
                           data={"option": [ids["A water tap"]], "change": "1"},
                           follow_redirects=True)
    assert "Your vote is changed. Only your newest vote counts." in text(response)
    assert ballots(round_) == 1
    assert decisions.ballot_of(round_, ria) == {ids["A water tap"]: 1}


def test_voting_twice_is_refused_and_changes_nothing(client, login, make_round, make_user):
    round_ = make_round()
    ids = option_ids(round_)
    login(make_user("Ria"))
    client.post(f"/decide/{round_.id}/vote", data={"option": [ids["New benches"]]})
    # The same form sent again (another tab, a double click) without asking to change.
    response = client.post(f"/decide/{round_.id}/vote", data={"option": [ids["More trees"]]})
    assert response.status_code == 200
    assert "You voted already. To change your vote" in text(response)
    assert decisions.raw_ballots(round_) == [{ids["New benches"]: 1}]


def test_the_database_keeps_one_ballot_per_resident(make_round, make_user):
    round_, ria = make_round(), make_user()
    db.session.add(Ballot(round_id=round_.id, voter_id=ria.id))
    db.session.commit()
    db.session.add(Ballot(round_id=round_.id, voter_id=ria.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert ballots(round_) == 1


def test_two_first_votes_at_the_same_moment_leave_one(make_round, make_user, monkeypatch):
    """A second first vote that passes the look-up (another tab, a moment later) meets the
    unique constraint: it is refused, and the first vote stands."""
    round_, ria = make_round(), make_user()
    ids = option_ids(round_)
    decisions.vote(round_, ria, {ids["New benches"]: 1})
    db.session.commit()
    real_scalar = db.session.scalar

    def misses_the_ballot(stmt, *args, **kwargs):
        if "FROM ballot" in str(stmt):
            return None
        return real_scalar(stmt, *args, **kwargs)
    monkeypatch.setattr(db.session, "scalar", misses_the_ballot)
    with pytest.raises(decisions.DecisionError, match="You voted already"):
        decisions.vote(round_, ria, {ids["More trees"]: 1})
    monkeypatch.undo()
    db.session.commit()
    assert decisions.raw_ballots(round_) == [{ids["New benches"]: 1}]


def test_only_residents_of_the_neighbourhood_vote(client, login, make_round, make_user,
                                                  make_neighbourhood):
    round_ = make_round()
    ids = option_ids(round_)
    stranger = make_user("Otto", neighbourhood=make_neighbourhood("oost", ["1091"]))
    login(stranger)
    page = text(client.get(f"/decide/{round_.id}"))
    assert "Only residents of Centrum can vote in this round." in page
    assert "Which options do you agree with?" not in page
    response = client.post(f"/decide/{round_.id}/vote", data={"option": [ids["New benches"]]})
    assert "Only residents of Centrum can vote in this round." in text(response)
    assert ballots(round_) == 0


def test_visitors_are_asked_to_log_in(client, make_round):
    round_ = make_round()
    assert "Log in to vote." in text(client.get(f"/decide/{round_.id}"))
    response = client.post(f"/decide/{round_.id}/vote", data={"option": ["1"]})
    assert response.status_code == 302 and "/login" in response.location
    assert ballots(round_) == 0


def test_no_votes_before_the_opening_or_after_the_close(client, login, make_round, make_user,
                                                        traveller):
    later = make_round(opens_in=timedelta(days=2), lasts=timedelta(days=5))
    ids = option_ids(later)
    login(make_user("Ria"))
    page = text(client.get(f"/decide/{later.id}"))
    assert "Voting starts Wednesday 3 March 2027, 10:00." in page
    response = client.post(f"/decide/{later.id}/vote", data={"option": [ids["New benches"]]})
    assert "This round is not open yet." in text(response)
    traveller.shift(timedelta(days=7, seconds=1))       # just after the close
    response = client.post(f"/decide/{later.id}/vote", data={"option": [ids["New benches"]]})
    assert "This round has closed. You cannot vote any more." in text(response)
    assert ballots(later) == 0


@pytest.mark.parametrize("marks, message", [
    ({"A": "6", "B": "5"}, "You gave 11 points, but you have 10. Take some away."),
    ({"A": "-2", "B": "5"}, "Points cannot be below zero."),
    ({"A": "three"}, "Write the points as whole numbers, for example 3."),
    ({}, "Give at least one point to an option."),
])
def test_wrong_points_get_a_message_and_keep_what_was_typed(client, login, make_round,
                                                             make_user, marks, message):
    round_ = make_round(method="points", points=10, options=("A", "B", "C"))
    ids = option_ids(round_)
    login(make_user())
    response = client.post(f"/decide/{round_.id}/vote",
                           data={f"points-{ids[k]}": v for k, v in marks.items()})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert "Your vote is not saved" in page
    for key, value in marks.items():
        assert f'name="points-{ids[key]}" value="{value}"' in page
    assert ballots(round_) == 0


def test_ticking_nothing_or_an_unknown_option_is_refused(client, login, make_round, make_user):
    round_ = make_round()
    login(make_user())
    response = client.post(f"/decide/{round_.id}/vote", data={})
    assert "Tick at least one option." in text(response)
    response = client.post(f"/decide/{round_.id}/vote", data={"option": ["99999"]})
    assert "Choose from the options of this round." in text(response)
    assert ballots(round_) == 0


def test_results_are_hidden_until_the_close_then_published_with_the_method(
        client, login, make_round, make_user, manager, traveller):
    round_ = make_round(method="points", points=10, options=("Benches", "Trees", "A tap"))
    ids = option_ids(round_)
    votes = [{"Benches": 6, "Trees": 4}, {"Trees": 10}, {"Benches": 5, "A tap": 5}]
    voters = [make_user(name) for name in ("Ria", "Bart", "Kim")]
    for voter, ballot in zip(voters, votes):
        decisions.vote(round_, voter, {ids[k]: v for k, v in ballot.items()})
    db.session.commit()
    assert decisions.results(round_) is None
    login(manager)
    page = text(client.get(f"/decide/{round_.id}"))
    assert "3 neighbours voted" in page
    assert "Votes per option" not in page and "you see how many neighbours voted" in page
    traveller.shift(timedelta(days=7))
    page = text(client.get(f"/decide/{round_.id}"))
    assert "Votes per option, the most first" in page and "3 neighbours voted." in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index("Trees") < rows.index("Benches") < rows.index("A tap")
    assert "<td>14</td>" in rows and "<td>11</td>" in rows and "<td>5</td>" in rows
    assert "divide 10 points over the options" in page
    assert "We add up the points of all votes." in page
    # Counts only: the manager never sees who voted, let alone what.
    for voter in voters:
        assert voter.display_name not in page
    client.post("/logout")
    assert "Votes per option, the most first" in text(client.get(f"/decide/{round_.id}"))


def test_a_budget_round_lists_what_fits_in_order_of_votes(client, make_round, make_user,
                                                          traveller):
    round_ = make_round(budget=5000, options=(("Benches", 4000), ("Trees", 2500),
                                              ("A tap", 1000), ("A mural", 500)))
    ids = option_ids(round_)
    for ticked in (["Benches", "Trees"], ["Benches", "A tap"], ["Benches", "Trees", "A tap"],
                   ["Trees"]):
        decisions.vote(round_, make_user(), {ids[t]: 1 for t in ticked})
    db.session.commit()
    traveller.shift(timedelta(days=8))
    result = decisions.results(round_)
    assert [round_.options[[o.id for o in round_.options].index(i)].title
            for i in result.funded] == ["Benches", "A tap"]
    page = text(client.get(f"/decide/{round_.id}"))
    assert ("Chosen within the budget: €\u00a05,000 of €\u00a05,000. Left over: €\u00a00."
            in page)
    assert "No: does not fit in what is left" in page and "No: no votes" in page
    assert "An option is chosen when its cost fits in what is left of the budget." in page


def test_ballot_choices_are_kept_when_a_voter_leaves(make_round, make_user, traveller):
    round_ = make_round()
    ids = option_ids(round_)
    ria = make_user()
    decisions.vote(round_, ria, {ids["More trees"]: 1})
    db.session.commit()
    db.session.delete(ria)
    db.session.commit()
    traveller.shift(timedelta(days=8))
    assert ballots(round_) == 1 and db.session.scalar(
        db.select(db.func.count()).select_from(BallotChoice)) == 1
    assert decisions.results(round_).tallies[0].votes == 1


@pytest.mark.parametrize("language, promises, closed", [
    ("en", ["The result is published when the round closes.",
            "You can change your vote until the round closes."],
     "The round is closed. The result is on this page."),
    ("nl", ["De uitslag komt online als de ronde sluit.",
            "Je kunt je stem veranderen tot de ronde sluit."],
     "De ronde is gesloten. De uitslag staat op deze pagina."),
])
def test_a_closed_round_says_its_result_is_out_not_that_it_comes(
        client, login, make_round, make_user, traveller, language, promises, closed):
    round_ = make_round()
    voter = make_user("Ria", language=language)
    decisions.vote(round_, voter, {option_ids(round_)["More trees"]: 1})
    db.session.commit()
    login(voter)
    page = text(client.get(f"/decide/{round_.id}"))
    assert all(line in page for line in promises) and closed not in page
    traveller.shift(timedelta(days=7))
    page = text(client.get(f"/decide/{round_.id}"))
    assert closed in page and not any(line in page for line in promises)
    assert ("Your vote is secret" if language == "en" else "Je stem is geheim") in page
