"""The neighbourhood paper: a week of one neighbourhood, to print for the wijkkrant and the
notice board of the community centre."""
from flask import render_template, request, url_for
from flask_babel import format_date, format_datetime, gettext as _
from flask_login import current_user

from buurt.core import clock
from buurt.manage import paper
from buurt.manage.forms import PaperForm
from buurt.manage.routes import bp, managed
from buurt.people import neighbourhoods
from buurt.posts import sharing
from buurt.web.forms import choices
from buurt.web.qr import qr_svg


def _event_time(moment) -> str:
    """When an event starts, in Dutch time: "donderdag 3 december, 20:00"."""
    return format_datetime(moment, "EEEE d MMMM, HH:mm")


def _site_address() -> str:
    """The site's address as people type it: without https:// and the last slash."""
    return sharing.canonical_url("/").split("://", 1)[-1].rstrip("/")


@bp.route("/paper", endpoint="paper")
def paper_page():
    mine = neighbourhoods.among(managed())
    form = PaperForm(formdata=request.args)
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in mine])
    form.validate()
    # A neighbourhood the manager does not serve, or a week that is not a date, gets a
    # message on its field, and the paper shows the default: their own, this week.
    chosen = next((n for n in mine if n.slug == form.neighbourhood.data
                   and not form.neighbourhood.errors), None)
    if chosen is None:
        chosen = next((n for n in mine if n.id == current_user.neighbourhood_id),
                      mine[0] if mine else None)
    week = form.week.data if form.week.data and not form.week.errors else clock.today()
    if form.week.data is None and not form.week.errors:
        form.week.data = paper.monday_of(week)
    if chosen is not None and not form.neighbourhood.errors:
        form.neighbourhood.data = chosen.slug
    sheet = paper.weekly(chosen, week, clock.now()) if chosen is not None else None
    home = sharing.canonical_url(url_for("main.home"))
    return render_template(
        "manage/paper.html", form=form, paper=sheet, several=len(mine) > 1,
        site=_site_address(), event_time=_event_time, format_date=format_date,
        qr=qr_svg(home, _("QR code with the address of Buurt")))
