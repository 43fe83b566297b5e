"""Announcements: the list with pinned news on top, one announcement, new, edit,
withdraw and report."""
from datetime import date, time
from functools import partial

from babel.dates import format_datetime
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.announcements import services as announcements
from buurt.announcements.forms import AnnouncementForm
from buurt.announcements.models import Announcement
from buurt.core import clock
from buurt.core.extensions import db
from buurt.info import initiatives
from buurt.manage import content_calendar
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, neighbourhoods, topics
from buurt.posts.flagging import flag_from_form
from buurt.posts.views import post_or_404, warning_before_posting, withdraw_post
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import FlagForm, choices, put_on_form, topic_choices

bp = Blueprint("announcements", __name__, template_folder="templates")


@bp.app_template_global()
def local_moment(moment) -> str:
    """A stored (naive UTC) moment in Dutch time, in words: "maandag 7 december 2026, 09:00"."""
    return format_datetime(clock.to_local(moment), "EEEE d MMMM y, HH:mm",
                           tzinfo=clock.LOCAL_TZ, locale=str(get_locale()))

# Without a time, a planned announcement goes online at this (Dutch) time of day.
DEFAULT_TIME = time(8, 0)


# Whoever may not see an announcement (a planned one, not yet online) gets a 404.
_announcement_or_404 = partial(post_or_404, announcements.get,
                               visible=permissions.can_view_announcement)


@bp.route("/announcements")
def index():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    neighbourhood_id = neighbourhood.id if neighbourhood else None
    older, newer = request.args.get("older"), request.args.get("newer")
    page = announcements.listing(neighbourhood_id=neighbourhood_id, older=older, newer=newer,
                                 size=current_app.config["PAGE_SIZE"])
    first_page = not older and not newer
    runs = initiatives.run_by(current_user)
    may_announce = permissions.can_announce(current_user, runs)
    args = {"neighbourhood": request.args["neighbourhood"]} \
        if request.args.get("neighbourhood") else {}
    return render_template(
        "announcements/list.html", page=page, neighbourhood=neighbourhood,
        neighbourhoods=all_neighbourhoods, args=args,
        pinned=announcements.pinned(neighbourhood_id=neighbourhood_id) if first_page else [],
        planned=announcements.planned(current_user) if may_announce and first_page else [],
        may_announce=may_announce, show_names=permissions.can_see_names(current_user))


@bp.route("/announcements/<int:post_id>")
def detail(post_id):
    post = _announcement_or_404(post_id)
    is_author = current_user.is_authenticated and current_user.id == post.author_id
    case = (cases.open_case_for("post", post.id)
            if is_author and not (post.is_published or post.is_scheduled or post.is_closed)
            else None)
    can_edit = permissions.can_edit_announcement(current_user, post)
    return render_template(
        "announcements/detail.html", post=post, is_author=is_author, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        can_edit=can_edit, show_names=permissions.can_see_names(current_user),
        flag_form=FlagForm(), today=clock.today())


# --- new and edit ------------------------------------------------------------------------

def _form(runs, as_managers, serves=(), **kwargs) -> AnnouncementForm:
    """The form; `as_managers`: "the community managers" is a choice of who it is from;
    `serves`: the neighbourhoods to choose from (none: no choice)."""
    form = AnnouncementForm(**kwargs)
    if serves:
        _choose_neighbourhood(form, serves)
    else:
        del form.neighbourhood
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("No topic"))
    first = [("", _("The community managers"))] if as_managers else []
    form.organiser.choices = choices(first + [(str(i.id), i.name) for i in runs])
    return form


def _serves() -> list:
    """The neighbourhoods a community manager may announce in, when there is a choice:
    those they serve (every one for an admin); empty for one."""
    serves = neighbourhoods.managed_by(current_user)
    return serves if len(serves) > 1 else []


def _choose_neighbourhood(form, serves) -> None:
    """The neighbourhood choice: ?neighbourhood=slug (from the content calendar), else the
    manager's own."""
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in serves])
    if request.method == "GET":
        wanted = request.args.get("neighbourhood")
        own = next((n.slug for n in serves if n.id == current_user.neighbourhood_id), "")
        form.neighbourhood.data = wanted if any(n.slug == wanted for n in serves) else own


def _details(form, runs, serves=()) -> dict:
    """What the form says, as the service takes it (the moment in UTC)."""
    day = form.publish_date.data
    publish_at = None
    if day is not None:
        publish_at = clock.from_local(day, form.publish_time.data or DEFAULT_TIME)
    extra = {}
    if serves:
        extra["neighbourhood_id"] = next(
            (n.id for n in serves if n.slug == form.neighbourhood.data), None)
    return dict(extra, title=form.title.data, body=form.body.data,
                topic=topics.by_slug(form.topic.data) if form.topic.data else None,
                publish_at=publish_at, pinned_until=form.pinned_until.data,
                initiative=next((i for i in runs if str(i.id) == form.organiser.data), None))


def _draft(form) -> Announcement:
    """The typed post as the screening reads it (warning_before_posting)."""
    return Announcement(title=form.title.data, body=form.body.data)


def _render_form(form, post, warning, runs, may_pin, serves=()):
    return render_template("announcements/form.html", form=form, post=post, warning=warning,
                           choose_organiser=bool(runs), choose_neighbourhood=bool(serves),
                           may_pin=may_pin,
                           may_schedule=post is None or not post.is_published)


def _saved_message(post) -> str:
    if post.is_pending:
        return _("Thank you! A community manager looks at it first. You can see why on "
                 "this page.")
    if post.is_scheduled:
        return _("Thank you! Your announcement is planned. It goes online by itself.")
    return _("Thank you! Your announcement is online.")


def _prefill(form) -> None:
    """?date=YYYY-MM-DD (and ?time=HH:MM), from the content calendar; other values and
    days that have passed are left out."""
    try:
        day = date.fromisoformat(request.args.get("date", "").strip())
    except ValueError:
        return
    if day < clock.today():
        return
    form.publish_date.data = day
    try:
        form.publish_time.process_formdata([request.args.get("time", "")])
    except ValueError:
        form.publish_time.data, form.publish_time.raw = None, ""


def _calendar_warnings(post, moved: bool) -> None:
    """Tell a manager who planned an announcement what the content calendar warns about;
    it is saved all the same."""
    if moved and post.publish_at is not None and not post.is_published \
            and permissions.is_manager_of(current_user, post.neighbourhood_id):
        for warning in content_calendar.warnings_for(post.neighbourhood_id, post.publish_at,
                                                     exclude_post_id=post.id):
            flash(_("Warning: %(warning)s", warning=str(warning)), "warning")


@bp.route("/announcements/new", methods=["GET", "POST"])
@login_required
def new():
    runs = initiatives.run_by(current_user)
    if not permissions.can_announce(current_user, runs):
        abort(403)
    may_pin = permissions.can_pin(current_user, current_user.neighbourhood_id)
    serves = _serves() if may_pin else []
    form = _form(runs, may_pin, serves)
    if request.method == "GET" and not may_pin and runs:
        form.organiser.data = str(runs[0].id)
    if request.method == "GET":
        _prefill(form)
    warning = None
    if form.validate_on_submit():
        details = _details(form, runs, serves)
        try:
            warning = warning_before_posting(_draft(form))
            if warning is None:
                post = announcements.create(current_user, runs=runs, **details)
                db.session.commit()
                flash(_saved_message(post), "success")
                _calendar_warnings(post, moved=details["publish_at"] is not None)
                return redirect(url_for("announcements.detail", post_id=post.id))
        except announcements.AnnouncementError as error:
            db.session.rollback()
            warning = None
            put_on_form(form, error)
    return _render_form(form, None, warning, runs, may_pin, serves)


@bp.route("/announcements/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id):
    post = _announcement_or_404(post_id, allowed=permissions.can_edit_announcement)
    runs = initiatives.run_by(current_user)
    if post.initiative is not None and all(i.id != post.initiative_id for i in runs):
        runs = [post.initiative] + runs   # the organiser it has stays a choice
    may_pin = permissions.can_pin(current_user, post.neighbourhood_id)
    form = _form(runs, may_pin or post.initiative is None, obj=post)
    if request.method == "GET":
        form.topic.data = post.topic.slug if post.topic else ""
        form.organiser.data = str(post.initiative_id) if post.initiative_id else ""
        if post.is_scheduled and post.publish_at:
            local = clock.to_local(post.publish_at)
            form.publish_date.data, form.publish_time.data = local.date(), local.time()
        else:
            form.publish_date.data = form.publish_time.data = None
    warning = None
    if form.validate_on_submit():
        details = _details(form, runs)
        if not may_pin:
            details["pinned_until"] = post.pinned_until   # not on their form: kept as is
        try:
            warning = warning_before_posting(_draft(form))
            if warning is None:
                was_at = post.publish_at
                announcements.update(post, current_user, runs=runs, **details)
                db.session.commit()
                flash(_("Your changes are saved.") if not post.is_pending else
                      _("Your changes are saved. A community manager looks at it first."),
                      "success")
                _calendar_warnings(post, moved=details["publish_at"] is not None
                                   and post.publish_at != was_at)
                return redirect(url_for("announcements.detail", post_id=post.id))
        except announcements.AnnouncementError as error:
            db.session.rollback()
            warning = None
            put_on_form(form, error)
    return _render_form(form, post, warning, runs, may_pin)


@bp.route("/announcements/<int:post_id>/withdraw", methods=["POST"])
@login_required
def withdraw(post_id):
    return withdraw_post(
        _announcement_or_404(post_id, allowed=permissions.can_edit_announcement),
        announcements.withdraw,
        done=_("The announcement is withdrawn. Nobody sees it any more."),
        gone=url_for("announcements.index"))


@bp.route("/announcements/<int:post_id>/flag", methods=["POST"])
@login_required
def flag(post_id):
    post = _announcement_or_404(post_id)
    return flag_from_form(post, back=url_for("announcements.detail", post_id=post_id),
                          gone=url_for("announcements.index"))
