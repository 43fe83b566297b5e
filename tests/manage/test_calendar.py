"""The content calendar: planned and published announcements per Dutch day, the warnings
(within an hour, too many on a day), and the page with its form link and its pager."""
import re
from datetime import date, datetime, timedelta

import pytest
from flask_babel import force_locale

from buurt.announcements import services as announcements
from buurt.announcements.models import Announcement
from buurt.core import settings
from buurt.core.extensions import db
from buurt.info.models import Event
from buurt.manage import content_calendar
from buurt.ops import lifecycle
from buurt.people.models import Membership, Role
from buurt.posts.models import PostState
from tests.manage.conftest import NOW, text

NEWS = "The community centre is closed on Monday 23 November for cleaning."
# NOW is Friday 20 November 2026; its week starts on Monday 16 November.
MONDAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def english(app):
    """The warnings are read in English here, outside a request too."""
    with force_locale("en"):
        yield


@pytest.fixture
def oost(make_neighbourhood):
    return make_neighbourhood("oost", ["1091"])


@pytest.fixture
def mila(manager_of, centrum):
    return manager_of(centrum)


@pytest.fixture
def olga(manager_of, oost):
    return manager_of(oost, name="Olga")


def announce(author, title, at, state=PostState.SCHEDULED):
    """An announcement in the author's neighbourhood at `at` (naive UTC)."""
    post = Announcement(author=author, neighbourhood_id=author.neighbourhood_id, title=title,
                        body=NEWS, state=state, publish_at=at)
    db.session.add(post)
    db.session.commit()
    return post


def plan_for(*neighbourhoods, start=MONDAY, weeks=4):
    return content_calendar.plan([n.id for n in neighbourhoods], start, weeks, NOW)


def day_of(plan, day):
    return next(d for d in plan.days if d.day == day)


def item_titled(plan, title):
    return next(i for d in plan.days for i in d.items if i.title == title)


def warning_texts(warnings):
    return [str(w) for w in warnings]


# --- the warnings --------------------------------------------------------------------------

def test_two_announcements_half_an_hour_apart_both_warn_and_61_minutes_apart_do_not(
        centrum, mila, frozen_time):
    nine = datetime(2026, 11, 24, 8, 0)          # Tuesday 09:00 in Amsterdam
    announce(mila, "Soup on Sunday", nine)
    second = announce(mila, "Repair Café is back", nine + timedelta(minutes=30))

    plan = plan_for(centrum)
    first_warnings = warning_texts(item_titled(plan, "Soup on Sunday").warnings)
    second_warnings = warning_texts(item_titled(plan, "Repair Café is back").warnings)
    assert first_warnings == ["Within an hour of “Repair Café is back” "
                              "(Tuesday 24 November, 09:30)."]
    assert second_warnings == ["Within an hour of “Soup on Sunday” "
                               "(Tuesday 24 November, 09:00)."]
    assert "Soup on Sunday" in warning_texts(
        content_calendar.warnings_for(centrum.id, nine + timedelta(minutes=30),
                                      exclude_post_id=second.id))[0]

    second.publish_at = nine + timedelta(minutes=61)
    db.session.commit()
    frozen_time.move_to(NOW + timedelta(days=1))     # later the same week: still planned
    plan = plan_for(centrum)
    assert item_titled(plan, "Soup on Sunday").warnings == []
    assert item_titled(plan, "Repair Café is back").warnings == []
    assert content_calendar.warnings_for(centrum.id, nine + timedelta(minutes=61),
                                         exclude_post_id=second.id) == []


def test_announcements_an_hour_apart_across_midnight_still_warn(centrum, mila):
    announce(mila, "Late news", datetime(2026, 11, 24, 22, 45))     # Tuesday 23:45
    announce(mila, "Early news", datetime(2026, 11, 24, 23, 15))    # Wednesday 00:15
    plan = plan_for(centrum)
    assert [i.title for i in day_of(plan, date(2026, 11, 24)).items] == ["Late news"]
    assert [i.title for i in day_of(plan, date(2026, 11, 25)).items] == ["Early news"]
    assert "Early news" in str(item_titled(plan, "Late news").warnings[0])
    # At the edge of the weeks shown: the one just before still warns the first of the day.
    edge = plan_for(centrum, start=date(2026, 11, 25), weeks=1)
    assert [str(w) for w in item_titled(edge, "Early news").warnings] == [
        "Within an hour of “Late news” (Tuesday 24 November, 23:45)."]


def test_the_fourth_announcement_on_a_day_warns_unless_the_setting_allows_four(
        centrum, oost, mila, olga):
    wednesday = date(2026, 11, 25)
    for hour, title in ((7, "Morning news"), (10, "Noon news"), (13, "Afternoon news")):
        announce(mila, title, datetime(2026, 11, 25, hour, 0))
    # Another neighbourhood's announcements never count, not even at the same moment.
    announce(olga, "Oost morning", datetime(2026, 11, 25, 7, 0))
    announce(olga, "Oost evening", datetime(2026, 11, 25, 17, 0))
    fourth = datetime(2026, 11, 25, 16, 0)

    assert warning_texts(content_calendar.warnings_for(centrum.id, fourth)) == [
        "4 announcements on this day. The advice is at most 3 per day."]
    assert content_calendar.warnings_for(oost.id, datetime(2026, 11, 25, 12, 0)) == []
    plan = plan_for(centrum, oost)
    assert day_of(plan, wednesday).warnings == []
    assert all(item.warnings == [] for item in day_of(plan, wednesday).items)

    announce(mila, "Evening news", fourth)
    plan = plan_for(centrum, oost)
    [warning] = day_of(plan, wednesday).warnings
    assert (warning.neighbourhood_id, str(warning)) == (
        centrum.id, "4 announcements on this day. The advice is at most 3 per day.")

    settings.set_value(centrum, "calendar_max_per_day", 4)
    db.session.commit()
    assert day_of(plan_for(centrum, oost), wednesday).warnings == []
    assert content_calendar.warnings_for(centrum.id, datetime(2026, 11, 25, 19, 0)) == [
        content_calendar.CalendarWarning("busy", centrum.id, count=5, limit=4)]


def test_days_without_an_announcement_are_empty_and_events_do_not_fill_them(
        centrum, mila):
    announce(mila, "Soup on Sunday", datetime(2026, 11, 24, 8, 0))
    db.session.add(Event(author=mila, neighbourhood_id=centrum.id, title="Street party",
                         state=PostState.PUBLISHED, starts_at=datetime(2026, 11, 26, 15, 0),
                         ends_at=datetime(2026, 11, 26, 18, 0)))
    db.session.commit()
    plan = plan_for(centrum)
    assert [w.first_day for w in plan.weeks] == [MONDAY + timedelta(days=7 * n)
                                                 for n in range(4)]
    assert len(plan.days) == 28
    assert not day_of(plan, date(2026, 11, 24)).empty
    assert day_of(plan, date(2026, 11, 23)).empty
    thursday = day_of(plan, date(2026, 11, 26))
    assert thursday.empty and [i.is_event for i in thursday.items] == [True]
    assert day_of(plan, date(2026, 11, 20)).is_today


def test_a_scheduled_announcement_shows_as_published_on_its_day_once_its_moment_passed(
        client, login, centrum, mila, frozen_time):
    at = NOW + timedelta(hours=1)
    post = announcements.create(mila, title="Soup on Sunday", body=NEWS, publish_at=at)
    db.session.commit()
    item = item_titled(plan_for(centrum), "Soup on Sunday")
    assert item.is_planned and not item.is_published
    login(mila)
    assert re.search(r"Planned</span>\s*<a href=\"/announcements/%d\">Soup on Sunday" % post.id,
                     text(client.get("/manage/calendar")))

    frozen_time.move_to(at + timedelta(minutes=5))
    assert lifecycle.tick()["announcements_published"] == 1
    db.session.commit()
    plan = plan_for(centrum)
    item = item_titled(plan, "Soup on Sunday")
    assert item.is_published and not item.is_planned
    assert item in day_of(plan, date(2026, 11, 20)).items
    assert re.search(r"Online</span>\s*<a href=\"/announcements/%d\">Soup on Sunday" % post.id,
                     text(client.get("/manage/calendar")))


def test_times_are_amsterdam_time_on_both_sides_of_the_clock_change(
        client, login, centrum, mila, frozen_time):
    frozen_time.move_to(datetime(2026, 10, 20, 10, 0))   # summer time still
    announce(mila, "Before the change", datetime(2026, 10, 24, 7, 0))   # Sat 09:00 CEST
    announce(mila, "After the change", datetime(2026, 10, 26, 8, 0))    # Mon 09:00 CET
    announce(mila, "Just after midnight", datetime(2026, 10, 24, 22, 30))  # Sun 00:30
    plan = content_calendar.plan([centrum.id], date(2026, 10, 20), 2,
                                 datetime(2026, 10, 20, 10, 0))
    assert [(i.title, i.local.strftime("%H:%M")) for i in day_of(plan, date(2026, 10, 24)).items] \
        == [("Before the change", "09:00")]
    assert [(i.title, i.local.strftime("%H:%M")) for i in day_of(plan, date(2026, 10, 25)).items] \
        == [("Just after midnight", "00:30")]
    assert [(i.title, i.local.strftime("%H:%M")) for i in day_of(plan, date(2026, 10, 26)).items] \
        == [("After the change", "09:00")]

    login(mila)
    page = text(client.get("/manage/calendar"))
    assert '<time datetime="2026-10-24T07:00:00Z">09:00</time>' in page
    assert '<time datetime="2026-10-26T08:00:00Z">09:00</time>' in page
    assert '<time datetime="2026-10-24T22:30:00Z">00:30</time>' in page


# --- the announcement form ---------------------------------------------------------------

def _form(**fields):
    return {"title": "Repair Café is back", "body": NEWS, "topic": "", "organiser": "",
            **fields}


def test_planning_close_to_another_saves_and_flashes_the_warning(client, login, centrum,
                                                                 mila):
    announce(mila, "Soup on Sunday", datetime(2026, 11, 25, 8, 0))   # 09:00 in Amsterdam
    login(mila)
    response = client.post("/announcements/new", data=_form(
        publish_date="2026-11-25", publish_time="09:30"), follow_redirects=True)
    page = text(response)
    assert "Your announcement is planned" in page
    assert '<p class="flash warning">Warning: Within an hour of “Soup on Sunday” ' \
           '(Wednesday 25 November, 09:00).</p>' in page
    saved = db.session.scalar(db.select(Announcement).filter_by(title="Repair Café is back"))
    assert saved.state == PostState.SCHEDULED
    assert saved.publish_at == datetime(2026, 11, 25, 8, 30)

    # Moved to a quiet moment: no warning; moved back next to it: the warning again.
    response = client.post(f"/announcements/{saved.id}/edit", data=_form(
        publish_date="2026-11-25", publish_time="15:00"), follow_redirects=True)
    assert "Your changes are saved." in text(response)
    assert "flash warning" not in text(response)
    response = client.post(f"/announcements/{saved.id}/edit", data=_form(
        publish_date="2026-11-25", publish_time="08:15"), follow_redirects=True)
    assert "Warning: Within an hour of “Soup on Sunday”" in text(response)
    db.session.expire_all()
    assert db.session.get(Announcement, saved.id).publish_at == datetime(2026, 11, 25, 7, 15)


def test_a_busy_day_is_flashed_with_its_count(client, login, centrum, mila):
    for hour in (6, 9, 12):
        announce(mila, f"News at {hour}", datetime(2026, 11, 25, hour, 0))
    login(mila)
    page = text(client.post("/announcements/new", data=_form(
        publish_date="2026-11-25", publish_time="17:00"), follow_redirects=True))
    assert "Warning: 4 announcements on this day. The advice is at most 3 per day." in page
    assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 4


def test_an_initiative_planning_close_to_a_managers_post_hears_nothing_of_it(
        client, login, person, centrum, mila):
    """The warnings name announcements that are not online yet: managers only."""
    from buurt.info import initiatives
    ravi = person("Ravi")
    initiative = initiatives.propose(ravi, name="Repair Café",
                                     description="We repair lamps and bikes.")
    initiatives.approve(initiative, mila)
    db.session.commit()
    announce(mila, "Secret surprise party", datetime(2026, 11, 25, 8, 0))
    login(ravi)
    page = text(client.post("/announcements/new", data=_form(
        organiser=str(initiative.id), publish_date="2026-11-25", publish_time="09:30"),
        follow_redirects=True))
    assert "Your announcement is planned" in page
    assert "Secret surprise party" not in page and "flash warning" not in page


def test_the_date_from_the_calendar_is_filled_in(client, login, mila):
    login(mila)
    page = text(client.get("/announcements/new?date=2026-11-25&time=10:15"))
    assert 'name="publish_date" type="date" value="2026-11-25"' in page
    assert 'name="publish_time" type="time" value="10:15"' in page
    page = text(client.get("/announcements/new?date=2026-11-25"))
    assert 'value="2026-11-25"' in page and 'name="publish_time" type="time" value=""' in page
    for wrong in ("?date=2026-13-45", "?date=2026-11-01", "?date=tomorrow&time=25:99"):
        response = client.get("/announcements/new" + wrong)
        assert response.status_code == 200
        assert 'name="publish_date" type="date" value=""' in text(response)


# --- the page ------------------------------------------------------------------------------

def test_who_may_open_the_calendar(client, login, person, centrum):
    assert "/login" in client.get("/manage/calendar").headers["Location"]
    ambassador = person("Amina", role=Role.AMBASSADOR)
    db.session.add(Membership(user=ambassador, neighbourhood=centrum, role=Role.AMBASSADOR))
    db.session.commit()
    for user in (person("Ria"), ambassador):
        login(user)
        assert client.get("/manage/calendar").status_code == 403
        client.post("/logout")


def test_a_manager_sees_their_neighbourhoods_and_an_admin_sees_all(
        client, login, person, centrum, oost, mila, olga):
    announce(mila, "Centrum news", datetime(2026, 11, 24, 8, 0))
    announce(olga, "Oost news", datetime(2026, 11, 24, 8, 0))
    login(mila)
    page = text(client.get("/manage/calendar"))
    assert "Centrum news" in page and "Oost news" not in page
    # Asking for a neighbourhood they do not manage shows their own, with a message.
    response = client.get("/manage/calendar?neighbourhood=oost")
    assert response.status_code == 200
    assert "Centrum news" in text(response) and "Oost news" not in text(response)
    client.post("/logout")

    login(person("Ada", role=Role.ADMIN))
    page = text(client.get("/manage/calendar"))
    assert "Centrum news" in page and "Oost news" in page
    page = text(client.get("/manage/calendar?neighbourhood=oost"))
    assert "Centrum news" not in page and "Oost news" in page


def test_the_page_lists_weeks_of_days_with_warnings_in_words(client, login, centrum, mila):
    announce(mila, "Soup on Sunday", datetime(2026, 11, 24, 8, 0))
    announce(mila, "Repair Café is back", datetime(2026, 11, 24, 8, 20))
    login(mila)
    page = text(client.get("/manage/calendar"))
    assert page.count("<h1>") == 1
    assert page.count('<section class="calendar-week"') == 4
    assert "Week 47: 16 November to 22 November 2026" in page
    assert page.count('<li class="calendar-day') == 28
    assert "No post planned" in page
    assert re.search(r'aria-hidden="true">⚠</span>\s*<strong>Warning:</strong>\s*'
                     r'Within an hour of “Repair Café is back”', page)
    # Today and later days get the link to the form with their date; earlier days do not.
    assert 'href="/announcements/new?date=2026-11-20"' in page
    assert 'href="/announcements/new?date=2026-12-13"' in page
    assert 'href="/announcements/new?date=2026-11-19"' not in page


@pytest.mark.parametrize("wrong", ["2026-13-45", "soon", "9999-12-31", "0001-01-01"])
def test_a_wrong_from_shows_the_weeks_from_today_with_a_message(client, login, mila, wrong):
    login(mila)
    default = text(client.get("/manage/calendar"))
    assert "Week 47: 16 November to 22 November 2026" in default
    response = client.get(f"/manage/calendar?from={wrong}")
    assert response.status_code == 200
    page = text(response)
    assert "Week 47: 16 November to 22 November 2026" in page
    assert "you see the weeks from today" in page


def test_the_pager_goes_to_earlier_and_later_weeks(client, login, mila):
    login(mila)
    page = text(client.get("/manage/calendar"))
    assert 'href="/manage/calendar?from=2026-12-14" rel="next"' in page
    assert 'href="/manage/calendar?from=2026-10-19" rel="prev"' in page
    later = text(client.get("/manage/calendar?from=2026-12-14"))
    assert "Week 51: 14 December to 20 December 2026" in later
    assert "you see the weeks from today" not in later
    assert 'href="/manage/calendar">This week</a>' in later


def test_a_manager_of_two_neighbourhoods_plans_for_either(client, login, centrum, oost,
                                                          mila, olga):
    db.session.add(Membership(user=mila, neighbourhood=oost, role=Role.MANAGER))
    db.session.commit()
    login(mila)
    # The calendar of one of them links to the form with that neighbourhood filled in.
    page = text(client.get("/manage/calendar?neighbourhood=oost"))
    assert 'href="/announcements/new?date=2026-11-20&amp;neighbourhood=oost"' in page
    form = text(client.get("/announcements/new?date=2026-11-20&neighbourhood=oost"))
    assert '<option selected value="oost">Oost</option>' in form
    assert '<option value="centrum"' in form
    response = client.post("/announcements/new", data={
        "title": "Oost cleans up the park",
        "body": "On Saturday 28 November at 10:00 we clean up the park by the pond. Bring "
                "gloves; we have bags and coffee.",
        "neighbourhood": "oost", "publish_date": "2026-11-25", "publish_time": "09:00", "confirmed": "1"},
        follow_redirects=True)
    assert response.status_code == 200
    post = db.session.scalar(db.select(Announcement).filter_by(title="Oost cleans up the park"))
    assert post.neighbourhood_id == oost.id and post.state == PostState.SCHEDULED
    # Its calendar warnings are those of oost: Olga's announcement an hour later.
    announce(olga, "Oost market", datetime(2026, 11, 25, 8, 30))
    assert [w.other_title for w in content_calendar.warnings_for(
        oost.id, post.publish_at, exclude_post_id=post.id)] == ["Oost market"]
    assert "Oost cleans up the park" in text(client.get("/manage/calendar?neighbourhood=oost"))
    assert "Oost cleans up the park" not in text(
        client.get("/manage/calendar?neighbourhood=centrum"))


def test_only_a_neighbourhood_one_manages_can_be_chosen(client, login, centrum, oost, mila,
                                                        olga):
    login(mila)
    # A manager of one neighbourhood gets no choice, and cannot send one.
    assert 'name="neighbourhood"' not in text(client.get("/announcements/new"))
    with pytest.raises(announcements.AnnouncementError):
        announcements.create(mila, title="News for oost", body="Something happens in oost.",
                             neighbourhood_id=oost.id)
    client.post("/announcements/new", data={"title": "News for oost",
                                            "body": "Something happens in oost.",
                                            "neighbourhood": "oost", "confirmed": "1"})
    post = db.session.scalar(db.select(Announcement).filter_by(title="News for oost"))
    assert post is not None and post.neighbourhood_id == centrum.id
