"""The home page, the welcome page after sign-up, the language switch and /healthz."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, \
    url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from buurt import search
from buurt.extensions import db
from buurt.safety import safe_next
from buurt.services import front_page, matching

bp = Blueprint("main", __name__)

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
        page = front_page.build()
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
