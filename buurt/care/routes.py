"""Care schedules: the requester's tasks, neighbours signing up and cancelling."""
from functools import partial

from babel.dates import get_day_names
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.care import services as care
from buurt.care.forms import ONCE, WEEKLY, SignupForm, TaskForm
from buurt.core.extensions import db
from buurt.people import access as permissions
from buurt.posts import services as posts
from buurt.posts.views import post_or_404
from buurt.web.forms import choices, put_on_form

bp = Blueprint("care", __name__, template_folder="templates")

WEEKS = 4


def _day_names() -> list[str]:
    """Monday to Sunday in the reader's language ("maandag", "Monday")."""
    names = get_day_names("wide", locale=str(get_locale()))
    return [names[i] for i in range(7)]


@bp.app_template_filter("care_day")
def care_day(value) -> str:
    """A date with its weekday, short enough for a phone: "dinsdag 3 maart"."""
    return format_date(value, "EEEE d MMMM")


@bp.app_template_filter("care_when")
def care_when(task) -> str:
    """When a task is done: "Every Tuesday" or "Once: Friday 12 March", with its time."""
    if task.is_recurring:
        when = _("Every %(day)s", day=_day_names()[task.weekday])
    else:
        when = _("Once: %(date)s", date=care_day(task.on_date))
    if task.time_of_day:
        when = _("%(when)s, %(time)s", when=when, time=task.time_of_day)
    return when


def _sees_care(user, post) -> bool:
    return post.is_care and permissions.can_view(user, post)


# A care schedule hangs on a care request: any other request has none (404).
_care_request_or_404 = partial(post_or_404, partial(posts.get, "request"), visible=_sees_care)
_task_or_404 = partial(post_or_404, care.get_task,
                       visible=lambda user, task: _sees_care(user, task.request))


def _task_form(**kwargs):
    form = TaskForm(**kwargs)
    form.weekday.choices = choices([("", _("Choose a day"))] + [
        (str(number), name) for number, name in enumerate(_day_names())])
    return form


def _back(post_id):
    return redirect(url_for("care.schedule", post_id=post_id))


def _show(post, task_form=None):
    is_requester = care.is_requester(current_user, post)
    can_add_tasks = is_requester and care.is_open_for_tasks(post)
    if can_add_tasks and task_form is None:
        task_form = _task_form(formdata=None)
    return render_template("care/schedule.html", post=post, weeks=WEEKS,
                           occurrences=care.schedule(post, weeks=WEEKS),
                           task_lines=care.tasks(post), is_requester=is_requester,
                           can_add_tasks=can_add_tasks, task_form=task_form,
                           can_sign_up=care.sign_up_refused(post, current_user) is None)


@bp.route("/requests/<int:post_id>/schedule")
@login_required
def schedule(post_id):
    return _show(_care_request_or_404(post_id))


@bp.route("/requests/<int:post_id>/tasks", methods=["POST"])
@login_required
def add_task(post_id):
    post = _care_request_or_404(post_id)
    if not care.is_requester(current_user, post):
        abort(403)
    form = _task_form()
    if form.validate_on_submit():
        weekly = form.repeat.data == WEEKLY
        try:
            care.add_task(post, title=form.title.data,
                          weekday=int(form.weekday.data) if weekly else None,
                          on_date=form.on_date.data if form.repeat.data == ONCE else None,
                          time_of_day=form.time_of_day.data)
        except care.CareError as error:
            put_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The task is on the schedule."), "success")
            return _back(post.id)
    # Show the page again with the form as it was sent, and what is wrong with it.
    return _show(post, task_form=form)


@bp.route("/tasks/<int:task_id>/remove", methods=["POST"])
@login_required
def remove_task(task_id):
    task = _task_or_404(task_id)
    if not care.is_requester(current_user, task.request):
        abort(403)
    care.remove_task(task)
    db.session.commit()
    flash(_("The task is removed from the schedule."), "success")
    return _back(task.request_id)


@bp.route("/tasks/<int:task_id>/signup", methods=["POST"])
@login_required
def sign_up(task_id):
    task = _task_or_404(task_id)
    form = SignupForm()
    if not form.validate_on_submit():
        flash(" ".join(str(error) for error in form.occurrence.errors), "error")
        return _back(task.request_id)
    try:
        signup = care.sign_up(task, current_user, occurrence=form.occurrence.data)
    except care.CareError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        if signup.occurrence is not None:
            flash(_("Thank you! You do “%(task)s” on %(date)s.", task=task.title,
                    date=care_day(signup.occurrence)), "success")
        else:
            flash(_("Thank you! You do “%(task)s”: %(when)s.", task=task.title,
                    when=care_when(task)), "success")
    return _back(task.request_id)


@bp.route("/signups/<int:signup_id>/cancel", methods=["POST"])
@login_required
def cancel(signup_id):
    signup = care.get_signup(signup_id)
    if signup is None:
        abort(404)
    if signup.user_id != current_user.id:
        abort(403)
    care.cancel(signup, current_user)
    db.session.commit()
    flash(_("You are no longer signed up for “%(task)s”. Thank you for letting us know.",
            task=signup.task.title), "success")
    return _back(signup.task.request_id)
