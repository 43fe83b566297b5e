"""`buurt tick` removes conversations, notifications and finished mails once they are older
than the neighbourhood's `retention_months`; what is recent stays. On a movable clock."""
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.core import settings
from buurt.core.extensions import db
from buurt.market import responses
from buurt.market.models import Conversation, ConversationMember, Message, Response
from buurt.messages import conversations, retention as conversation_retention
from buurt.moderation import case_decisions, cases
from buurt.moderation.models import Flag, ModerationAction, ModerationCase
from buurt.notifications import notify, retention
from buurt.notifications.models import Notification, OutboxEmail, OutboxState
from buurt.ops import lifecycle
from buurt.people.models import Membership, Role

START = datetime(2026, 3, 2, 9, 0)    # a Monday morning, UTC
MONTH = timedelta(days=31)


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def talk(make_post, asker, helper, title="Wie helpt met de heg?"):
    """The helper reacts to the asker's request: a conversation with one message; its id."""
    request = make_post("request", author=asker, title=title)
    response = responses.respond(request, helper, "Ik kom zaterdag.")
    db.session.commit()
    return response.conversation.id


def conversation(conversation_id):
    return db.session.get(Conversation, conversation_id)


def mail(user, *, state=OutboxState.SENT, user_id=...):
    db.session.add(OutboxEmail(user_id=user.id if user_id is ... else user_id, kind="test",
                               to_address="buur@example.com", subject="Hallo",
                               body_text="Hallo", body_html="<p>Hallo</p>", state=state))
    db.session.commit()


def mails():
    """The mails the test wrote (the tick queues mails of its own, about expired requests)."""
    return db.select(OutboxEmail).where(OutboxEmail.kind == "test").order_by(OutboxEmail.id)


def tick() -> dict:
    """One run of `buurt tick`, committed as the command does."""
    done = lifecycle.tick()
    db.session.commit()
    return done


def notified() -> list[tuple[int, str]]:
    """(receiver, kind) of the notifications about reactions and messages (the tick adds
    others of its own, such as requests that expired)."""
    return [(n.user_id, n.kind) for n in db.session.scalars(
        db.select(Notification).where(Notification.kind != "expired")
        .order_by(Notification.id))]


def removed(done) -> tuple[int, int, int]:
    return (done["conversations_removed"], done["notifications_removed"],
            done["mails_removed"])


def test_what_is_older_than_two_years_goes_and_what_is_recent_stays(traveller, make_user,
                                                                    make_post, client,
                                                                    login):
    ria, bart, anja = make_user("Ria"), make_user("Bart"), make_user("Anja")
    old = talk(make_post, ria, bart)
    mail(ria)
    mail(ria, state=OutboxState.FAILED)
    mail(ria, state=OutboxState.QUEUED)          # never went out: it stays
    traveller.shift(13 * MONTH)
    recent = talk(make_post, anja, bart, title="Wie leent mij een ladder?")
    mail(anja)
    assert count(Notification) == 2 and count(Message) == 2
    traveller.shift(11 * MONTH + timedelta(days=2))     # the first is over two years old

    assert removed(tick()) == (1, 1, 2)
    db.session.expire_all()
    assert db.session.scalars(db.select(Conversation.id)).all() == [recent]
    assert count(Message, Message.conversation_id == old) == 0
    assert count(ConversationMember, ConversationMember.conversation_id == old) == 0
    assert count(Message, Message.conversation_id == recent) == 1
    assert notified() == [(anja.id, "response")]
    assert sorted(m.state for m in db.session.scalars(mails())) == [
        OutboxState.QUEUED, OutboxState.SENT]
    # The help itself is still there, without its conversation; the pages cope.
    assert count(Response) == 2
    login(ria)
    assert client.get("/mine").status_code == 200
    assert client.get(f"/conversations/{old}").status_code == 404
    # A second run at the same moment finds nothing more.
    assert removed(tick()) == (0, 0, 0)


def test_a_new_message_keeps_an_old_conversation(traveller, make_user, make_post):
    ria, bart = make_user("Ria"), make_user("Bart")
    talked = talk(make_post, ria, bart)
    traveller.shift(23 * MONTH)
    conversations.reply(conversation(talked), ria, "Kom je nog een keer?")
    db.session.commit()
    traveller.shift(2 * MONTH)        # the first message is 25 months old, the last 2
    assert tick()["conversations_removed"] == 0
    assert count(Message, Message.conversation_id == talked) == 2


def test_the_period_is_a_setting_of_each_neighbourhood(traveller, make_user, make_post,
                                                       make_neighbourhood, centrum):
    oost = make_neighbourhood("oost", ["1091"])
    settings.set_value(oost, "retention_months", 6)
    db.session.commit()
    ria, bart = make_user("Ria"), make_user("Bart")
    olga, omar = make_user("Olga", neighbourhood=oost), make_user("Omar", neighbourhood=oost)
    in_centrum = talk(make_post, ria, bart)
    in_oost = talk(make_post, olga, omar)
    mail(ria)
    mail(olga)
    traveller.shift(7 * MONTH)

    assert removed(tick()) == (1, 1, 1)
    db.session.expire_all()
    assert db.session.scalars(db.select(Conversation.id)).all() == [in_centrum]
    assert notified() == [(ria.id, "response")]
    assert [m.user_id for m in db.session.scalars(mails())] == [ria.id]
    assert count(Message, Message.conversation_id == in_oost) == 0
    assert removed(tick()) == (0, 0, 0)
    # Centrum keeps the default: two years. (The first run also told Olga that her
    # request expired: that notice is 18 months old now, and Oost keeps 6.)
    traveller.shift(18 * MONTH)
    assert removed(tick()) == (1, 2, 1)
    assert {n.user_id for n in db.session.scalars(db.select(Notification))} == {ria.id}


def test_between_two_neighbourhoods_the_shorter_period_counts(traveller, make_user,
                                                             make_post, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    settings.set_value(oost, "retention_months", 6)
    db.session.commit()
    ria, olga = make_user("Ria"), make_user("Olga", neighbourhood=oost)
    talked = talk(make_post, ria, olga)                # Olga reacts to Ria's request
    conversations.reply(conversation(talked), ria, "Fijn, tot zaterdag!")
    db.session.commit()
    # Olga heard of Ria's reply; Ria had heard of Olga's reaction.
    assert {n.kind for n in db.session.scalars(db.select(Notification))} == {
        notify.Kind.MESSAGE, "response"}
    traveller.shift(7 * MONTH)
    done = tick()
    assert done["conversations_removed"] == 1
    assert count(Conversation) == 0 and count(Message) == 0
    # Ria's notification of the reaction is hers (two years); the one that points at the
    # conversation that went, goes with it.
    assert notified() == [(ria.id, "response")]


def test_a_reported_message_waits_for_the_decision_and_the_log_keeps_its_lines(
        traveller, make_user, make_post, client, login):
    ria, bart = make_user("Ria"), make_user("Bart")
    manager = make_user("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    talked = talk(make_post, ria, bart)
    message = db.session.scalar(db.select(Message))
    message_id = message.id
    conversations.report(message, ria, "offensive")
    db.session.commit()
    case = db.session.scalar(db.select(ModerationCase))
    traveller.shift(25 * MONTH)

    assert tick()["conversations_removed"] == 0      # a manager still decides
    assert count(Message) == 1 and count(Flag) == 1
    case_decisions.decide(case, manager, "remove", "Dat is niet aardig.")
    db.session.commit()
    log_lines = count(ModerationAction)
    assert tick()["conversations_removed"] == 1
    db.session.expire_all()
    assert count(Conversation) == 0 and count(Message) == 0
    # Nothing points at the message that went: no report, no case; the log keeps every
    # line (none points at the case any more) and says why it went.
    assert count(Flag) == 0 and count(ModerationCase) == 0
    assert count(ModerationAction) == log_lines + 1
    assert count(ModerationAction, ModerationAction.case_id.is_not(None)) == 0
    last = db.session.scalar(db.select(ModerationAction).order_by(ModerationAction.id.desc()))
    assert (last.action, last.target_type, last.target_id, last.neighbourhood_id) == (
        cases.RETENTION_REMOVED, "message", message_id, manager.neighbourhood_id)
    login(manager)
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "Weggehaald omdat de tijd voorbij was" in page
    assert tick()["conversations_removed"] == 0
    assert talked not in db.session.scalars(db.select(Conversation.id)).all()


def test_each_run_removes_one_batch_and_the_next_run_the_rest(traveller, make_user,
                                                               make_post):
    ria = make_user("Ria")
    helpers = [make_user() for _ in range(3)]
    for i, helper in enumerate(helpers):
        talk(make_post, ria, helper, title=f"Vraag {i}")
    traveller.shift(25 * MONTH)
    cutoffs = retention.cutoffs(datetime.now())
    assert conversation_retention.remove_old(cutoffs, limit=2) == 2
    assert retention.remove_old_notifications(cutoffs, limit=2) == 2
    db.session.commit()
    assert count(Conversation) == 1 and count(Notification) == 1
    assert conversation_retention.remove_old(cutoffs, limit=2) == 1
    assert retention.remove_old_notifications(cutoffs, limit=2) == 1
    assert conversation_retention.remove_old(cutoffs, limit=2) == 0


def test_mail_to_someone_who_left_goes_after_the_shortest_period(traveller, make_user,
                                                                   make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    settings.set_value(oost, "retention_months", 6)
    db.session.commit()
    ria = make_user("Ria")
    mail(ria, user_id=None)
    mail(ria)
    traveller.shift(7 * MONTH)
    assert tick()["mails_removed"] == 1
    assert [m.user_id for m in db.session.scalars(mails())] == [ria.id]


@pytest.mark.parametrize("moment, months, before", [
    (datetime(2026, 3, 31, 8, 30), 1, datetime(2026, 2, 28, 8, 30)),
    (datetime(2028, 3, 31, 8, 30), 1, datetime(2028, 2, 29, 8, 30)),
    (datetime(2026, 1, 15), 24, datetime(2024, 1, 15)),
    (datetime(2026, 1, 15), 13, datetime(2024, 12, 15)),
])
def test_months_are_calendar_months(moment, months, before):
    assert retention.months_before(moment, months) == before
