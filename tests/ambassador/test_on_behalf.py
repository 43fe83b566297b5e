"""An ambassador posts a request for a neighbour they onboarded, with consent recorded; the
neighbour is the author, sees it in their account and gets the responses."""
import re
from html import unescape

import pytest

from buurt.ambassador import cards, on_behalf, roles
from buurt.core.extensions import db
from buurt.market import responses
from buurt.market.models import Request, Response
from buurt.notifications.models import Notification
from buurt.people import addresses
from buurt.posts.models import OnBehalfPost, PostState
from tests.fixtures.builders import PASSWORD

REQUEST = {"need": "help", "title": "Wie doet mijn boodschappen?",
           "body": "Op dinsdagochtend, bij de supermarkt op de hoek.",
           "topic": "boodschappen", "urgency": "week", "consent": "y"}


def text(response):
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def henk(ambassador, sign_up_neighbour, topics):
    card = sign_up_neighbour(ambassador, "Henk", email="henk@example.com")
    cards.choose_password(card.user, PASSWORD)
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
    with pytest.raises(roles.OnboardingError):
        on_behalf.post_request_for(ambassador, henk, consent=False, title="Boodschappen",
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
        on_behalf.post_request_for(make_ambassador("Els"), henk, consent=True,
                                   title="Boodschappen", body="Graag hulp", topic=None)
    stranger = make_user("Piet")
    login(ambassador)
    assert client.post(f"/ambassador/neighbours/{stranger.id}/request",
                       data=REQUEST).status_code == 403
    assert db.session.scalar(db.select(Request)) is None


# --- what the entry shows, who hears of it, and who acts as its author ------------------

def place_for(ambassador, neighbour, **changes):
    from buurt.people import topics
    post = on_behalf.post_request_for(
        ambassador, neighbour, consent=True, title=REQUEST["title"], body=REQUEST["body"],
        topic=topics.by_slug("boodschappen"), urgency="week", **changes)
    db.session.commit()
    return post


def test_the_page_says_who_placed_it_for_whom_but_never_to_visitors(
        client, login, ambassador, henk, make_user, make_post):
    post = place_for(ambassador, henk)
    own = make_post("request", author=make_user("Truus"), title="Wie maait mijn gras?")
    # A visitor sees no names, not of the ambassador either.
    html = text(client.get(f"/requests/{post.id}"))
    assert REQUEST["title"] in html and "A neighbour" in html
    assert "Placed by" not in html and "Amina" not in html and "Henk" not in html

    # A resident who is logged in sees both names (in their own language), and only on
    # the entry that was placed for someone.
    login(make_user("Gerrit"))
    html = text(client.get(f"/requests/{post.id}"))
    assert "Geplaatst door ambassadeur Amina voor Henk" in html
    assert "Geplaatst door ambassadeur" not in text(client.get(f"/requests/{own.id}"))
    client.post("/logout")

    # Henk sees it on his own page and in My help.
    login(henk)
    assert "Placed by ambassador Amina for Henk" in text(client.get(f"/requests/{post.id}"))
    mine = text(client.get("/mine"))
    assert REQUEST["title"] in mine and "Placed by ambassador Amina for Henk" in mine


def test_the_neighbour_hears_of_it_in_the_app_and_by_mail_in_their_language(
        client, login, ambassador, henk, sign_up_neighbour):
    from buurt.notifications.models import EmailFrequency, OutboxEmail
    henk.language = "nl"
    henk.email_frequency = EmailFrequency.IMMEDIATELY
    # Henk opened the link that confirms his address, mailed at the sign-up.
    [confirm] = db.session.scalars(db.select(OutboxEmail).filter_by(user_id=henk.id)).all()
    assert confirm.kind == "email_confirm" and confirm.to_address == "henk@example.com"
    addresses.confirm(re.search(r"/account/email/confirm/(\S+)", confirm.body_text).group(1))
    db.session.commit()
    post = place_for(ambassador, henk)
    notification = db.session.scalar(db.select(Notification).filter_by(
        user_id=henk.id, kind="on_behalf"))
    assert notification.post_id == post.id and notification.actor_id == ambassador.id
    mail = db.session.scalar(db.select(OutboxEmail).filter_by(user_id=henk.id,
                                                              kind="notification:on_behalf"))
    assert mail.to_address == "henk@example.com"
    assert mail.subject.startswith("Ambassadeur Amina heeft een vraag voor je geplaatst")
    assert f"/requests/{post.id}" in mail.body_text
    login(henk)
    assert "Ambassadeur Amina heeft een vraag voor je geplaatst: " + REQUEST["title"] in text(
        client.get("/notifications"))

    # Who wants no e-mail, or has no address, gets the notification in the app only.
    henk.email_frequency = EmailFrequency.NEVER
    truus = sign_up_neighbour(ambassador, "Truus").user
    cards.choose_password(truus, PASSWORD)
    db.session.commit()
    for neighbour in (henk, truus):
        post = place_for(ambassador, neighbour)
        assert db.session.scalar(db.select(Notification).filter_by(
            user_id=neighbour.id, kind="on_behalf", post_id=post.id)) is not None
    assert db.session.scalar(db.select(db.func.count(OutboxEmail.id))
                             .where(OutboxEmail.kind != "email_confirm")) == 1


def test_the_ambassador_is_no_helper_on_the_entry_but_may_change_it(
        client, login, ambassador, henk, make_user, make_ambassador):
    post = place_for(ambassador, henk)
    login(make_user("Gerrit", language="en"))
    html = text(client.get(f"/requests/{post.id}"))
    assert "I'll help" in html and f"/requests/{post.id}/respond" in html
    client.post("/logout")

    login(ambassador)
    html = text(client.get(f"/requests/{post.id}"))
    assert "I'll help" not in html and f"/requests/{post.id}/respond" not in html
    assert "You placed this for Henk" in html and "Henk hears of every reaction" in html
    assert f"/requests/{post.id}/edit" in html and f"/requests/{post.id}/withdraw" in html
    assert "Report this to a community manager" not in html
    # Refused by the service too, not only hidden.
    response = client.post(f"/requests/{post.id}/respond", data={"message": "Ik help wel"})
    assert response.location.endswith(f"/requests/{post.id}")
    assert "You placed this for your neighbour." in text(client.get(response.location))
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    with pytest.raises(responses.ResponseError):
        responses.respond(post, ambassador, "Ik help wel")

    response = client.post(f"/requests/{post.id}/edit", data={
        **REQUEST, "title": "Wie doet dinsdag mijn boodschappen?", "confirmed": "1"})
    assert response.location.endswith(f"/requests/{post.id}")
    db.session.expire_all()
    assert db.session.get(Request, post.id).title == "Wie doet dinsdag mijn boodschappen?"
    client.post("/logout")

    # Another ambassador of the neighbourhood is not its author.
    login(make_ambassador("Els"))
    assert "I'll help" in text(client.get(f"/requests/{post.id}"))
    assert client.post(f"/requests/{post.id}/edit", data=REQUEST).status_code == 403


def test_for_a_neighbour_without_e_mail_the_ambassador_answers_the_reactions(
        client, login, ambassador, henk, sign_up_neighbour, make_user):
    truus = sign_up_neighbour(ambassador, "Truus").user
    cards.choose_password(truus, PASSWORD)
    db.session.commit()
    shopper = make_user("Gerrit")
    for_truus, for_henk = place_for(ambassador, truus), place_for(ambassador, henk)
    to_truus = responses.respond(for_truus, shopper, "Ik kan dinsdag.")
    to_henk = responses.respond(for_henk, shopper, "Ik kan woensdag.")
    db.session.commit()

    login(ambassador)
    html = text(client.get(f"/requests/{for_truus.id}"))
    assert "Gerrit" in html and "Truus has no e-mail address" in html
    assert f"/responses/{to_truus.id}/accept" in html
    # The conversation is Truus's and Gerrit's alone.
    assert f"/conversations/{to_truus.conversation.id}" not in html
    assert client.get(f"/conversations/{to_truus.conversation.id}").status_code == 404
    assert client.post(f"/responses/{to_truus.id}/accept",
                       data={"next": f"/requests/{for_truus.id}"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Response, to_truus.id).state == "accepted"
    assert db.session.scalar(db.select(Notification).filter_by(
        user_id=shopper.id, kind="accepted", post_id=for_truus.id)) is not None

    # Henk has e-mail and chooses himself: the ambassador sees the reaction, no more.
    html = text(client.get(f"/requests/{for_henk.id}"))
    assert "Gerrit" in html and f"/responses/{to_henk.id}/accept" not in html
    assert client.post(f"/responses/{to_henk.id}/accept").status_code == 403
    db.session.expire_all()
    assert db.session.get(Response, to_henk.id).state == "offered"
    client.post("/logout")
    login(henk)
    assert f"/responses/{to_henk.id}/accept" in text(client.get(f"/requests/{for_henk.id}"))


def test_an_ambassador_who_stopped_no_longer_acts_for_the_neighbour(
        client, login, ambassador, henk, make_manager, centrum):
    from buurt.people import access as permissions
    post = place_for(ambassador, henk)
    assert permissions.can_act_as_author(ambassador, post)
    assert permissions.can_act_as_author(henk, post)
    roles.dismiss(make_manager(), ambassador, centrum)
    db.session.commit()
    assert not permissions.can_act_as_author(ambassador, post)
    login(ambassador)
    assert client.post(f"/requests/{post.id}/edit", data=REQUEST).status_code == 403


def test_my_neighbours_leads_back_to_the_requests_placed_for_them(
        client, login, ambassador, henk, sign_up_neighbour):
    from buurt.posts import services as posts
    truus = sign_up_neighbour(ambassador, "Truus").user
    placed = place_for(ambassador, henk)
    withdrawn = place_for(ambassador, henk)
    posts.withdraw(withdrawn)
    db.session.commit()
    login(ambassador)
    html = text(client.get("/ambassador/neighbours"))
    assert "Requests you placed for Henk" in html and f"/requests/{placed.id}" in html
    assert f"/requests/{withdrawn.id}" not in html
    assert "Requests you placed for Truus" not in html and "Truus" in html


def test_the_matching_leaves_out_the_ambassador_who_placed_it(make_ambassador,
                                                              sign_up_neighbour, topics):
    karim = make_ambassador("Karim", offer=["boodschappen"])
    els = make_ambassador("Els", offer=["boodschappen"])
    truus = sign_up_neighbour(karim, "Truus").user
    cards.choose_password(truus, PASSWORD)
    db.session.commit()
    post = place_for(karim, truus)
    matched = set(db.session.scalars(db.select(Notification.user_id).filter_by(
        kind="match", post_id=post.id)))
    assert els.id in matched and karim.id not in matched and truus.id not in matched
