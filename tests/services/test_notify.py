"""Notifications for matching neighbours when a post is published."""
from buurt.core.extensions import db
from buurt.market import posting
from buurt.notifications import notify
from buurt.notifications.models import Notification
from buurt.posts.models import PostState


def notified(post):
    return sorted(db.session.scalars(db.select(Notification.user_id)
                                     .filter_by(post_id=post.id, kind="match")))


def test_a_new_request_notifies_who_offers_its_topic_in_the_neighbourhood(
        make_user, topics, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    author = make_user(offer=["klussen"])
    helper = make_user(offer=["klussen"])
    seeker = make_user(seek=["klussen"])                 # seeks, does not offer
    elsewhere = make_user(offer=["klussen"], neighbourhood=oost)
    other_topic = make_user(offer=["tuin"])
    post = posting.create_request(author, title="Kast ophangen", body="Zaterdag",
                                  topic=topics["klussen"])
    db.session.commit()
    assert notified(post) == [helper.id]
    assert author.id not in notified(post) and seeker.id not in notified(post)
    assert elsewhere.id not in notified(post) and other_topic.id not in notified(post)


def test_a_new_offer_notifies_who_seeks_its_topic(make_user, topics):
    seeker, helper = make_user(seek=["vervoer"]), make_user(offer=["vervoer"])
    post = posting.create_offer(make_user(), title="Ik rijd naar de markt", body="Zaterdag",
                                topic=topics["vervoer"])
    assert notified(post) == [seeker.id]
    assert helper.id not in notified(post)


def test_at_most_once_per_resident_per_post(make_user, make_post):
    helper = make_user(offer=["tuin"])
    post = make_post("request", topic="tuin")
    assert notify.matching_neighbours(post) == 1
    assert notify.matching_neighbours(post) == 0
    assert notified(post) == [helper.id]


def test_unpublished_posts_notify_nobody(make_user, make_post):
    make_user(offer=["tuin"])
    for state in (PostState.PENDING, PostState.REMOVED, PostState.HIDDEN):
        post = make_post("request", topic="tuin", state=state)
        assert notify.matching_neighbours(post) == 0
        assert notified(post) == []
    published = make_post("request", topic="tuin")
    assert notify.matching_neighbours(published) == 1


def test_the_header_counts_unread_notifications(make_user, make_post):
    helper = make_user(offer=["tuin"])
    notify.matching_neighbours(make_post("request", topic="tuin"))
    notify.matching_neighbours(make_post("request", topic="tuin"))
    assert notify.unread_counts(helper) == (2, 0)
    notify.mark_read(helper, notify.page_for(helper).items)
    assert notify.unread_counts(helper) == (0, 0)


def outbox_for(user):
    from buurt.notifications.models import OutboxEmail
    return db.session.scalars(db.select(OutboxEmail).filter_by(user_id=user.id)
                              .order_by(OutboxEmail.id)).all()


def test_immediate_residents_get_a_mail_at_once_others_wait(make_user, make_post):
    quick = make_user(offer=["tuin"], language="en")
    daily = make_user(offer=["tuin"])
    never = make_user(offer=["tuin"])
    notify.set_frequency(quick, "immediately")
    notify.set_frequency(never, "never")
    post = make_post("request", topic="tuin", title="Heg snoeien")
    notify.matching_neighbours(post)
    [mail] = outbox_for(quick)
    assert mail.subject == "A neighbour asks for help you can give: Heg snoeien"
    assert f"/requests/{post.id}" in mail.body_text and "/notifications/settings" in mail.body_text
    assert outbox_for(daily) == [] and outbox_for(never) == []


def test_digests_group_what_waited_and_come_when_due(make_user, make_post):
    import time_machine
    from datetime import timedelta
    from buurt.core import clock
    from buurt.ops import lifecycle
    daily = make_user(offer=["tuin"], language="en")
    weekly = make_user(offer=["tuin"], language="en")
    never = make_user(offer=["tuin"])
    notify.set_frequency(weekly, "weekly")
    notify.set_frequency(never, "never")
    titles = ["Heg snoeien", "Gras maaien"]
    for title in titles:
        notify.matching_neighbours(make_post("request", topic="tuin", title=title))
    assert lifecycle.tick()["digests"] == 2            # daily and weekly: first digest
    [digest] = outbox_for(daily)
    assert digest.subject == "What happened for you on Buurt today"
    assert all(t in digest.body_text and t in digest.body_html for t in titles)
    assert outbox_for(never) == []
    assert lifecycle.tick()["digests"] == 0            # nothing new, and not due
    notify.matching_neighbours(make_post("request", topic="tuin", title="Bladeren harken"))
    with time_machine.travel(clock.now() + timedelta(hours=23), tick=False):
        assert lifecycle.tick()["digests"] == 0
    with time_machine.travel(clock.now() + timedelta(days=1, minutes=1), tick=False):
        assert lifecycle.tick()["digests"] == 1        # the daily one only
        assert "Bladeren harken" in outbox_for(daily)[-1].body_text
    with time_machine.travel(clock.now() + timedelta(days=7, minutes=1), tick=False):
        assert lifecycle.tick()["digests"] == 1        # now the weekly one
        assert outbox_for(weekly)[-1].subject == "What happened for you on Buurt this week"
