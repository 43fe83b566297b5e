"""The care schedule through its routes: who sees and does what, bad input, CSRF."""
from datetime import date

import pytest

from buurt.care import services as care
from buurt.care.models import CareSignup, CareTask
from buurt.core.extensions import db
from buurt.posts.models import PostState

TUESDAY = 1
GOOD_TASK = {"title": "Groceries", "repeat": "weekly", "weekday": "1", "on_date": "",
             "time_of_day": "10.00"}


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def groceries(care_request):
    task = care.add_task(care_request, title="Groceries", weekday=TUESDAY, time_of_day="10.00")
    db.session.commit()
    return task


@pytest.fixture
def neighbour(clock_at_monday, make_user):
    return make_user("Bert Jansen", language="en")


def signups():
    return list(db.session.scalars(db.select(CareSignup).order_by(CareSignup.id)))


# Who sees the schedule

def test_a_visitor_is_sent_to_log_in(client, care_request, groceries):
    url = f"/requests/{care_request.id}/schedule"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.location
    for action in (f"/requests/{care_request.id}/tasks", f"/tasks/{groceries.id}/remove",
                   f"/tasks/{groceries.id}/signup"):
        response = client.post(action, data=GOOD_TASK)
        assert response.status_code == 302 and "/login" in response.location
    assert len(db.session.scalars(db.select(CareTask)).all()) == 1 and not signups()


def test_the_requester_sees_full_names_and_can_add_tasks(logged_in, daughter, care_request,
                                                         groceries, neighbour):
    care.sign_up(groceries, neighbour)
    db.session.commit()
    html = page(logged_in(daughter).get(f"/requests/{care_request.id}/schedule"))
    assert html.count("<h1>") == 1
    assert "Care schedule: Help for my father" in html and "mijn vader Jan" in html
    assert "Done by: Bert Jansen" in html and "Every Tuesday, 10.00" in html
    assert "Add a task" in html and "Remove this task" in html
    assert "I will do this" not in html


def test_other_residents_see_first_names_and_can_take_a_gap(logged_in, care_request,
                                                           groceries, neighbour, make_user):
    care.sign_up(groceries, neighbour, occurrence=date(2027, 3, 2))
    db.session.commit()
    html = page(logged_in(make_user(language="en")).get(
        f"/requests/{care_request.id}/schedule"))
    assert "Done by: Bert<" in html and "Bert Jansen" not in html
    assert "Nobody yet" in html and "I will do this every week" in html
    assert "Add a task" not in html and "Remove this task" not in html


@pytest.mark.parametrize("which", ["unknown", "help request", "withdrawn"])
def test_the_schedule_of_something_that_is_not_a_visible_care_request_is_not_found(
        logged_in, make_user, make_post, care_request, which):
    if which == "unknown":
        post_id = 999
    elif which == "help request":
        post_id = make_post("request", need="help").id
    else:
        care_request.state, care_request.closed_reason = PostState.CLOSED, "withdrawn"
        db.session.commit()
        post_id = care_request.id
    assert logged_in(make_user()).get(f"/requests/{post_id}/schedule").status_code == 404


def test_a_closed_request_shows_its_schedule_without_buttons(logged_in, care_request,
                                                            groceries, neighbour, daughter):
    care_request.close("done")
    db.session.commit()
    html = page(logged_in(neighbour).get(f"/requests/{care_request.id}/schedule"))
    assert "This request is not open" in html and "I will do this" not in html
    html = page(logged_in(daughter).get(f"/requests/{care_request.id}/schedule"))
    assert "Add a task" not in html


# Adding and removing tasks

def test_the_requester_adds_a_weekly_and_a_one_off_task(logged_in, daughter, care_request):
    client = logged_in(daughter)
    response = client.post(f"/requests/{care_request.id}/tasks", data=GOOD_TASK)
    assert response.status_code == 302
    assert response.location.endswith(f"/requests/{care_request.id}/schedule")
    response = client.post(f"/requests/{care_request.id}/tasks", follow_redirects=True, data={
        "title": "Ride to the hospital", "repeat": "once", "weekday": "",
        "on_date": "2027-03-12", "time_of_day": ""})
    assert "The task is on the schedule." in page(response)
    tasks = db.session.scalars(db.select(CareTask).order_by(CareTask.id)).all()
    assert [(t.title, t.weekday, t.on_date, t.time_of_day) for t in tasks] == [
        ("Groceries", TUESDAY, None, "10.00"),
        ("Ride to the hospital", None, date(2027, 3, 12), None)]


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "Write what needs to be done."),
    ({"weekday": ""}, "Choose a day of the week."),
    ({"weekday": "9"}, "Choose from the list."),
    ({"repeat": "once"}, "Choose a date."),
    ({"repeat": "once", "on_date": "12 maart"}, "Write the date like this: 2026-03-12."),
    ({"repeat": "once", "on_date": "2027-02-26"}, "This date has passed."),
    ({"repeat": "sometimes"}, "Choose from the list."),
    ({"time_of_day": "x" * 41}, "Use at most 40 characters."),
])
def test_bad_task_input_gets_a_message_and_keeps_what_was_typed(logged_in, daughter,
                                                                care_request, change, message):
    data = {**GOOD_TASK, "time_of_day": "in the morning", **change}
    response = logged_in(daughter).post(f"/requests/{care_request.id}/tasks", data=data)
    html = page(response)
    assert response.status_code == 200 and message in html
    assert "Please check the form" in html and '<p class="error"' in html
    assert f'value="{data["title"]}"' in html or not data["title"]
    assert data["time_of_day"] in html
    assert not db.session.scalars(db.select(CareTask)).all()


def test_a_weekly_task_ignores_a_half_typed_date(logged_in, daughter, care_request):
    response = logged_in(daughter).post(f"/requests/{care_request.id}/tasks",
                                        data={**GOOD_TASK, "on_date": "12 maart"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(CareTask)).on_date is None


def test_only_the_requester_adds_and_removes_tasks(logged_in, care_request, groceries,
                                                   neighbour):
    client = logged_in(neighbour)
    assert client.post(f"/requests/{care_request.id}/tasks", data=GOOD_TASK).status_code == 403
    assert client.post(f"/tasks/{groceries.id}/remove").status_code == 403
    assert client.post("/tasks/999/remove").status_code == 404
    assert client.post("/requests/999/tasks", data=GOOD_TASK).status_code == 404
    assert len(db.session.scalars(db.select(CareTask)).all()) == 1
    assert groceries.removed_at is None


def test_the_requester_removes_a_task_and_its_signups_end(logged_in, daughter, groceries,
                                                          neighbour):
    signup = care.sign_up(groceries, neighbour)
    db.session.commit()
    response = logged_in(daughter).post(f"/tasks/{groceries.id}/remove",
                                        follow_redirects=True)
    assert "The task is removed from the schedule." in page(response)
    db.session.expire_all()
    assert groceries.removed_at is not None and signup.cancelled_at is not None
    assert "Groceries" not in page(response).split("<h1>", 1)[1]


# Signing up and cancelling

def test_a_neighbour_takes_a_task_every_week_or_one_day(logged_in, groceries, neighbour):
    client = logged_in(neighbour)
    response = client.post(f"/tasks/{groceries.id}/signup", follow_redirects=True)
    assert "Thank you! You do “Groceries”: Every Tuesday, 10.00." in page(response)
    response = client.post(f"/tasks/{groceries.id}/signup", data={"occurrence": "2027-03-09"},
                           follow_redirects=True)
    assert "You already do this task." in page(response)
    other = logged_in(groceries.request.author)   # the requester cannot
    response = other.post(f"/tasks/{groceries.id}/signup", data={"occurrence": "2027-03-09"},
                          follow_redirects=True)
    assert "This is your own request." in page(response)
    assert [(s.user_id, s.occurrence) for s in signups()] == [(neighbour.id, None)]


@pytest.mark.parametrize("occurrence, message", [
    ("9 maart", "Write the date like this: 2026-03-12."),
    ("2027-03-10", "This task is not on that day."),
    ("2027-02-23", "This date has passed."),
])
def test_a_bad_occurrence_is_refused_with_a_message(logged_in, groceries, neighbour,
                                                    occurrence, message):
    response = logged_in(neighbour).post(f"/tasks/{groceries.id}/signup",
                                         data={"occurrence": occurrence}, follow_redirects=True)
    assert response.request.path == f"/requests/{groceries.request_id}/schedule"
    html = page(response)
    assert 'class="flash error"' in html and message in html
    assert not signups()


def test_signing_up_for_an_unknown_or_hidden_task_is_not_found(logged_in, groceries, neighbour):
    client = logged_in(neighbour)
    assert client.post("/tasks/999/signup").status_code == 404
    groceries.request.state, groceries.request.closed_reason = PostState.CLOSED, "withdrawn"
    db.session.commit()
    assert client.post(f"/tasks/{groceries.id}/signup").status_code == 404
    assert not signups()


def test_only_the_neighbour_who_signed_up_cancels(logged_in, groceries, neighbour, make_user,
                                                  daughter):
    signup = care.sign_up(groceries, neighbour, occurrence=date(2027, 3, 9))
    db.session.commit()
    assert logged_in(make_user()).post(f"/signups/{signup.id}/cancel").status_code == 403
    assert logged_in(daughter).post(f"/signups/{signup.id}/cancel").status_code == 403
    assert logged_in(neighbour).post("/signups/999/cancel").status_code == 404
    response = logged_in(neighbour).post(f"/signups/{signup.id}/cancel", follow_redirects=True)
    assert "You are no longer signed up for “Groceries”." in page(response)
    db.session.expire_all()
    assert signup.cancelled_at is not None


def test_the_schedule_page_runs_a_fixed_number_of_statements(logged_in, care_request,
                                                             make_user, count_queries):
    client = logged_in(make_user())

    def statements():
        with count_queries() as queries:
            assert client.get(f"/requests/{care_request.id}/schedule").status_code == 200
        return len(queries)

    task = care.add_task(care_request, title="Groceries", weekday=TUESDAY)
    db.session.commit()
    few = statements()
    for weekday in range(7):
        task = care.add_task(care_request, title=f"Task {weekday}", weekday=weekday)
        for _ in range(3):
            care.sign_up(task, make_user())
    db.session.commit()
    assert statements() == few <= 8


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_action_needs_the_token_of_the_page(self, logged_in, daughter, care_request,
                                                      groceries, neighbour):
        signup = care.sign_up(groceries, neighbour, occurrence=date(2027, 3, 9))
        db.session.commit()
        requester, other = logged_in(daughter), logged_in(neighbour)
        attempts = [(other, f"/tasks/{groceries.id}/signup", {}),
                    (other, f"/signups/{signup.id}/cancel", {}),
                    (requester, f"/requests/{care_request.id}/tasks", GOOD_TASK),
                    (requester, f"/tasks/{groceries.id}/remove", {})]
        for client, url, data in attempts:
            assert client.post(url, data=data).status_code == 400, url
        db.session.expire_all()
        assert len(db.session.scalars(db.select(CareTask)).all()) == 1
        assert groceries.removed_at is None and signup.cancelled_at is None
        assert len(signups()) == 1

        schedule = f"/requests/{care_request.id}/schedule"
        for client, url, data in attempts:
            html = page(client.get(schedule))
            assert f'action="{url}' in html, url
            token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            assert client.post(url, data={**data, "csrf_token": token}).status_code == 302, url


# The summary the request's own page includes

def summary(app, post, user=None, language="en"):
    """Render care/_schedule_summary.html as the request page will include it."""
    from flask import render_template
    from flask_login import login_user
    with app.test_request_context(headers={"Accept-Language": language}):
        if user is not None:
            login_user(user)
        return render_template("care/_schedule_summary.html", post=post,
                               occurrences=care.schedule(post))


def test_the_summary_shows_the_next_moments_and_names_only_to_residents(
        app, care_request, groceries, neighbour, make_user):
    care.sign_up(groceries, neighbour, occurrence=date(2027, 3, 9))
    db.session.commit()
    html = summary(app, care_request)
    assert "Care schedule" in html and "Nobody yet" in html
    assert "Bert" not in html and "A neighbour does this." in html
    assert "Log in to help with a task" in html
    html = summary(app, care_request, make_user())
    assert "Done by: Bert<" in html and "See the whole schedule" in html
    html = summary(app, care_request, care_request.author)
    assert "Done by: Bert Jansen" in html and "Change the schedule" in html
    assert html.count('<li class="occurrence') == 4      # the 4 Tuesdays (at most 5 shown)


def test_the_summary_of_a_request_without_tasks(app, care_request):
    assert "There are no tasks in the next 4 weeks." in summary(app, care_request)


def offers_to_take(html) -> set[tuple[int, str | None]]:
    """The sign-up buttons on the page: (task id, date or None for the whole task)."""
    offered = set()
    for form in html.split('<form method="post" action="/tasks/')[1:]:
        task_id, rest = form.split("/", 1)
        if not rest.startswith("signup"):
            continue
        form = form.split("</form>")[0]
        day = (form.split('name="occurrence" value="')[1].split('"')[0]
               if 'name="occurrence"' in form else None)
        offered.add((int(task_id), day))
    return offered


def test_a_taken_one_off_task_or_date_shows_who_and_offers_nothing_to_others(
        logged_in, care_request, groceries, neighbour, make_user):
    ride = care.add_task(care_request, title="Ride to the hospital", on_date=date(2027, 3, 12))
    dinner = care.add_task(care_request, title="Cook dinner", on_date=date(2027, 3, 10))
    db.session.commit()
    cor = logged_in(make_user("Cor", language="en"))
    url = f"/requests/{care_request.id}/schedule"
    tuesdays = {(groceries.id, day) for day in ("2027-03-02", "2027-03-09", "2027-03-16",
                                                 "2027-03-23")}
    assert offers_to_take(page(cor.get(url))) == tuesdays | {
        (groceries.id, None), (ride.id, None), (dinner.id, None)}
    bert = logged_in(neighbour)
    bert.post(f"/tasks/{ride.id}/signup")
    bert.post(f"/tasks/{groceries.id}/signup", data={"occurrence": "2027-03-09"})
    html = page(cor.get(url))
    assert "Done by: Bert" in html
    # Weekly tasks are shared (each neighbour every week); a taken date or task is not.
    assert offers_to_take(html) == tuesdays - {(groceries.id, "2027-03-09")} | {
        (groceries.id, None), (dinner.id, None)}
    response = cor.post(f"/tasks/{ride.id}/signup", follow_redirects=True)
    assert "A neighbour already does this task." in page(response)
    response = cor.post(f"/tasks/{groceries.id}/signup", data={"occurrence": "2027-03-09"},
                        follow_redirects=True)
    assert "A neighbour already does this on that day." in page(response)
    assert [(s.user.display_name, s.task.title) for s in signups()] == [
        ("Bert Jansen", "Ride to the hospital"), ("Bert Jansen", "Groceries")]
    # Bert still sees his own: a way to give it back.
    assert "I cannot do this after all" in page(bert.get(url))
