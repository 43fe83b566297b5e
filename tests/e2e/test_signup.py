"""Signing up in a real browser on a phone-sized screen, with real CSRF tokens."""
from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models import User
from buurt.posts.models import CloseReason, PostState

NAME = "Sanne"
EMAIL = "sanne@example.com"
PASSWORD = "a long sentence"
POSTCODE = "1015 AB"


def fill_signup_form(page, *, name):
    page.goto("/signup")
    if name:
        page.get_by_label("Your name", exact=True).fill(name)
    page.get_by_label("E-mail address", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Postcode", exact=True).fill(POSTCODE)
    offers = page.get_by_role("group", name="I can help with")
    offers.get_by_label("Computer help", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up", exact=True).click()


def test_a_new_resident_who_offers_computer_help_finds_a_neighbours_request(
        page, live_server, make_user, make_post):
    neighbour = make_user("Anna")
    published = make_post("request", author=neighbour, topic="computerhulp",
                          title="Who can set up my new laptop?")
    withdrawn = make_post("request", author=neighbour, topic="computerhulp",
                          title="Help with my printer", state=PostState.CLOSED,
                          closed_reason=CloseReason.WITHDRAWN, closed_at=clock.now())
    pending = make_post("request", author=neighbour, topic="computerhulp",
                        title="Video calls with my grandchildren", state=PostState.PENDING)
    other_topic = make_post("request", author=neighbour, topic="klussen",
                            title="Hang up a shelf")

    fill_signup_form(page, name=NAME)

    assert page.url == live_server.url_for("main.welcome")
    assert page.get_by_role("heading", level=1).inner_text() == f"Welcome, {NAME}!"
    link = page.get_by_role("link", name=published.title)
    assert link.get_attribute("href") == f"/requests/{published.id}"
    for hidden in (withdrawn, pending, other_topic):
        assert page.locator(f'a[href="/requests/{hidden.id}"]').count() == 0, hidden.title
        assert page.get_by_text(hidden.title).count() == 0, hidden.title


def test_a_missing_name_shows_the_message_and_keeps_what_was_typed(
        page, topics, axe_problems):
    fill_signup_form(page, name=None)

    assert page.url.endswith("/signup")
    assert page.locator("#display_name-error").inner_text() == "Fill in your name."
    assert page.get_by_role("alert").get_by_role("link", name="Your name: Fill in your name.")
    name = page.get_by_label("Your name", exact=True)
    assert name.input_value() == ""
    assert name.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("E-mail address", exact=True).input_value() == EMAIL
    assert page.get_by_label("Password", exact=True).input_value() == PASSWORD
    assert page.get_by_label("Postcode", exact=True).input_value() == POSTCODE
    offers = page.get_by_role("group", name="I can help with")
    assert offers.get_by_label("Computer help", exact=True).is_checked()
    seeks = page.get_by_role("group", name="I would like help with")
    assert not seeks.get_by_label("Computer help", exact=True).is_checked()
    assert db.session.scalar(db.select(User).filter_by(email=EMAIL)) is None
    problems = axe_problems(page)
    assert not problems, "axe on the sign-up form with an error:\n" + "\n".join(problems)


def test_reading_the_privacy_statement_and_coming_back_keeps_what_was_typed(page, topics):
    page.goto("/signup")
    page.get_by_label("Your name", exact=True).fill(NAME)
    page.get_by_label("E-mail address", exact=True).fill(EMAIL)
    page.get_by_label("Postcode", exact=True).fill(POSTCODE)
    page.get_by_role("group", name="I can help with").get_by_label(
        "Computer help", exact=True).check()
    # The link by the button opens the statement in the same tab.
    with page.expect_navigation():
        page.get_by_role("link", name="privacy statement", exact=True).click()
    assert page.url.endswith("/privacy")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy statement"
    with page.expect_navigation():
        page.go_back()
    assert page.url.endswith("/signup")
    assert page.get_by_label("Your name", exact=True).input_value() == NAME
    assert page.get_by_label("E-mail address", exact=True).input_value() == EMAIL
    assert page.get_by_label("Postcode", exact=True).input_value() == POSTCODE
    assert page.get_by_role("group", name="I can help with").get_by_label(
        "Computer help", exact=True).is_checked()
