"""The content calendar: the coming weeks of announcements per day, with warnings."""
from datetime import date, timedelta

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from buurt.core import clock
from buurt.manage import content_calendar
from buurt.manage.forms import CalendarForm
from buurt.manage.routes import bp, managed
from buurt.people import access as permissions, neighbourhoods
from buurt.web.forms import choices

WEEKS = content_calendar.DEFAULT_WEEKS
# The calendar goes at most this far back or ahead of today.
FURTHEST = timedelta(days=3 * 366)


def _scope():
    """The form, the neighbourhoods the user manages and the ones chosen (all of them
    when the choice is empty or wrong)."""
    mine = neighbourhoods.among(managed())
    form = CalendarForm(formdata=request.args)
    form.neighbourhood.choices = choices([("", _("All my neighbourhoods"))]
                                         + [(n.slug, n.name) for n in mine])
    chosen = mine
    if form.validate() and form.neighbourhood.data:
        chosen = [n for n in mine if n.slug == form.neighbourhood.data]
    return form, mine, chosen


def _first_day(today: date) -> date:
    """?from=YYYY-MM-DD, or today (with a message when the date is wrong)."""
    raw = (request.args.get("from") or "").strip()
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        flash(_("We could not read that date, so you see the weeks from today. Write a "
                "date like this: 2026-03-12."), "error")
        return today
    if abs(day - today) > FURTHEST:
        flash(_("That date is too far away, so you see the weeks from today."), "error")
        return today
    return day


@bp.route("/calendar")
def calendar():
    form, mine, chosen = _scope()
    today = clock.today()
    plan = content_calendar.plan([n.id for n in chosen], _first_day(today), WEEKS,
                                 clock.now())
    args = {"neighbourhood": form.neighbourhood.data} \
        if form.neighbourhood.data and not form.neighbourhood.errors else {}
    return render_template(
        "manage/calendar.html", form=form, plan=plan, several=len(mine) > 1, chosen=chosen,
        names={n.id: n.name for n in mine}, pager=_pager(plan.first_day, today, args),
        may_plan=permissions.can_announce(current_user),
        # The announcement form asks a manager of several which one; one chosen here is
        # filled in there.
        plan_args={"neighbourhood": chosen[0].slug} if len(mine) > 1 and len(chosen) == 1
        else {})


def _pager(first_day: date, today: date, args: dict) -> dict:
    """Links to the weeks before and after these, and back to this week (None: no link)."""
    step = timedelta(days=7 * WEEKS)
    earlier, later = first_day - step, first_day + step
    return {
        "earlier": url_for("manage.calendar", **args, **{"from": earlier.isoformat()})
        if today - earlier <= FURTHEST else None,
        "this_week": url_for("manage.calendar", **args)
        if first_day != content_calendar.week_start(today) else None,
        "later": url_for("manage.calendar", **args, **{"from": later.isoformat()})
        if later - today <= FURTHEST else None,
    }
