"""My neighbours: only the ambassador's own, their first steps and nothing private; the
ambassador approves their held first posts through the moderation decision."""
from html import unescape

import pytest

from buurt.ambassador import cards, neighbours, on_behalf
from buurt.core import settings
from buurt.core.extensions import db
from buurt.market import posting, responses
from buurt.moderation import case_decisions, cases, flags
from buurt.moderation.models import CaseSource, CaseState, ModerationAction
from buurt.notifications.models import Notification
from buurt.posts.models import PostState
from tests.fixtures.builders import PASSWORD

OFFENSIVE = "Die kankerlijer van nummer 12 moet oprotten"


def text(response):
    return unescape(response.get_data(as_text=True))


def neighbours_page(client):
    response = client.get("/ambassador/neighbours")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return text(response)


def test_an_ambassador_sees_only_the_neighbours_they_brought_in(
        client, login, ambassador, make_ambassador, make_manager, sign_up_neighbour,
        make_user):
    sign_up_neighbour(ambassador, "Henk")
    sign_up_neighbour(make_ambassador("Els"), "Truus")
    make_user("Piet")   # signed up by himself
    login(ambassador)
    page = neighbours_page(client)
    assert "Henk" in page and "Truus" not in page and "Piet" not in page
    client.post("/logout")
    # A manager's "my neighbours" are theirs too, not every ambassador's.
    login(make_manager())
    page = neighbours_page(client)
    assert "Henk" not in page and "You have not signed anyone up yet." in page


def test_first_steps_show_as_the_neighbour_takes_them(client, login, ambassador,
                                                      sign_up_neighbour, make_user, make_post,
                                                      topics):
    card = sign_up_neighbour(ambassador, "Henk")
    henk = card.user
    login(ambassador)
    page = neighbours_page(client)
    for step in ("Not logged in again yet", "Has not posted yet",
                 "Not matched with a neighbour yet", "Has not helped anyone yet"):
        assert step in page
    client.post("/logout")

    # Henk logs in with his card and chooses a password.
    client.post("/login", data={"email": card.login, "password": card.code})
    client.post("/password/choose", data={"password": PASSWORD, "confirm": PASSWORD})
    client.post("/logout")
    # He asks for help, a neighbour reacts; he helps someone else, and it is done.
    request = posting.create_request(henk, title="Wie doet mijn boodschappen?",
                                     body="Op dinsdag, bij de Albert Heijn.",
                                     topic=topics["boodschappen"])
    responses.respond(request, make_user("Anna"), "Ik kan dinsdag.")
    other = make_post("request", topic="tuin", title="Heg knippen")
    help_given = responses.respond(other, henk, "Ik kom zaterdag.")
    responses.accept(help_given, other.author)
    responses.mark_done(help_given, other.author)
    db.session.commit()

    login(ambassador)
    page = neighbours_page(client)
    assert "Logged in again" in page and "Not logged in again yet" not in page
    assert "Posted 1 time" in page
    assert "Was matched with a neighbour" in page
    assert "Helped someone" in page


def test_the_link_sign_up_counts_a_later_log_in_as_coming_back(client, login, ambassador,
                                                                make_event, topics):
    event = make_event(ambassador)
    client.post(f"/signup?event={event.token}", data={
        "display_name": "Sanne", "email": "sanne@example.com", "password": PASSWORD,
        "postcode": "1015"})
    client.post("/logout")
    login(ambassador)
    assert "Not logged in again yet" in neighbours_page(client)
    client.post("/logout")
    client.post("/login", data={"email": "sanne@example.com", "password": PASSWORD})
    client.post("/logout")
    login(ambassador)
    page = neighbours_page(client)
    assert "Sanne" in page and "Logged in again" in page and "Straatfeest" in page


def test_never_messages_or_other_private_data(client, login, ambassador, sign_up_neighbour,
                                              make_user, topics):
    henk = sign_up_neighbour(ambassador, "Henk", email="henk@example.com").user
    henk.street = "Dapperstraat"
    request = posting.create_request(henk, title="Hulp met mijn computer",
                                     body="Mijn laptop start niet.", topic=topics["computerhulp"])
    anna = make_user("Anna", email="anna@example.com")
    response = responses.respond(request, anna, "Geheim: mijn nummer is 0612345678")
    db.session.commit()

    login(ambassador)
    page = neighbours_page(client)
    assert "Henk" in page and "Was matched with a neighbour" in page
    for private in ("0612345678", "Geheim", "henk@example.com", "Dapperstraat",
                    "Anna", "anna@example.com", "Mijn laptop start niet."):
        assert private not in page, private
    client.post("/logout")
    # The message itself is there, for Henk.
    cards.choose_password(henk, PASSWORD)
    db.session.commit()
    client.post("/logout")
    login(henk)
    assert "0612345678" in text(client.get(f"/conversations/{response.conversation.id}"))


@pytest.fixture
def hold_first_posts(centrum):
    settings.set_value(centrum, "new_member_hold_posts", 1)
    db.session.commit()


@pytest.fixture
def held(ambassador, sign_up_neighbour, topics, hold_first_posts):
    """Henk's first request, held because he is new."""
    henk = sign_up_neighbour(ambassador, "Henk").user
    post = posting.create_request(henk, title="Wie helpt met de tuin?",
                                  body="Ik zoek hulp in de tuin op zaterdag.",
                                  topic=topics["tuin"])
    db.session.commit()
    assert post.state == PostState.PENDING
    case = cases.open_case_for("post", post.id)
    assert case.source == CaseSource.NEW_MEMBER
    return post


def test_the_ambassador_approves_a_held_first_post_as_a_manager_would(
        client, login, ambassador, held, make_user):
    gardener = make_user("Gerrit", offer=["tuin"])
    login(ambassador)
    page = neighbours_page(client)
    assert "First post waiting for approval: Wie helpt met de tuin?" in page
    assert "Ik zoek hulp in de tuin op zaterdag." in page
    case = cases.open_case_for("post", held.id)
    response = client.post(f"/ambassador/cases/{case.id}/approve")
    assert response.status_code == 302 and response.location.endswith("/ambassador/neighbours")
    db.session.expire_all()
    assert held.state == PostState.PUBLISHED
    assert (case.state, case.decision, case.decided_by_id) == (CaseState.DECIDED, "approve",
                                                               ambassador.id)
    # The same log and notifications as a manager's decision.
    entry = db.session.scalar(db.select(ModerationAction).filter_by(case_id=case.id,
                                                                    action="approve"))
    assert entry.actor_id == ambassador.id
    assert db.session.scalar(db.select(Notification).filter_by(
        user_id=gardener.id, kind="match", post_id=held.id)) is not None
    assert "Approved. It is online." in neighbours_page(client)
    assert "First post waiting for approval" not in neighbours_page(client)


def test_a_second_approval_says_it_was_done(client, login, ambassador, held, make_manager):
    case = cases.open_case_for("post", held.id)
    case_decisions.decide(case, make_manager(), "approve")
    db.session.commit()
    login(ambassador)
    page = text(client.post(f"/ambassador/cases/{case.id}/approve", follow_redirects=True))
    assert "This post has been dealt with already." in page


def test_ambassadors_do_not_get_the_managers_queue(client, login, ambassador, held):
    login(ambassador)
    assert client.get("/moderation").status_code == 403
    case = cases.open_case_for("post", held.id)
    assert client.post(f"/moderation/{case.id}/approve").status_code == 403


def test_a_post_the_screening_holds_stays_with_the_managers(client, login, ambassador,
                                                            sign_up_neighbour, topics,
                                                            hold_first_posts, make_manager):
    henk = sign_up_neighbour(ambassador, "Henk").user
    post = posting.create_request(henk, title="Herrie in de straat", body=OFFENSIVE,
                                  topic=topics["klussen"])
    db.session.commit()
    case = cases.open_case_for("post", post.id)
    login(ambassador)
    assert "Herrie in de straat" not in neighbours_page(client)
    assert client.post(f"/ambassador/cases/{case.id}/approve").status_code == 403
    client.post("/logout")
    login(make_manager())
    assert "Herrie in de straat" in text(client.get("/moderation"))


def test_a_flagged_first_post_stays_with_the_managers(ambassador, held, make_user):
    case = cases.open_case_for("post", held.id)
    assert neighbours.can_approve(ambassador, case)
    flags.flag_post(held, make_user("Bep"), "offensive")
    db.session.commit()
    db.session.refresh(case)
    assert not neighbours.can_approve(ambassador, case)


def test_an_ambassador_does_not_approve_what_they_posted_for_the_neighbour(
        client, login, ambassador, sign_up_neighbour, topics, hold_first_posts,
        make_manager):
    henk = sign_up_neighbour(ambassador, "Henk").user
    post = on_behalf.post_request_for(ambassador, henk, consent=True,
                                      title="Wie helpt met de tuin?",
                                      body="Ik zoek hulp in de tuin op zaterdag.",
                                      topic=topics["tuin"])
    db.session.commit()
    case = cases.open_case_for("post", post.id)
    login(ambassador)
    assert "First post waiting for approval" not in neighbours_page(client)
    assert client.post(f"/ambassador/cases/{case.id}/approve").status_code == 403
    client.post("/logout")
    login(make_manager())
    assert client.post(f"/moderation/{case.id}/approve").status_code == 302
    db.session.refresh(post)
    assert post.is_published


def test_my_neighbours_is_paginated(client, login, ambassador, sign_up_neighbour, app):
    app.config["PAGE_SIZE"] = 2
    for name in ("Anna", "Bart", "Cor"):
        sign_up_neighbour(ambassador, name)
    login(ambassador)
    first = neighbours_page(client)
    assert "Cor" in first and "Bart" in first and "Anna" not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = text(client.get(older.replace("&amp;", "&")))
    assert "Anna" in second and "Cor" not in second
