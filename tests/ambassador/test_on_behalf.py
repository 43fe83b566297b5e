"""An ambassador posts a request for a neighbour they onboarded, with consent recorded; the
neighbour is the author, sees it in their account and gets the responses."""
from html import unescape

import pytest

from buurt.extensions import db
from buurt.models import Notification, OnBehalfPost, PostState, Request
from buurt.services import onboarding, responses
from tests.fixtures.builders import PASSWORD

REQUEST = {"need": "help", "title": "Wie doet mijn boodschappen?",
           "body": "Op dinsdagochtend, bij de supermarkt op de hoek.",
           "topic": "boodschappen", "urgency": "week", "consent": "y"}


def text(response):
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def henk(ambassador, sign_up_neighbour, topics):
    card = sign_up_neighbour(ambassador, "Henk", email="henk@example.com")
    onboarding.choose_password(card.user, PASSWORD)
    db.session.commit()
    return card.user


def test_the_request_is_the_neighbours_and_the_consent_is_recorded(client, login, ambassador,
                                                                   henk, make_user):
    shopper = make_user("Gerrit", offer=["boodschappen"])
    login(ambassador)
    form = text(client.get(f"/ambassador/neighbours/{henk.id}/request"))
    assert "Post a request for Henk" in form
    assert "My neighbour agrees that I post this for them" in form
    response = client.post(f"/ambassador/neighbours/{henk.id}/request", data=REQUEST)
    post = db.session.scalar(db.select(Request))
    assert response.status_code == 302 and response.location.endswith(f"/requests/{post.id}")
    assert post.author_id == henk.id and post.state == PostState.PUBLISHED
    assert (post.title, post.urgency) == (REQUEST["title"], "week")
    record = db.session.get(OnBehalfPost, post.id)
    assert (record.neighbour_id, record.ambassador_id) == (henk.id, ambassador.id)
    assert record.consent_at is not None
    # Posted as every request is: its matches hear of it.
    assert db.session.scalar(db.select(Notification).filter_by(
        user_id=shopper.id, kind="match", post_id=post.id)) is not None
    client.post("/logout")

    # Henk sees it in his account, and a neighbour's response reaches him.
    login(henk)
    assert REQUEST["title"] in text(client.get("/mine"))
    reply = responses.respond(post, shopper, "Ik kan dinsdag om tien uur.")
    db.session.commit()
    assert db.session.scalar(db.select(Notification).filter_by(
        user_id=henk.id, kind="response", post_id=post.id)) is not None
    assert db.session.scalar(db.select(Notification).filter_by(
        user_id=ambassador.id, kind="response")) is None
    assert "Gerrit" in text(client.get(f"/requests/{post.id}"))
    assert "Ik kan dinsdag om tien uur." in text(
        client.get(f"/conversations/{reply.conversation.id}"))


def test_without_consent_nothing_is_posted_and_nothing_typed_is_lost(client, login,
                                                                     ambassador, henk):
    login(ambassador)
    data = dict(REQUEST)
    del data["consent"]
    response = client.post(f"/ambassador/neighbours/{henk.id}/request", data=data)
    html = text(response)
    assert response.status_code == 200
    assert "Ask your neighbour first. Without their consent you cannot post for them." in html
    assert f'value="{REQUEST["title"]}"' in html and REQUEST["body"] in html
    assert db.session.scalar(db.select(Request)) is None
    with pytest.raises(onboarding.OnboardingError):
        onboarding.post_request_for(ambassador, henk, consent=False, title="Boodschappen",
                                    body="Graag hulp", topic=None)
    assert db.session.scalar(db.select(Request)) is None


def test_the_screening_applies_as_to_every_request(client, login, ambassador, henk):
    login(ambassador)
    response = client.post(f"/ambassador/neighbours/{henk.id}/request", data={
        **REQUEST, "body": "Die kankerlijer van nummer 12 moet oprotten"})
    assert response.location.endswith("/ambassador/neighbours")
    post = db.session.scalar(db.select(Request))
    assert post.state == PostState.PENDING and post.author_id == henk.id
    assert "waits for a community manager first" in text(client.get("/ambassador/neighbours"))


def test_only_for_neighbours_the_ambassador_brought_in(client, login, ambassador,
                                                       make_ambassador, henk, make_user):
    with pytest.raises(PermissionError):
        onboarding.post_request_for(make_ambassador("Els"), henk, consent=True,
                                    title="Boodschappen", body="Graag hulp", topic=None)
    stranger = make_user("Piet")
    login(ambassador)
    assert client.post(f"/ambassador/neighbours/{stranger.id}/request",
                       data=REQUEST).status_code == 403
    assert db.session.scalar(db.select(Request)) is None
