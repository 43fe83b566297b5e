"""Every demo account opens every page it can reach by a link, and none answers 5xx.

The demo data is what a new resident, manager or ambassador sees first (`make run`), so a
page that crashes for one of its accounts (a finished response, a care schedule, a queue
with held posts) must fail the suite, not the first visit.
"""
import pytest

from buurt.core.extensions import db
from buurt.ops import demo
from buurt.ops.demo import people
from buurt.people.models import User
from tests.fixtures.crawl import crawl

ACCOUNTS = ([key for _name, key, *_rest in people.RESIDENTS]
            + [key for _name, key, _role in people.STAFF])


@pytest.fixture
def demo_site(app):
    assert demo.load()
    db.session.commit()
    return app


def test_every_demo_account_opens_every_page_it_links_to(demo_site, client):
    failures = {}
    reached = {}
    for key in ACCOUNTS:
        email = people.email_for(key)
        assert db.session.scalar(db.select(User).filter_by(email=email)) is not None, email
        response = client.post("/login", data={"email": email, "password": people.DEMO_PASSWORD})
        assert response.status_code == 302, f"{email} cannot log in"
        statuses = crawl(client)
        reached[key] = len(statuses)
        failures.update({f"{key} {url}": status for url, status in statuses.items()
                         if status >= 500})
        assert client.post("/logout").status_code == 302
    assert not failures, failures
    # The crawl really walked the site: each account reached its own pages and many more.
    assert min(reached.values()) > 40, reached


def test_the_crawl_sees_a_crash(app, client):
    """The crawl reports a page that answers 500 (a positive control for the test above)."""
    @app.route("/broken-for-the-crawl")
    def broken():
        raise RuntimeError("a page that crashes")

    @app.route("/start-of-the-crawl")
    def start():
        return '<a href="/broken-for-the-crawl">x</a><a href="https://elsewhere.test/">y</a>'

    app.config["PROPAGATE_EXCEPTIONS"] = False
    statuses = crawl(client, "/start-of-the-crawl")
    assert statuses == {"/start-of-the-crawl": 200, "/broken-for-the-crawl": 500}


def test_my_help_offers_the_thank_you_for_a_finished_response(demo_site, client):
    """Anneke's DigiD request was done by Sanne: /mine offers to thank her."""
    response = client.post("/login", data={"email": people.email_for("anneke"),
                                           "password": people.DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/mine")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form method="post" action="/responses/' in html and '/thanks">' in html
    assert 'name="share_publicly"' in html
