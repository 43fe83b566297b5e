"""Every GET page, as a visitor, a resident and a manager (and the managers' pages as an
admin), in the browser: axe, one h1, no 5xx.

The pages come from the app's url_map, so a new page joins the crawl by itself; a new
page with arguments in its URL makes the crawl fail until it gets an example below.
"""
import re
from pathlib import Path
from urllib.parse import urlsplit
from datetime import timedelta

import pytest

from buurt.ambassador import cards, events as ambassador_events
from buurt.announcements import services as announcements
from buurt.care import services as care
from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.decide import services as decisions
from buurt.export import exports
from buurt.ideas import services as ideas
from buurt.info import events, initiatives, places
from buurt.lend import items, loans
from buurt.market import posting, responses
from buurt.market.models import Need, Urgency
from buurt.moderation import cases
from buurt.notifications.models import OutboxEmail
from buurt.people import addresses, directory as people, passwords
from buurt.people.models import Membership, Role
from buurt.stories import services as stories
from tests.uploads.media import jpeg_with_gps

# Pages that are not HTML for people: only their status is checked.
NOT_HTML = {"main.healthz", "info.event_ics", "info.event_feed", "media.file",
            "manage.export", "main.robots", "main.favicon", "export.download"}
# Endpoints with arguments in their URL: how to fill them in from the test data.
EXAMPLES = {
    "market.request_detail": lambda data: {"post_id": data["request"].id},
    "market.request_edit": lambda data: {"post_id": data["request"].id},
    "market.offer_detail": lambda data: {"post_id": data["offer"].id},
    "market.offer_edit": lambda data: {"post_id": data["offer"].id},
    "care.schedule": lambda data: {"post_id": data["care_request"].id},
    "messages.conversation": lambda data: {"conversation_id": data["conversation"].id},
    "auth.reset_password": lambda data: {"token": data["reset_token"]},
    "auth.confirm_email": lambda data: {"token": data["email_token"]},
    "moderation.case": lambda data: {"case_id": data["case"].id},
    "ambassador.event": lambda data: {"event_id": data["onboarding_event"].id},
    "ambassador.event_print": lambda data: {"event_id": data["onboarding_event"].id},
    "ambassador.card": lambda data: {"user_id": data["onboarded"].id},
    "ambassador.new_card_confirm": lambda data: {"user_id": data["onboarded"].id},
    "ambassador.request_for": lambda data: {"user_id": data["onboarded"].id},
    "ambassador.delete_neighbour": lambda data: {"user_id": data["onboarded"].id},
    "info.place_detail": lambda data: {"place_id": data["place"].id},
    "info.place_edit": lambda data: {"place_id": data["place"].id},
    "info.event_detail": lambda data: {"post_id": data["event"].id},
    "info.event_edit": lambda data: {"post_id": data["event"].id},
    "info.event_ics": lambda data: {"post_id": data["event"].id},
    "info.event_feed": lambda data: {"slug": data["neighbourhood_slug"]},
    "info.initiative_detail": lambda data: {"initiative_id": data["initiative"].id},
    "info.initiative_edit": lambda data: {"initiative_id": data["initiative"].id},
    "info.person_detail": lambda data: {"user_id": data["listed"].id},
    "manage.admin_neighbourhood": lambda data: {
        "neighbourhood_id": data["manager"].neighbourhood_id},
    "manage.admin_topic": lambda data: {"topic_id": data["request"].topic_id},
    "lend.item_detail": lambda data: {"post_id": data["item"].id},
    "lend.item_edit": lambda data: {"post_id": data["item"].id},
    "ideas.idea_detail": lambda data: {"post_id": data["idea"].id},
    "ideas.idea_edit": lambda data: {"post_id": data["idea"].id},
    "decide.round_detail": lambda data: {"round_id": data["round"].id},
    "announcements.detail": lambda data: {"post_id": data["announcement"].id},
    "announcements.edit": lambda data: {"post_id": data["announcement"].id},
    "stories.detail": lambda data: {"post_id": data["story"].id},
    "stories.edit": lambda data: {"post_id": data["story"].id},
    "media.file": lambda data: {"name": data["story"].upload.thumb_name},
    "export.download": lambda data: {"token": data["export"].token},
}
# Pages that look different with some arguments, checked as well as the plain page:
# (endpoint, arguments, a selector that shows the page is in that state).
STATES = {
    "search results": ("search.results", {"q": "lawns"}, "li article mark"),
    "search that finds nothing": ("search.results", {"q": "lawnz", "kind": "request"},
                                  "a.button[href$='/requests/new']"),
}
# Pages whose content needs a state the crawl's visitor and residents are not in: the crawl
# opens them as they are (a redirect), and the test named here checks them in that state.
ELSEWHERE = {
    "auth.login_code": "test_two_factor.py",       # a half-done log-in: a password, no code
    "auth.choose_password": "test_ambassador.py",  # a log-in with a login card's code
}
MISSING_PAGE = "/this-page-does-not-exist"
# The start of the innermost element that reaches furthest to the right.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const element of document.body.querySelectorAll("*")) {
    const edge = element.getBoundingClientRect().right;
    if (edge >= right) { right = edge; widest = element; }
  }
  return widest ? widest.outerHTML.slice(0, 160) : "";
}"""


def get_pages(app):
    """(endpoint, rule) for every GET rule but static files, sorted by URL."""
    return sorted(((rule.endpoint, rule) for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.endpoint != "static"),
                  key=lambda pair: pair[1].rule)


@pytest.fixture
def crawl_data(make_user, make_post, topics):
    """A resident with a request and an offer of their own, and neighbours' posts."""
    # Her address waits for its confirmation, and she asked for a new one: My account and
    # the welcome page show both notes.
    resident = make_user("Ria", email="ria@example.com", offer=["computerhulp"],
                         seek=["tuin"], language="en", verified=False)
    neighbour = make_user("Bart")
    computer_help = make_post("request", author=neighbour, topic="computerhulp",
                              title="My e-mail is stuck", urgency=Urgency.SOON)
    make_post("request", author=neighbour, topic="zorg", title="Company on Sunday",
              need=Need.CARE, urgency=Urgency.WEEK, age=timedelta(hours=2))
    make_post("offer", author=neighbour, topic="tuin", title="I mow lawns")
    request = make_post("request", author=resident, topic="klussen", title="Fix a door",
                        age=timedelta(days=1))
    offer = make_post("offer", author=resident, topic="computerhulp",
                      title="I help with phones", age=timedelta(days=1))
    # The resident's own care request, so the crawl sees the schedule with every part:
    # a weekly task a neighbour took one day of, a one-off task nobody took, the add form.
    care_request = make_post("request", author=resident, topic="zorg", title="Care for my mother",
                             need=Need.CARE, for_whom="my mother", age=timedelta(days=1))
    weekly = care.add_task(care_request, title="Groceries", weekday=clock.today().weekday(),
                           time_of_day="10.00")
    care.add_task(care_request, title="Ride to the hospital",
                  on_date=clock.today() + timedelta(days=3))
    care.sign_up(weekly, neighbour, occurrence=clock.today() + timedelta(weeks=1))
    # A neighbour reacted to the resident's request (a conversation, a response to decide
    # on), and the resident reacted to a neighbour's: My help and Messages have content.
    conversation = responses.respond(request, neighbour, "I can come on Saturday.").conversation
    responses.respond(computer_help, resident, "I know printers and e-mail.")
    # A manager, and a post the screening held, so the queue and a case have content.
    manager = make_user("Mila", email="mila@example.com", role=Role.MANAGER, language="en")
    db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                              role=Role.MANAGER))
    held = posting.create_request(neighbour, title="Noise", topic=topics["klussen"],
                                  body="Die kankerlijer van nummer 12 moet oprotten")
    # The manager onboards too: an event with its QR code, and a neighbour signed up with a
    # login card whose first post waits for approval on "my neighbours".
    onboarding_event = ambassador_events.create_event(
        manager, name="Street party", day=clock.today(), place="Community centre",
        neighbourhood=manager.neighbourhood)
    onboarded = cards.assisted_signup(
        manager, display_name="Henk", email=None, neighbourhood=manager.neighbourhood,
        consent=True, event=onboarding_event, language="en").user
    settings.set_value(manager.neighbourhood, "new_member_hold_posts", 1)
    posting.create_request(onboarded, title="Who walks my dog?", topic=topics["dieren"],
                           body="On Monday and Thursday, in the park.")
    settings.reset(manager.neighbourhood, "new_member_hold_posts")
    # Who is who and what happens where: a meeting place run by the resident's initiative,
    # an event there a neighbour comes to, that neighbour in the people directory, and a
    # proposed initiative waiting for the manager.
    place = places.create(manager, manager.neighbourhood, name="Community centre De Boei",
                          address="Dorpsstraat 1", description="Coffee every morning.",
                          opening_hours="Monday to Friday 9:00 to 17:00", step_free=True,
                          photo=uploads.save_image(jpeg_with_gps((800, 600)), manager))
    initiative = initiatives.propose(resident, name="Repair Café", topics=[topics["klussen"]],
                                     description="We repair lamps and bikes together.",
                                     contact="repair@example.org")
    initiatives.approve(initiative, manager)
    place.initiatives = [initiative]
    soon = clock.now() + timedelta(days=3)
    event = events.create_event(resident, title="Soup evening", topic=topics["koken"],
                                body="We cook soup together and eat at the long table.",
                                starts_at=soon, ends_at=soon + timedelta(hours=2),
                                place_id=place.id, capacity=20, initiative=initiative)
    events.rsvp(event, neighbour)
    people.set_listing(neighbour, in_directory=True, about="I like gardening.")
    people.set_photo(neighbour, uploads.save_image(jpeg_with_gps((600, 600)), neighbour))
    initiatives.propose(neighbour, name="Book swap", description="A shelf of books to swap.")
    # News and stories: the resident's story with a photo on the front page, a pinned
    # announcement and one planned for later (the manager sees it waiting).
    story = stories.create(resident, title="Our street has a garden again",
                           body="Twelve neighbours planted flowers in the empty plot.",
                           owed_to="Anja, who asked the council.",
                           advice="Just start: ask two neighbours.",
                           upload=uploads.save_image(jpeg_with_gps((800, 600)), resident))
    stories.feature(story)
    announcement = announcements.create(
        manager, title="Community centre closed on Monday",
        body="The community centre is closed on Monday for cleaning.",
        pinned_until=clock.today() + timedelta(days=3))
    announcements.create(manager, title="New benches in the park",
                         body="Next week the council puts three new benches by the pond.",
                         publish_at=clock.now() + timedelta(days=2))
    # Sharing: the resident's drill with a request and a loan agreed, a neighbour's idea
    # the resident supports and commented on, and an open points round with a budget that
    # the resident voted in.
    sharing = sharing_data(resident, neighbour, manager, topics)
    # An admin (for the admin pages), and an offer on the managers' list to share.
    admin = make_user("Ada", email="ada@example.com", role=Role.ADMIN, language="en")
    offer.share_marked_at = clock.now()
    # A password reset link that works (the token only ever stands in the mail).
    passwords.request_reset(make_user("Kim", email="kim@example.com").email)
    # The resident's data export, made by the worker: its page shows the link.
    export = exports.ask(resident)
    exports.make_waiting()
    addresses.request_change(resident, "ria.new@example.com")
    db.session.commit()
    mail_body = db.session.scalar(db.select(OutboxEmail.body_text)
                                  .filter_by(kind="password_reset"))
    token = re.search(r"/password/reset/(\S+)", mail_body).group(1)
    mail_body = db.session.scalar(db.select(OutboxEmail.body_text)
                                  .filter_by(kind="email_confirm"))
    email_token = re.search(r"/account/email/confirm/(\S+)", mail_body).group(1)
    return {**sharing, "resident": resident, "request": request, "offer": offer,
            "care_request": care_request, "conversation": conversation, "reset_token": token,
            "email_token": email_token,
            "manager": manager, "case": cases.open_case_for("post", held.id),
            "onboarding_event": onboarding_event, "onboarded": onboarded,
            "place": place, "initiative": initiative, "event": event, "listed": neighbour,
            "neighbourhood_slug": manager.neighbourhood.slug,
            "story": story, "announcement": announcement, "admin": admin,
            "export": export}


def sharing_data(resident, neighbour, manager, topics) -> dict:
    """An item with a request and an agreed loan, an idea with support and a comment, and
    an open decision round with a ballot."""
    today = clock.today()
    item = items.create_item(resident, title="Drill with bits", topic=topics["klussen"],
                             body="A strong drill for concrete walls.", condition="good",
                             deposit=20, pickup_times="Weekday evenings",
                             upload=uploads.save_image(jpeg_with_gps((800, 600)), resident))
    loans.agree(loans.request_loan(item, neighbour, starts_on=today + timedelta(days=1),
                                   ends_on=today + timedelta(days=2)), resident)
    loans.request_loan(item, neighbour, starts_on=today + timedelta(days=5),
                       ends_on=today + timedelta(days=6), message="For my new shelves.")
    idea = ideas.create_idea(neighbour, title="A bench by the playground",
                             body="A bench by the speeltuin, so parents can sit.",
                             topic=topics["tuin"], estimated_cost=1200)
    ideas.support(idea, resident)
    ideas.add_comment(idea, resident, "Good plan, I would sit there every day.")
    round_ = decisions.open_round(
        manager, manager.neighbourhood, question="What do we do first?", method="points",
        points=10, budget=2000, closes_at=clock.now() + timedelta(days=7),
        options=[decisions.OptionInput(idea=idea),
                 decisions.OptionInput(title="More trees", cost=600)])
    decisions.vote(round_, resident, {round_.options[0].id: 7, round_.options[1].id: 3})
    return {"item": item, "idea": idea, "round": round_}


def test_every_get_page_has_an_example(app):
    missing = [f"{endpoint} ({rule.rule})" for endpoint, rule in get_pages(app)
               if rule.arguments and endpoint not in EXAMPLES]
    assert not missing, ("GET pages the crawl does not cover; add an example to EXAMPLES "
                         "in tests/e2e/test_pages.py: " + ", ".join(missing))


def test_pages_that_need_a_state_are_checked_elsewhere(app):
    for endpoint, module in ELSEWHERE.items():
        assert endpoint in app.view_functions, endpoint
        assert f'"{endpoint}"' in (Path(__file__).parent / module).read_text(), (endpoint,
                                                                                module)


def check_page(page, url, axe_problems, *, expected_status=None, html=True, seen=None):
    """Open one URL; return what is wrong with it (an empty list when all is well).

    `seen`: the pages that stand for many others (the log-in page a visitor is sent to,
    the 403 and 404 pages). axe checks each of those once per crawl, not after every URL
    that leads there.
    """
    # Files (JSON, calendars) are fetched with the page's cookies: a browser would download
    # them rather than open them.
    response = page.goto(url) if html else page.request.get(url)
    if response is None:
        return ["no response"]
    problems = []
    status = response.status
    if status >= 500:
        problems.append(f"status {status}")
    if expected_status is not None and status != expected_status:
        problems.append(f"status {status}, expected {expected_status}")
    if not html:
        return problems
    h1s = page.locator("h1").count()
    if h1s != 1:
        problems.append(f"{h1s} <h1> elements, expected exactly 1")
    # The crawl's phone is 360 px wide: nothing may make the page scroll sideways.
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    if width > viewport:
        problems.append(f"{width} px wide on a {viewport} px screen: it scrolls sideways, "
                        f"because of {page.evaluate(WIDEST)}")
    landed = urlsplit(page.url).path
    stands_for = (f"status {status}" if status >= 400
                  else landed if landed != urlsplit(url).path else None)
    if seen is None or stands_for is None or stands_for not in seen:
        problems += axe_problems(page)
        if seen is not None and stands_for is not None:
            seen.add(stands_for)
    return problems


# An admin sees the other pages as the manager of crawl_data's neighbourhood does (the
# manager's crawl checks them); only these differ, so the admin's crawl keeps to them.
ADMIN_PAGES = ("manage.", "moderation.")


@pytest.mark.parametrize("who", ["visitor", "resident", "manager", "admin"])
def test_every_get_page_is_accessible(who, app, live_server, new_context, log_in,
                                      axe_problems, crawl_data):
    # A visitor reads Dutch (the default); the resident chose English: both catalogues.
    context = new_context(locale="nl-NL")
    if who in ("resident", "manager", "admin"):
        log_in(context, crawl_data[who])

    uncovered, problems, seen = [], {}, set()
    for endpoint, rule in get_pages(app):
        if rule.arguments and endpoint not in EXAMPLES:
            uncovered.append(endpoint)
            continue
        if who == "admin" and not endpoint.startswith(ADMIN_PAGES):
            continue
        kwargs = EXAMPLES[endpoint](crawl_data) if rule.arguments else {}
        url = live_server.url_for(endpoint, **kwargs)
        page = context.new_page()
        found = check_page(page, url, axe_problems, html=endpoint not in NOT_HTML,
                           seen=seen)
        if found:
            # A page that sent the visitor elsewhere (the log-in page) says where it landed.
            landed = "" if page.url == url else f" (landed on {page.url})"
            problems[f"{endpoint} {url}{landed}"] = found
        page.close()

    for name, (endpoint, kwargs, selector) in STATES.items():
        page = context.new_page()
        found = check_page(page, live_server.url_for(endpoint, **kwargs), axe_problems)
        if not page.locator(selector).count():
            found.append(f"shows no {selector}")
        if found:
            problems[name] = found
        page.close()

    page = context.new_page()
    found = check_page(page, live_server(MISSING_PAGE), axe_problems, expected_status=404)
    if found:
        problems[f"404 page {MISSING_PAGE}"] = found
    page.close()

    report = []
    if uncovered:
        report.append("GET pages without an example in EXAMPLES: " + ", ".join(uncovered))
    for where, found in problems.items():
        report.append(f"{where}:\n    " + "\n    ".join(found))
    if report:
        pytest.fail(f"Pages with problems, as a {who}:\n" + "\n".join(report), pytrace=False)
