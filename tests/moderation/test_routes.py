"""Moderation through its pages: who may act, the author's view, flags, suspension."""
from datetime import timedelta

import pytest

from buurt.core import clock
from buurt.core.extensions import db
from buurt.market.models import Request
from buurt.moderation import case_decisions, cases, review
from buurt.moderation.models import ModerationCase
from buurt.posts.models import PostState
from tests.fixtures.builders import PASSWORD
from tests.moderation.conftest import OFFENSIVE

ACTIONS = ["approve", "clarify", "remove", "advise", "claim"]


def case_id(post):
    return cases.open_case_for("post", post.id).id


@pytest.mark.parametrize("action", ACTIONS)
def test_only_managers_of_the_neighbourhood_act(client, login, held_post, make_user,
                                                make_manager, make_neighbourhood, action):
    cid = case_id(held_post)
    data = {"message": "Graag duidelijker", "reason": "Niet toegestaan"}
    assert client.post(f"/moderation/{cid}/{action}", data=data).status_code == 302  # log in
    login(make_user())
    assert client.post(f"/moderation/{cid}/{action}", data=data).status_code == 403
    client.post("/logout")
    login(make_manager("Ali", neighbourhood=make_neighbourhood("oost", ["1091"])))
    assert client.post(f"/moderation/{cid}/{action}", data=data).status_code == 403
    client.post("/logout")
    login(make_manager())
    assert client.post(f"/moderation/{cid}/{action}", data=data).status_code == 302
    assert client.post(f"/moderation/999999/{action}", data=data).status_code == 404


@pytest.mark.parametrize("page", ["", "/log", "/words"])
def test_moderation_pages_are_for_managers(client, login, make_user, make_manager, page):
    login(make_user())
    assert client.get(f"/moderation{page}").status_code == 403
    client.post("/logout")
    login(make_manager())
    assert client.get(f"/moderation{page}").status_code == 200


def test_the_queue_shows_the_reason_and_the_case_page_the_author(client, login, held_post,
                                                                 make_manager):
    login(make_manager())
    page = client.get("/moderation").get_data(as_text=True)
    assert "Herrie in de straat" in page and "kankerlijer" in page
    page = client.get(f"/moderation/{case_id(held_post)}").get_data(as_text=True)
    assert "Kees" in page and OFFENSIVE in page


def test_a_second_decision_says_it_was_done(client, login, held_post, make_manager):
    cid = case_id(held_post)
    login(make_manager("Fatima"))
    client.post(f"/moderation/{cid}/approve")
    client.post("/logout")
    login(make_manager("Joost"))
    page = client.post(f"/moderation/{cid}/remove", data={"reason": "weg"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Fatima has already dealt with this." in page
    db.session.refresh(held_post)
    assert held_post.is_published


def test_the_author_sees_why_and_what_to_do(client, login, held_post, make_manager):
    login(held_post.author)
    page = client.get(f"/requests/{held_post.id}").get_data(as_text=True)
    assert "Only you can see this for now." in page and "kankerlijer" in page
    client.post("/logout")
    assert client.get(f"/requests/{held_post.id}").status_code == 404   # nobody else
    manager = make_manager()
    case_decisions.decide(review.get_case(case_id(held_post)), manager, "remove",
                          "Schelden mag hier niet.")
    db.session.commit()
    login(held_post.author)
    page = client.get(f"/requests/{held_post.id}").get_data(as_text=True)
    assert "A community manager removed this." in page and "Schelden mag hier niet." in page


def test_the_form_warns_before_posting_and_keeps_the_text(client, login, make_user, topics):
    login(make_user(language="en"))
    data = {"title": "Herrie", "body": OFFENSIVE, "topic": "klussen", "need": "help",
            "urgency": "any"}
    page = client.post("/requests/new", data=data).get_data(as_text=True)
    assert "Before you post" in page and "kankerlijer" in page
    assert OFFENSIVE in page and 'name="confirmed"' in page
    assert db.session.scalar(db.select(db.func.count(Request.id))) == 0
    response = client.post("/requests/new", data={**data, "confirmed": "1"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Request)).state == PostState.PENDING


def test_flagging_a_post(client, login, make_post, make_user):
    post = make_post("request", title="Gewone vraag")
    login(make_user(language="en"))
    assert client.post(f"/requests/{post.id}/flag", data={"reason": "nonsense"},
                       follow_redirects=True).status_code == 200
    assert db.session.scalar(db.select(db.func.count(ModerationCase.id))) == 0
    client.post(f"/requests/{post.id}/flag", data={"reason": "spam"})
    assert cases.open_case_for("post", post.id).source == "flags"
    page = client.post(f"/requests/{post.id}/flag", data={"reason": "spam"},
                       follow_redirects=True).get_data(as_text=True)
    assert "You reported this already." in page


def test_a_suspended_resident_cannot_log_in_and_sees_why(client, login, make_user,
                                                         make_manager):
    resident = make_user(language="en")
    login(resident)
    client.post("/logout")
    login(make_manager())
    client.post(f"/moderation/residents/{resident.id}/suspend",
                data={"until": (clock.today() + timedelta(days=3)).isoformat(),
                      "reason": "Dreigende berichten"})
    client.post("/logout")
    response = client.post("/login", data={"email": resident.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Dreigende berichten" in response.get_data(as_text=True)


def test_a_reported_message_reaches_the_queue_and_can_be_removed(client, login, make_user,
                                                                 make_post, make_manager):
    from buurt.market import responses
    from buurt.market.models import Message
    author, helper = make_user(language="en"), make_user()
    response = responses.respond(make_post("request", author=author), helper, "Rot op")
    db.session.commit()
    message_id = db.session.scalar(db.select(Message.id))
    login(author)
    client.post(f"/messages/{message_id}/flag", data={"reason": "offensive"})
    client.post("/logout")
    login(make_manager())
    cid = cases.open_case_for("message", message_id).id
    assert "Rot op" in client.get(f"/moderation/{cid}").get_data(as_text=True)
    client.post(f"/moderation/{cid}/remove", data={"reason": "Grof"})
    client.post("/logout")
    login(author)
    page = client.get(f"/conversations/{response.conversation.id}").get_data(as_text=True)
    assert "A community manager removed this message." in page and "Rot op" not in page
