"""The marketplace through its pages: respond, decide, converse, report, My help."""
import re

import pytest

from buurt.core.extensions import db
from buurt.market.models import Message, Response, ThankYou
from buurt.moderation.models import Flag

EN = {"Accept-Language": "en"}


@pytest.fixture
def people(make_user, make_post, login):
    author = make_user("Henk", language="en")
    helper = make_user("Sanne", language="en")
    post = make_post("request", author=author, title="Boodschappen op dinsdag")
    return author, helper, post


def test_ill_help_opens_the_conversation(client, people, login):
    author, helper, post = people
    login(helper)
    response = client.post(f"/requests/{post.id}/respond",
                           data={"message": "Ik kan dinsdag om tien uur."})
    reply = db.session.scalar(db.select(Response))
    assert response.status_code == 302
    assert response.location.endswith(f"/conversations/{reply.conversation.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "Ik kan dinsdag om tien uur." in page and "Henk" in page
    assert author.email not in page and helper.email not in page


@pytest.mark.parametrize("message, error", [
    ("", "Write a short message to your neighbour."),
    ("x" * 2001, "Use at most 2000 characters."),
])
def test_a_bad_message_keeps_the_text(client, people, login, message, error):
    _, helper, post = people
    login(helper)
    response = client.post(f"/requests/{post.id}/respond", data={"message": message})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and error in page
    if message:
        assert message in page
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_responding_to_your_own_post_or_twice_is_refused(client, people, login):
    author, helper, post = people
    login(author)
    page = client.post(f"/requests/{post.id}/respond", data={"message": "Ik zelf"},
                       follow_redirects=True)
    assert "This is your own post." in page.get_data(as_text=True)
    client.post("/logout")
    login(helper)
    client.post(f"/requests/{post.id}/respond", data={"message": "Eerste"})
    page = client.post(f"/requests/{post.id}/respond", data={"message": "Tweede"},
                       follow_redirects=True)
    assert "You reacted to this already." in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_visitors_cannot_respond_and_see_no_names(client, people):
    _, _, post = people
    response = client.post(f"/requests/{post.id}/respond", data={"message": "Hoi"})
    assert response.status_code == 302 and "/login" in response.location


def test_the_author_accepts_one_and_marks_it_done_then_thanks(client, people, make_user,
                                                              login):
    author, helper, post = people
    other = make_user("Kees")
    for person in (helper, other):
        login(person)
        client.post(f"/requests/{post.id}/respond", data={"message": "Ik help graag"})
        client.post("/logout")
    sanne, kees = db.session.scalars(db.select(Response).order_by(Response.id)).all()

    login(helper)                                       # not the author: forbidden
    assert client.post(f"/responses/{kees.id}/accept").status_code == 404
    assert client.post(f"/responses/{sanne.id}/accept").status_code == 403
    client.post("/logout")

    login(author)
    page = client.get(f"/requests/{post.id}").get_data(as_text=True)
    assert "Sanne" in page and "Kees" in page
    assert client.post(f"/responses/{sanne.id}/accept").status_code == 302
    assert client.post(f"/responses/{sanne.id}/done").status_code == 302
    db.session.expire_all()
    assert (sanne.state, kees.state) == ("done", "declined")
    assert db.session.get(type(post), post.id).closed_reason == "done"
    client.post(f"/responses/{sanne.id}/thanks",
                data={"body": "Dank je wel, Sanne!", "share_publicly": "y"})
    thanks = db.session.scalar(db.select(ThankYou))
    assert thanks.body == "Dank je wel, Sanne!" and thanks.share_publicly


def test_a_stranger_gets_404_for_someone_elses_conversation(client, people, make_user,
                                                             login):
    _, helper, post = people
    login(helper)
    client.post(f"/requests/{post.id}/respond", data={"message": "Ik help"})
    conversation_id = db.session.scalar(db.select(Response)).conversation.id
    client.post("/logout")
    login(make_user())
    assert client.get(f"/conversations/{conversation_id}").status_code == 404
    assert client.post(f"/conversations/{conversation_id}",
                       data={"body": "Hallo"}).status_code == 404
    message_id = db.session.scalar(db.select(Message.id))
    assert client.post(f"/messages/{message_id}/flag",
                       data={"reason": "spam"}).status_code == 404
    assert client.get("/conversations/999999").status_code == 404


def test_replying_and_reporting_in_a_conversation(client, people, login):
    author, helper, post = people
    login(helper)
    client.post(f"/requests/{post.id}/respond", data={"message": "Ik help"})
    conversation_id = db.session.scalar(db.select(Response)).conversation.id
    client.post("/logout")
    login(author)
    assert "1" in client.get("/messages").get_data(as_text=True)
    page = client.post(f"/conversations/{conversation_id}", data={"body": "   "})
    assert "Write a message first." in page.get_data(as_text=True)
    response = client.post(f"/conversations/{conversation_id}", data={"body": "Fijn, tot dan"})
    assert response.status_code == 302
    message_id = db.session.scalar(db.select(Message.id).filter_by(author_id=helper.id))
    client.post(f"/messages/{message_id}/flag", data={"reason": "offensive"})
    flag = db.session.scalar(db.select(Flag))
    assert (flag.target_type, flag.target_id, flag.reporter_id) == ("message", message_id,
                                                                     author.id)
    page = client.post(f"/messages/{message_id}/flag", data={"reason": "spam"},
                       follow_redirects=True).get_data(as_text=True)
    assert "You reported this message already." in page


def test_my_help_shows_own_posts_responses_and_promises(client, people, make_post, login):
    author, helper, post = people
    login(helper)
    client.post(f"/requests/{post.id}/respond", data={"message": "Ik help"})
    page = client.get("/mine").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in page and "Waiting for an answer" in page
    client.post("/logout")
    login(author)
    page = client.get("/mine").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in page and "Sanne" in page
    assert re.search(r'action="/responses/\d+/accept"', page)


def test_renew_and_pause_are_for_the_author(client, people, make_post, login):
    author, helper, post = people
    offer = make_post("offer", author=author, title="Soep voor wie ziek is")
    login(helper)
    assert client.post(f"/requests/{post.id}/renew").status_code == 403
    assert client.post(f"/offers/{offer.id}/pause").status_code == 403
    client.post("/logout")
    login(author)
    assert client.post(f"/offers/{offer.id}/pause").status_code == 302
    assert "Soep voor wie ziek is" not in client.get("/offers").get_data(as_text=True)
    assert client.post(f"/offers/{offer.id}/resume").status_code == 302
    assert "Soep voor wie ziek is" in client.get("/offers").get_data(as_text=True)
    assert client.post(f"/requests/{post.id}/renew").status_code == 302


def test_notifications_page_header_count_and_settings(client, make_user, make_post, login):
    helper = make_user(offer=["tuin"], language="en")
    from buurt.notifications import notify
    notify.matching_neighbours(make_post("request", topic="tuin", title="Heg snoeien"))
    db.session.commit()
    login(helper)
    assert re.search(r'Notifications <span class="count">1', client.get("/").get_data(
        as_text=True))
    page = client.get("/notifications").get_data(as_text=True)
    assert "A neighbour asks for help you can give: Heg snoeien" in page
    assert 'class="count"' not in client.get("/").get_data(as_text=True).split("</nav>")[0]
    assert client.post("/notifications/settings",
                       data={"email_frequency": "weekly"}).status_code == 302
    db.session.refresh(helper)
    assert helper.email_frequency == "weekly"
    page = client.post("/notifications/settings", data={"email_frequency": "hourly"})
    assert "Choose from the list." in page.get_data(as_text=True)


RENEW_BUTTON = "Keep it online longer</button>"


def test_renewing_is_offered_only_in_the_last_days_and_refused_before(client, people, login):
    import time_machine
    from datetime import timedelta
    from buurt.core import clock
    from buurt.ops import lifecycle
    author, _, post = people
    with time_machine.travel(clock.now(), tick=False) as traveller:
        login(author)
        page = client.get(f"/requests/{post.id}").get_data(as_text=True)
        assert RENEW_BUTTON not in page and "Your request is online until" in page
        response = client.post(f"/requests/{post.id}/renew", follow_redirects=True)
        assert "You can keep it online longer from" in response.get_data(as_text=True)
        assert "stays online for another month" not in response.get_data(as_text=True)
        traveller.shift(timedelta(days=27, hours=1))
        lifecycle.tick()                                   # the reminder, with a button
        db.session.commit()
        assert RENEW_BUTTON in client.get(f"/requests/{post.id}").get_data(as_text=True)
        notes = client.get("/notifications").get_data(as_text=True)
        assert "Still needed: keep it online</button>" in notes
        response = client.post(f"/requests/{post.id}/renew", follow_redirects=True)
        assert "stays online for another month" in response.get_data(as_text=True)
        assert RENEW_BUTTON not in response.get_data(as_text=True)
        # The reminder stays in the list, but renewing again makes no sense now.
        notes = client.get("/notifications").get_data(as_text=True)
        assert "closes in a few days" in notes and "Still needed: keep it online" not in notes
