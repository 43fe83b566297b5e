"""Buurt: a neighbourhood community platform with a help-request marketplace."""
import os
import secrets
from importlib import import_module
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from buurt import models
from buurt.core import extensions
from buurt.core.ids import IdConverter

# Whatever part of the package is imported first, every model is there before a mapper is
# configured.
models.load()


# Each area's routes module has a blueprint `bp`; the areas whose pages are spread over
# several modules import the others at the end of their routes module.
BLUEPRINTS = (
    "buurt.main.routes", "buurt.people.routes", "buurt.market.routes", "buurt.messages.routes",
    "buurt.notifications.routes", "buurt.care.routes", "buurt.moderation.routes",
    "buurt.search_page.routes", "buurt.ambassador.routes", "buurt.info.routes",
    "buurt.core.media.routes", "buurt.decide.routes", "buurt.announcements.routes",
    "buurt.stories.routes", "buurt.ideas.routes", "buurt.lend.routes", "buurt.manage.routes",
    "buurt.pages.routes", "buurt.export.routes",
)
# What search finds: each of these registers its sources with buurt.core.search.
SEARCH_SOURCES = ("buurt.posts.search", "buurt.info.search", "buurt.people.search")
# What a deleted account had open ends in each area through these: each registers its step
# with buurt.people.deletion (loaded here too, whichever pages import them).
ACCOUNT_DELETION_STEPS = (
    "buurt.market.responses", "buurt.care.services", "buurt.lend.loans", "buurt.info.events",
    "buurt.info.initiatives", "buurt.stories.services", "buurt.decide.services",
    "buurt.ambassador.cards", "buurt.export.exports",
)


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
    app = Flask(__name__, instance_relative_config=True, template_folder="web/templates")
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

    from buurt.core import search
    from buurt.ops.cli import buurt_cli
    from buurt.posts import kinds
    from buurt.web import errors, filters, requestlog, static_files, upload_forms

    requestlog.init_app(app)
    kinds.check()
    for name in SEARCH_SOURCES + ACCOUNT_DELETION_STEPS:
        import_module(name)
    search.init_app(app)
    filters.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    upload_forms.init_app(app)
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(name).bp)
    app.cli.add_command(buurt_cli)
    return app
