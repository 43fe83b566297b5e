"""`buurt tick`: expiry, reminders with renewal, follow-ups; idempotent, on a movable clock."""
from datetime import date, datetime, timedelta

import pytest
import time_machine

from buurt.extensions import db
from buurt.models import CloseReason, Notification, PostState
from buurt.services import lifecycle, posts, responses, settings

START = datetime(2026, 3, 2, 9, 0)    # a Monday morning, UTC


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def kinds(user):
    return [n.kind for n in db.session.scalars(
        db.select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def test_a_request_is_reminded_then_expires_after_30_days(traveller, make_user, make_post):
    author = make_user()
    post = make_post("request", author=author)
    traveller.shift(timedelta(days=26))
    assert lifecycle.tick() == {"expired": 0, "reminded": 0, "followups": 0, "digests": 0,
                                "suspensions_ended": 0, "managers_told": 0,
                                "announcements_published": 0, "loan_requests_expired": 0,
                                "loans_overdue_reminded": 0, "abandoned_uploads_removed": 0}
    traveller.shift(timedelta(days=1, hours=1))            # 27 days: 3 days left
    assert lifecycle.tick()["reminded"] == 1
    assert lifecycle.tick()["reminded"] == 0                # once
    assert post.is_published
    traveller.shift(timedelta(days=3))
    assert lifecycle.tick()["expired"] == 1
    assert post.state == PostState.CLOSED and post.closed_reason == CloseReason.EXPIRED
    assert lifecycle.tick()["expired"] == 0
    assert kinds(author) == ["expiry_reminder", "expired"]


def test_renewing_starts_a_new_period_with_a_new_reminder(traveller, make_user, make_post):
    author = make_user()
    post = make_post("request", author=author)
    traveller.shift(timedelta(days=28))
    lifecycle.tick()
    posts.renew(post)
    traveller.shift(timedelta(days=5))                     # 33 days after posting
    assert lifecycle.tick()["expired"] == 0 and post.is_published
    traveller.shift(timedelta(days=22))                    # 27 days after renewing
    assert lifecycle.tick()["reminded"] == 1
    assert kinds(author) == ["expiry_reminder", "expiry_reminder"]


def test_a_request_closes_after_its_needed_by_day(traveller, make_user, make_post):
    post = make_post("request", needed_by=date(2026, 3, 5))
    traveller.move_to(datetime(2026, 3, 5, 22, 30))         # 23.30 in Amsterdam: still the day
    assert lifecycle.tick()["expired"] == 0
    traveller.move_to(datetime(2026, 3, 5, 23, 5))          # 00.05 on the 6th in Amsterdam
    assert lifecycle.tick()["expired"] == 1 and post.closed_reason == CloseReason.EXPIRED


def test_renewing_after_the_date_passed_is_refused(traveller, make_post):
    post = make_post("request", needed_by=date(2026, 3, 3))
    traveller.shift(timedelta(days=2))
    with pytest.raises(posts.PostError):
        posts.renew(post)


def test_the_expiry_period_is_a_neighbourhood_setting(traveller, make_post, centrum):
    settings.set_value(centrum, "request_expiry_days", 7)
    post = make_post("request")
    traveller.shift(timedelta(days=7, minutes=1))
    assert lifecycle.tick()["expired"] == 1 and post.is_closed


def test_offers_and_closed_requests_never_expire(traveller, make_post):
    offer = make_post("offer")
    withdrawn = make_post("request", state=PostState.CLOSED,
                          closed_reason=CloseReason.WITHDRAWN)
    traveller.shift(timedelta(days=90))
    assert lifecycle.tick()["expired"] == 0
    assert offer.is_published and withdrawn.closed_reason == CloseReason.WITHDRAWN


def test_both_sides_are_asked_once_a_few_days_after_done(traveller, make_user, make_post):
    author, helper = make_user(), make_user()
    response = responses.respond(make_post("request", author=author), helper, "Ik help")
    responses.accept(response, author)
    responses.mark_done(response, author)
    traveller.shift(timedelta(days=2))
    assert lifecycle.tick()["followups"] == 0
    traveller.shift(timedelta(days=1, minutes=1))
    assert lifecycle.tick()["followups"] == 2
    assert lifecycle.tick()["followups"] == 0
    assert kinds(author)[-1] == "followup" and kinds(helper)[-1] == "followup"


def test_offers_pause_and_resume(make_post):
    offer = make_post("offer")
    posts.pause(offer)
    assert offer.state == PostState.PAUSED
    with pytest.raises(posts.PostError):
        posts.pause(offer)
    posts.resume(offer)
    assert offer.is_published
    with pytest.raises(posts.PostError):
        posts.pause(make_post("request"))
