"""`buurt tick`: expiry, reminders with renewal, follow-ups; idempotent, on a movable clock."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from flask_babel import force_locale

from buurt.core import settings
from buurt.core.extensions import db
from buurt.market import posting, responses
from buurt.notifications.models import Notification
from buurt.ops import lifecycle
from buurt.posts import services as posts
from buurt.posts.models import CloseReason, PostState

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
                                "loans_overdue_reminded": 0, "abandoned_uploads_removed": 0,
                                "exports_removed": 0, "exports_made": 0,
                                "conversations_removed": 0, "notifications_removed": 0,
                                "mails_removed": 0}
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
    posting.renew(post)
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
        posting.renew(post)


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
    posting.pause(offer)
    assert offer.state == PostState.PAUSED
    with pytest.raises(posts.PostError):
        posting.pause(offer)
    posting.resume(offer)
    assert offer.is_published
    with pytest.raises(posts.PostError):
        posting.pause(make_post("request"))


def refusal_of_renewing(post) -> str:
    """The message with which renewing is refused, in English; nothing changes."""
    since = post.active_since
    with force_locale("en"), pytest.raises(posts.PostError) as caught:
        posting.renew(post)
    assert post.active_since == since
    with force_locale("en"):
        return str(caught.value)


def test_renewing_is_for_the_last_days_before_the_close_not_for_a_new_request(
        traveller, make_post):
    post = make_post("request")                            # closes 1 April, 11:00 in Amsterdam
    assert not posting.renewal(post).allowed
    assert refusal_of_renewing(post) == ("Your request is online until April 1, 2026. You can "
                                         "keep it online longer from March 29, 2026.")
    traveller.shift(timedelta(days=26, hours=23))          # 3 days and 1 hour left
    assert "online until April 1, 2026" in refusal_of_renewing(post)
    traveller.shift(timedelta(hours=2))                    # less than 3 days left
    assert posting.renewal(post).allowed
    posting.renew(post)
    assert post.active_since == START + timedelta(days=27, hours=1)
    assert not posting.renewal(post).allowed                 # a new full period
    assert "online until April 28, 2026" in refusal_of_renewing(post)


def test_a_request_past_its_time_that_the_tick_did_not_close_yet_may_be_renewed(
        traveller, make_post):
    post = make_post("request")
    traveller.shift(timedelta(days=31))
    assert posting.renewal(post).allowed
    posting.renew(post)
    assert lifecycle.tick()["expired"] == 0 and post.is_published


def test_renewing_does_not_help_when_the_needed_by_day_closes_the_request(
        traveller, make_post, centrum):
    settings.set_value(centrum, "expiry_reminder_days", 5)
    soon = make_post("request", needed_by=date(2026, 3, 4))
    later = make_post("request", needed_by=date(2026, 5, 1))
    assert "change the date" in refusal_of_renewing(soon)
    assert "online until" in refusal_of_renewing(later)
    traveller.shift(timedelta(days=26))                    # 4 days left; the date is later
    assert posting.renewal(later).allowed
    assert posting.renewal(soon).refused == "date_passed"
    assert posting.renewal(make_post("offer")).refused == "not_open"
