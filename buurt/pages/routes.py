"""The privacy statement, help, the house rules and how to reach the people behind the
site. Public pages: linked from the footer of every page."""
from datetime import date

from flask import Blueprint, current_app, render_template
from flask_babel import format_date, gettext as _
from flask_login import current_user

from buurt.notifications import retention
from buurt.pages import contact
from buurt.people import neighbourhoods
from buurt.people.privacy import PRIVACY_VERSION

bp = Blueprint("pages", __name__, template_folder="templates")


def _site():
    """Who runs the site and how to write to them, from the settings."""
    owner = current_app.config.get("SITE_OWNER")
    return {"owner": owner or _("the organisation that runs this neighbourhood site"),
            "named": bool(owner), "email": current_app.config.get("CONTACT_EMAIL")}


@bp.route("/privacy")
def privacy():
    # How long conversations and notifications are kept: a resident's own neighbourhood
    # decides; a visitor reads the shortest and longest of all of them.
    ids = ([current_user.neighbourhood_id] if current_user.is_authenticated
           else [n.id for n in neighbourhoods.all_neighbourhoods()])
    shortest, longest = retention.months_for(ids)
    return render_template("pages/privacy.html", site=_site(), version=PRIVACY_VERSION,
                           version_date=format_date(date.fromisoformat(PRIVACY_VERSION),
                                                    "long"),
                           kept_months=(shortest, longest))


@bp.route("/help", endpoint="help")
def help_page():
    return render_template("pages/help.html", site=_site(),
                           reset_hours=current_app.config["PASSWORD_RESET_HOURS"])


@bp.route("/terms")
def terms():
    return render_template("pages/terms.html", site=_site())


@bp.route("/contact", endpoint="contact")
def contact_page():
    own = current_user.neighbourhood_id if current_user.is_authenticated else None
    return render_template("pages/contact.html", site=_site(), teams=contact.teams(own),
                           own_neighbourhood=own is not None)
