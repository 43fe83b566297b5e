"""Announcements: scheduled ones wait for `buurt tick`, pinned ones stay on top, and only
managers and initiatives announce."""
from datetime import date, datetime, timedelta

import pytest

from buurt.announcements import services as announcements
from buurt.announcements.models import Announcement
from buurt.core.extensions import db
from buurt.moderation import case_decisions, suspensions
from buurt.moderation.models import ModerationCase
from buurt.ops import lifecycle
from buurt.posts.models import PostState
from tests.announcements.conftest import NOW, text

NEWS = "The community centre is closed on Monday 23 November for cleaning."


def announce(author, title="Community centre closed on Monday", **fields):
    post = announcements.create(author, title=title, body=NEWS, **fields)
    db.session.commit()
    return post


def test_a_scheduled_announcement_is_invisible_until_tick_runs_at_its_time(
        client, manager, make_user, login, frozen_time):
    at = NOW + timedelta(days=2)
    post = announce(manager, title="Soup on Sunday", publish_at=at)
    assert post.state == PostState.SCHEDULED

    def seen_by_visitor():
        listed = "Soup on Sunday" in text(client.get("/announcements"))
        shown = client.get(f"/announcements/{post.id}").status_code == 200
        assert listed == shown
        return listed

    assert not seen_by_visitor()
    login(make_user())
    assert "Soup on Sunday" not in text(client.get("/announcements"))
    assert client.get(f"/announcements/{post.id}").status_code == 404
    client.post("/logout")

    frozen_time.move_to(at - timedelta(minutes=1))
    assert lifecycle.tick()["announcements_published"] == 0
    db.session.commit()
    assert not seen_by_visitor()

    frozen_time.move_to(at + timedelta(minutes=1))
    assert lifecycle.tick()["announcements_published"] == 1
    db.session.commit()
    assert seen_by_visitor()
    assert lifecycle.tick()["announcements_published"] == 0      # once
    assert db.session.get(Announcement, post.id).state == PostState.PUBLISHED


def test_the_tick_command_publishes_what_is_due(app, manager, frozen_time):
    post = announce(manager, publish_at=NOW + timedelta(hours=1))
    frozen_time.move_to(NOW + timedelta(hours=2))
    result = app.test_cli_runner().invoke(args=["buurt", "tick"])
    assert "announcements_published: 1" in result.output
    db.session.expire_all()
    assert db.session.get(Announcement, post.id).is_published


def test_a_manager_plans_one_through_the_form_and_sees_it_waiting(client, manager, login):
    login(manager)
    response = client.post("/announcements/new", data={
        "title": "Street party on Saturday", "body": NEWS, "topic": "",
        "organiser": "", "publish_date": "2026-11-25", "publish_time": "09:30"})
    assert response.status_code == 302
    post = db.session.scalar(db.select(Announcement))
    # 9:30 in Amsterdam is 8:30 UTC in winter.
    assert post.publish_at == datetime(2026, 11, 25, 8, 30)
    assert post.state == PostState.SCHEDULED
    page = text(client.get(response.headers["Location"]))
    assert "It goes online on Wednesday 25 November 2026, 09:30" in page
    listing = text(client.get("/announcements"))
    assert "Waiting to go online" in listing and "Street party on Saturday" in listing


def test_a_moment_in_the_past_is_refused_on_the_form_with_the_text_kept(client, manager,
                                                                       login):
    login(manager)
    response = client.post("/announcements/new", data={
        "title": "Street party on Saturday", "body": NEWS, "publish_date": "2026-11-19",
        "publish_time": "09:30"})
    page = text(response)
    assert response.status_code == 200
    assert "This moment has passed" in page and NEWS in page
    assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 0


def test_a_pinned_announcement_stays_on_top_until_its_date(client, manager, frozen_time):
    pinned = announce(manager, title="Water off on Thursday", pinned_until=date(2026, 11, 22))
    frozen_time.move_to(NOW + timedelta(hours=1))
    announce(manager, title="New benches in the park")
    page = text(client.get("/announcements"))
    assert page.index("Water off on Thursday") < page.index("New benches in the park")
    assert "On top" in page
    assert page.count("Water off on Thursday") == 1

    frozen_time.move_to(datetime(2026, 11, 23, 9, 0))        # the pin ended last night
    page = text(client.get("/announcements"))
    assert page.index("New benches in the park") < page.index("Water off on Thursday")
    assert "On top" not in page
    assert pinned.pinned_until == date(2026, 11, 22)


def test_only_managers_pin(runner):
    with pytest.raises(announcements.AnnouncementError, match="Only a community manager"):
        announcements.create(runner, title="Repair café on Saturday", body=NEWS,
                             initiative=runner.initiative, pinned_until=date(2026, 12, 1))


def test_a_resident_who_runs_an_initiative_announces_for_it(client, runner, login):
    login(runner)
    form = client.get("/announcements/new")
    assert form.status_code == 200 and "Repair Café" in text(form)
    assert "Keep it on top" not in text(form)
    missing = client.post("/announcements/new", data={
        "title": "Repair café on Saturday", "body": NEWS, "organiser": ""})
    assert "Choose the initiative this announcement is from" in text(missing)
    response = client.post("/announcements/new", data={
        "title": "Repair café on Saturday", "body": NEWS,
        "organiser": str(runner.initiative.id)})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Repair café on Saturday" in page and "Repair Café" in page


def test_other_residents_cannot_announce(client, make_user, login, manager):
    resident = make_user()
    login(resident)
    assert client.get("/announcements/new").status_code == 403
    assert "Write an announcement" not in text(client.get("/announcements"))
    with pytest.raises(PermissionError):
        announcements.create(resident, title="My own news", body=NEWS)
    client.post("/logout")
    login(manager)
    assert "Write an announcement" in text(client.get("/announcements"))


def test_a_held_announcement_approved_before_its_time_waits_for_it(manager, runner,
                                                                 frozen_time):
    at = NOW + timedelta(days=1)
    post = announcements.create(runner, title="Repair café", body="Die kankerlijer van "
                                "nummer 12 moet oprotten", initiative=runner.initiative,
                                publish_at=at)
    db.session.commit()
    assert post.state == PostState.PENDING
    case = db.session.scalar(db.select(ModerationCase))
    case_decisions.decide(case, manager, "approve")
    db.session.commit()
    assert post.state == PostState.SCHEDULED
    frozen_time.move_to(at + timedelta(minutes=5))
    lifecycle.tick()
    assert post.state == PostState.PUBLISHED


def test_a_suspended_authors_announcement_waits(manager, runner, frozen_time):
    at = NOW + timedelta(hours=1)
    post = announce(runner, initiative=runner.initiative, publish_at=at)
    suspensions.suspend(runner, manager, until=NOW + timedelta(days=3), reason="Rude")
    db.session.commit()
    frozen_time.move_to(at + timedelta(hours=1))
    assert lifecycle.tick()["announcements_published"] == 0
    assert post.state == PostState.SCHEDULED
    frozen_time.move_to(NOW + timedelta(days=3, hours=1))
    assert lifecycle.tick()["announcements_published"] == 1


def test_a_manager_moves_a_planned_announcement_and_withdraws_another(client, manager,
                                                                      runner, login):
    planned = announce(runner, initiative=runner.initiative, publish_at=NOW + timedelta(days=1))
    login(manager)
    page = client.get(f"/announcements/{planned.id}/edit")
    assert page.status_code == 200 and 'value="2026-11-21"' in text(page)
    response = client.post(f"/announcements/{planned.id}/edit", data={
        "title": "Repair café moved", "body": NEWS,
        "organiser": str(runner.initiative.id), "publish_date": "2026-11-28",
        "publish_time": "10:00"})
    assert response.status_code == 302
    db.session.expire_all()
    planned = db.session.get(Announcement, planned.id)
    assert planned.title == "Repair café moved" and planned.state == PostState.SCHEDULED
    assert planned.publish_at == datetime(2026, 11, 28, 9, 0)

    online = announce(manager, title="Bins collected on Tuesday")
    assert client.post(f"/announcements/{online.id}/withdraw").status_code == 302
    client.post("/logout")
    assert client.get(f"/announcements/{online.id}").status_code == 404


def test_residents_cannot_change_what_others_announced(client, manager, make_user, login):
    post = announce(manager)
    login(make_user())
    assert client.get(f"/announcements/{post.id}/edit").status_code == 403
    assert client.post(f"/announcements/{post.id}/withdraw").status_code == 403
    assert client.get("/announcements/999999").status_code == 404


def test_visitors_do_not_see_the_name_of_who_announced(client, runner):
    announce(runner, title="Repair café on Saturday", initiative=runner.initiative)
    page = text(client.get("/announcements"))
    assert "Repair café on Saturday" in page and "Repair Café" in page
    assert "Ravi" not in page


def test_the_list_is_paged(client, manager):
    for i in range(25):
        moment = NOW - timedelta(minutes=25 - i)
        db.session.add(Announcement(author=manager, neighbourhood_id=manager.neighbourhood_id,
                                    title=f"News number {i:02d} today", body=NEWS,
                                    state=PostState.PUBLISHED, created_at=moment,
                                    publish_at=moment))
    db.session.commit()
    first = text(client.get("/announcements"))
    assert "News number 24" in first and "News number 05" in first
    assert "News number 04" not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = text(client.get(older.replace("&amp;", "&")))
    assert "News number 04" in second and "News number 00" in second
    assert "News number 05" not in second
