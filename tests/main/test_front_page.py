"""The front page: for a visitor what this is, how to join and the newest of each kind of
sharing; for a resident their matches first, then what is new nearby. Light and sized."""
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from buurt.announcements import services as announcements
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.info import events, initiatives, places
from buurt.ops import demo
from buurt.ops.demo import people
from buurt.stories import services as stories
from tests.fixtures.english import client, text  # noqa: F401
from tests.uploads.media import jpeg_with_gps

NOW = datetime(2026, 11, 20, 11, 0, 0)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def section(page: str, title_id: str) -> str:
    return page.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def manager(make_manager):
    return make_manager("Mila")

@pytest.fixture
def neighbourhood_in_use(make_user, make_post, manager, topics):
    """One of every kind of sharing, by a resident called Bart."""
    bart = make_user("Bart", offer=["tuin"], language="en")
    make_post("request", author=bart, topic="klussen", title="Who fixes my door?")
    make_post("offer", author=bart, topic="computerhulp", title="I help with phones")
    place = places.create(manager, manager.neighbourhood, name="Community centre De Boei",
                          address="Dorpsstraat 1")
    initiative = initiatives.propose(bart, name="Repair Café", description="We repair.")
    initiatives.approve(initiative, manager)
    soon = NOW + timedelta(days=2)
    events.create_event(bart, title="Soup evening", body="We cook soup together.",
                        topic=topics["koken"], starts_at=soon,
                        ends_at=soon + timedelta(hours=2), place_id=place.id)
    announcements.create(manager, title="Bins collected on Tuesday",
                         body="The bins are collected on Tuesday this week, not Monday.")
    announcements.create(manager, title="Planned for next week",
                         body="This news is for next week at the community centre.",
                         publish_at=NOW + timedelta(days=7))
    photo = uploads.save_image(jpeg_with_gps(), bart)
    featured = stories.create(bart, title="A garden on our street",
                              body="Twelve neighbours planted flowers together.",
                              upload=photo)
    stories.feature(featured)
    stories.create(bart, title="The bench is back", body="The council put the bench back.")
    db.session.commit()
    return bart


def test_a_visitor_reads_what_this_is_how_to_join_and_the_newest_of_each_kind(
        client, neighbourhood_in_use):
    page = text(client.get("/"))
    assert "Neighbours helping neighbours" in page and "How to join" in page
    assert "Join your neighbourhood" in page and "/signup" in page
    assert "A garden on our street" in section(page, "featured-title")
    assert "Bins collected on Tuesday" in section(page, "news-title")
    assert "Planned for next week" not in page
    assert "Who fixes my door?" in section(page, "requests-title")
    assert "I help with phones" in section(page, "offers-title")
    assert "Soup evening" in section(page, "events-title")
    places_part = section(page, "places-title")
    assert "Community centre De Boei" in places_part and "Repair Café" in places_part
    assert "The bench is back" in section(page, "stories-title")
    # Names are for residents who are logged in.
    assert "Bart" not in page and "A neighbour" in page


def test_images_on_the_front_page_are_lazy_and_sized(client, neighbourhood_in_use):
    page = text(client.get("/"))
    images = re.findall(r"<img [^>]*>", page)
    assert images
    for img in images:
        assert 'loading="lazy"' in img and re.search(r'width="\d+"', img) \
            and re.search(r'height="\d+"', img) and "alt=" in img


def test_a_resident_sees_their_matches_first_then_what_is_new_nearby(
        client, make_user, make_post, login, neighbourhood_in_use, make_neighbourhood):
    far = make_neighbourhood("oost", ["1091"])
    make_post("request", author=make_user(neighbourhood=far), topic="tuin",
              title="Far away garden request")
    make_post("request", author=make_user(), topic="tuin", title="Mow my lawn on Friday")
    me = make_user("Ria", offer=["tuin"], language="en")
    login(me)
    page = text(client.get("/"))
    matches = section(page, "matches-title")
    assert "Mow my lawn on Friday" in matches and "Far away garden request" in matches
    assert page.index('id="matches-title"') < page.index("New in Centrum")
    nearby = page.split("New in Centrum", 1)[1]
    assert "Far away garden request" not in nearby
    assert "Who fixes my door?" in nearby and "Bins collected on Tuesday" in nearby
    # A match is not listed twice.
    assert "Mow my lawn on Friday" not in section(page, "requests-title")
    assert "Bart" in page                      # residents see names
    assert "How to join" not in page


def test_pinned_news_comes_first_on_the_front_page(client, manager, frozen_time):
    announcements.create(manager, title="Water off on Thursday",
                         body="The water is off on Thursday from 9:00 to 12:00.",
                         pinned_until=date(2026, 11, 26))
    for i, body in enumerate(["New benches stand by the pond in the park.",
                              "The library opens later on Wednesday morning.",
                              "Street party on Saturday afternoon in the square."]):
        frozen_time.move_to(NOW + timedelta(hours=i + 1))
        assert announcements.create(manager, title=f"Later news {i}", body=body).is_published
    db.session.commit()
    news = section(text(client.get("/")), "news-title")
    assert news.index("Water off on Thursday") < news.index("Later news 2")
    assert news.count("<article") == 3


def test_an_empty_site_still_says_what_to_do(client, topics):
    page = text(client.get("/"))
    assert "No news yet." in page and "No stories yet. Yours can be the first!" in page
    assert "No requests yet." in page and "No events planned yet." in page


def _measure(client, count_queries):
    with count_queries() as queries:
        response = client.get("/")
    assert response.status_code == 200
    css = sum(len(client.get(href).data) for href in
              re.findall(r'<link rel="stylesheet" href="([^"]+)"', text(response)))
    return len(response.data), css, len(queries)


def test_the_front_page_is_light_with_the_demo_data(app, client, count_queries, login):
    """Measured on the demo neighbourhood (`pytest ... -s` prints the numbers)."""
    demo.load()
    db.session.commit()
    visitor = _measure(client, count_queries)
    resident = db.session.scalar(db.select(demo.User).filter_by(email=people.email_for("anneke")))
    login(resident, password=people.DEMO_PASSWORD)
    logged_in = _measure(client, count_queries)
    for who, (html, css, statements) in (("visitor", visitor), ("resident", logged_in)):
        print(f"\nfront page as {who}: {html} bytes HTML + {css} bytes CSS = "
              f"{html + css} bytes; {statements} SQL statements")
    for html, css, statements in (visitor, logged_in):
        assert html + css < 40_000
        assert statements <= 8
