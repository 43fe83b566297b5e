"""Sharing outward: link previews on every public page, share links that load nothing from
elsewhere, and the managers' list of posts to share on their own channels."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from buurt.core.extensions import db
from buurt.people.models import Membership, Role
from buurt.posts import sharing
from buurt.posts.models import PostState
from tests.e2e.test_pages import EXAMPLES, NOT_HTML, crawl_data, get_pages  # noqa: F401
from tests.manage.conftest import text

BASE_URL = "https://buurt.example.nl"


@pytest.fixture
def app_settings():
    return {"BASE_URL": BASE_URL}


def meta(page: str) -> dict:
    """The page's link-preview metadata: og:* and twitter:* by name, and the canonical."""
    head = page.split("</head>")[0]
    found = {unescape(name): unescape(value) for name, value in re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" content="([^"]*)">', head)}
    canonical = re.search(r'<link rel="canonical" href="([^"]*)">', head)
    found["canonical"] = unescape(canonical.group(1)) if canonical else None
    description = re.search(r'<meta name="description" content="([^"]*)">', head)
    found["description"] = unescape(description.group(1)) if description else None
    return found


def test_every_public_page_has_a_link_preview(app, client, crawl_data):  # noqa: F811
    """Every GET page a visitor can open: an Open Graph title, description and URL."""
    checked, problems = [], []
    for endpoint, rule in get_pages(app):
        if endpoint in NOT_HTML or (rule.arguments and endpoint not in EXAMPLES):
            continue                      # (the browser crawl asks for their examples)
        kwargs = EXAMPLES[endpoint](crawl_data) if rule.arguments else {}
        with app.test_request_context():
            from flask import url_for
            path = url_for(endpoint, **kwargs, _external=False)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue                      # not public: a log-in, a 403 or a 404
        checked.append(endpoint)
        found = meta(text(response))
        url = BASE_URL + urlsplit(path).path
        for key in ("og:title", "og:description", "twitter:card", "twitter:title"):
            if not found.get(key, "").strip():
                problems.append(f"{path}: no {key}")
        if found.get("og:url") != url or found.get("canonical") != url:
            problems.append(f"{path}: og:url {found.get('og:url')!r}, expected {url!r}")
        title = re.search(r"<title>(.*?) · Buurt</title>", text(response)).group(1)
        if found.get("og:title") != unescape(title):
            problems.append(f"{path}: og:title {found.get('og:title')!r} is not the title")
    assert not problems, "\n".join(problems)
    # The public pages are really among them (a visitor sees these without logging in).
    for endpoint in ("main.home", "market.request_detail", "market.offer_detail",
                     "info.event_detail", "info.place_detail", "info.initiative_detail",
                     "market.request_list", "search.results", "stories.detail",
                     "announcements.detail", "ideas.idea_detail", "decide.round_detail",
                     "lend.item_detail"):
        assert endpoint in checked


def test_a_requests_preview_tells_its_text_but_never_who_asked(client, login, make_user,
                                                                make_post):
    author = make_user("Henrietta Zonneveld")
    post = make_post("request", author=author, title="Wie helpt met de heg?",
                     body="De heg is te hoog geworden.\nIk heb geen ladder.",
                     for_whom="mijn buurvrouw Joke")
    for logged_in in (False, True):
        if logged_in:
            login(make_user())
        page = text(client.get(f"/requests/{post.id}"))
        found = meta(page)
        assert found["og:title"] == "Wie helpt met de heg?"
        assert found["og:description"] == "De heg is te hoog geworden. Ik heb geen ladder."
        assert found["og:type"] == "article"
        assert found["og:url"] == f"{BASE_URL}/requests/{post.id}"
        head = page.split("</head>")[0]
        assert "Henrietta" not in head and "Zonneveld" not in head and "Joke" not in head
    assert "Henrietta" in page      # the page itself names her to a resident


def test_share_links_load_nothing_from_elsewhere(client, make_post):
    post = make_post("offer", title="Ik maai gazons & heggen")
    page = text(client.get(f"/offers/{post.id}"))
    url = f"{BASE_URL}/offers/{post.id}"
    section = re.search(r'<section class="share".*?</section>', page, re.S).group(0)
    links = {unescape(href) for href in re.findall(r'href="([^"]+)"', section)}
    whatsapp = next(link for link in links if link.startswith("https://wa.me/"))
    assert parse_qs(urlsplit(whatsapp).query)["text"] == [f"Ik maai gazons & heggen {url}"]
    facebook = next(link for link in links if "facebook.com/sharer" in link)
    assert parse_qs(urlsplit(facebook).query)["u"] == [url]
    x = next(link for link in links if link.startswith("https://x.com/intent/post"))
    assert parse_qs(urlsplit(x).query) == {"text": ["Ik maai gazons & heggen"], "url": [url]}
    mail = next(link for link in links if link.startswith("mailto:"))
    assert parse_qs(urlsplit(mail).query)["body"] == [url]
    # Copy the link without JavaScript: a read-only box with the address, and a label.
    assert f'<input type="url" id="share-url" value="{url}" readonly>' in section
    assert '<label for="share-url">' in section
    assert "<script" not in page and "<iframe" not in page
    # A visitor gets no button to put it on the managers' list.
    assert "/manage/share/" not in page


SHARED_PAGES = {"event": "/events/{event}", "place": "/places/{place}",
                "initiative": "/initiatives/{initiative}", "story": "/stories/{story}",
                "announcement": "/announcements/{announcement}", "idea": "/ideas/{idea}",
                "round": "/decide/{round}", "item": "/lend/{item}"}


@pytest.mark.parametrize("kind", sorted(SHARED_PAGES))
def test_public_pages_of_every_kind_have_share_links(client, crawl_data, kind):  # noqa: F811
    path = SHARED_PAGES[kind].format(**{kind: crawl_data[kind].id})
    page = text(client.get(path))
    assert f'value="{BASE_URL}{path}" readonly' in page
    assert "https://wa.me/?text=" in page
    assert meta(page)["og:url"] == BASE_URL + path


def test_a_storys_photo_is_its_preview_image(client, login, crawl_data):  # noqa: F811
    story = crawl_data["story"]
    found = meta(text(client.get(f"/stories/{story.id}")))
    assert found["og:image"] == f"{BASE_URL}/media/{story.upload.name}"
    assert found["twitter:card"] == "summary_large_image"
    # A page without a photo has no preview image, and the small card.
    found = meta(text(client.get(f"/announcements/{crawl_data['announcement'].id}")))
    assert "og:image" not in found and found["twitter:card"] == "summary"


def test_a_post_that_is_not_online_has_no_share_links(client, login, make_user, make_post):
    author = make_user()
    post = make_post("request", author=author, state=PostState.PENDING)
    login(author)
    page = text(client.get(f"/requests/{post.id}"))
    assert post.title in page and 'id="share-url"' not in page


def test_summaries_are_one_line_and_cut_at_a_word():
    assert sharing.summary("  Een\n\ntekst  ") == "Een tekst"
    long = "woord " * 60
    cut = sharing.summary(long, 40)
    assert cut.endswith("…") and len(cut) <= 40 and "  " not in cut
    assert cut[:-1].split(" ")[-1] == "woord"
    assert sharing.summary(None) == ""


# --- share on our channels --------------------------------------------------------------------

@pytest.fixture
def mila(person, centrum):
    manager = person("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=centrum, role=Role.MANAGER))
    db.session.commit()
    return manager


def test_a_manager_marks_a_post_and_gets_a_text_to_paste(client, login, mila, make_user,
                                                         make_post):
    author = make_user("Henrietta Zonneveld")
    post = make_post("request", author=author, title="Wie helpt met de heg?",
                     body="De heg is te hoog. " * 30)
    login(mila)
    detail = text(client.get(f"/requests/{post.id}"))
    assert f'action="/manage/share/{post.id}/mark"' in detail
    response = client.post(f"/manage/share/{post.id}/mark",
                           data={"next": f"/requests/{post.id}"})
    assert response.headers["Location"] == f"/requests/{post.id}"
    assert f'action="/manage/share/{post.id}/unmark"' in text(client.get(f"/requests/{post.id}"))

    page = text(client.get("/manage/share"))
    pasted = unescape(re.search(r'<textarea id="paste-%d"[^>]*>(.*?)</textarea>' % post.id,
                                page, re.S).group(1))
    title, short, link = pasted.split("\n\n")
    assert title == "Wie helpt met de heg?"
    assert short.startswith("De heg is te hoog.") and short.endswith("…")
    assert len(short) <= sharing.PASTE_LENGTH
    assert link == f"{BASE_URL}/requests/{post.id}"
    assert "Henrietta" not in page

    client.post(f"/manage/share/{post.id}/unmark")
    assert f"paste-{post.id}" not in text(client.get("/manage/share"))


def test_an_events_text_says_when_it_is(client, login, mila, crawl_data):  # noqa: F811
    login(mila)
    event = crawl_data["event"]
    client.post(f"/manage/share/{event.id}/mark")
    page = unescape(text(client.get("/manage/share")))
    pasted = re.search(r'<textarea id="paste-%d"[^>]*>(.*?)</textarea>' % event.id, page,
                       re.S).group(1)
    assert pasted.split("\n\n")[0] == "Soup evening"
    assert re.match(r"\w+ \d+ \w+ 2026, \d\d:\d\d$", pasted.split("\n\n")[1])


def test_only_posts_that_are_online_can_be_marked_or_stay_on_the_list(client, login, mila,
                                                                      make_post):
    held = make_post("request", state=PostState.PENDING)
    login(mila)
    client.post(f"/manage/share/{held.id}/mark")
    assert text(client.get("/manage/share")).count("<textarea") == 0
    assert db.session.get(type(held), held.id).share_marked_at is None

    post = make_post("offer")
    client.post(f"/manage/share/{post.id}/mark")
    assert f"paste-{post.id}" in text(client.get("/manage/share"))
    post = db.session.get(type(post), post.id)
    post.state = PostState.REMOVED
    db.session.commit()
    assert f"paste-{post.id}" not in text(client.get("/manage/share"))


def test_residents_do_not_get_the_button(client, login, make_user, make_post):
    post = make_post("offer")
    login(make_user())
    assert "/manage/share/" not in text(client.get(f"/offers/{post.id}"))
