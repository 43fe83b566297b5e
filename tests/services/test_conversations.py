"""Conversations: replies, unread counts, reading, and reporting messages."""
from datetime import timedelta

import pytest
import time_machine

from buurt.core import clock
from buurt.core.extensions import db
from buurt.market import responses
from buurt.messages import conversations
from buurt.messages.conversations import ConversationError
from buurt.moderation.models import Flag
from buurt.notifications import notify
from buurt.notifications.models import Notification


@pytest.fixture
def talk(make_user, make_post):
    author, helper = make_user("Henk"), make_user("Sanne")
    response = responses.respond(make_post("request", author=author), helper, "Ik help")
    db.session.commit()
    return author, helper, response.conversation


def message_notifications(user):
    return db.session.scalars(db.select(Notification).filter_by(user_id=user.id,
                                                                kind="message")).all()


def test_unread_counts_follow_replies_and_reading(talk):
    author, helper, conversation = talk
    assert notify.unread_counts(author)[1] == 1 and notify.unread_counts(helper)[1] == 0
    with time_machine.travel(clock.now() + timedelta(minutes=5), tick=False):
        conversations.reply(conversation, helper, "Schikt dinsdag?")
        assert notify.unread_counts(author)[1] == 2
        conversations.mark_read(conversation, author)
        assert notify.unread_counts(author)[1] == 0
    with time_machine.travel(clock.now() + timedelta(minutes=10), tick=False):
        conversations.reply(conversation, author, "Ja, prima")
        assert notify.unread_counts(helper)[1] == 1
        overview = conversations.overview(helper).items
        assert [(c.id, other.id, unread) for c, other, unread in overview] == [
            (conversation.id, author.id, 1)]


def test_one_message_notification_until_it_is_read(talk):
    author, helper, conversation = talk
    conversations.reply(conversation, helper, "Eén")
    conversations.reply(conversation, helper, "Twee")
    assert len(message_notifications(author)) == 1
    conversations.mark_read(conversation, author)
    conversations.reply(conversation, helper, "Drie")
    assert len(message_notifications(author)) == 2


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_empty_or_long_replies_are_refused(talk, body):
    _, helper, conversation = talk
    with pytest.raises(ConversationError):
        conversations.reply(conversation, helper, body)


def test_only_participants_get_the_conversation(talk, make_user):
    author, helper, conversation = talk
    assert conversations.get_for(author, conversation.id) == conversation
    assert conversations.get_for(make_user(), conversation.id) is None


def test_overview_is_newest_activity_first_in_three_statements(make_user, make_post,
                                                               count_queries):
    me = make_user()
    talks = []
    for minutes in (30, 10, 20):
        with time_machine.travel(clock.now() - timedelta(minutes=minutes), tick=False):
            talks.append(responses.respond(make_post("request"), me, "Ik help").conversation)
    db.session.commit()
    db.session.expire_all()
    db.session.refresh(me)
    with count_queries() as queries:
        overview = conversations.overview(me).items
        names = [other.display_name for _, other, _ in overview]
    assert [c.id for c, _, _ in overview] == [talks[1].id, talks[2].id, talks[0].id]
    assert len(names) == 3 and len(queries) == 3
    first = conversations.overview(me, size=2)
    rest = conversations.overview(me, size=2, older=first.older)
    assert [c.id for c, _, _ in first.items + rest.items] == [talks[1].id, talks[2].id,
                                                               talks[0].id]


def test_reporting_a_message_once(talk):
    author, helper, conversation = talk
    message = conversations.messages_of(conversation)[0]       # written by the helper
    with pytest.raises(ConversationError):
        conversations.report(message, helper, "offensive")      # not your own
    with pytest.raises(ConversationError):
        conversations.report(message, author, "boring")         # not a reason
    flag = conversations.report(message, author, "offensive", "Niet aardig")
    assert (flag.target_type, flag.target_id, flag.reason) == ("message", message.id,
                                                                "offensive")
    with pytest.raises(ConversationError):
        conversations.report(message, author, "spam")
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1
