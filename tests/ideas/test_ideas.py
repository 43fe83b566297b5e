"""Ideas as posts: sharing and changing one, the screening and post states, a manager's
status with an explanation, and the list sorted by support, newest and status."""
from datetime import timedelta

from flask_babel import force_locale
import pytest

from buurt.core.extensions import db
from buurt.ideas import services as ideas
from buurt.ideas.models import Idea, IdeaStatus
from buurt.info import places
from buurt.notifications.models import Notification
from buurt.posts.models import PostState
from tests.ideas.conftest import OFFENSIVE, text, titles

FORM = {"title": "A bench under the big tree",
        "body": "A bench on the square by the speeltuin, so parents can sit there.",
        "topic": "tuin", "estimated_cost": "€ 1.200"}


def only_idea() -> Idea | None:
    return db.session.scalar(db.select(Idea))


def test_a_resident_shares_an_idea_with_a_place_and_a_cost(client, login, make_user,
                                                           manager, centrum):
    square = places.create(manager, centrum, name="The square", address="Plein 1")
    db.session.commit()
    ria = make_user("Ria")
    login(ria)
    response = client.post("/ideas/new", data={**FORM, "place": str(square.id)})
    idea = only_idea()
    assert response.status_code == 302 and response.location.endswith(f"/ideas/{idea.id}")
    assert idea.state == PostState.PUBLISHED and idea.status == IdeaStatus.NEW
    assert idea.estimated_cost == 1200 and idea.place_id == square.id
    assert idea.support_count == 0 and idea.kind == "idea"
    page = text(client.get(response.location))
    assert "Thank you! Your idea is online." in page
    assert "The square" in page and "€\u00a01,200" in page and "Status: New" in page
    assert "This is your idea." in page
    client.post("/logout")
    page = text(client.get("/ideas"))
    assert "A bench under the big tree" in page and "Ria" not in page    # no names for visitors
    assert "A neighbour" in text(client.get(f"/ideas/{idea.id}"))


@pytest.mark.parametrize("change, message", [
    ({"estimated_cost": "a lot"}, "Write a whole number, for example 10."),
    ({"place": "999"}, "Choose from the list."),
    ({"topic": ""}, "Choose a topic."),
    ({"title": "Tree"}, "Use between 5 and 140 characters."),
    ({"body": ""}, "Tell your neighbours a little more."),
])
def test_wrong_input_gets_a_message_and_keeps_what_was_typed(client, login, make_user,
                                                             change, message):
    login(make_user())
    response = client.post("/ideas/new", data={**FORM, **change})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert 'value="A bench under the big tree"' in page or "title" in change
    assert only_idea() is None


def test_a_place_in_another_neighbourhood_is_refused(make_user, manager, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    elsewhere = places.create(manager, oost, name="Far away", address="Oostweg 1")
    with pytest.raises(ideas.IdeaError) as refused:
        ideas.create_idea(make_user(), title="A bench", body="A bench in the speeltuin.",
                          topic=None, place_id=elsewhere.id)
    with force_locale("en"):
        assert str(refused.value) == "Choose a place from the list."
    assert only_idea() is None


def test_an_offensive_idea_waits_for_a_manager_and_is_not_listed(client, login, make_user):
    login(make_user("Kees"))
    response = client.post("/ideas/new", data={**FORM, "body": OFFENSIVE})
    assert "Before you post" in text(response) and only_idea() is None
    client.post("/ideas/new", data={**FORM, "body": OFFENSIVE, "confirmed": "1"})
    idea = only_idea()
    assert idea.state == PostState.PENDING
    assert "Only you can see this for now." in text(client.get(f"/ideas/{idea.id}"))
    client.post("/logout")
    assert client.get(f"/ideas/{idea.id}").status_code == 404
    assert "A bench under the big tree" not in text(client.get("/ideas"))


def test_only_the_author_changes_an_idea(client, login, make_user, make_idea):
    ria = make_user("Ria")
    idea = make_idea(ria)
    login(make_user("Bart"))
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    assert client.post(f"/ideas/{idea.id}/edit", data=FORM).status_code == 403
    client.post("/logout")
    login(ria)
    response = client.post(f"/ideas/{idea.id}/edit", data={
        **FORM, "title": "Two benches under the big tree", "estimated_cost": ""})
    assert response.status_code == 302
    db.session.refresh(idea)
    assert idea.title == "Two benches under the big tree" and idea.estimated_cost is None
    client.post(f"/ideas/{idea.id}/withdraw")
    assert "Two benches" not in text(client.get("/ideas"))
    assert client.get("/ideas/999").status_code == 404


def test_a_manager_sets_a_status_with_an_explanation_and_the_author_hears_it(
        client, login, make_user, make_idea, manager):
    ria = make_user("Ria")
    idea = make_idea(ria)
    login(manager)
    response = client.post(f"/ideas/{idea.id}/status", data={"status": "adopted", "note": ""})
    assert "Explain it in a few words. Everyone can read it." in text(response)
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.NEW
    response = client.post(f"/ideas/{idea.id}/status", data={
        "status": "adopted", "note": "The council pays for two benches in May."},
        follow_redirects=True)
    page = text(response)
    assert "The status is saved." in page and "Status: Adopted" in page
    assert "The council pays for two benches in May." in page
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.ADOPTED and idea.status_rank == 3
    notification = db.session.scalar(db.select(Notification).filter_by(user_id=ria.id))
    assert notification.kind == "idea_status" and notification.note == "adopted"
    client.post("/logout")
    login(ria)
    assert 'gave your idea "A bench under the big tree" a new status: Adopted' in text(
        client.get("/notifications"))


def test_residents_cannot_set_a_status(client, login, make_user, make_idea):
    idea = make_idea()
    login(make_user())
    assert "Set the status" not in text(client.get(f"/ideas/{idea.id}"))
    response = client.post(f"/ideas/{idea.id}/status", data={"status": "realised",
                                                             "note": "Done!"})
    assert response.status_code == 403
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.NEW


def test_ideas_are_sorted_by_support_newest_and_status(client, make_user, make_idea, manager,
                                                       traveller):
    made = {}
    for title, supporters, status in [("Benches on the square", 1, "adopted"),
                                      ("Trees in the street", 3, "new"),
                                      ("A mural on the school", 0, "realised"),
                                      ("A pond in the park", 2, "not_feasible")]:
        made[title] = make_idea(title=title)
        for _ in range(supporters):
            ideas.support(made[title], make_user())
        ideas.set_status(made[title], manager, status, "Explained.")
        db.session.commit()
        traveller.shift(timedelta(hours=1))
    assert titles(text(client.get("/ideas"))) == [
        "Trees in the street", "A pond in the park", "Benches on the square",
        "A mural on the school"]
    assert titles(text(client.get("/ideas?sort=newest"))) == [
        "A pond in the park", "A mural on the school", "Trees in the street",
        "Benches on the square"]
    assert titles(text(client.get("/ideas?sort=status"))) == [
        "A mural on the school", "Benches on the square", "Trees in the street",
        "A pond in the park"]
    assert titles(text(client.get("/ideas?status=adopted"))) == ["Benches on the square"]
