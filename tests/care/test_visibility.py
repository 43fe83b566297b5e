"""Care requests are for residents: a visitor sees at most that one exists (where the
neighbourhood allows it), never its words or author, and no link preview carries them."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from buurt.core import settings
from buurt.core.extensions import db
from buurt.manage import paper
from buurt.market import responses
from buurt.people.models import Membership, Role
from buurt.posts import sharing
from tests.fixtures.english import client, make_user, text  # noqa: F401

CARE_TITLE = "Mijn vader Jan (84) woont alleen"
CARE_BODY = "Wie doet op dinsdag de boodschappen voor vader Jan?"
HELP_TITLE = "Wie helpt met de heg?"
HELP_BODY = "De heg is te hoog, kom op dinsdag."
# What of the care request may never reach a visitor or a preview.
SECRETS = ("Mijn vader Jan", "vader Jan", "Ans de Vries", "boodschappen voor")


@pytest.fixture
def posts(make_user, make_post):
    daughter = make_user("Ans de Vries", language="en")
    neighbour = make_user("Henk Heggen", language="en")
    care = make_post("request", author=daughter, topic="zorg", need="care",
                     title=CARE_TITLE, body=CARE_BODY, for_whom="mijn vader Jan")
    help_request = make_post("request", author=neighbour, topic="tuin", title=HELP_TITLE,
                             body=HELP_BODY)
    return {"care": care, "help": help_request, "daughter": daughter}


def show_to_visitors(neighbourhood, on=True):
    settings.set_value(neighbourhood, "care_visible_to_visitors", on)
    db.session.commit()


def assert_no_secrets(page):
    for secret in SECRETS:
        assert secret not in page, secret


def login_link(post):
    return f'href="/login?next=/requests/{post.id}"'


@pytest.mark.parametrize("url", ["/requests", "/"])
def test_a_visitor_sees_no_care_request_when_the_setting_is_off(client, login, make_user,
                                                                posts, url):
    page = text(client.get(url))
    assert HELP_TITLE in page
    assert_no_secrets(page)
    assert "A care request in" not in page and login_link(posts["care"]) not in page
    # A resident sees it in full.
    login(make_user())
    page = text(client.get(url))
    assert CARE_TITLE in page and "Ans de Vries" in page and HELP_TITLE in page


@pytest.mark.parametrize("url", ["/requests", "/"])
def test_a_visitor_sees_only_that_it_exists_when_the_setting_is_on(client, posts, centrum,
                                                                   url):
    show_to_visitors(centrum)
    page = text(client.get(url))
    assert HELP_TITLE in page
    assert "A care request in Centrum" in page and login_link(posts["care"]) in page
    assert_no_secrets(page)


def test_the_neutral_line_is_dutch_for_a_dutch_visitor(app, posts, centrum):
    show_to_visitors(centrum)
    page = text(app.test_client().get("/requests"))
    assert "Een zorgvraag in Centrum" in page and "Log in om die te lezen." in page
    assert_no_secrets(page)


def test_the_setting_is_per_neighbourhood(client, make_user, make_post, make_neighbourhood,
                                          posts, centrum):
    oost = make_neighbourhood("oost", ["1091"])
    make_post("request", author=make_user("Olga", neighbourhood=oost), topic="zorg",
              need="care", title="Zorg voor mijn moeder in Oost")
    show_to_visitors(oost)
    page = text(client.get("/requests"))
    assert "A care request in Oost" in page and "A care request in Centrum" not in page
    assert "Zorg voor mijn moeder" not in page
    assert_no_secrets(page)
    # And the other way round.
    show_to_visitors(oost, on=False)
    show_to_visitors(centrum)
    page = text(client.get("/requests"))
    assert "A care request in Oost" not in page and "A care request in Centrum" in page


@pytest.mark.parametrize("shown", [False, True], ids=["setting off", "setting on"])
def test_search_never_finds_a_care_request_for_a_visitor(client, login, make_user, posts,
                                                         centrum, shown):
    """On either backend: Whoosh on SQLite, PostgreSQL's own search on PostgreSQL."""
    show_to_visitors(centrum, shown)
    for q in ("dinsdag", "vader", "zorgvraag"):
        page = text(client.get(f"/search?q={q}"))
        assert_no_secrets(page)
        assert f"/requests/{posts['care'].id}" not in page
    assert f'href="/requests/{posts["help"].id}"' in text(client.get("/search?q=dinsdag"))
    login(make_user())
    page = text(client.get("/search?q=dinsdag"))
    assert f'href="/requests/{posts["care"].id}"' in page
    assert f'href="/requests/{posts["help"].id}"' in page
    assert "Ans de Vries" in page


def test_search_leaves_out_a_care_request_an_old_index_still_offers(app, client, posts):
    """An index written before the rule holds the care request for everyone (until
    `buurt reindex`): the page still keeps it from visitors."""
    from buurt.core.search import sources
    care = posts["care"]
    document = sources.SOURCES["post"].document(care)
    document["audience"] = sources.PUBLIC
    backend = app.extensions["buurt_search"]
    if getattr(backend, "transactional", False):
        backend.apply([document], [], connection=db.session.connection())
        db.session.commit()
    else:
        backend.apply([document], [])
    page = text(client.get("/search?q=vader"))
    assert_no_secrets(page)
    assert f"/requests/{care.id}" not in page
    assert f'href="/requests/{posts["help"].id}"' in text(client.get("/search?q=dinsdag"))


@pytest.mark.parametrize("shown", [False, True], ids=["setting off", "setting on"])
def test_a_visitor_who_opens_a_care_request_logs_in_first(client, login, make_user, posts,
                                                          centrum, shown):
    show_to_visitors(centrum, shown)
    care = posts["care"]
    for path in (f"/requests/{care.id}", f"/requests/{care.id}/schedule"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == f"/login?next=%2Frequests%2F{care.id}" + (
            "%2Fschedule" if path.endswith("schedule") else "")
    # A help request stays public.
    assert client.get(f"/requests/{posts['help'].id}").status_code == 200
    login(make_user())
    for path in (f"/requests/{care.id}", f"/requests/{care.id}/schedule"):
        response = client.get(path)
        assert response.status_code == 200 and CARE_TITLE in text(response)


def meta(page: str) -> dict:
    """The head's link-preview tags by name, the meta description and the <title>."""
    head = page.split("</head>")[0]
    found = {unescape(name): unescape(value) for name, value in re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+|description)" content="([^"]*)">',
        head)}
    found["title"] = unescape(re.search(r"<title>(.*?)</title>", head).group(1))
    return found


def share_texts(page: str) -> list[str]:
    """What the share links send along: every query value of every link in the panel."""
    section = re.search(r'<section class="share".*?</section>', page, re.S).group(0)
    values = []
    for href in re.findall(r'href="([^"]+)"', section):
        for found in parse_qs(urlsplit(unescape(href)).query).values():
            values += found
    return values


def test_link_previews_and_share_links_of_a_care_request_are_neutral(client, login,
                                                                      make_user, posts):
    """Also for a resident, who reads it all on the page: a link goes outside."""
    login(make_user())
    care_page = text(client.get(f"/requests/{posts['care'].id}"))
    assert CARE_TITLE in care_page.split("</head>")[1]       # the page itself shows it
    care = meta(care_page)
    assert care["og:title"] == care["twitter:title"] == "Care request on Buurt"
    assert (care["og:description"] == care["twitter:description"] == care["description"]
            == "A care request in Centrum. Log in to read it.")
    assert care["title"] == "Care request · Buurt"
    assert_no_secrets(care_page.split("</head>")[0])
    shared = share_texts(care_page)
    assert any("Care request on Buurt" in value for value in shared)
    assert not any(secret in value for value in shared for secret in SECRETS)
    # A help request's preview tells what it is about.
    help_page = text(client.get(f"/requests/{posts['help'].id}"))
    found = meta(help_page)
    assert found["og:title"] == found["twitter:title"] == HELP_TITLE
    assert found["og:description"] == found["description"] == HELP_BODY
    assert found["title"] == f"{HELP_TITLE} · Buurt"
    assert any(HELP_TITLE in value for value in share_texts(help_page))


def test_the_care_schedule_has_a_neutral_preview_too(client, login, posts):
    login(posts["daughter"])
    page = text(client.get(f"/requests/{posts['care'].id}/schedule"))
    assert CARE_TITLE in page.split("</head>")[1]
    found = meta(page)
    assert found["og:title"] == "Care request on Buurt"
    assert found["title"] == "Care schedule · Buurt"
    assert_no_secrets(page.split("</head>")[0])


def test_managers_cannot_put_a_care_request_on_the_list_to_share(client, login, make_user,
                                                                 posts, centrum):
    manager = make_user("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=centrum, role=Role.MANAGER))
    db.session.commit()
    login(manager)
    care, help_request = posts["care"], posts["help"]
    assert f"/manage/share/{care.id}/mark" not in text(client.get(f"/requests/{care.id}"))
    assert f"/manage/share/{help_request.id}/mark" in text(
        client.get(f"/requests/{help_request.id}"))
    client.post(f"/manage/share/{care.id}/mark", data={"next": "/manage/share"})
    client.post(f"/manage/share/{help_request.id}/mark", data={"next": "/manage/share"})
    db.session.expire_all()
    assert care.share_marked_at is None and help_request.share_marked_at is not None
    with pytest.raises(sharing.SharingError):
        sharing.mark(care, None)


def test_a_request_that_becomes_a_care_request_leaves_the_list_to_share(posts):
    from buurt.core import clock
    from buurt.posts import services
    help_request = posts["help"]
    help_request.share_marked_at = clock.now()
    services.update(help_request, title=HELP_TITLE, need="care")
    assert help_request.share_marked_at is None


@pytest.mark.parametrize("shown", [False, True], ids=["setting off", "setting on"])
def test_the_paper_prints_a_care_request_only_as_a_neutral_line(posts, centrum, shown):
    from buurt.core import clock
    show_to_visitors(centrum, shown)
    sheet = paper.weekly(centrum, clock.today(), clock.now())
    titles = [entry.title for entry in sheet.requests.entries]
    assert HELP_TITLE in titles
    printed = " ".join(f"{entry.title} {entry.text}" for entry in sheet.requests.entries)
    assert_no_secrets(printed)
    neutral = "Een zorgvraag in Centrum. Log in om die te lezen."    # printed in Dutch
    assert (neutral in titles) is shown
    assert len(titles) == (2 if shown else 1)


def test_a_thank_you_for_care_does_not_make_its_title_public(client, posts, make_user,
                                                             make_post):
    """The story names the kind of help; a thank-you for a help request keeps its title."""
    from buurt.stories.models import Story
    helper = make_user("Henk")
    for request in (posts["care"], posts["help"]):
        response = responses.respond(request, helper, "Ik help graag.")
        responses.accept(response, request.author)
        responses.mark_done(response, request.author)
        responses.thank(response, request.author, "Dank je wel, Henk!", share_publicly=True)
    db.session.commit()
    assert sorted(db.session.scalars(db.select(Story.title))) == sorted(
        [HELP_TITLE, "help with a care request"])
    page = text(client.get("/stories"))
    assert "Thank you: help with a care request" in page
    assert f"Thank you: {HELP_TITLE}" in page
    assert_no_secrets(page)


def test_visitors_lists_run_no_statement_more_for_care_requests(client, count_queries,
                                                               make_user, make_post,
                                                               centrum, posts):
    """The setting is read inside the list's own statement, whatever it says and however
    many care requests there are."""
    def statements(url):
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = ["/", "/requests", "/search?q=dinsdag"]
    off = {url: statements(url) for url in pages}
    show_to_visitors(centrum)
    on = {url: statements(url) for url in pages}
    author = make_user()
    for i in range(25):
        make_post("request", author=author, topic="zorg", need="care", title=f"Zorg {i}",
                  body="Op dinsdag graag.")
    many = {url: statements(url) for url in pages}
    assert off == on and all(many[url] <= on[url] for url in pages), (off, on, many)
