"""The neighbourhood paper in the browser: accessible on screen, and printed it is one or
two A4 pages with the posts and without the site's menu, the form or who wrote them."""
import io
from datetime import timedelta

import pypdf
import pytest

from buurt.core import clock
from buurt.core.extensions import db
from buurt.ideas.models import Idea, IdeaStatus
from buurt.info.models import Event
from buurt.lend.models import Item
from buurt.manage import paper
from buurt.market.models import Offer, Request
from buurt.stories.models import Story
from tests.e2e.test_ambassador import A4, pdf_page_sizes
from tests.e2e.test_pages import check_page, crawl_data  # noqa: F401

BODY = ("We zoeken iemand die een uurtje wil helpen. Het is vlakbij het buurthuis en je "
        "krijgt koffie. Bel gerust aan, of stuur een bericht via de website.")


@pytest.fixture
def manager(make_manager):
    return make_manager("Mila Beheer", email="mila@example.com")

@pytest.fixture
def normal_week(make_user, centrum, topics):
    """A busy but normal week in Centrum: a few of everything, with texts of some length."""
    author = make_user("Gerda Geheimnaam", email="gerda@example.com")
    author.street = "Lindengracht"
    now = clock.now()
    week_start = paper.monday_of(clock.today())
    posts = []

    def add(cls, title, **fields):
        fields.setdefault("created_at", now - timedelta(minutes=len(posts)))
        posts.append(cls(author=author, neighbourhood=centrum, title=title, body=BODY,
                         topic=topics["klussen"], **fields))

    for n in range(6):
        add(Request, f"Help gezocht nummer {n}", need="help", urgency="any")
    for n in range(5):
        add(Offer, f"Ik help graag nummer {n}")
    for n in range(4):
        starts = clock.now() + timedelta(days=1 + n * 2)
        add(Event, f"Buurtactiviteit {n}", starts_at=starts,
            ends_at=starts + timedelta(hours=2), address="Buurthuis, Dorpsstraat 1")
    for n in range(3):
        add(Item, f"Te leen nummer {n}")
    for n in range(2):
        add(Idea, f"Nieuw idee {n}", status=IdeaStatus.NEW, support_count=0)
    for n in range(3):
        add(Idea, f"Oud idee {n}", status=IdeaStatus.DISCUSSION, support_count=5 + n,
            created_at=clock.now() - timedelta(days=40))
    add(Story, "Onze straat heeft weer een tuin", featured_at=now,
        created_at=now - timedelta(days=20))
    db.session.add_all(posts)
    db.session.commit()
    return {"week_start": week_start, "titles": [p.title for p in posts]}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_normal_week_prints_on_one_or_two_a4_pages(new_context, log_in, manager,
                                                      normal_week, axe_problems):
    context = new_context()
    log_in(context, manager)
    page = context.new_page()
    page.goto(f"/manage/paper?week={normal_week['week_start']}")
    # On screen: one h1, axe finds nothing, the form and the print hint are there.
    assert check_page(page, page.url, axe_problems) == []
    assert page.get_by_label("Week", exact=True).is_visible()
    assert page.get_by_text("Use your browser's print button").is_visible()

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_label("Week", exact=True).is_visible()
    assert page.locator(".paper svg").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = pdf_page_sizes(pdf)
    assert 1 <= len(sizes) <= 2 and set(sizes) == {A4}, sizes

    printed = " ".join(pdf_text(pdf).split())
    for title in ("Help gezocht nummer 0", "Buurtactiviteit 3", "Te leen nummer 2",
                  "Oud idee 2", "Onze straat heeft weer een tuin", "News from Centrum"):
        assert title in printed
    for not_printed in ("Skip to the content", "Log out", "Dashboard", "Show",
                        "print button", "Choose any day", "Gerda", "Geheimnaam",
                        "gerda@example.com", "Lindengracht", "Mila"):
        assert not_printed not in printed


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_crawls_paper_has_content(new_context, log_in, live_server, crawl_data,  # noqa: F811
                                      axe_problems, who):
    context = new_context(locale="nl-NL")
    log_in(context, crawl_data[who])
    page = context.new_page()
    assert check_page(page, live_server.url_for("manage.paper"), axe_problems) == []
    for title in ("My e-mail is stuck", "I mow lawns", "Soup evening", "Drill with bits",
                  "A bench by the playground", "Our street has a garden again"):
        assert page.locator(".paper").get_by_text(title).count() == 1, title
