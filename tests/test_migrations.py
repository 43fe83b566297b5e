"""The migrations: one head, and upgrading an empty database gives the models' schema."""
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

import config
from buurt import create_app
from buurt.core.extensions import MIGRATIONS_DIR, db


def test_there_is_exactly_one_head():
    alembic_config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    alembic_config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(alembic_config).get_heads()) == 1


def _empty_database(database_url, tmp_path):
    """A fresh database next to the test one: a file for SQLite, a schema for PostgreSQL."""
    if database_url.startswith("sqlite"):
        return "sqlite:///" + str(tmp_path / "migrated.sqlite"), None
    engine = create_engine(config.database_url(database_url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS migration_test CASCADE"))
        connection.execute(text("CREATE SCHEMA migration_test"))
    engine.dispose()
    separator = "&" if "?" in database_url else "?"
    return (database_url + separator + "options=-csearch_path%3Dmigration_test",
            "migration_test")


@contextmanager
def _fresh_app(database_url, tmp_path, monkeypatch):
    """An app on an empty database (see _empty_database), from another directory than the
    source tree; on PostgreSQL its schema is dropped afterwards."""
    url, schema = _empty_database(database_url, tmp_path)
    monkeypatch.chdir(tmp_path)          # the migrations are found from any directory
    try:
        yield create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True}), schema
    finally:
        if schema:
            engine = create_engine(config.database_url(database_url))
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            engine.dispose()


def _not_the_search_table(obj, name, type_, reflected, compare_to):
    """Leave out the PostgreSQL search table: the migrations make it, no model does."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) != "search_document"


def test_upgrading_an_empty_database_matches_the_models(database_url, tmp_path,
                                                        monkeypatch):
    with _fresh_app(database_url, tmp_path, monkeypatch) as (app, schema):
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={
                    "compare_type": True, "include_object": _not_the_search_table})
                differences = compare_metadata(context, db.metadata)
                tables = set(inspect(connection).get_table_names())
            assert differences == []
            assert {"neighbourhood", "user", "topic", "user_topic", "post", "membership",
                    "neighbourhood_setting", "neighbourhood_postcode"} <= tables
            # The search table is PostgreSQL's alone, and no model.
            assert ("search_document" in tables) == (schema is not None)
            db.engine.dispose()


def test_thank_you_titles_lose_their_stored_prefix(database_url, tmp_path, monkeypatch):
    """Stories from thank-you notes were stored as "Bedankt: …" / "Thank you: …"; the
    migration keeps the bare title (pages add the words in the reader's language) and
    leaves other stories alone; going back puts the author's words in front again."""
    from flask_migrate import downgrade

    from sqlalchemy import MetaData, Table

    from buurt.core import clock
    from buurt.ops import setup
    from buurt.people import accounts
    from buurt.people.models import Neighbourhood
    from buurt.stories.models import Story
    with _fresh_app(database_url, tmp_path, monkeypatch) as (app, schema):
        with app.app_context():
            upgrade(revision="c8e1a3b5d7f9")     # before the migration, the same schema
            setup.ensure_defaults()
            centrum = db.session.scalar(db.select(Neighbourhood))
            # The user table as it was then: later migrations add columns the model has.
            users = Table("user", MetaData(), autoload_with=db.engine)
            ria, sam = (db.session.execute(users.insert().values(
                display_name=name, email=f"{name}@example.com",
                password_hash=accounts.hash_password("geheim-wachtwoord"), role="resident",
                neighbourhood_id=centrum.id, language=language, in_directory=False,
                created_at=clock.now())).inserted_primary_key[0]
                for name, language in (("ria", "nl"), ("sam", "en")))
            titles = {"Bedankt: Boodschappen": (ria, 1), "Thank you: Shopping": (sam, 2),
                      "Thanks: Moving": (sam, 3), "Bedankt: mijn buren": (ria, None)}
            for title, (author_id, thank_you_id) in titles.items():
                db.session.add(Story(author_id=author_id, neighbourhood_id=centrum.id,
                                     title=title, body="Dank", state="published",
                                     thank_you_id=thank_you_id))
            db.session.commit()
            upgrade(revision="c8e2a4b6d8f0")

            def stored():
                db.session.expire_all()
                return sorted(db.session.scalars(db.select(Story.title)))
            assert stored() == ["Bedankt: mijn buren", "Boodschappen", "Moving", "Shopping"]
            downgrade(revision="c8e1a3b5d7f9")
            assert stored() == ["Bedankt: Boodschappen", "Bedankt: mijn buren",
                                "Thank you: Moving", "Thank you: Shopping"]
            upgrade()
            assert stored() == ["Bedankt: mijn buren", "Boodschappen", "Moving", "Shopping"]
            db.session.remove()
            db.engine.dispose()


def test_accounts_from_before_the_privacy_record_keep_it_empty(database_url, tmp_path,
                                                               monkeypatch):
    """Nobody accepted a recorded version before the migration: it makes up none."""
    from sqlalchemy import MetaData, Table

    from buurt.core import clock
    from buurt.ops import setup
    from buurt.people import accounts
    from buurt.people.models import Neighbourhood, User
    with _fresh_app(database_url, tmp_path, monkeypatch) as (app, schema):
        with app.app_context():
            upgrade(revision="c8e2a4b6d8f0")     # before the migration
            setup.ensure_defaults()
            centrum = db.session.scalar(db.select(Neighbourhood))
            users = Table("user", MetaData(), autoload_with=db.engine)
            assert "privacy_version" not in users.c
            db.session.execute(users.insert().values(
                display_name="Ria", email="ria@example.com",
                password_hash=accounts.hash_password("geheim-wachtwoord"), role="resident",
                neighbourhood_id=centrum.id, language="nl", in_directory=False,
                created_at=clock.now()))
            db.session.commit()
            upgrade()
            ria = db.session.scalar(db.select(User))
            assert ria.display_name == "Ria"
            assert ria.privacy_version is None and ria.privacy_accepted_at is None
            db.session.remove()
            db.engine.dispose()


def test_existing_addresses_count_as_confirmed_and_reset_links_keep_working(
        database_url, tmp_path, monkeypatch):
    """Accounts from before confirmation existed keep their mail; the open reset links move
    to account_token and still work; going back keeps the reset links."""
    import hashlib
    from datetime import timedelta

    from sqlalchemy import MetaData, Table

    from buurt.core import clock
    from buurt.ops import setup
    from buurt.people import accounts, passwords, tokens
    from buurt.people.models import AccountToken, Neighbourhood, TokenPurpose, User
    with _fresh_app(database_url, tmp_path, monkeypatch) as (app, schema):
        with app.app_context():
            upgrade(revision="d9f3b5c7e1a2")     # before the migration
            setup.ensure_defaults()
            centrum = db.session.scalar(db.select(Neighbourhood))
            users = Table("user", MetaData(), autoload_with=db.engine)
            resets = Table("password_reset", MetaData(), autoload_with=db.engine)
            assert "email_verified_at" not in users.c
            joined = clock.now() - timedelta(days=30)
            ria, henk = (db.session.execute(users.insert().values(
                display_name=name, email=email, username=username,
                password_hash=accounts.hash_password("geheim-wachtwoord"), role="resident",
                neighbourhood_id=centrum.id, language="nl", in_directory=False,
                created_at=joined)).inserted_primary_key[0]
                for name, email, username in (("Ria", "ria@example.com", None),
                                              ("Henk", None, "henk1234")))
            now = clock.now()
            for token, used in (("open-token", None), ("used-token", now)):
                db.session.execute(resets.insert().values(
                    user_id=ria, token_hash=hashlib.sha256(token.encode()).hexdigest(),
                    created_at=now, expires_at=now + timedelta(hours=2), used_at=used))
            db.session.commit()

            upgrade()
            assert db.session.get(User, ria).email_verified_at == joined
            assert db.session.get(User, henk).email_verified_at is None   # no address
            link = passwords.find_reset("open-token")
            assert (link.user_id, link.purpose, link.email) == (ria, "password_reset",
                                                                 "ria@example.com")
            assert passwords.find_reset("used-token") is None
            # New links get ids after the copied ones (PostgreSQL's sequence moved on).
            tokens.issue(db.session.get(User, ria), TokenPurpose.EMAIL, email="r@example.com")
            db.session.commit()
            assert db.session.scalar(db.select(db.func.count(AccountToken.id))) == 3
            db.session.commit()

            downgrade(revision="d9f3b5c7e1a2")
            resets = Table("password_reset", MetaData(), autoload_with=db.engine)
            kept = db.session.execute(db.select(resets.c.token_hash, resets.c.used_at)).all()
            assert sorted(used is None for _, used in kept) == [False, True]
            assert "email_verified_at" not in Table("user", MetaData(),
                                                    autoload_with=db.engine).c
            db.session.commit()
            upgrade()
            assert passwords.find_reset("open-token") is not None
            db.session.remove()
            db.engine.dispose()


def test_care_requests_leave_visitors_search_and_the_list_to_share(database_url, tmp_path,
                                                                   monkeypatch):
    """Before the migration a care request could be marked to share and was found by
    visitors; after it, neither, and a help request keeps both."""
    from datetime import datetime

    from sqlalchemy import MetaData, Table

    from buurt.core import clock
    from buurt.ops import setup
    from buurt.people import accounts
    from buurt.people.models import Neighbourhood
    with _fresh_app(database_url, tmp_path, monkeypatch) as (app, schema):
        with app.app_context():
            upgrade(revision="d9f3b5c7e1a2")     # before the migration
            setup.ensure_defaults()
            centrum = db.session.scalar(db.select(Neighbourhood))
            tables = MetaData()
            users = Table("user", tables, autoload_with=db.engine)
            posts = Table("post", tables, autoload_with=db.engine)
            ria = db.session.execute(users.insert().values(
                display_name="Ria", email="ria@example.com",
                password_hash=accounts.hash_password("geheim-wachtwoord"), role="resident",
                neighbourhood_id=centrum.id, language="nl", in_directory=False,
                created_at=clock.now())).inserted_primary_key[0]
            marked = datetime(2026, 12, 1, 10, 0)
            ids = {need: db.session.execute(posts.insert().values(
                kind="request", need=need, author_id=ria, neighbourhood_id=centrum.id,
                title=f"Vraag om {need}", body="", state="published", created_at=marked,
                updated_at=marked, share_marked_at=marked)).inserted_primary_key[0]
                for need in ("care", "help")}
            if schema:
                for post_id in ids.values():
                    db.session.execute(text(
                        "INSERT INTO search_document VALUES ('post', :id, 'request', :n, "
                        "'{}', 'public', now(), '', '', ''::tsvector)"),
                        {"id": post_id, "n": centrum.id})
            db.session.commit()
            upgrade()
            marks = dict(db.session.execute(
                db.select(posts.c.need, posts.c.share_marked_at)).all())
            assert marks == {"care": None, "help": marked}
            if schema:
                audiences = dict(db.session.execute(text(
                    "SELECT entity_id, audience FROM search_document")).all())
                assert audiences == {ids["care"]: "residents", ids["help"]: "public"}
            db.session.remove()
            db.engine.dispose()
