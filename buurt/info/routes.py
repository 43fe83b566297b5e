"""Sharing information: the neighbourhood page, and what the info views share.

The views for places, events, initiatives and people live beside this module and add
their routes to `bp`.
"""
from babel.dates import format_date, format_datetime, format_time
from flask import Blueprint, current_app, flash, render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from buurt.core import clock
from buurt.core.extensions import db
from buurt.info import events
from buurt.people import topics

bp = Blueprint("info", __name__, template_folder="templates")

# How many coming events the neighbourhood page shows.
EVENTS_ON_INDEX = 3


def page_size() -> int:
    return current_app.config["PAGE_SIZE"]


def cursors() -> dict:
    return {"after": request.args.get("after"), "before": request.args.get("before")}


def chosen_topic():
    all_topics = topics.all_topics()
    return next((t for t in all_topics if t.slug == request.args.get("topic")), None), all_topics


def filter_args(neighbourhood=None, topic=None) -> dict:
    """The filters to keep in the pager's links."""
    args = {}
    if request.args.get("neighbourhood"):
        args["neighbourhood"] = request.args["neighbourhood"]
    if topic is not None:
        args["topic"] = topic.slug
    return args


# --- Dutch time on the pages -------------------------------------------------------------

def _locale() -> str:
    return str(get_locale())


def event_when(event) -> str:
    """When an event is, in words and Dutch time: "donderdag 3 december 2026, 19:00 tot
    21:00"; an event over several days names both days."""
    start, end = clock.to_local(event.starts_at), clock.to_local(event.ends_at)
    locale = _locale()
    if start.date() == end.date():
        return _("%(day)s, %(start)s to %(end)s",
                 day=format_date(start.date(), "EEEE d MMMM y", locale=locale),
                 start=format_time(start, "HH:mm", locale=locale),
                 end=format_time(end, "HH:mm", locale=locale))
    return _("%(start)s to %(end)s",
             start=format_datetime(start, "EEEE d MMMM y, HH:mm", tzinfo=clock.LOCAL_TZ,
                                   locale=locale),
             end=format_datetime(end, "EEEE d MMMM y, HH:mm", tzinfo=clock.LOCAL_TZ,
                                 locale=locale))


def event_start(event) -> str:
    """The start in short, for lists: "do 3 dec. 2026, 19:00"."""
    return format_datetime(clock.to_local(event.starts_at), "EEE d MMM y, HH:mm",
                           tzinfo=clock.LOCAL_TZ, locale=_locale())


for _helper in (event_when, event_start):
    bp.add_app_template_global(_helper)


@bp.route("/neighbourhood")
def index():
    """One page that leads to places, events, initiatives and people."""
    neighbourhood_id = current_user.neighbourhood_id if current_user.is_authenticated else None
    coming = events.upcoming(neighbourhood_id=neighbourhood_id, size=EVENTS_ON_INDEX).items
    return render_template("info/index.html", coming=coming)


def act(action, error_type, success: str) -> bool:
    """Run one service call for a POST: commit and say `success`, or roll back and show the
    service's own message. Returns whether it worked."""
    try:
        action()
    except error_type as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


# These modules add their pages to bp.
from buurt.info import event_views, initiative_views, people_views, place_views  # noqa: E402,F401
