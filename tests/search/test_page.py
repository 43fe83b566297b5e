"""The search page: results with safe snippets, filters, an empty state, few statements."""
from datetime import timedelta

from buurt.posts.models import PostState


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def test_the_page_marks_the_words_and_escapes_what_residents_wrote(client, make_post):
    post = make_post(title="<script>alert(1)</script> fietsen",
                     body='Mijn <img src=x onerror="alert(2)"> fiets & boodschappen')
    html = page(client, "/search?q=fiets")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>fietsen</mark>" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt; <mark>fiets</mark> &amp;" in html
    assert f'href="/requests/{post.id}"' in html


def test_visitors_see_results_without_names_and_residents_with(client, make_post, make_user,
                                                               login):
    make_post(author=make_user("Henk de Vries"), title="Boodschappen doen")
    html = page(client, "/search?q=boodschap")
    assert "Henk de Vries" not in html and "<mark>Boodschappen</mark> doen" in html
    login(make_user())
    assert "Henk de Vries" in page(client, "/search?q=boodschap")


def test_nothing_found_offers_to_ask_for_help(client, make_post):
    make_post(title="Boodschappen", state=PostState.PENDING)
    html = page(client, "/search?q=boodschappen")
    assert "/requests/new" in html and "<mark>" not in html


def test_the_page_without_a_query_shows_the_form(client):
    html = page(client, "/search")
    assert 'name="q"' in html and "/requests/new" not in html


def test_filters_and_pages_keep_the_query(client, app, make_post):
    app.config["PAGE_SIZE"] = 2
    for i in range(3):
        make_post("offer", topic="tuin", title=f"Tuin {i}")
    make_post("request", topic="tuin", title="Tuin hulp")
    html = page(client, "/search?q=tuin&kind=offer&topic=tuin")
    assert "</mark> hulp" not in html and html.count("<mark>Tuin</mark>") == 2
    assert 'href="/search?page=2&amp;q=tuin&amp;kind=offer&amp;topic=tuin"' in html
    second = page(client, "/search?q=tuin&kind=offer&topic=tuin&page=2")
    assert "</mark> hulp" not in second and second.count("<mark>Tuin</mark>") == 1


def test_unknown_filters_and_pages_are_ignored(client, make_post):
    make_post(title="Tuin hulp")
    html = page(client, "/search?q=tuin&kind=x&topic=nope&neighbourhood=z&page=x")
    assert "<mark>Tuin</mark> hulp" in html


def test_a_lost_index_gives_a_clear_message(client, app, make_post):
    from tests.search.test_search import lose_index
    make_post(title="Tuin hulp")
    lose_index(app)
    page(client, "/search?q=tuin", status=503)
    assert client.get("/healthz").get_json() == {"status": "error", "database": "ok",
                                                 "search": "error"}


def test_every_page_has_the_search_box_in_the_header(client, topics):
    html = page(client, "/")
    assert 'role="search"' in html and 'for="site-search-q"' in html
    assert 'action="/search"' in html and 'method="get"' in html


def test_search_runs_a_small_fixed_number_of_statements(client, make_post, make_user, login,
                                                        count_queries, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    me = make_user(neighbourhood=oost)
    make_post(title="Fiets repareren")

    def statements():
        with count_queries() as queries:
            assert client.get("/search?q=fiets").status_code == 200
        return len(queries)
    few_visitor = statements()
    authors = [make_user(), make_user(neighbourhood=oost)]
    for i in range(30):
        make_post(title=f"Fiets {i}", author=authors[i % 2], age=timedelta(minutes=i),
                  topic=["tuin", "klussen", "vervoer"][i % 3])
    many_visitor = statements()
    login(me)
    as_resident = statements()
    assert few_visitor == many_visitor <= 4, (few_visitor, many_visitor)
    assert as_resident <= 8, as_resident
