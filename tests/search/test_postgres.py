"""PostgreSQL's own search: documents in the change's transaction, the migrated table."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

import config
from buurt import create_app
from buurt.core import search
from buurt.core.extensions import db
from buurt.core.search.postgres_backend import FOLD_FROM, START, STOP, fold, pieces
from buurt.posts.models import PostState
from tests.test_migrations import _empty_database

pytestmark = pytest.mark.postgres


def rows_elsewhere(post_id):
    """The document as another connection sees it (committed data only)."""
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM search_document "
                                       "WHERE entity = 'post' AND entity_id = :id"),
                                  {"id": post_id}).scalar()


def test_the_app_uses_postgres_search(app):
    assert app.config["SEARCH_BACKEND"] == "postgres"


def test_a_rolled_back_publish_is_never_found(app, make_post):
    make_post(title="Iets anders")          # the table exists from here on
    post = make_post(title="Fiets repareren", state=PostState.PENDING)
    assert search.search("fiets").ids == []
    post.state = PostState.PUBLISHED
    db.session.flush()
    assert search.search("fiets").ids == [post.id], "written in the same transaction"
    assert rows_elsewhere(post.id) == 0, "and not visible before the commit"
    db.session.rollback()
    assert search.search("fiets").ids == []
    assert rows_elsewhere(post.id) == 0


def test_a_committed_publish_is_found_by_everyone(app, make_post):
    post = make_post(title="Fiets repareren", state=PostState.PENDING)
    post.state = PostState.PUBLISHED
    db.session.commit()
    assert rows_elsewhere(post.id) == 1
    db.session.delete(post)
    db.session.commit()
    assert rows_elsewhere(post.id) == 0


@pytest.mark.parametrize("written, searched", [
    ("fietsen", "fiets"), ("fiets", "fietsen"),
    ("boodschappen", "boodschap"), ("boodschap", "boodschappen"),
])
def test_word_forms_meet_both_ways(make_post, written, searched):
    post = make_post(title=f"Wie helpt met {written}?")
    make_post(title="Iets heel anders", body="Over de computer.")
    assert search.search(searched).ids == [post.id]


def test_snippets_are_plain_pieces_of_the_original_text(make_post):
    post = make_post(title="Café <b>fietsen</b>",
                     body=f"Mijn <img src=x> fiets{START}nep{STOP} & boodschappen bij het café")
    hit = search.search("cafe fiets").hits[0]
    assert hit.key == ("post", post.id)
    assert hit.title == [("Café", True), (" <b>", False), ("fietsen", True), ("</b>", False)]
    assert "".join(t for t, _ in hit.snippet) == post.body
    assert ("fiets", True) in hit.snippet and ("café", True) in hit.snippet
    assert ("nep", True) not in hit.snippet, "markers in the text mark nothing"


def test_pieces_of_a_long_body_are_trimmed():
    body = "woord " * 100 + "fietsen " + "woord " * 100
    headline = "woord " * 10 + f"{START}fietsen{STOP}" + " woord" * 10
    got = pieces(body, headline, trimmed=True)
    assert got[0] == ("… ", False) and got[-1] == (" …", False)
    assert ("fietsen", True) in got
    assert fold("Ééñ<>") == "Een  " and len(FOLD_FROM) > 50


def _definition(url):
    engine = create_engine(config.database_url(url))
    with engine.connect() as connection:
        columns = connection.execute(text(
            "SELECT column_name, data_type, character_maximum_length, is_nullable "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'search_document' ORDER BY ordinal_position")).all()
        constraints = connection.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'search_document'::regclass ORDER BY conname")).all()
        indexes = connection.execute(text(
            "SELECT indexname, replace(indexdef, schemaname || '.', '') FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = 'search_document' "
            "ORDER BY indexname")).all()
    engine.dispose()
    return columns, constraints, indexes


def test_the_migration_makes_the_table_the_backend_makes(app, database_url, make_post,
                                                         tmp_path, monkeypatch):
    make_post(title="Fiets")                # the backend made its table in the test database
    made_by_backend = _definition(database_url)
    url, schema = _empty_database(database_url, tmp_path)
    monkeypatch.chdir(tmp_path)
    migrated = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with migrated.app_context():
            upgrade()
            db.engine.dispose()
        columns, constraints, indexes = _definition(url)
        assert [c[0] for c in columns] == ["entity", "entity_id", "kind", "neighbourhood_id",
                                           "topic_ids", "audience", "created_at", "title",
                                           "body", "document"]
        assert ("ix_search_document_document",
                "CREATE INDEX ix_search_document_document ON search_document "
                "USING gin (document)") in indexes
        assert ("pk_search_document", "PRIMARY KEY (entity, entity_id)") in constraints
        assert (columns, constraints, indexes) == made_by_backend
    finally:
        engine = create_engine(config.database_url(database_url))
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()
