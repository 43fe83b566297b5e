"""Routes for the managers' dashboard, its CSV export and the list of posts to share."""
from flask import (Blueprint, Response, abort, current_app, flash, g, redirect,
                   render_template, request, url_for)
from flask_babel import format_date, format_timedelta, gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required

from buurt.core import clock
from buurt.core.extensions import db
from buurt.manage import dashboard, waiting
from buurt.manage.forms import PERIODS, PeriodForm
from buurt.manage.levels import LEVEL_LABELS, LEVELS
from buurt.manage.period import Period, last_days
from buurt.moderation import managers
from buurt.people import neighbourhoods
from buurt.people.models import Role
from buurt.posts import sharing
from buurt.posts.models import Post
from buurt.web.filters import moment, post_url, topic_name
from buurt.web.forms import choices
from buurt.web.safety import safe_next

bp = Blueprint("manage", __name__, template_folder="templates", url_prefix="/manage")

DEFAULT_DAYS = 30
# The managers' menu. Pages that are not there (yet) are left out, so a new page of this
# blueprint joins the menu by having its endpoint here.
MENU = (
    ("manage.dashboard", _l("Dashboard")),
    ("manage.share", _l("Share on our channels")),
    ("manage.calendar", _l("Content calendar")),
    ("manage.paper", _l("Neighbourhood paper")),
    ("manage.settings", _l("Settings")),
)
ADMIN_MENU = (
    ("manage.admin_neighbourhoods", _l("Neighbourhoods")),
    ("manage.admin_topics", _l("Topics")),
    ("manage.admin_roles", _l("Managers and ambassadors")),
)


@bp.before_request
@login_required
def managers_only():
    """Managers of a neighbourhood and admins; everyone else gets 403."""
    g.managed = managers.managed_neighbourhood_ids(current_user)
    if g.managed == set():
        abort(403)


@bp.context_processor
def menu():
    views = current_app.view_functions
    items = [item for item in MENU if item[0] in views]
    if current_user.role == Role.ADMIN:
        items += [item for item in ADMIN_MENU if item[0] in views]
    return {"manage_menu": items, "duration": _duration, "unit_name": _unit_name,
            "format_date": format_date}


def _duration(delta) -> str:
    """A time span in words, rounded: "6 uur", "3 dagen"."""
    return format_timedelta(delta, threshold=1.5)


def _unit_name(unit: str) -> str:
    return {"day": _("day"), "week": _("week"), "month": _("month")}[unit]


def managed():
    """The neighbourhood ids the current user manages; None for an admin (all of them)."""
    if "managed" not in g:
        g.managed = managers.managed_neighbourhood_ids(current_user)
    return g.managed


@bp.app_template_global()
def can_share_on_channels(post) -> bool:
    """May the current user put this post on the list to share? (For the share links.)"""
    if not (current_user.is_authenticated
            and current_user.role in (Role.MANAGER, Role.ADMIN)):
        return False
    return sharing.can_mark(managed(), post)


# --- the dashboard ----------------------------------------------------------------------------

def _scope():
    """The neighbourhoods and the period the form asks for, with the form (and its messages,
    the values kept); wrong input shows the default: all of them, the last 30 days."""
    mine = neighbourhoods.among(managed())
    form = PeriodForm(formdata=request.args)
    form.neighbourhood.choices = choices([("", _("All my neighbourhoods"))]
                                         + [(n.slug, n.name) for n in mine])
    today = clock.today()
    period = last_days(DEFAULT_DAYS, today)
    chosen = mine
    if form.validate():
        if form.neighbourhood.data:
            chosen = [n for n in mine if n.slug == form.neighbourhood.data]
        if form.start.data is not None:
            period = Period(form.start.data, form.end.data)
        elif form.days.data in PERIODS:
            period = last_days(int(form.days.data), today)
    if not form.days.data and form.start.data is None:
        form.days.data = str(DEFAULT_DAYS)
    return form, chosen, period, len(mine) > 1


def _args(form) -> dict:
    """The form's choices, for links that keep them (the pager, the export)."""
    return {name: request.args[name] for name in ("neighbourhood", "days", "start", "end")
            if request.args.get(name) and not form[name].errors}


@bp.route("", endpoint="dashboard")
def dashboard_page():
    form, chosen, period, several = _scope()
    data = dashboard.figures(chosen, period, clock.now())
    ids = [n.id for n in chosen]
    unanswered = waiting.unanswered_requests(
        ids, size=current_app.config["PAGE_SIZE"], after=request.args.get("after"),
        before=request.args.get("before"))
    return render_template("manage/dashboard.html", form=form, data=data,
                           unanswered=unanswered, args=_args(form), several=several,
                           levels=LEVELS, level_labels=LEVEL_LABELS)


@bp.route("/export.csv")
def export():
    form, chosen, period, _several = _scope()
    data = dashboard.figures(chosen, period, clock.now())
    rows = dashboard.csv_rows(data, waiting.all_unanswered_requests([n.id for n in chosen]),
                              topic_name)
    scope = chosen[0].slug if len(chosen) == 1 else "all"
    name = f"buurt-dashboard-{scope}-{period.first_day}-{period.last_day}.csv"
    # The byte order mark makes spreadsheets read the file as UTF-8.
    return Response("\ufeff" + dashboard.csv_text(rows),
                    content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- share on our channels ------------------------------------------------------------------

@bp.route("/share")
def share():
    page = sharing.marked(managed(), size=current_app.config["PAGE_SIZE"],
                          older=request.args.get("older"), newer=request.args.get("newer"))
    items = []
    for post in page.items:
        url = sharing.canonical_url(post_url(post))
        when = moment(post.starts_at) if post.kind == "event" and post.starts_at else None
        items.append((post, sharing.paste_text(post.display_title, post.body, url, when)))
    return render_template("manage/share.html", page=page, items=items)


def _post_for_sharing(post_id):
    post = db.get_or_404(Post, post_id)
    ids = managed()
    if ids is not None and post.neighbourhood_id not in ids:
        abort(403)
    return post


def _back():
    return redirect(safe_next(request.form.get("next"), url_for("manage.share")))


@bp.route("/share/<int:post_id>/mark", methods=["POST"])
def share_mark(post_id):
    post = _post_for_sharing(post_id)
    try:
        sharing.mark(post, managed())
    except sharing.SharingError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("It is on the list to share on our channels."), "success")
    return _back()


@bp.route("/share/<int:post_id>/unmark", methods=["POST"])
def share_unmark(post_id):
    post = _post_for_sharing(post_id)
    sharing.unmark(post, managed())
    db.session.commit()
    flash(_("It is off the list to share."), "success")
    return _back()


# These modules add their pages to bp.
from buurt.manage import (admin_views, calendar_views, paper_views,  # noqa: E402,F401
                          settings_views)
