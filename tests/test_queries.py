"""Pages run a small, fixed number of SQL statements, whatever the amount of data."""
from datetime import timedelta

import pytest

PAGES = ["/", "/requests", "/offers", "/welcome", "/requests?topic=tuin",
         "/offers?topic=vervoer", "/requests/{request}", "/offers/{offer}"]
BUDGET = 8


def _statements(client, count_queries, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_statements_per_page_do_not_grow_with_the_data(client, make_user, make_post, login,
                                                       count_queries, make_neighbourhood,
                                                       as_resident):
    if as_resident:
        login(make_user(offer=["tuin", "klussen"], seek=["vervoer", "koken"]))
    first = {"request": make_post("request", topic="tuin"),
             "offer": make_post("offer", topic="vervoer")}
    pages = [p.format(request=first["request"].id, offer=first["offer"].id) for p in PAGES]
    if not as_resident:
        pages.remove("/welcome")
    few = {url: _statements(client, count_queries, url) for url in pages}

    oost = make_neighbourhood("oost", ["1091"])
    authors = [make_user(), make_user(), make_user(neighbourhood=oost)]
    for i in range(45):
        make_post("request", topic=["tuin", "klussen", "zorg"][i % 3], author=authors[i % 3],
                  age=timedelta(minutes=i))
        make_post("offer", topic=["vervoer", "koken"][i % 2], author=authors[i % 3],
                  age=timedelta(minutes=i))
    many = {url: _statements(client, count_queries, url) for url in pages}
    # Matching skips its look in other neighbourhoods once the own one fills the page, so a
    # count may drop with more data; it never grows.
    assert all(many[url] <= few[url] for url in pages), (few, many)
    assert max(few.values()) <= BUDGET, few


def test_marketplace_pages_stay_within_budget_as_activity_grows(client, make_user, make_post,
                                                                 login, count_queries):
    from buurt.care import services as care
    from buurt.core.extensions import db
    from buurt.market import responses
    me = make_user("Ria", offer=["tuin"], seek=["zorg"])
    mine = make_post("request", author=me, topic="zorg", need="care", title="Zorg voor moeder")
    task = care.add_task(mine, title="Boodschappen", weekday=1)
    db.session.commit()

    def grow(n):
        for _ in range(n):
            neighbour = make_user()
            responses.respond(mine, neighbour, "Ik help graag")
            responses.respond(make_post("request", topic="tuin"), me, "Ik kom zaterdag")
            care.sign_up(task, neighbour)
            db.session.commit()

    grow(1)
    from buurt.market.models import Conversation
    conversation_id = db.session.scalar(db.select(Conversation.id))
    login(me)
    pages = ["/mine", "/messages", "/notifications", f"/conversations/{conversation_id}",
             f"/requests/{mine.id}", f"/requests/{mine.id}/schedule",
             "/notifications/settings", "/profile", "/account"]
    few = {url: _statements(client, count_queries, url) for url in pages}
    grow(12)
    many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    # Within the budget even with the write that records what was read.
    assert max(few.values()) <= BUDGET, few


def test_onboarding_pages_stay_within_budget_as_neighbours_come_in(client, make_user, login,
                                                                  count_queries, topics,
                                                                  make_post):
    from buurt.ambassador import cards, events as ambassador_events
    from buurt.core import clock, settings
    from buurt.core.extensions import db
    from buurt.market import posting, responses
    from buurt.people.models import Membership, Role
    manager = make_user("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    settings.set_value(manager.neighbourhood, "new_member_hold_posts", 1)
    db.session.commit()

    def grow(n):
        for i in range(n):
            ambassador = make_user(role=Role.AMBASSADOR)
            db.session.add(Membership(user=ambassador, neighbourhood=ambassador.neighbourhood,
                                      role=Role.AMBASSADOR))
            event = ambassador_events.create_event(manager, name=f"Feest {i}", day=clock.today(),
                                                   place="Buurthuis",
                                                   neighbourhood=manager.neighbourhood)
            neighbour = cards.assisted_signup(
                manager, display_name=f"Buur {i}", email=None, consent=True, event=event,
                neighbourhood=manager.neighbourhood).user
            posting.create_request(neighbour, title="Wie helpt met de tuin?",
                                   body="Op zaterdag in de tuin.", topic=topics["tuin"])
            responses.respond(make_post("request", topic="klussen"), neighbour, "Ik help")
            db.session.commit()

    grow(1)
    login(manager)
    pages = ["/ambassador", "/ambassador/neighbours", "/ambassador/events",
             "/ambassador/team", "/ambassador/signup"]
    few = {url: _statements(client, count_queries, url) for url in pages}
    grow(12)
    many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    assert max(few.values()) <= BUDGET, few


INFO_PAGES = ["/neighbourhood", "/places", "/events", "/events/past", "/initiatives",
              "/initiatives?topic=klussen", "/people", "/people?topic=tuin",
              "/places/{place}", "/events/{event}", "/initiatives/{initiative}",
              "/people/{person}"]


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_information_pages_do_not_grow_with_the_data(client, make_user, login, count_queries,
                                                     as_resident):
    from buurt.core import clock
    from buurt.core.extensions import db
    from buurt.info import events, initiatives, places
    from buurt.info.models import Event
    from buurt.people import directory as people
    from buurt.people.models import Membership, Role
    from buurt.people.topics import by_slug
    from buurt.posts.models import PostState

    manager = make_user(role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    me = make_user(offer=["tuin"])
    state = {"n": 0}

    def grow(n):
        for _ in range(n):
            state["n"] += 1
            i = state["n"]
            runner = make_user(offer=["tuin", "koken"])
            people.set_listing(runner, in_directory=True, about="Hello")
            initiative = initiatives.propose(runner, name=f"Initiative {i}",
                                             topics=[by_slug("klussen"), by_slug("tuin")])
            initiatives.approve(initiative, manager)
            place = places.create(manager, manager.neighbourhood, name=f"Place {i}",
                                  address="Straat 1", initiative_ids=[initiative.id])
            soon = clock.now() + timedelta(days=i)
            # Each round adds an event at the first place too: its page lists a few.
            state.setdefault("first_place", place.id)
            for where in dict.fromkeys((state["first_place"], place.id)):
                ours = where == place.id
                event = events.create_event(runner if ours else make_user(),
                                            title=f"Soup evening {i}",
                                            body="We cook soup together.",
                                            topic=by_slug("koken"), starts_at=soon,
                                            ends_at=soon + timedelta(hours=2), place_id=where,
                                            initiative=initiative if ours else None)
                events.rsvp(event, me)
            gone = clock.now() - timedelta(days=i)
            db.session.add(Event(author=runner, neighbourhood_id=runner.neighbourhood_id,
                                 title=f"Past evening {i}", body="It was nice.",
                                 state=PostState.PUBLISHED, starts_at=gone,
                                 ends_at=gone + timedelta(hours=2), place=place,
                                 rsvp_count=0))
            db.session.commit()
            state.update(place=place.id, event=event.id, initiative=initiative.id,
                         person=runner.id)

    grow(1)
    first = dict(state)
    if as_resident:
        login(me)
    pages = [p.format(**first) for p in INFO_PAGES]
    if not as_resident:
        pages = [p for p in pages if not p.startswith("/people")]
    few = {url: _statements(client, count_queries, url) for url in pages}
    grow(30)
    many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    assert max(few.values()) <= BUDGET, few


NEWS_PAGES = ["/", "/stories", "/announcements", "/stories/{story}",
              "/announcements/{announcement}", "/stories?older={cursor}"]


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_news_pages_and_the_front_page_do_not_grow_with_the_data(client, make_user, login,
                                                                 count_queries, make_post,
                                                                 as_resident):
    from buurt.announcements import services as announcements
    from buurt.core import clock, pagination
    from buurt.core.extensions import db
    from buurt.core.media import uploads
    from buurt.info import events, initiatives, places
    from buurt.people.models import Membership, Role
    from buurt.people.topics import by_slug
    from buurt.stories import services as stories
    from tests.uploads.media import jpeg_with_gps

    manager = make_user(role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    me = make_user(offer=["tuin", "klussen"], seek=["vervoer"])
    state = {"n": 0}
    texts = ["The bins are collected on {day} this week.", "Coffee morning on {day} at ten.",
             "The park gate is closed on {day} for repairs.", "Choir practice moves to {day}."]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    def grow(n):
        for _ in range(n):
            state["n"] += 1
            i = state["n"]
            author = make_user(offer=["koken"])
            photo = uploads.save_image(jpeg_with_gps((600, 400)), author)
            story = stories.create(author, title=f"A nice day number {i}", upload=photo,
                                   body=f"Neighbour {i} planted {i} flowers.",
                                   owed_to="Anja", advice="Just start.")
            stories.feature(story)
            body = texts[i % 4].format(day=days[i % 7]) + f" Room {i}."
            news = announcements.create(manager, title=f"News item {i}", body=body,
                                        pinned_until=clock.today() + timedelta(days=30) if i % 3 == 0
                                        else None)
            announcements.create(manager, title=f"Planned item {i}", body=body,
                                 publish_at=clock.now() + timedelta(days=i))
            initiative = initiatives.propose(author, name=f"Initiative {i}")
            initiatives.approve(initiative, manager)
            place = places.create(manager, manager.neighbourhood, name=f"Place {i}",
                                  address="Straat 1")
            soon = clock.now() + timedelta(days=i)
            events.create_event(author, title=f"Soup evening {i}", body="We cook soup.",
                                topic=by_slug("koken"), starts_at=soon,
                                ends_at=soon + timedelta(hours=2), place_id=place.id)
            make_post("request", topic="tuin", title=f"Garden help {i}")
            make_post("offer", topic="vervoer", title=f"Rides {i}")
            db.session.commit()
            state.update(story=story.id, announcement=news.id)

    grow(1)
    first = dict(state)
    if as_resident:
        login(me)
    # A later page of stories: those older than an hour from now.
    cursor = pagination.encode(clock.now() + timedelta(hours=1), 0)
    pages = [p.format(cursor=cursor, **first) for p in NEWS_PAGES]
    few = {url: _statements(client, count_queries, url) for url in pages}
    grow(25)
    many = {url: _statements(client, count_queries, url) for url in pages}
    assert all(many[url] <= few[url] for url in pages), (few, many)
    assert max(few.values()) <= BUDGET, few


SHARING_PAGES = ["/lend", "/lend?topic=klussen", "/lend/{item}", "/ideas",
                 "/ideas?sort=status", "/ideas?sort=newest&topic=tuin", "/ideas/{idea}",
                 "/decide", "/decide/{open_round}", "/decide/{closed_round}"]
RESIDENT_ONLY = ["/lend/mine"]


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_lending_ideas_and_decision_pages_do_not_grow_with_the_data(client, make_user, login,
                                                                    count_queries, topics,
                                                                    as_resident):
    import time_machine
    from datetime import date, datetime
    from buurt.core.extensions import db
    from buurt.decide import services as decisions
    from buurt.ideas import services as ideas
    from buurt.lend import items, loans
    from buurt.people.models import Membership, Role

    manager = make_user("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    me = make_user("Ria")
    state = {}

    def grow(n):
        for _ in range(n):
            owner, neighbour = make_user(), make_user()
            item = items.create_item(owner, title="Drill for concrete walls",
                                     body="A strong boormachine.", topic=topics["klussen"],
                                     condition="good", deposit=10)
            for borrower, first in ((neighbour, 2), (me, 5)):
                loan = loans.request_loan(item, borrower, starts_on=date(2027, 3, first),
                                          ends_on=date(2027, 3, first + 1))
            loans.agree(loan, owner)
            idea = ideas.create_idea(owner, title="A bench by the speeltuin",
                                     body="A bench by the speeltuin for the parents.",
                                     topic=topics["tuin"], estimated_cost=500)
            ideas.support(idea, neighbour)
            ideas.support(idea, me)
            ideas.add_comment(idea, neighbour, "Good plan, I would sit there.")
            options = [decisions.OptionInput(idea=idea), decisions.OptionInput(title="Trees")]
            open_round = decisions.open_round(
                manager, manager.neighbourhood, question="Which one first?",
                method="points", points=10, budget=1000,
                closes_at=datetime(2027, 3, 8, 19, 0),
                options=[decisions.OptionInput(idea=idea, cost=500),
                         decisions.OptionInput(title="Trees", cost=400)])
            closed_round = decisions.open_round(
                manager, manager.neighbourhood, question="Which one?", method="approval",
                closes_at=datetime(2027, 3, 1, 10, 0), options=options)
            for voter in (neighbour, me, owner):
                decisions.vote(open_round, voter, {open_round.options[0].id: 6,
                                                   open_round.options[1].id: 4})
                decisions.vote(closed_round, voter, {closed_round.options[1].id: 1})
            db.session.commit()
            state.setdefault("first", dict(item=item.id, idea=idea.id,
                                           open_round=open_round.id,
                                           closed_round=closed_round.id))

    with time_machine.travel(datetime(2027, 3, 1, 9, 0), tick=False) as traveller:
        grow(1)
        if as_resident:
            login(me)
        pages = [p.format(**state["first"]) for p in SHARING_PAGES]
        if as_resident:
            pages += RESIDENT_ONLY
        traveller.shift(3600 * 2)       # the closed round has closed; the open one is open
        few = {url: _statements(client, count_queries, url) for url in pages}
        traveller.move_to(datetime(2027, 3, 1, 9, 0))
        grow(15)
        traveller.shift(3600 * 2)
        many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    assert max(few.values()) <= BUDGET, few


MANAGE_PAGES = ["/manage", "/manage?days=365", "/manage?start=2026-01-01&end=2026-03-31",
                "/manage/export.csv", "/manage/share", "/manage/calendar",
                "/manage/calendar?from=2026-11-02", "/manage/admin/neighbourhoods",
                "/manage/admin/topics", "/manage/admin/roles", "/manage/paper",
                "/manage/paper?week=2026-11-09&neighbourhood=centrum"]
# The dashboard runs one aggregate statement per figure (about a dozen), whatever the data.
MANAGE_BUDGET = 15


@pytest.mark.parametrize("as_admin", [False, True], ids=["manager", "admin"])
def test_manager_pages_do_not_grow_with_the_data(client, make_user, make_post, login,
                                                 count_queries, make_neighbourhood, topics,
                                                 as_admin):
    import time_machine
    from datetime import datetime
    from buurt.ambassador.models import Onboarding, OnboardingEvent
    from buurt.announcements.models import Announcement
    from buurt.core import clock
    from buurt.core.extensions import db
    from buurt.info.models import Event, Place
    from buurt.market import responses
    from buurt.market.models import ResponseState
    from buurt.moderation.models import CaseState, ModerationCase
    from buurt.people.models import Membership, Role
    from buurt.posts.models import PostState

    with time_machine.travel(datetime(2026, 11, 20, 12, 0), tick=False):
        manager = make_user("Mila", role=Role.MANAGER)
        db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                                  role=Role.MANAGER))
        ambassador = make_user("Amina", role=Role.AMBASSADOR)
        db.session.add(Membership(user=ambassador, neighbourhood=manager.neighbourhood,
                                  role=Role.AMBASSADOR))
        db.session.commit()
        state = {"n": 0}

        def grow(n):
            for _ in range(n):
                state["n"] += 1
                i = state["n"]
                oost = make_neighbourhood(f"wijk-{i}", [str(2000 + i)])
                db.session.add(Membership(user=manager, neighbourhood=oost, role=Role.MANAGER))
                event = OnboardingEvent(neighbourhood=manager.neighbourhood,
                                        ambassador=ambassador, name=f"Feest {i}",
                                        day=clock.today(), place="Plein", token=f"t{i}")
                newcomer = make_user(offer=["tuin"], neighbourhood=oost if i % 2 else None)
                newcomer.onboarded_by = ambassador
                db.session.add(Onboarding(user=newcomer, event=event))
                for topic in ("tuin", "vervoer", "zorg"):
                    make_post("request", topic=topic, author=newcomer,
                              age=timedelta(days=i % 40))
                answered = make_post("request", topic="klussen", age=timedelta(days=i % 20))
                response = responses.respond(answered, newcomer, "Ik help")
                response.state = ResponseState.ACCEPTED
                response.decided_at = clock.now()
                offer = make_post("offer", topic="koken", age=timedelta(days=i % 90))
                offer.share_marked_at = clock.now() - timedelta(minutes=i)
                db.session.add(Place(neighbourhood=oost, name=f"Plek {i}", address="Straat 1"))
                db.session.add(ModerationCase(neighbourhood_id=oost.id, target_type="post",
                                              target_id=answered.id, source="flags",
                                              state=CaseState.OPEN))
                # The content calendar: announcements planned and online, and events.
                for where, kind, hours in ((oost, PostState.SCHEDULED, i * 5),
                                           (manager.neighbourhood, PostState.SCHEDULED, i),
                                           (manager.neighbourhood, PostState.PUBLISHED, -i)):
                    db.session.add(Announcement(
                        author=manager, neighbourhood_id=where.id, title=f"Nieuws {i}",
                        body="Nieuws", state=kind,
                        publish_at=clock.now() + timedelta(hours=hours)))
                soon = clock.now() + timedelta(days=i % 20)
                db.session.add(Event(author=newcomer, neighbourhood_id=oost.id,
                                     title=f"Feest {i}", starts_at=soon,
                                     ends_at=soon + timedelta(hours=2)))
                # The paper's other lists, in the manager's own neighbourhood.
                from buurt.ideas.models import Idea
                from buurt.lend.models import Item
                from buurt.stories.models import Story
                home = manager.neighbourhood_id
                db.session.add_all([
                    Event(author=newcomer, neighbourhood_id=home, title=f"Markt {i}",
                          starts_at=soon, ends_at=soon + timedelta(hours=2)),
                    Item(author=newcomer, neighbourhood_id=home, title=f"Boor {i}",
                         created_at=clock.now() - timedelta(days=i % 10)),
                    Idea(author=newcomer, neighbourhood_id=home, title=f"Idee {i}",
                         status="new", support_count=i,
                         created_at=clock.now() - timedelta(days=i % 30)),
                    Story(author=newcomer, neighbourhood_id=home, title=f"Verhaal {i}",
                          featured_at=clock.now() - timedelta(hours=i))])
                db.session.commit()

        grow(1)
        user = make_user("Ada", role=Role.ADMIN) if as_admin else manager
        login(user)
        pages = MANAGE_PAGES if as_admin else [p for p in MANAGE_PAGES if "/admin/" not in p]
        few = {url: _statements(client, count_queries, url) for url in pages}
        grow(25)
        many = {url: _statements(client, count_queries, url) for url in pages}
    assert many == few, (few, many)
    assert max(few.values()) <= MANAGE_BUDGET, few


ABOUT_PAGES = ["/privacy", "/help", "/terms", "/contact"]


@pytest.mark.parametrize("as_resident", [False, True], ids=["visitor", "resident"])
def test_pages_about_the_site_do_not_grow_with_the_teams(client, make_user, login,
                                                          count_queries, make_neighbourhood,
                                                          as_resident):
    from buurt.core.extensions import db
    from buurt.people.models import Membership, Role
    state = {"n": 0}

    def grow(n):
        for _ in range(n):
            state["n"] += 1
            neighbourhood = make_neighbourhood(f"buurt-{state['n']}", [str(2000 + state["n"])])
            for role in (Role.MANAGER, Role.MANAGER, Role.AMBASSADOR):
                user = make_user(role=role, neighbourhood=neighbourhood)
                db.session.add(Membership(user=user, neighbourhood=neighbourhood, role=role))
            db.session.commit()

    grow(1)
    if as_resident:
        login(make_user())
    few = {url: _statements(client, count_queries, url) for url in ABOUT_PAGES}
    grow(8)
    many = {url: _statements(client, count_queries, url) for url in ABOUT_PAGES}
    assert many == few, (few, many)
    assert max(few.values()) <= BUDGET, few
