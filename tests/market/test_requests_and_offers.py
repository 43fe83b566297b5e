"""Requests and offers through the routes: lists, detail, new, edit, withdraw."""
import html
import re
from datetime import timedelta

import pytest

from buurt.core import clock
from buurt.core.extensions import db
from buurt.market.models import Offer, Request
from buurt.posts.models import PostState

NEW_REQUEST = {"title": "Wie helpt met de heg?", "body": "Zaterdagochtend, Lindengracht.",
               "topic": "tuin", "need": "help", "urgency": "week", "needed_by": ""}


def test_visitors_see_requests_without_names_residents_with(client, make_user, make_post,
                                                           login):
    author = make_user(name="Henk Mulder")
    post = make_post("request", author=author, title="Boodschappen op dinsdag")
    for url in ("/requests", f"/requests/{post.id}", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "Boodschappen op dinsdag" in page
        assert "Henk Mulder" not in page, url
    login(make_user())
    for url in ("/requests", f"/requests/{post.id}", "/"):
        assert "Henk Mulder" in client.get(url).get_data(as_text=True), url


def test_list_shows_own_neighbourhood_newest_first_and_filters_by_topic(
        client, make_user, make_post, make_neighbourhood, login):
    oost = make_neighbourhood("oost", ["1091"])
    old = make_post("request", topic="tuin", title="Oude tuinvraag", age=timedelta(days=3))
    new = make_post("request", topic="koken", title="Nieuwe kookvraag")
    make_post("request", topic="tuin", title="Vraag uit Oost",
              author=make_user(neighbourhood=oost))
    login(make_user())
    page = client.get("/requests").get_data(as_text=True)
    assert page.index(new.title) < page.index(old.title)
    assert "Vraag uit Oost" not in page
    page = client.get("/requests?topic=tuin").get_data(as_text=True)
    assert old.title in page and new.title not in page
    page = client.get("/requests?neighbourhood=oost").get_data(as_text=True)
    assert "Vraag uit Oost" in page and old.title not in page


def test_list_pages_link_older_and_newer(client, make_post, app):
    app.config["PAGE_SIZE"] = 3
    made = [make_post("offer", title=f"Aanbod nummer {i}", age=timedelta(minutes=i))
            for i in range(5)]
    first = client.get("/offers").get_data(as_text=True)
    assert made[2].title in first and made[3].title not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get(_link(first, "next")).get_data(as_text=True)
    assert made[3].title in second and made[4].title in second and made[0].title not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def _link(page, rel):
    match = re.search(r'<a href="([^"]+)" rel="%s">' % rel, page)
    return html.unescape(match.group(1))


def test_resident_posts_a_request_and_lands_on_its_page(client, make_user, login):
    login(make_user())
    response = client.post("/requests/new", data=NEW_REQUEST)
    post = db.session.scalar(db.select(Request))
    assert response.status_code == 302 and response.location.endswith(f"/requests/{post.id}")
    assert post.is_published and post.topic.slug == "tuin" and post.urgency == "week"
    page = client.get(response.location).get_data(as_text=True)
    assert "Wie helpt met de heg?" in page and "Je hulpvraag staat online" in page


def test_a_care_request_is_shown_as_such(client, make_user, login):
    login(make_user())
    page = client.get("/requests/new").get_data(as_text=True)
    assert "Help mij mijn zorg te regelen" in page      # the example in the help text
    client.post("/requests/new", data={**NEW_REQUEST, "need": "care"})
    post = db.session.scalar(db.select(Request))
    assert post.is_care
    assert "Zorgvraag" in client.get(f"/requests/{post.id}").get_data(as_text=True)


def test_resident_posts_an_offer(client, make_user, login):
    login(make_user())
    response = client.post("/offers/new", data={
        "title": "Ik repareer fietsen", "body": "Op zaterdag.", "topic": "klussen"})
    offer = db.session.scalar(db.select(Offer))
    assert response.location.endswith(f"/offers/{offer.id}")
    assert db.session.scalar(db.select(db.func.count(Request.id))) == 0


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Schrijf een korte titel."),
    ("title", "Hoi", "Gebruik tussen 5 en 140 tekens."),
    ("body", "", "Vertel je buren iets meer."),
    ("topic", "", "Kies een onderwerp."),
    ("topic", "ruimtevaart", "Kies uit de lijst."),
    ("need", "geld", "Kies uit de lijst."),
    ("urgency", "gisteren", "Kies uit de lijst."),
    ("needed_by", "12-03-2030", "Schrijf de datum zo: 2026-03-12."),
    ("needed_by", "2020-01-01", "Deze datum is al voorbij."),
])
def test_bad_request_input_keeps_what_was_typed(client, make_user, login, field, value,
                                                message):
    login(make_user())
    data = {**NEW_REQUEST, field: value}
    response = client.post("/requests/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    if field != "title":
        assert 'value="Wie helpt met de heg?"' in page
    if field != "body":
        assert "Zaterdagochtend, Lindengracht." in page
    assert db.session.scalar(db.select(db.func.count(Request.id))) == 0


def test_needed_by_today_is_fine_and_shown(client, make_user, login):
    login(make_user())
    today = clock.today().isoformat()
    response = client.post("/requests/new", data={**NEW_REQUEST, "needed_by": today})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Request)).needed_by == clock.today()


def test_unknown_ids_and_wrong_kinds_are_404(client, make_post, topics):
    offer = make_post("offer")
    assert client.get("/requests/999999").status_code == 404
    assert client.get(f"/requests/{offer.id}").status_code == 404
    assert client.get(f"/offers/{offer.id}").status_code == 200
    assert "We kunnen deze pagina niet vinden" in client.get("/offers/0").get_data(as_text=True)


def test_only_the_author_edits(client, make_user, make_post, login):
    author, other = make_user(), make_user()
    post = make_post("request", author=author, title="Oude titel")
    login(other)
    assert client.get(f"/requests/{post.id}/edit").status_code == 403
    assert client.post(f"/requests/{post.id}/edit", data=NEW_REQUEST).status_code == 403
    assert client.post(f"/requests/{post.id}/withdraw").status_code == 403
    assert "Wijzigen" not in client.get(f"/requests/{post.id}").get_data(as_text=True)
    client.post("/logout")
    login(author)
    assert "Wijzigen" in client.get(f"/requests/{post.id}").get_data(as_text=True)
    page = client.get(f"/requests/{post.id}/edit").get_data(as_text=True)
    assert 'value="Oude titel"' in page
    response = client.post(f"/requests/{post.id}/edit", data=NEW_REQUEST)
    assert response.location.endswith(f"/requests/{post.id}")
    db.session.refresh(post)
    assert post.title == "Wie helpt met de heg?" and post.topic.slug == "tuin"


def test_author_withdraws_and_it_leaves_the_lists(client, make_user, make_post, login):
    author = make_user()
    post = make_post("offer", author=author, title="Oppas op woensdag")
    login(author)
    assert client.get(f"/offers/{post.id}/withdraw").status_code == 405
    response = client.post(f"/offers/{post.id}/withdraw")
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.is_withdrawn
    assert "Oppas op woensdag" not in client.get("/offers").get_data(as_text=True)
    assert "Je hebt dit ingetrokken" in client.get(f"/offers/{post.id}").get_data(as_text=True)
    assert client.post(f"/offers/{post.id}/withdraw").status_code == 403   # not twice
    client.post("/logout")
    assert client.get(f"/offers/{post.id}").status_code == 404


@pytest.mark.parametrize("state", [PostState.PENDING, PostState.REMOVED, PostState.HIDDEN])
def test_unpublished_posts_are_for_their_author_only(client, make_user, make_post, login,
                                                      state):
    author = make_user()
    post = make_post("request", author=author, state=state, title="Nog niet zichtbaar")
    published = make_post("request", title="Wel zichtbaar")
    assert client.get(f"/requests/{post.id}").status_code == 404
    assert client.get(f"/requests/{published.id}").status_code == 200
    assert "Nog niet zichtbaar" not in client.get("/requests").get_data(as_text=True)
    login(author)
    assert client.get(f"/requests/{post.id}").status_code == 200
