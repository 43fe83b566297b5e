"""Shared fixtures: one schema per session, emptied after every test.

Tests run on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set. With
CI=true a PostgreSQL pass that cannot connect fails instead of skipping.
"""
import atexit
import contextvars
import os
import shutil
import tempfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

os.environ["BUURT_ENV"] = "test"

from buurt import create_app  # noqa: E402
from buurt.core.extensions import db  # noqa: E402
import config  # noqa: E402

pytest_plugins = ["tests.fixtures.builders", "tests.smtp"]

# Each app gets its own search index and upload folders under this one, removed when the
# run ends.
SEARCH_ROOT = tempfile.mkdtemp(prefix="buurt-search-")
atexit.register(shutil.rmtree, SEARCH_ROOT, True)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def _check_postgres(url):
    try:
        engine = create_engine(config.database_url(url))
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means the pass cannot run
        message = f"TEST_DATABASE_URL is set but PostgreSQL does not answer: {exc}"
        if IN_CI:
            pytest.exit(message, returncode=1)
        pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _postgres_for_worker(url: str, worker: str, *, drop: bool = False) -> str:
    """A database of its own for one pytest-xdist worker, next to TEST_DATABASE_URL's:
    made empty (or dropped, with drop=True) through a connection to that database."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(config.database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not drop:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    # Under pytest-xdist (`make test` runs a worker per core) each worker has a database.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if POSTGRES_URL:
        _check_postgres(POSTGRES_URL)
        url = _postgres_for_worker(POSTGRES_URL, worker) if worker else POSTGRES_URL
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "buurt-test.sqlite")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        drop_everything()
        db.create_all()
    yield url
    with app.app_context():
        drop_everything()
        db.engine.dispose()
    if POSTGRES_URL and worker:
        _postgres_for_worker(POSTGRES_URL, worker, drop=True)


def drop_everything():
    """Drop the models' tables and, on PostgreSQL, the search table that refers to them."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS search_document"))
    db.drop_all()


def test_settings(database_url, **overrides):
    return {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "buurt.test",
            "SEARCH_INDEX_DIR": tempfile.mkdtemp(prefix="index-", dir=SEARCH_ROOT),
            "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="uploads-", dir=SEARCH_ROOT),
            "EXPORT_FOLDER": tempfile.mkdtemp(prefix="exports-", dir=SEARCH_ROOT), **overrides}


test_settings.__test__ = False  # a helper, not a test


def empty_database():
    """Remove every row, children first, so the next test starts clean."""
    db.session.remove()
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            # The search documents are not a model (and refer to nothing): empty them too.
            if connection.execute(text("SELECT to_regclass('search_document')")).scalar():
                connection.execute(text("TRUNCATE search_document"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_settings():
    """Override to change the app's settings for one module or test."""
    return {}


@pytest.fixture
def app(database_url, app_settings):
    app = create_app(test_settings(database_url, **app_settings))
    with app.app_context():
        try:
            yield app
        finally:
            empty_database()
            db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Run each request in its own app context, as in production.

    The test holds an app context of its own (for builders and asserts); without this the
    requests would share its `g` and database session, and hide missing commits.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
