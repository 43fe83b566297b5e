"""Search finds published posts by their Dutch words, and nothing that is not online."""
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import text

from buurt.core import search
from buurt.core.extensions import db
from buurt.core.search.whoosh_backend import segments
from buurt.moderation import suspensions
from buurt.posts import search as post_search, services as posts
from buurt.posts.models import PostState


def ids(q, **filters):
    return search.search(q, **filters).ids


def backend_name():
    return current_app.config["SEARCH_BACKEND"]


def lose_index(app):
    """Lose the index as an accident would: delete the folder, or drop the table."""
    if app.config["SEARCH_BACKEND"] == "whoosh":
        shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    else:
        db.session.execute(text("DROP TABLE search_document"))
        db.session.commit()


def ids_elsewhere(app, q):
    """What another request (its own session and connection) finds."""
    with app.app_context():
        return search.search(q).ids


@pytest.mark.parametrize("written, searched", [
    ("fietsen", "fiets"), ("fiets", "fietsen"),
    ("boodschappen", "boodschap"), ("boodschap", "boodschappen"),
    ("café", "cafe"), ("cafe", "café"), ("Café", "CAFÉ"),
    ("tuinen", "tuin"), ("klussen", "klus"),
])
def test_inflected_and_accented_queries_find_their_post(make_post, written, searched):
    post = make_post(topic="oppas", title=f"Hulp met {written}", body="Wie kan er zaterdag?")
    make_post(topic="oppas", title="Iets heel anders", body="Over de computer.")
    assert ids(searched) == [post.id]


def test_topic_names_in_both_languages_and_the_kind_are_found(make_post):
    post = make_post("offer", topic="boodschappen", title="Ik ga elke week naar de markt")
    assert ids("shopping") == [post.id]
    assert ids("boodschappen") == [post.id]
    assert ids("aanbod") == [post.id]


def test_a_query_of_stop_words_or_symbols_finds_nothing_and_does_not_fail(make_post):
    make_post(title="De fiets is kapot")
    assert search.search("de en het").total == 0
    assert search.search('title:* OR "(').total == 0


@pytest.mark.parametrize("state", [PostState.PENDING, PostState.HIDDEN, PostState.REMOVED,
                                   PostState.NEEDS_CLARIFICATION, PostState.PAUSED])
def test_content_that_is_not_online_is_never_found(make_post, state):
    published = make_post(title="Fiets repareren", body="Mijn band is lek.")
    make_post(title="Fiets repareren", body="Mijn band is lek.", state=state)
    assert ids("fiets") == [published.id]


def test_a_post_that_leaves_is_taken_out_after_the_commit(app, make_post):
    twin = make_post(title="Hulp met boodschappen")
    withdrawn = make_post(title="Hulp met boodschappen")
    removed = make_post(title="Hulp met boodschappen")
    assert set(ids("boodschap")) == {twin.id, withdrawn.id, removed.id}
    posts.withdraw(withdrawn)
    removed.state = PostState.REMOVED
    db.session.flush()
    assert set(ids_elsewhere(app, "boodschap")) == {twin.id, withdrawn.id, removed.id}, \
        "not before the commit"
    db.session.commit()
    assert ids("boodschap") == [twin.id]
    assert ids_elsewhere(app, "boodschap") == [twin.id]


def test_a_suspension_hides_and_its_end_brings_back_the_posts(make_post, make_user):
    from buurt.core import clock
    author, manager = make_user(), make_user(role="manager")
    post = make_post(author=author, title="Oppas gezocht")
    suspensions.suspend(author, manager, until=clock.now() + timedelta(days=3), reason="Spam")
    db.session.commit()
    assert ids("oppas") == []
    suspensions.lift_suspension(author, manager)
    db.session.commit()
    assert ids("oppas") == [post.id]


def test_an_edit_updates_the_index(make_post):
    post = make_post(title="Fiets repareren", body="Band lek.")
    posts.update(post, title="Gras maaien", body="De tuin is te groot.")
    db.session.commit()
    assert ids("fiets") == []
    assert ids("maaien") == [post.id]


def test_a_rollback_does_not_index(make_post):
    post = make_post(title="Fiets repareren")
    post.title = "Hond uitlaten"
    db.session.flush()
    db.session.rollback()
    assert ids("hond") == []
    assert ids("fiets") == [post.id]


def test_a_deleted_post_leaves_the_index(make_post):
    post = make_post(title="Fiets repareren")
    db.session.delete(post)
    db.session.commit()
    assert ids("fiets") == []


def test_reindex_restores_a_deleted_index(app, make_post, runner):
    post = make_post(title="Hulp met boodschappen")
    lose_index(app)
    assert search.health() == "error"
    with pytest.raises(search.SearchUnavailable):
        search.search("boodschap")
    result = runner.invoke(args=["buurt", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 published post" in result.output
    assert search.health() == "ok"
    assert ids("boodschap") == [post.id]


def test_an_interrupted_reindex_leaves_the_old_index_working(app, make_post, monkeypatch):
    post = make_post(title="Hulp met boodschappen")

    def documents_then_crash():
        yield post_search.post_document(post)
        raise KeyboardInterrupt
    monkeypatch.setattr(search, "_everything", documents_then_crash)
    with pytest.raises(KeyboardInterrupt):
        search.reindex()
    assert ids("boodschap") == [post.id]
    if backend_name() == "whoosh":
        folders = [p.name for p in Path(app.config["SEARCH_INDEX_DIR"]).iterdir()
                   if p.is_dir()]
        assert len(folders) == 1, "the half-built index was cleared"


def test_filters_on_kind_topic_and_neighbourhood(make_post, make_user, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    here = make_post("request", topic="tuin", title="Tuin hulp")
    offer = make_post("offer", topic="tuin", title="Tuin hulp aangeboden")
    other_topic = make_post("request", topic="klussen", title="Tuin hek maken")
    there = make_post("request", topic="tuin", title="Tuin hulp",
                      author=make_user(neighbourhood=oost))
    assert set(ids("tuin")) == {here.id, offer.id, other_topic.id, there.id}
    assert set(ids("tuin", kind="offer")) == {offer.id}
    assert set(ids("tuin", topic="klussen")) == {other_topic.id}
    assert set(ids("tuin", neighbourhood_id=oost.id)) == {there.id}
    assert set(ids("tuin", kind="request", topic="tuin")) == {here.id, there.id}


def test_own_neighbourhood_comes_first(make_post, make_user, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    neighbour = make_user(neighbourhood=oost)
    # The other neighbourhood's posts match better (the word twice), yet come after.
    far = [make_post(title="Fiets fiets", body="fiets", author=make_user()) for _ in range(3)]
    near = [make_post(title="Een fiets", author=neighbour) for _ in range(2)]
    found = ids("fiets", prefer_neighbourhood_id=oost.id)
    assert set(found[:2]) == {p.id for p in near}
    assert set(found[2:]) == {p.id for p in far}


def test_results_are_paginated(make_post):
    made = {make_post(title=f"Fiets nummer {i}").id for i in range(5)}
    first = search.search("fiets", per_page=2)
    last = search.search("fiets", page=3, per_page=2)
    assert first.total == 5 and first.page_count == 3 and first.has_next
    assert len(last.ids) == 1 and not last.has_next and last.has_previous
    middle = search.search("fiets", page=2, per_page=2).ids
    assert set(first.ids) | set(middle) | set(last.ids) == made
    assert search.search("fiets", page=9, per_page=2).ids == []


def test_snippets_mark_the_words_as_plain_text_pieces():
    pieces = segments("Wie helpt met <b>fietsen</b> & boodschappen?", ["fiets", "boodschap"])
    assert ("fietsen", True) in pieces and ("boodschappen", True) in pieces
    assert "".join(text for text, _ in pieces) == "Wie helpt met <b>fietsen</b> & boodschappen?"


def test_a_long_body_gives_a_short_snippet_around_the_match():
    text = "woord " * 100 + "fietsen " + "woord " * 100
    pieces = segments(text, ["fiets"], limit=80)
    joined = "".join(t for t, _ in pieces)
    assert ("fietsen", True) in pieces and len(joined) < 120


def test_the_backend_follows_the_database_unless_set(database_url):
    from buurt import create_app
    from tests.conftest import test_settings
    expected = "postgres" if database_url.startswith("postgresql") else "whoosh"
    assert create_app(test_settings(database_url)).config["SEARCH_BACKEND"] == expected
    explicit = create_app(test_settings(database_url, SEARCH_BACKEND="whoosh"))
    assert explicit.config["SEARCH_BACKEND"] == "whoosh"
    pg = create_app(test_settings("postgresql://nobody@127.0.0.1:1/none"))
    assert pg.config["SEARCH_BACKEND"] == "postgres"
    sqlite = create_app(test_settings("sqlite:///:memory:"))
    assert sqlite.config["SEARCH_BACKEND"] == "whoosh"
    if expected == "whoosh":
        with pytest.raises(RuntimeError, match="needs a PostgreSQL database"):
            create_app(test_settings(database_url, SEARCH_BACKEND="postgres"))


@pytest.mark.parametrize("savepoint_ends", ["released", "rolled back"])
def test_a_savepoint_inside_the_transaction_does_not_lose_the_index_update(
        app, make_post, make_user, savepoint_ends):
    """Notifications use savepoints; ending one is not the end of the transaction."""
    post = make_post(title="Hulp met boodschappen")
    neighbour = make_user("Bart")
    post.title = "Hulp met de fiets"
    db.session.flush()
    try:
        with db.session.begin_nested():
            neighbour.display_name = "Bart B."
            db.session.flush()
            if savepoint_ends == "rolled back":
                raise ZeroDivisionError
    except ZeroDivisionError:
        pass
    assert ids_elsewhere(app, "fiets") == []
    db.session.commit()
    assert ids_elsewhere(app, "fiets") == [post.id]
