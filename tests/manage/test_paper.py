"""The neighbourhood paper: what a week holds, what it never prints, the caps, the week and
neighbourhood chosen, and who may print it.

NOW is Friday 20 November 2026, in ISO week 47: Monday 16 to Sunday 22 November. The week
starts at Monday 00:00 in Amsterdam, which is Sunday 15 November 23:00 UTC (winter time).
"""
from datetime import date, datetime, timedelta

import pytest

from buurt.core import clock
from buurt.core.extensions import db
from buurt.ideas.models import Idea, IdeaStatus
from buurt.info.models import Event
from buurt.lend.models import Item
from buurt.manage import paper
from buurt.market.models import Offer, Request
from buurt.moderation import suspensions
from buurt.people.models import Membership, Role
from buurt.posts.models import PostState
from buurt.stories.models import Story
from tests.manage.conftest import NOW, add_post, text

MONDAY = date(2026, 11, 16)
WEEK_START_UTC = datetime(2026, 11, 15, 23, 0)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, in UTC."""
    return datetime(2026, 11, day, hour, minute)


def titles(section) -> list[str]:
    return [entry.title for entry in section.entries]


@pytest.fixture
def bert(person, centrum):
    """A resident with everything the paper must never print."""
    user = person("Bert Geheimnaam", email="bert.prive@example.com", neighbourhood=centrum)
    user.street = "Lindengracht"
    db.session.commit()
    return user


@pytest.fixture
def week(bert, person, topics, make_neighbourhood, manager_of, centrum):
    """Posts of week 47 in Centrum, and posts that must stay out of its paper."""
    t = topics
    posts = {}

    def add(key, cls, created, **fields):
        fields.setdefault("author", bert)
        posts[key] = add_post(cls, created=created, title=fields.pop("title", key), **fields)

    # In the week: the first minutes of Monday (Dutch time) and Friday morning.
    add("Boodschappen op maandag", Request, WEEK_START_UTC + timedelta(minutes=30),
        topic=t["boodschappen"], body="Wie haalt er melk en brood voor mij?")
    add("Ik repareer fietsen", Offer, at(20, 9), topic=t["klussen"])
    add("Ladder te leen", Item, at(18, 10), topic=t["klussen"])
    add("Bankje bij de speeltuin", Idea, at(17, 15), status=IdeaStatus.NEW,
        support_count=0)
    add("Soepavond", Event, at(3, 10), body="We koken samen soep.",
        starts_at=at(21, 17), ends_at=at(21, 19), address="Buurthuis, Dorpsstraat 1")
    # Events of the second week are in; after the two weeks, or over already, are not.
    add("Burendag", Event, at(1, 10), starts_at=at(29, 19), ends_at=at(29, 21))
    add("Kerstmarkt", Event, at(1, 10), starts_at=at(30, 10), ends_at=at(30, 12))
    add("Koffie op maandag", Event, at(1, 10), starts_at=at(16, 9), ends_at=at(16, 10))
    # Just before the week (Sunday 23:30 Dutch time) and the week after.
    add("Hulp op zondagavond", Request, WEEK_START_UTC - timedelta(minutes=30))
    add("Volgende week gezocht", Request, at(23, 9))
    # Not online: held, removed, closed, paused, and hidden with a suspended author.
    add("Vastgehouden vraag", Request, at(17, 9), state=PostState.PENDING)
    add("Verwijderd aanbod", Offer, at(17, 9), state=PostState.REMOVED)
    add("Al geholpen", Request, at(17, 9), state=PostState.CLOSED, closed_reason="done")
    add("Gepauzeerde boor", Item, at(17, 9), state=PostState.PAUSED)
    troublemaker = person("Tom", neighbourhood=centrum)
    add("Vraag van Tom", Request, at(18, 9), author=troublemaker)
    # Another neighbourhood's post of the same week.
    oost = make_neighbourhood("oost", ["1091"])
    add("Vraag in Oost", Request, at(18, 9), author=person("Olga", neighbourhood=oost))
    db.session.commit()
    mila = manager_of(centrum)
    suspensions.suspend(troublemaker, mila, until=NOW + timedelta(days=7), reason="Spam")
    db.session.commit()
    return {"posts": posts, "oost": oost, "mila": mila}


def test_the_week_holds_its_own_online_posts_and_nothing_else(week, centrum):
    sheet = paper.weekly(centrum, MONDAY, clock.now())
    assert titles(sheet.requests) == ["Boodschappen op maandag"]
    assert titles(sheet.offers) == ["Ik repareer fietsen"]
    assert titles(sheet.items) == ["Ladder te leen"]
    assert titles(sheet.new_ideas) == ["Bankje bij de speeltuin"]
    # The coming two weeks from Monday, soonest first, without the one that is over.
    assert titles(sheet.events) == ["Soepavond", "Burendag"]
    assert sheet.requests.more == 0 and sheet.featured is None
    assert (sheet.week_start, sheet.week_end, sheet.week_number) == (
        MONDAY, date(2026, 11, 22), 47)

    everything = {e.title for name in paper.SECTIONS for e in getattr(sheet, name).entries}
    for absent in ("Hulp op zondagavond", "Volgende week gezocht", "Vastgehouden vraag",
                   "Verwijderd aanbod", "Al geholpen", "Gepauzeerde boor", "Vraag van Tom",
                   "Vraag in Oost", "Kerstmarkt", "Koffie op maandag"):
        assert absent not in everything


def test_any_day_of_a_week_gives_that_weeks_paper(week, centrum):
    before = paper.weekly(centrum, date(2026, 11, 15), clock.now())   # a Sunday
    assert before.week_start == date(2026, 11, 9)
    assert titles(before.requests) == ["Hulp op zondagavond"]
    after = paper.weekly(centrum, date(2026, 11, 26), clock.now())
    assert titles(after.requests) == ["Volgende week gezocht"]
    # The other neighbourhood's paper has its own post.
    assert titles(paper.weekly(week["oost"], MONDAY, clock.now()).requests) == [
        "Vraag in Oost"]


def test_an_entry_has_the_text_topic_and_for_an_event_when_and_where(week, centrum, topics):
    sheet = paper.weekly(centrum, MONDAY, clock.now())
    request = sheet.requests.entries[0]
    assert request.text == "Wie haalt er melk en brood voor mij?"
    assert request.topic == topics["boodschappen"]
    event = sheet.events.entries[0]
    assert event.starts_at == at(21, 17) and event.location == "Buurthuis, Dorpsstraat 1"
    # Nothing in an entry says who wrote it.
    assert not hasattr(request, "author")


def test_the_page_never_prints_who_wrote_a_post(client, login, week, bert):
    login(week["mila"])
    page = text(client.get("/manage/paper"))
    assert "Boodschappen op maandag" in page and "Wie haalt er melk en brood" in page
    assert "Shopping" in page                  # the topic, in the reader's language
    for secret in ("Geheimnaam", "Bert", "bert.prive@example.com", "Lindengracht",
                   "Mila", week["mila"].email):
        assert secret not in page
    # Each post has its short address, and the paper one QR code to the site.
    request = week["posts"]["Boodschappen op maandag"]
    assert f"/requests/{request.id}</span>" in page
    assert page.count("<svg") == 1 and 'role="img"' in page
    assert "News from Centrum" in page
    assert "Week 47: Monday 16 November to Sunday 22 November 2026" in page
    assert "Use your browser's print button" in page


def test_long_lists_are_cut_with_how_many_more(client, login, centrum, bert, manager_of,
                                               topics):
    for n in range(paper.EACH + 2):
        add_post(Request, author=bert, created=at(17, 9, n), title=f"Vraag nummer {n}")
    add_post(Offer, author=bert, created=at(18, 9), title="Eerste aanbod")
    for n in range(paper.EACH):
        add_post(Offer, author=bert, created=at(19, 9, n), title=f"Aanbod {n}")
    db.session.commit()
    sheet = paper.weekly(centrum, MONDAY, clock.now())
    # The newest first; the two oldest are counted.
    assert titles(sheet.requests) == [f"Vraag nummer {n}" for n in range(9, 1, -1)]
    assert sheet.requests.more == 2
    assert sheet.offers.more == 1 and "Eerste aanbod" not in titles(sheet.offers)

    login(manager_of(centrum))
    page = text(client.get("/manage/paper"))
    assert "Vraag nummer 9" in page and "Vraag nummer 1<" not in page
    assert "And 2 more on the website." in page
    assert "And 1 more on the website." in page


def test_the_ideas_with_the_most_support_that_are_still_open(centrum, bert):
    for title, support, status in (("Drie", 3, IdeaStatus.NEW),
                                   ("Vijf", 5, IdeaStatus.DISCUSSION),
                                   ("Een", 1, IdeaStatus.ADOPTED),
                                   ("Twee", 2, IdeaStatus.NEW),
                                   ("Gedaan", 9, IdeaStatus.REALISED),
                                   ("Niemand", 0, IdeaStatus.NEW)):
        add_post(Idea, author=bert, created=at(1, 9), title=title, status=status,
                 support_count=support)
    add_post(Idea, author=bert, created=at(17, 9), title="Nieuw", status=IdeaStatus.NEW,
             support_count=7)
    db.session.commit()
    sheet = paper.weekly(centrum, MONDAY, clock.now())
    assert titles(sheet.top_ideas) == ["Vijf", "Drie", "Twee"]
    assert [e.support for e in sheet.top_ideas.entries] == [5, 3, 2]
    assert titles(sheet.new_ideas) == ["Nieuw"]


def test_the_featured_story_is_the_one_featured_last(client, login, centrum, bert,
                                                     manager_of):
    login(manager_of(centrum))
    assert "Story of the week" not in text(client.get("/manage/paper"))
    add_post(Story, author=bert, created=at(2, 9), title="Onze tuin bloeit",
             featured_at=at(10, 9), body="Twaalf buren plantten bloemen.")
    add_post(Story, author=bert, created=at(1, 9), title="Eerder verhaal",
             featured_at=at(3, 9))
    add_post(Story, author=bert, created=at(19, 9), title="Niet uitgelicht")
    add_post(Story, author=bert, created=at(1, 9), title="Weggehaald", featured_at=at(19, 9),
             state=PostState.REMOVED)
    db.session.commit()
    sheet = paper.weekly(centrum, MONDAY, clock.now())
    assert sheet.featured.title == "Onze tuin bloeit"
    # An older week's paper has the story featured by then.
    assert paper.weekly(centrum, date(2026, 11, 2), clock.now()).featured.title == (
        "Eerder verhaal")
    page = text(client.get("/manage/paper"))
    assert "Story of the week" in page and "Twaalf buren plantten bloemen." in page
    assert "Niet uitgelicht" not in page and "Weggehaald" not in page


def test_the_paper_of_another_week(client, login, week):
    login(week["mila"])
    assert 'value="2026-11-16"' in text(client.get("/manage/paper"))   # this Monday
    page = text(client.get("/manage/paper?week=2026-11-11"))
    assert "Week 46: Monday 9 November to Sunday 15 November 2026" in page
    assert "Hulp op zondagavond" in page and "Boodschappen op maandag" not in page
    assert 'value="2026-11-11"' in page                     # the day chosen stays


@pytest.mark.parametrize("value,message", [
    ("banana", "Write the date like this: 2026-03-12."),
    ("2026-13-01", "Write the date like this: 2026-03-12."),
    ("20-11-2026", "Write the date like this: 2026-03-12."),
    ("0001-01-01", "Choose a day from the year 2000 to 2999."),
    ("9999-12-31", "Choose a day from the year 2000 to 2999."),
])
def test_a_wrong_week_gets_a_message_and_this_week(client, login, week, value, message):
    login(week["mila"])
    response = client.get(f"/manage/paper?week={value}")
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert f'value="{value}"' in page                       # what was typed stays
    assert "Week 47:" in page and "Boodschappen op maandag" in page


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.AMBASSADOR])
def test_residents_and_ambassadors_may_not_open_it(client, login, person, centrum, role):
    user = person("Ria", role=role, neighbourhood=centrum)
    if role == Role.AMBASSADOR:
        db.session.add(Membership(user=user, neighbourhood=centrum, role=Role.AMBASSADOR))
        db.session.commit()
    login(user)
    assert client.get("/manage/paper").status_code == 403


def test_a_manager_gets_their_own_neighbourhood_when_asking_for_another(client, login,
                                                                        week):
    """A neighbourhood the manager does not serve is not printed: the page says so on the
    field and shows their own neighbourhood's paper."""
    login(week["mila"])
    response = client.get("/manage/paper?neighbourhood=oost")
    assert response.status_code == 200
    page = text(response)
    assert "Choose from the list." in page
    assert "Vraag in Oost" not in page and "News from Oost" not in page
    assert "News from Centrum" in page and "Boodschappen op maandag" in page


def test_a_manager_of_one_neighbourhood_has_no_choice_and_of_two_has(client, login, week,
                                                                      centrum):
    login(week["mila"])
    assert 'name="neighbourhood"' not in text(client.get("/manage/paper"))
    db.session.add(Membership(user=week["mila"], neighbourhood=week["oost"],
                              role=Role.MANAGER))
    db.session.commit()
    page = text(client.get("/manage/paper"))
    assert 'name="neighbourhood"' in page and "News from Centrum" in page
    page = text(client.get("/manage/paper?neighbourhood=oost"))
    assert "News from Oost" in page and "Vraag in Oost" in page
    assert "Boodschappen op maandag" not in page


def test_an_admin_prints_any_neighbourhood(client, login, week, person):
    login(person("Ada", role=Role.ADMIN))
    page = text(client.get("/manage/paper"))
    assert "News from Centrum" in page and 'value="oost"' in page
    page = text(client.get("/manage/paper?neighbourhood=oost"))
    assert "News from Oost" in page and "Vraag in Oost" in page


def test_the_managers_menu_links_to_the_paper(client, login, week):
    login(week["mila"])
    assert 'href="/manage/paper"' in text(client.get("/manage"))
