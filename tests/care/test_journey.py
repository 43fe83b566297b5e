"""The journey of a care request: a daughter organises her father's care with the neighbours."""
import re
from datetime import date

from buurt.care.models import CareSignup, CareTask
from buurt.core.extensions import db
from buurt.market.models import Request

TUESDAYS = [date(2027, 3, d) for d in (2, 9, 16, 23)]     # in the 4 weeks from Monday 1 March
HOSPITAL_DAY = date(2027, 3, 12)


def occurrence_html(html: str, task: CareTask, day: date) -> str:
    """The part of the schedule page about one task on one day."""
    match = re.search(r'<li class="occurrence[^"]*" id="occurrence-%d-%s">(.*?)</li>'
                      % (task.id, day.isoformat()), html, re.S)
    assert match, f"{task.title} on {day} is not on the schedule"
    return match.group(1)


def test_a_daughter_organises_care_for_her_father_and_the_gap_shows(
        clock_at_monday, make_user, logged_in, topics):
    daughter = make_user("Ans de Vries", language="en")
    anna = make_user("Anna Bakker", language="en")
    bert = make_user("Bert Jansen", language="en")

    # The daughter asks for help with her father's care; he has no account of his own.
    as_daughter = logged_in(daughter)
    response = as_daughter.post("/requests/new", data={
        "title": "Help for my father",
        "body": "My father Jan lives alone on the Lindengracht. He needs help with his "
                "groceries and a ride to the hospital.",
        "for_whom": "mijn vader Jan",
        "topic": "zorg", "need": "care", "urgency": "week", "needed_by": ""})
    assert response.status_code == 302
    post = db.session.scalar(db.select(Request))
    assert post.is_care and post.author == daughter and post.for_whom == "mijn vader Jan"
    schedule = f"/requests/{post.id}/schedule"
    html = as_daughter.get(schedule).get_data(as_text=True)
    assert "There are no tasks yet." in html and "Add the first task below." in html

    # She adds a weekly task and a one-off task.
    for task in ({"title": "Groceries on Tuesday", "repeat": "weekly", "weekday": "1",
                  "on_date": "", "time_of_day": "10.00"},
                 {"title": "Ride to the hospital", "repeat": "once", "weekday": "",
                  "on_date": HOSPITAL_DAY.isoformat(), "time_of_day": "14.00"}):
        response = as_daughter.post(f"/requests/{post.id}/tasks", data=task)
        assert response.status_code == 302 and response.location.endswith(schedule)
    groceries, ride = db.session.scalars(db.select(CareTask).order_by(CareTask.id)).all()
    html = as_daughter.get(schedule).get_data(as_text=True)
    assert "mijn vader Jan" in html
    assert "nobody has signed up yet for 5 moments" in html
    for day in TUESDAYS:
        assert "Nobody yet" in occurrence_html(html, groceries, day)
    assert "Nobody yet" in occurrence_html(html, ride, HOSPITAL_DAY)

    # Two neighbours see the gaps and take a task each.
    as_anna, as_bert = logged_in(anna), logged_in(bert)
    html = as_anna.get(schedule).get_data(as_text=True)
    assert "I will do this every week" in html and "Add a task" not in html
    response = as_anna.post(f"/tasks/{groceries.id}/signup", follow_redirects=True)
    assert "Thank you! You do “Groceries on Tuesday”" in response.get_data(as_text=True)
    response = as_bert.post(f"/tasks/{ride.id}/signup",
                            data={"occurrence": HOSPITAL_DAY.isoformat()}, follow_redirects=True)
    assert "Thank you! You do “Ride to the hospital”" in response.get_data(as_text=True)

    html = as_daughter.get(schedule).get_data(as_text=True)
    assert "Every moment in the next 4 weeks has someone." in html
    for day in TUESDAYS:
        assert "Done by: Anna Bakker" in occurrence_html(html, groceries, day)
    assert "Done by: Bert Jansen" in occurrence_html(html, ride, HOSPITAL_DAY)

    # Anna cannot do the groceries any more and cancels.
    anna_signup = db.session.scalar(db.select(CareSignup).where(CareSignup.user_id == anna.id))
    html = as_anna.get(schedule).get_data(as_text=True)
    assert f'action="/signups/{anna_signup.id}/cancel"' in html
    response = as_anna.post(f"/signups/{anna_signup.id}/cancel", follow_redirects=True)
    assert "You are no longer signed up for “Groceries on Tuesday”" in response.get_data(
        as_text=True)

    # The daughter sees the gap in the groceries, and Bert still on the ride.
    html = as_daughter.get(schedule).get_data(as_text=True)
    assert "nobody has signed up yet for 4 moments" in html
    for day in TUESDAYS:
        part = occurrence_html(html, groceries, day)
        assert "Nobody yet" in part and "Anna" not in part
    part = occurrence_html(html, ride, HOSPITAL_DAY)
    assert "Done by: Bert Jansen" in part and "Nobody yet" not in part
    # Neighbours see the same schedule with first names only.
    html = as_anna.get(schedule).get_data(as_text=True)
    assert "Done by: Bert<" in occurrence_html(html, ride, HOSPITAL_DAY)
    assert "Nobody yet" in occurrence_html(html, groceries, TUESDAYS[0])
