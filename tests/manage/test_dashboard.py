"""The dashboard's figures, each against the hand-made data set of conftest.py.

Centrum over the last 30 days (22 October to 20 November 2026, now is 20 November 12:00
UTC), worked out by hand:

| figure                                | expected | why                                          |
|---------------------------------------|----------|----------------------------------------------|
| new residents                         | 4        | Nina (5 days), two at the street party (10), |
|                                       |          | one by Amina at the door (2); not the one of |
|                                       |          | 40 days ago, not Oost's                      |
|   on their own / party / door         | 1/2/1    |                                              |
| information                           | 4        | event, place, approved initiative,           |
|                                       |          | announcement (not the proposed initiative)   |
| resources                             | 1        | the item (not the removed one)               |
| ideas                                 | 0        | the idea is 70 days old                      |
| priorities                            | 0        | no decision rounds                           |
| marketplace                           | 6        | q1-q5 (q3 closed counts) and f1; not the     |
|                                       |          | removed request, not q6/q8/f2/f3 (older)     |
| requests counted for 3 days           | 4        | q1, q2, q3, q4; q5 is 1 day old, unanswered  |
| first response within 3 days          | 2        | q1 (2 h), q3 (24 h); q2 took 4 days          |
| median time to a first response       | 24 h     | 2 h, 24 h, 96 h                              |
| open requests without any response    | 3        | q6, q4, q5 (oldest first)                    |
| matches made                          | 3        | q1, q3 (done since), f1; q8's was 45 days ago|
| unmet demand                          | computerhulp 2, vervoer 1 (klussen: Hanna      |
|                                       | offers it; zorg: an open offer)              |
| moderation queue                      | 2, oldest 5 days ago (decided and waiting    |
|                                       | cases do not count, Oost's neither)          |
| health (14 / 60 days, 3 makes active) | information quiet (2/4), resources quiet     |
|                                       | (1/1), ideas empty, priorities empty,        |
|                                       | marketplace active (4/10)                    |
"""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert

from buurt.core import settings
from buurt.core.extensions import db
from buurt.manage import activity, dashboard, levels, period as periods, waiting
from buurt.market.models import Offer, Request, Response
from tests.manage.conftest import NOW, add_post, ago

TODAY = date(2026, 11, 20)
LAST_30 = periods.last_days(30, TODAY)


def test_the_period_is_whole_dutch_days():
    assert LAST_30.first_day == date(2026, 10, 22)
    assert LAST_30.last_day == TODAY
    # 22 October is summer time (UTC+2), 21 November winter time (UTC+1).
    assert LAST_30.start == datetime(2026, 10, 21, 22, 0)
    assert LAST_30.end == datetime(2026, 11, 20, 23, 0)


def test_new_residents_and_how_they_came_in(dataset):
    residents = activity.new_residents([dataset["centrum"].id], LAST_30)
    assert residents.total == 4
    assert residents.on_their_own == 1
    assert [(c.ambassador, c.event, c.count) for c in residents.channels] == [
        ("Amina", "Straatfeest", 2), ("Amina", None, 1)]


def test_posts_per_sharing_level(dataset):
    assert levels.posts_per_level([dataset["centrum"].id], LAST_30) == {
        "information": 4, "resources": 1, "ideas": 0, "priorities": 0, "marketplace": 6}


def test_every_post_kind_has_one_level():
    assert set(levels.LEVEL_OF.values()) == set(levels.LEVELS)
    for kind in ("request", "offer", "item", "idea", "announcement", "event", "story"):
        assert kind in levels.POST_KINDS


def test_first_responses(dataset):
    times = activity.response_times([dataset["centrum"].id], LAST_30, NOW)
    assert (times.counted, times.within, times.answered) == (4, 2, 3)
    assert times.share == 0.5
    assert times.median == timedelta(hours=24)


def test_the_median_of_an_even_number_is_the_mean_of_the_middle_two(make_user, topics):
    author, helper = make_user(), make_user()
    for hours in (2, 4):
        post = add_post(Request, author=author, topic=topics["tuin"], created=ago(10))
        db.session.add(Response(post=post, responder=helper,
                                created_at=ago(10) + timedelta(hours=hours)))
    db.session.commit()
    times = activity.response_times([author.neighbourhood_id], LAST_30, NOW)
    assert times.median == timedelta(hours=3)
    assert (times.counted, times.within) == (2, 2)


def test_no_requests_give_no_share_and_no_median(centrum):
    times = activity.response_times([centrum.id], LAST_30, NOW)
    assert times.share is None and times.median is None


def test_requests_without_any_response_oldest_first_in_pages(dataset):
    ids = [dataset["centrum"].id]
    assert waiting.unanswered_count(ids) == 3
    first = waiting.unanswered_requests(ids, size=2)
    assert [p.id for p in first.items] == [dataset["q6"].id, dataset["q4"].id]
    second = waiting.unanswered_requests(ids, size=2, after=first.older)
    assert [p.id for p in second.items] == [dataset["q5"].id]
    assert second.older is None


def test_matches_made(dataset):
    assert activity.matches([dataset["centrum"].id], LAST_30) == 3


def test_topics_with_unmet_demand(dataset):
    unmet = waiting.unmet_demand([dataset["centrum"].id])
    assert [(u.topic.slug, u.requests, u.waiting_since) for u in unmet] == [
        ("computerhulp", 2, ago(6)), ("vervoer", 1, ago(40))]


def test_an_open_offer_meets_the_demand(dataset, topics):
    add_post(Offer, author=dataset["helper"], topic=topics["vervoer"], created=ago(1))
    db.session.commit()
    assert [u.topic.slug for u in waiting.unmet_demand([dataset["centrum"].id])] == [
        "computerhulp"]


def test_the_moderation_queue(dataset):
    queue = waiting.moderation_queue([dataset["centrum"].id])
    assert (queue.size, queue.oldest_id, queue.oldest_since) == (
        2, dataset["cases"]["c2"].id, ago(5))


def test_health_of_each_sharing_level(dataset):
    centrum = dataset["centrum"]
    health = levels.health([centrum.id], NOW)[centrum.id]
    assert {level: (h.state, h.recent, h.in_60_days) for level, h in health.items()} == {
        "information": ("quiet", 2, 4), "resources": ("quiet", 1, 1),
        "ideas": ("empty", 0, 0), "priorities": ("empty", 0, 0),
        "marketplace": ("active", 4, 10)}


def test_the_number_that_makes_a_level_active_is_a_setting(dataset):
    centrum = dataset["centrum"]
    assert settings.DEFAULTS["health_active_items"] == 3
    settings.set_value(centrum, "health_active_items", 2)
    db.session.commit()
    health = levels.health([centrum.id, dataset["oost"].id], NOW)
    assert health[centrum.id]["information"].state == "active"
    assert health[centrum.id]["resources"].state == "quiet"
    # Oost keeps the default: its two posts of 2 days ago make its marketplace quiet.
    assert health[dataset["oost"].id]["marketplace"].state == "quiet"


def test_the_chart_counts_per_dutch_day(dataset):
    chart = levels.chart([dataset["centrum"].id], LAST_30)
    assert chart.unit == "day" and len(chart.starts) == 30
    assert chart.starts[0] == date(2026, 10, 22) and chart.starts[-1] == TODAY
    # The item came at 23:30 UTC on the 19th: 00:30 on the 20th in Amsterdam.
    assert chart.series["resources"] == [0] * 29 + [1]
    assert chart.series["marketplace"][28] == 1      # q5, 19 November
    assert chart.series["information"][26] == 1      # the event, 17 November
    assert chart.totals == levels.posts_per_level([dataset["centrum"].id], LAST_30)


@pytest.mark.parametrize("days, unit, steps", [(30, "day", 30), (90, "week", 13),
                                               (365, "month", 13)])
def test_longer_periods_count_per_week_or_month(days, unit, steps):
    period = periods.last_days(days, TODAY)
    kind, starts = levels._steps(period)
    assert (kind, len(starts)) == (unit, steps)
    assert starts[0] == period.first_day
    if unit == "month":
        assert starts[1] == date(2025, 12, 1) and starts[-1] == date(2026, 11, 1)


def test_a_chart_scale_fits_the_highest_count():
    chart = levels.Chart("day", [TODAY, TODAY], {level: [0, 0] for level in
                                                   levels.LEVELS})
    assert (chart.top, chart.ticks) == (1, [0, 1])
    chart.series["ideas"] = [3, 17]
    assert chart.step == 5 and chart.top == 20 and chart.ticks == [0, 5, 10, 15, 20]
    assert chart.points("ideas", 100, 200) == [(0.0, 170.0, 3), (100.0, 30.0, 17)]


def test_an_admin_sees_every_neighbourhood_together(dataset):
    ids = [dataset["centrum"].id, dataset["oost"].id]
    assert waiting.unanswered_count(ids) == 4
    assert activity.matches(ids, LAST_30) == 4
    assert activity.new_residents(ids, LAST_30).total == 5
    queue = waiting.moderation_queue(ids)
    assert (queue.size, queue.oldest_id) == (3, dataset["cases"]["oost"].id)


def test_decision_rounds_count_for_priorities_once_their_table_exists(dataset):
    rounds = db.metadata.tables.get("decision_round")
    if rounds is None:
        pytest.skip("there are no decision rounds yet")
    values = {"neighbourhood_id": dataset["centrum"].id, "created_at": ago(2)}
    for column in rounds.columns:
        if column.name in values or column.nullable or column.primary_key \
                or column.default is not None or column.server_default is not None:
            continue
        python_type = column.type.python_type
        values[column.name] = {str: "Welke bankjes?", int: 1, datetime: NOW,
                               date: TODAY}[python_type]
    db.session.execute(insert(rounds).values(**values))
    db.session.commit()
    assert levels.posts_per_level([dataset["centrum"].id], LAST_30)["priorities"] == 1
    assert levels.health([dataset["centrum"].id], NOW)[dataset["centrum"].id][
        "priorities"].state == "quiet"


def test_csv_cells_that_look_like_formulas_are_quoted():
    assert [dashboard.csv_cell(v) for v in ("=SUM(A1)", "+31", "-2", "@cmd", "gewoon", 5,
                                            -5)] == ["'=SUM(A1)", "'+31", "'-2", "'@cmd",
                                                     "gewoon", 5, -5]
