"""The home page, the welcome page after sign-up, the language switch, /healthz, and the
files browsers and crawlers ask for at the root (robots.txt, favicon.ico)."""
from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, \
    send_from_directory, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from buurt.core import search
from buurt.core.extensions import db
from buurt.main import front_page
from buurt.market import matching
from buurt.web.safety import safe_next

bp = Blueprint("main", __name__, template_folder="templates")

LATEST_ON_HOME = 5


@bp.route("/")
def home():
    """For a visitor: what this is, how to join, the newest of each kind of sharing and a
    featured story. For a resident: their matches first, then what is new nearby."""
    if current_user.is_authenticated:
        page = front_page.build(
            neighbourhood_id=current_user.neighbourhood_id,
            match_ids=matching.match_ids(current_user, limit=LATEST_ON_HOME))
    else:
        page = front_page.build(for_visitor=True)
    return render_template("main/home.html", page=page,
                           show_names=current_user.is_authenticated)


@bp.route("/welcome")
@login_required
def welcome():
    matches = matching.matches_for(current_user, limit=current_app.config["MATCHES_ON_WELCOME"])
    return render_template("main/welcome.html", matches=matches)


@bp.route("/language", methods=["POST"])
def set_language():
    language = request.form.get("language")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        session.permanent = True
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.home")))


@bp.route("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure of the database is what this check reports
        db.session.rollback()
        checks["database"] = "error"
    checks["search"] = search.health()
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503


# Pages for one person or for the team; search result pages would only cost the server.
NOT_FOR_CRAWLERS = ("/search", "/mine", "/welcome", "/conversations", "/notifications",
                    "/profile", "/account", "/manage", "/moderation", "/ambassador", "/login", "/password")


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_FOR_CRAWLERS)]
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page says; the same house as favicon.svg."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 86400)
