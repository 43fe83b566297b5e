"""Care tasks: the rules for adding, signing up and cancelling, and the schedule with its gaps."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask_babel import force_locale

from buurt.care import services as care
from buurt.care.models import CareSignup
from buurt.core.extensions import db
from buurt.posts.models import PostState

# Monday 1 March 2027, nine in the morning in the Netherlands.
MONDAY = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TUESDAY = 1
FRIDAY_12 = date(2027, 3, 12)


@pytest.fixture
def clock_at_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def care_request(clock_at_monday, make_user, make_post):
    daughter = make_user("Ans de Vries")
    return make_post("request", author=daughter, topic="zorg", need="care",
                     title="Help for my father", for_whom="mijn vader Jan")


@pytest.fixture
def groceries(care_request):
    task = care.add_task(care_request, title="Groceries", weekday=TUESDAY, time_of_day="10.00")
    db.session.commit()
    return task


@pytest.fixture
def ride(care_request):
    task = care.add_task(care_request, title="Ride to the hospital", on_date=FRIDAY_12,
                         time_of_day="14.00")
    db.session.commit()
    return task


def refusal(call, *args, **kwargs) -> str:
    """The message of the CareError the call raises, in English."""
    with pytest.raises(care.CareError) as caught:
        call(*args, **kwargs)
    with force_locale("en"):
        return str(caught.value)


# Adding and removing tasks

def test_a_task_is_weekly_on_a_weekday_or_once_on_a_date(care_request):
    weekly = care.add_task(care_request, title="  Groceries ", weekday=TUESDAY,
                           time_of_day=" 10.00 ")
    once = care.add_task(care_request, title="Ride to the hospital", on_date=FRIDAY_12,
                         time_of_day="  ")
    assert weekly.is_recurring and weekly.title == "Groceries" and weekly.time_of_day == "10.00"
    assert not once.is_recurring and once.on_date == FRIDAY_12 and once.time_of_day is None
    assert weekly.request_id == once.request_id == care_request.id


@pytest.mark.parametrize("when, field", [
    ({}, "repeat"),
    ({"weekday": TUESDAY, "on_date": FRIDAY_12}, "repeat"),
    ({"weekday": 7}, "weekday"),
    ({"on_date": date(2027, 2, 28)}, "on_date"),
])
def test_a_task_needs_exactly_one_day_that_has_not_passed(care_request, when, field):
    with pytest.raises(care.CareError) as caught:
        care.add_task(care_request, title="Groceries", **when)
    assert caught.value.field == field


def test_a_task_may_be_for_today(care_request):
    assert care.add_task(care_request, title="Cook dinner", on_date=date(2027, 3, 1))


@pytest.mark.parametrize("title", ["", "   ", "x" * 141])
def test_a_task_needs_a_title_of_a_sensible_length(care_request, title):
    with pytest.raises(care.CareError) as caught:
        care.add_task(care_request, title=title, weekday=TUESDAY)
    assert caught.value.field == "title"


def test_tasks_are_only_for_open_care_requests(clock_at_monday, make_post, care_request):
    help_request = make_post("request", need="help")
    assert "only be added to a care request" in refusal(
        care.add_task, help_request, title="Groceries", weekday=TUESDAY)
    care_request.close("done")
    assert "closed" in refusal(care.add_task, care_request, title="Groceries", weekday=TUESDAY)


def test_removing_a_task_ends_its_signups_and_takes_it_off_the_schedule(
        groceries, ride, make_user):
    anna, bert = make_user("Anna"), make_user("Bert")
    single = care.sign_up(groceries, bert, occurrence=date(2027, 3, 9))
    whole = care.sign_up(groceries, anna)
    care.remove_task(groceries)
    assert groceries.removed_at == datetime(2027, 3, 1, 8, 0)      # naive UTC
    assert whole.cancelled_at == single.cancelled_at == groceries.removed_at
    assert {o.task for o in care.schedule(groceries.request)} == {ride}
    assert [line.task for line in care.tasks(groceries.request)] == [ride]
    care.remove_task(groceries)                       # twice is harmless
    assert "no longer needed" in refusal(care.sign_up, groceries, anna)


# Signing up and cancelling

def test_a_neighbour_takes_a_whole_weekly_task_or_one_date_of_it(groceries, make_user):
    anna, bert = make_user("Anna"), make_user("Bert")
    single = care.sign_up(groceries, bert, occurrence=date(2027, 3, 9))
    whole = care.sign_up(groceries, anna)    # every week, the 9th too: Bert is not alone
    assert whole.occurrence is None and whole.is_active and whole.user == anna
    assert single.occurrence == date(2027, 3, 9)


def test_taking_the_date_of_a_one_off_task_is_taking_the_whole_task(ride, make_user):
    signup = care.sign_up(ride, make_user(), occurrence=FRIDAY_12)
    assert signup.occurrence is None
    assert "not on that day" in refusal(care.sign_up, ride, make_user(),
                                        occurrence=date(2027, 3, 13))


@pytest.mark.parametrize("occurrence, message", [
    (date(2027, 3, 10), "not on that day"),            # a Wednesday
    (date(2027, 2, 23), "has passed"),                 # last week's Tuesday
])
def test_a_single_date_must_be_a_coming_occurrence_of_the_task(groceries, make_user,
                                                               occurrence, message):
    assert message in refusal(care.sign_up, groceries, make_user(), occurrence=occurrence)


def test_a_one_off_task_in_the_past_cannot_be_taken(ride, make_user, clock_at_monday):
    neighbour = make_user()
    clock_at_monday.move_to(datetime(2027, 3, 13, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert "has passed" in refusal(care.sign_up, ride, neighbour)


def test_the_same_neighbour_cannot_sign_up_twice_for_the_same_thing(groceries, ride,
                                                                    make_user):
    anna, bert = make_user("Anna"), make_user("Bert")
    care.sign_up(groceries, anna, occurrence=date(2027, 3, 9))
    assert "already signed up for this day" in refusal(
        care.sign_up, groceries, anna, occurrence=date(2027, 3, 9))
    care.sign_up(groceries, anna, occurrence=date(2027, 3, 16))   # another day is fine
    care.sign_up(groceries, anna)                                 # and so is every week
    assert "already do this task" in refusal(care.sign_up, groceries, anna)
    assert "already do this task" in refusal(care.sign_up, groceries, anna,
                                             occurrence=date(2027, 3, 23))
    care.sign_up(ride, anna)
    assert "already do this task" in refusal(care.sign_up, ride, anna)
    care.sign_up(groceries, bert)                 # two neighbours may share a task
    active = db.session.scalars(db.select(CareSignup).where(CareSignup.user_id == anna.id))
    assert len(list(active)) == 4


def test_a_taken_one_off_task_or_date_is_refused_to_others(groceries, ride, make_user):
    anna, bert, cor = make_user("Anna"), make_user("Bert"), make_user("Cor")
    taken = care.sign_up(ride, anna)
    assert "already does this task" in refusal(care.sign_up, ride, bert)
    assert "already does this task" in refusal(care.sign_up, ride, bert, occurrence=FRIDAY_12)
    care.cancel(taken, anna)                          # free again
    assert care.sign_up(ride, bert).is_active
    care.sign_up(groceries, anna, occurrence=date(2027, 3, 9))
    assert "already does this on that day" in refusal(
        care.sign_up, groceries, bert, occurrence=date(2027, 3, 9))
    care.sign_up(groceries, bert, occurrence=date(2027, 3, 16))   # another day is free
    care.sign_up(groceries, cor)                      # a weekly task is shared
    assert "already does this on that day" in refusal(
        care.sign_up, groceries, make_user(), occurrence=date(2027, 3, 23))


def test_the_requester_cannot_take_their_own_task(groceries):
    assert "your own request" in refusal(care.sign_up, groceries, groceries.request.author)


@pytest.mark.parametrize("state", [PostState.CLOSED, PostState.PENDING, PostState.HIDDEN])
def test_only_a_published_request_takes_signups(groceries, make_user, state):
    groceries.request.state = state
    assert "closed" in refusal(care.sign_up, groceries, make_user())


def test_a_neighbour_cancels_only_their_own_signup(groceries, make_user):
    anna, bert = make_user("Anna"), make_user("Bert")
    signup = care.sign_up(groceries, anna)
    assert "your own" in refusal(care.cancel, signup, bert)
    assert signup.is_active
    care.cancel(signup, anna)
    assert signup.cancelled_at == datetime(2027, 3, 1, 8, 0) and not signup.is_active
    care.cancel(signup, anna)                         # twice is harmless
    assert care.sign_up(groceries, anna).is_active    # and they may come back


# The schedule

def test_the_schedule_lists_every_occurrence_by_date_then_time_and_title(care_request):
    care.add_task(care_request, title="Groceries", weekday=TUESDAY, time_of_day="10.00")
    care.add_task(care_request, title="Coffee and a chat", weekday=TUESDAY,
                  time_of_day="10.00")
    care.add_task(care_request, title="Medicines", weekday=TUESDAY, time_of_day="08.30")
    care.add_task(care_request, title="Ride to the hospital", on_date=FRIDAY_12)
    care.add_task(care_request, title="Too far away", on_date=date(2027, 3, 29))
    rows = [(o.date, o.task.title) for o in care.schedule(care_request)]
    tuesdays = [date(2027, 3, d) for d in (2, 9, 16, 23)]
    expected = []
    for tuesday in tuesdays:
        expected += [(tuesday, "Medicines"), (tuesday, "Coffee and a chat"),
                     (tuesday, "Groceries")]
        if tuesday == date(2027, 3, 9):
            expected.append((FRIDAY_12, "Ride to the hospital"))
    assert rows == expected
    assert len(care.schedule(care_request, weeks=1)) == 3
    assert [o.date for o in care.schedule(care_request, weeks=1, start=date(2027, 3, 24))] \
        == [date(2027, 3, 29)] + [date(2027, 3, 30)] * 3


def test_whole_task_signups_cover_every_date_single_ones_only_their_date(groceries, ride,
                                                                        make_user):
    anna, bert, cor = make_user("Anna"), make_user("Bert"), make_user("Cor")
    care.sign_up(groceries, anna, occurrence=date(2027, 3, 16))   # counted once
    care.sign_up(groceries, bert, occurrence=date(2027, 3, 9))
    care.sign_up(groceries, anna)
    cancelled = care.sign_up(ride, cor)
    care.cancel(cancelled, cor)
    people = {(o.date, o.task.title): o.people for o in care.schedule(groceries.request)}
    assert people == {
        (date(2027, 3, 2), "Groceries"): [anna],
        (date(2027, 3, 9), "Groceries"): [bert, anna],
        (date(2027, 3, 16), "Groceries"): [anna],
        (date(2027, 3, 23), "Groceries"): [anna],
        (FRIDAY_12, "Ride to the hospital"): [],
    }


def test_a_date_nobody_covers_is_a_gap(groceries, ride, make_user):
    care.sign_up(groceries, make_user(), occurrence=date(2027, 3, 16))
    care.sign_up(ride, make_user())
    gaps = [(o.date, o.task.title) for o in care.schedule(groceries.request) if o.is_gap]
    assert gaps == [(date(2027, 3, 2), "Groceries"), (date(2027, 3, 9), "Groceries"),
                    (date(2027, 3, 23), "Groceries")]


def test_the_schedule_moves_with_the_clock(groceries, ride, make_user, clock_at_monday):
    care.sign_up(groceries, make_user(), occurrence=date(2027, 3, 2))
    clock_at_monday.shift(timedelta(days=8))          # Tuesday 9 March
    dates = [o.date for o in care.schedule(groceries.request)]
    assert dates == [date(2027, 3, 9), FRIDAY_12, date(2027, 3, 16), date(2027, 3, 23),
                     date(2027, 3, 30)]
    clock_at_monday.shift(timedelta(days=4))          # Saturday 13 March: the ride is over
    assert FRIDAY_12 not in [o.date for o in care.schedule(groceries.request)]
    assert [line.task for line in care.tasks(groceries.request)] == [groceries]


def test_tasks_lists_the_neighbours_who_took_a_whole_task(groceries, ride, make_user):
    anna, bert = make_user("Anna"), make_user("Bert")
    care.sign_up(groceries, bert, occurrence=date(2027, 3, 9))
    care.sign_up(groceries, anna)
    lines = care.tasks(groceries.request)
    assert [(line.task, [s.user for s in line.regulars]) for line in lines] == [
        (groceries, [anna]), (ride, [])]


def test_the_schedule_takes_two_statements_whatever_the_amount(care_request, make_user,
                                                               count_queries):
    def statements():
        db.session.expire_all()
        assert care_request.id                        # loaded again before counting
        with count_queries() as queries:
            for occurrence in care.schedule(care_request):
                [person.display_name for person in occurrence.people]
        return len(queries)

    task = care.add_task(care_request, title="Groceries", weekday=TUESDAY)
    care.sign_up(task, make_user())
    db.session.commit()
    few = statements()
    neighbours = [make_user() for _ in range(5)]
    for weekday in range(7):
        task = care.add_task(care_request, title=f"Task {weekday}", weekday=weekday)
        for week, neighbour in enumerate(neighbours[:4]):     # one neighbour a date
            care.sign_up(task, neighbour, occurrence=date(2027, 3, 1) + timedelta(
                days=weekday, weeks=week))
        care.sign_up(task, neighbours[weekday % 5])
    db.session.commit()
    assert statements() == few == 2


# Telling the requester, and "My help"

def test_the_requester_hears_who_takes_and_who_drops_a_task(care_request, groceries, ride,
                                                            make_user):
    from buurt.notifications.models import Notification
    neighbour = make_user("Kees")
    weekly = care.sign_up(groceries, neighbour)
    care.sign_up(ride, neighbour)
    care.cancel(weekly, neighbour)
    kinds = db.session.scalars(
        db.select(Notification.kind).filter_by(user_id=care_request.author_id)
        .order_by(Notification.id)).all()
    assert kinds == ["care_signup", "care_signup", "care_cancel"]
    assert [s.task.title for s in care.signups_of(neighbour)] == ["Ride to the hospital"]


def test_past_single_days_leave_my_help(clock_at_monday, care_request, groceries, make_user):
    neighbour = make_user("Kees")
    care.sign_up(groceries, neighbour, occurrence=date(2027, 3, 2))
    assert len(care.signups_of(neighbour)) == 1
    clock_at_monday.shift(timedelta(days=2))
    assert care.signups_of(neighbour) == []
