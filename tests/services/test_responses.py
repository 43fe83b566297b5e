"""Responding to requests and offers, and what each side may do next."""
import pytest

from buurt.core.extensions import db
from buurt.market import responses
from buurt.market.models import Feedback, Message, ResponseState
from buurt.market.responses import ResponseError
from buurt.notifications.models import Notification
from buurt.posts.models import CloseReason, PostState


def kinds_for(user):
    return [n.kind for n in db.session.scalars(
        db.select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def test_responding_opens_a_conversation_and_tells_the_author(make_user, make_post):
    author, helper = make_user("Henk"), make_user("Sanne")
    post = make_post("request", author=author)
    response = responses.respond(post, helper, "  Ik kan dinsdag om 10 uur.  ")
    db.session.commit()
    assert response.state == ResponseState.OFFERED
    conversation = response.conversation
    assert {m.user_id for m in conversation.members} == {author.id, helper.id}
    first = db.session.scalar(db.select(Message).filter_by(conversation_id=conversation.id))
    assert first.body == "Ik kan dinsdag om 10 uur." and first.author_id == helper.id
    assert kinds_for(author) == ["response"] and kinds_for(helper) == []


def test_interest_in_an_offer_is_its_own_kind(make_user, make_post):
    author = make_user()
    responses.respond(make_post("offer", author=author), make_user(), "Graag!")
    assert kinds_for(author) == ["interest"]


@pytest.mark.parametrize("case", ["own", "closed", "pending", "twice", "empty", "too_long"])
def test_refused_responses_say_why_and_change_nothing(make_user, make_post, case):
    author, helper = make_user(), make_user()
    state = {"closed": PostState.CLOSED, "pending": PostState.PENDING}.get(
        case, PostState.PUBLISHED)
    post = make_post("request", author=author, state=state)
    message = {"empty": "   ", "too_long": "x" * 2001}.get(case, "Ik help graag")
    who = author if case == "own" else helper
    if case == "twice":
        responses.respond(post, helper, "Eerste keer")
        db.session.commit()
    with pytest.raises(ResponseError) as error:
        responses.respond(post, who, message)
    assert str(error.value)
    db.session.rollback()
    expected = 1 if case == "twice" else 0
    assert db.session.scalar(db.select(db.func.count(Message.id))) == expected


def test_accepting_one_declines_the_others_kindly(make_user, make_post):
    author = make_user()
    post = make_post("request", author=author)
    first, second, third = (responses.respond(post, make_user(), "Ik help") for _ in range(3))
    responses.withdraw(third, third.responder)
    declined = responses.accept(second, author)
    assert declined == [first]
    assert (first.state, second.state, third.state) == ("declined", "accepted", "withdrawn")
    assert kinds_for(first.responder) == ["declined"]
    assert kinds_for(second.responder) == ["accepted"]
    assert kinds_for(third.responder) == []
    with pytest.raises(ResponseError):
        responses.accept(first, author)


def test_on_an_offer_accepting_one_leaves_the_others_open(make_user, make_post):
    author = make_user()
    post = make_post("offer", author=author)
    first, second = (responses.respond(post, make_user(), "Graag") for _ in range(2))
    assert responses.accept(first, author) == []
    assert second.state == ResponseState.OFFERED


def test_only_the_author_decides_and_only_the_responder_withdraws(make_user, make_post):
    author, helper, stranger = make_user(), make_user(), make_user()
    response = responses.respond(make_post("request", author=author), helper, "Ik help")
    for action in (responses.accept, responses.decline, responses.mark_done):
        with pytest.raises(PermissionError):
            action(response, helper)
        with pytest.raises(PermissionError):
            action(response, stranger)
    with pytest.raises(PermissionError):
        responses.withdraw(response, author)
    assert response.state == ResponseState.OFFERED


def test_done_closes_the_request_then_thanks_and_feedback(make_user, make_post):
    author, helper = make_user(), make_user()
    post = make_post("request", author=author)
    response = responses.respond(post, helper, "Ik help")
    with pytest.raises(ResponseError):
        responses.mark_done(response, author)          # accept first
    responses.accept(response, author)
    responses.mark_done(response, author)
    assert post.state == PostState.CLOSED and post.closed_reason == CloseReason.DONE
    assert response.state == ResponseState.DONE and response.done_at is not None
    thanks = responses.thank(response, helper, "Fijn om te helpen!", share_publicly=True)
    assert thanks.share_publicly and kinds_for(author)[-1] == "thanks"
    with pytest.raises(ResponseError):
        responses.thank(response, helper, "Nog eens", share_publicly=False)
    responses.thank(response, author, "Dank je wel!", share_publicly=False)
    with pytest.raises(PermissionError):
        responses.thank(response, make_user(), "Ik ook", share_publicly=False)
    responses.give_feedback(response, author, True)
    responses.give_feedback(response, author, False)      # the last answer counts
    assert db.session.get(Feedback, (response.id, author.id)).worked_out is False


def test_thanks_before_done_is_refused(make_user, make_post):
    author, helper = make_user(), make_user()
    response = responses.respond(make_post("request", author=author), helper, "Ik help")
    with pytest.raises(ResponseError):
        responses.thank(response, helper, "Dank", share_publicly=False)
