"""What only the Whoosh backend does: spelling suggestions, and an index of an older layout."""
import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from buurt.core import search
from buurt.core.search.whoosh_backend import WhooshBackend
from buurt.posts.models import PostState


@pytest.fixture
def app_settings():
    return {"SEARCH_BACKEND": "whoosh"}


@pytest.mark.parametrize("typed, meant", [
    ("boodshappen", "boodschappen"), ("ladr", "ladder"),
    ("ladder fietsenmakr", "ladder fietsenmaker"), ("ladder fietsenmaker", "ladder fietsenmaker"),
])
def test_a_misspelled_word_gets_a_suggestion_that_finds_something(make_post, typed, meant):
    make_post(title="Hulp bij boodschappen")
    make_post("offer", title="Ladder te leen", body="Een fietsenmaker in de straat")
    result = search.search(typed)
    if typed == meant:
        assert result.total > 0 and result.suggestion is None
    else:
        assert result.total == 0
        assert result.suggestion == meant
        assert search.search(result.suggestion).total > 0


def test_no_suggestion_for_words_only_hidden_content_has(make_post):
    make_post(title="Hulp bij boodschappen")
    make_post(title="Ladder gezocht", state=PostState.PENDING)
    assert search.search("ladr").suggestion is None
    assert search.search("boodshappen").suggestion == "boodschappen"


def test_the_page_links_the_suggestion_with_the_filters_kept(client, make_post):
    make_post(title="Hulp bij boodschappen", topic="boodschappen")
    html = client.get("/search?q=boodshappen&topic=boodschappen").get_data(as_text=True)
    assert "Did you mean" in html or "Bedoelde je" in html
    assert 'href="/search?q=boodschappen&amp;topic=boodschappen"' in html
    html = client.get("/search?q=boodschappen").get_data(as_text=True)
    assert "<mark>boodschappen</mark>" in html and "/search?q=boodschappen&amp;" not in html


def test_an_index_of_an_older_layout_asks_for_a_rebuild(app, client, make_post, runner):
    post = make_post(title="Hulp bij boodschappen")
    backend = WhooshBackend(app.config["SEARCH_INDEX_DIR"])
    old = backend._new_generation()
    whoosh_index.create_in(str(old), Schema(id=ID(stored=True, unique=True), title=TEXT))
    backend._swap_to(old)
    assert search.health() == "error"
    response = client.get("/search?q=boodschappen")
    assert response.status_code == 503
    # Changes meanwhile wait in the queue, and the rebuild brings the index up to date.
    later = make_post(title="Nog meer boodschappen")
    result = runner.invoke(args=["buurt", "reindex"])
    assert result.exit_code == 0, result.output
    assert search.health() == "ok"
    assert sorted(search.search("boodschappen").ids) == sorted([post.id, later.id])
