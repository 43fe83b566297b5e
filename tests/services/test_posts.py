"""Posts: creating, withdrawing and the paginated feed."""
from datetime import date, timedelta

import pytest

from buurt.core import pagination
from buurt.market import posting
from buurt.posts import services as posts
from buurt.posts.models import CloseReason, PostState


def test_create_request_in_the_authors_neighbourhood(make_user, topics):
    author = make_user()
    request = posting.create_request(author, title="  Lamp ophangen ", body="Zaterdag graag.",
                                     topic=topics["klussen"], need="care", urgency="soon",
                                     needed_by=date(2030, 1, 1))
    assert request.kind == "request" and request.is_published and request.is_care
    assert request.title == "Lamp ophangen"
    assert request.neighbourhood_id == author.neighbourhood_id
    with pytest.raises(ValueError):
        posting.create_request(author, title="Iets", body="x", topic=topics["klussen"],
                               need="nothing")


def test_withdraw_closes_with_a_reason(make_post):
    post = make_post()
    posts.withdraw(post)
    assert post.state == PostState.CLOSED and post.closed_reason == CloseReason.WITHDRAWN
    assert post.closed_at is not None and post.is_withdrawn


def test_feed_holds_one_kind_published_newest_first(make_post):
    new = make_post("request", age=timedelta(hours=1))
    old = make_post("request", age=timedelta(days=2))
    make_post("offer")
    make_post("request", state=PostState.PENDING)
    assert posts.feed("request").items == [new, old]


def test_feed_filters_by_topic_and_neighbourhood(make_post, make_user, make_neighbourhood,
                                                 topics):
    oost = make_neighbourhood("oost", ["1091"])
    here = make_post("request", topic="tuin")
    make_post("request", topic="koken")
    there = make_post("request", topic="tuin", author=make_user(neighbourhood=oost))
    assert posts.feed("request", topic=topics["tuin"]).items == [there, here]
    assert posts.feed("request", topic=topics["tuin"],
                      neighbourhood_id=here.neighbourhood_id).items == [here]


def test_pages_walk_older_and_back_newer_without_gaps(make_post):
    made = [make_post("offer", age=timedelta(minutes=m)) for m in range(7)]
    first = posts.feed("offer", size=3)
    assert first.items == made[:3] and first.newer is None and first.older
    second = posts.feed("offer", size=3, older=first.older)
    third = posts.feed("offer", size=3, older=second.older)
    assert second.items == made[3:6] and third.items == made[6:]
    assert third.older is None
    back = posts.feed("offer", size=3, newer=third.newer)
    assert back.items == made[3:6] and back.older == second.older
    assert posts.feed("offer", size=3, newer=back.newer).items == made[:3]


def test_posts_with_the_same_time_are_not_skipped(make_post, make_user):
    author = make_user()
    same = [make_post("request", author=author, age=timedelta(0)) for _ in range(5)]
    for post in same[1:]:
        post.created_at = same[0].created_at
    seen, cursor = [], None
    while True:
        page = posts.feed("request", size=2, older=cursor)
        seen += page.items
        if not page.older:
            break
        cursor = page.older
    assert sorted(p.id for p in seen) == sorted(p.id for p in same)


@pytest.mark.parametrize("cursor", ["", "garbage", "2026-01-01", "20260101-x", "-1"])
def test_a_malformed_cursor_means_the_first_page(cursor):
    assert pagination.decode(cursor) is None
