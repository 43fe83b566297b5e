"""Buurt: a neighbourhood community platform with a help-request marketplace."""
import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from buurt import extensions
from buurt.ids import IdConverter


def _instance_defaults(app: Flask) -> None:
    """Fill in what a fresh install needs: an SQLite file and a secret key in instance/."""
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            "sqlite:///" + os.path.join(app.instance_path, "buurt.sqlite"))
    if not app.config.get("SECRET_KEY"):
        if not app.debug and not app.testing and os.environ.get("BUURT_ENV") == "production":
            raise RuntimeError("Set SECRET_KEY in the environment or in instance/config.py.")
        key_file = Path(app.instance_path) / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()


def create_app(test_config=None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.for_environment())
    app.config.from_pyfile("config.py", silent=True)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url(
            app.config["SQLALCHEMY_DATABASE_URI"])
    os.makedirs(app.instance_path, exist_ok=True)
    _instance_defaults(app)
    if app.config.get("PROXY_COUNT"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_COUNT"]),
                                x_proto=1, x_host=1)

    # Before any route is added: every <int:…> in the url map is an id in range.
    app.url_map.converters["int"] = IdConverter
    extensions.init_app(app)

    from buurt import (ambassador, announcements, auth, care, decide, errors, ideas, info,
                       lend, main, manage, market, media, messages, moderation, notifications,
                       pages, requestlog, search, search_page, static_files, stories,
                       upload_forms, web)
    from buurt.cli import buurt_cli

    requestlog.init_app(app)
    search.init_app(app)
    web.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    upload_forms.init_app(app)
    for blueprint in (main.bp, auth.bp, market.bp, messages.bp, notifications.bp, care.bp,
                      moderation.bp, search_page.bp, ambassador.bp, info.bp, media.bp,
                      decide.bp, announcements.bp, stories.bp, ideas.bp,
                      lend.bp, manage.bp, pages.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(buurt_cli)
    return app
