"""The home page, the welcome page after sign-up, the language switch and /healthz."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, \
    url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from buurt import search
from buurt.extensions import db
from buurt.safety import safe_next
from buurt.services import matching, posts

bp = Blueprint("main", __name__)

LATEST_ON_HOME = 5


@bp.route("/")
def home():
    if current_user.is_authenticated:
        matches = matching.matches_for(current_user, limit=LATEST_ON_HOME)
        neighbourhood_id = current_user.neighbourhood_id
    else:
        matches, neighbourhood_id = [], None
    latest_requests = posts.feed("request", neighbourhood_id=neighbourhood_id,
                                 size=LATEST_ON_HOME).items
    latest_offers = posts.feed("offer", neighbourhood_id=neighbourhood_id,
                               size=LATEST_ON_HOME).items
    return render_template("main/home.html", matches=matches,
                           latest_requests=latest_requests, latest_offers=latest_offers)


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
