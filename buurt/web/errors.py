"""Friendly error pages in the visitor's language, never a bare stack trace."""
from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from buurt.core.extensions import db

HANDLED = (400, 403, 404, 405, 413, 429, 500)


def _wants_json() -> bool:
    return request.path.startswith("/healthz")


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, csrf=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code if error.code in HANDLED else None
        if code is None or _wants_json():
            return error
        return render_template("errors/error.html", code=code), code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        if _wants_json():
            return jsonify(status="error"), 500
        return render_template("errors/error.html", code=500), 500
