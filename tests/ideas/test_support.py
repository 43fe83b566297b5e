"""Support ("steun"): once per resident, withdrawable, never for one's own idea or from
another neighbourhood; at the threshold an idea is proposed for the next decision round."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from buurt.core import settings
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.ideas import services as ideas
from buurt.ideas.models import Support
from buurt.notifications.models import Notification
from tests.ideas.conftest import text


def supporters(idea) -> int:
    return db.session.scalar(db.select(db.func.count(Support.id)).filter_by(idea_id=idea.id))


def count_of(idea) -> int:
    db.session.expire_all()
    return db.session.get(type(idea), idea.id).support_count


def test_a_resident_supports_once_and_can_take_it_back(client, login, make_user, make_idea):
    idea = make_idea()
    login(make_user("Ria"))
    response = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    page = text(response)
    assert "Thank you for your support!" in page and "1 supporter" in page
    assert "Take back my support" in page
    response = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    assert "You support this idea already." in text(response)
    assert supporters(idea) == 1 and count_of(idea) == 1
    assert "You support this" in text(client.get("/ideas"))
    response = client.post(f"/ideas/{idea.id}/support/withdraw", follow_redirects=True)
    assert "Your support is taken back." in text(response) and "0 supporters" in text(response)
    response = client.post(f"/ideas/{idea.id}/support/withdraw", follow_redirects=True)
    assert "You had not supported this idea." in text(response)
    assert supporters(idea) == 0 and count_of(idea) == 0


def test_the_database_keeps_one_support_per_resident(make_user, make_idea):
    idea, ria = make_idea(), make_user()
    db.session.add(Support(idea_id=idea.id, user_id=ria.id))
    db.session.commit()
    db.session.add(Support(idea_id=idea.id, user_id=ria.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert supporters(idea) == 1


def test_nobody_supports_their_own_idea(client, login, make_user, make_idea):
    ria = make_user("Ria")
    idea = make_idea(ria)
    login(ria)
    assert "I support this idea" not in text(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    assert "This is your own idea." in text(response)
    assert supporters(idea) == 0 and count_of(idea) == 0


def test_residents_of_another_neighbourhood_cannot_support(client, login, make_user, make_idea,
                                                           make_neighbourhood):
    idea = make_idea()
    login(make_user("Otto", neighbourhood=make_neighbourhood("oost", ["1091"])))
    assert "Only residents of Centrum can support this idea." in text(
        client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/support", follow_redirects=True)
    assert "Only residents of Centrum can support this idea." in text(response)
    assert supporters(idea) == 0


def test_visitors_are_asked_to_log_in(client, make_idea):
    idea = make_idea()
    assert "Log in to support this idea." in text(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/support")
    assert response.status_code == 302 and "/login" in response.location
    assert supporters(idea) == 0


def test_at_the_threshold_an_idea_is_proposed_once_and_its_author_hears_it(
        client, login, make_user, make_idea, centrum, manager):
    settings.set_value(centrum, "idea_support_threshold", 3)
    ria = make_user("Ria")
    idea = make_idea(ria, estimated_cost=900)
    fans = [make_user() for _ in range(4)]
    for fan in fans[:2]:
        ideas.support(idea, fan)
    db.session.commit()
    assert idea.proposed_at is None
    assert "With 3 supporters, an idea is proposed" in text(client.get(f"/ideas/{idea.id}"))
    ideas.support(idea, fans[2])
    db.session.commit()
    assert idea.proposed_at is not None
    # Below and back at the threshold: still proposed, and the author heard it once.
    ideas.withdraw_support(idea, fans[0])
    ideas.support(idea, fans[0])
    ideas.support(idea, fans[3])
    db.session.commit()
    kinds = list(db.session.scalars(db.select(Notification.kind).filter_by(user_id=ria.id)))
    assert kinds == ["idea_proposed"]
    assert "It is proposed for the next decision round." in text(
        client.get(f"/ideas/{idea.id}"))
    assert "Proposed for a decision" in text(client.get("/ideas"))
    # The manager sees it when opening a round, filled in as the first option.
    login(manager)
    page = text(client.get("/decide/new"))
    assert "Ideas proposed by the neighbours" in page and "4 supporters" in page
    assert f'<option selected value="{idea.id}">' in page
    assert 'name="options-0-cost" type="text" value="900"' in page
    # Used as an option in a round, it is no longer waiting for one.
    response = client.post("/decide/new", data={
        "question": "Which idea first?", "method": "approval", "closes_date": "2027-03-08",
        "closes_time": "20:00", "options-0-idea": str(idea.id),
        "options-1-title": "Something else"})
    assert response.status_code == 302
    [round_] = decisions.rounds_with(idea)
    assert [o.title for o in round_.options] == ["A bench under the big tree", "Something else"]
    assert ideas.proposed_for_round(centrum.id) == []
    assert "Which idea first?" in text(client.get(f"/ideas/{idea.id}"))


def test_an_idea_from_another_neighbourhood_cannot_be_an_option(make_user, make_idea,
                                                               make_neighbourhood, manager,
                                                               centrum):
    oost = make_neighbourhood("oost", ["1091"])
    theirs = make_idea(make_user(neighbourhood=oost))
    with pytest.raises(decisions.DecisionError):
        decisions.open_round(manager, centrum, question="Which first?", method="approval",
                             closes_at=decisions.clock.now() + timedelta(days=3),
                             options=[decisions.OptionInput(idea=theirs),
                                      decisions.OptionInput(title="Other")])
