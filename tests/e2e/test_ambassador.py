"""An ambassador at a market stall, on a 360 px phone: signs up a neighbour without e-mail,
prints the login card; the neighbour logs in with the card and chooses a password."""
import re

import pytest

from buurt.ambassador import events
from buurt.core.extensions import db
from buurt.people.models import Membership, Role, User

NEW_PASSWORD = "mijn eigen zin"
A4 = (595, 842)     # points
A6 = (298, 420)


@pytest.fixture
def ambassador(make_user, centrum):
    user = make_user("Amina", email="amina@example.com", role=Role.AMBASSADOR, language="en")
    db.session.add(Membership(user_id=user.id, neighbourhood_id=centrum.id,
                              role=Role.AMBASSADOR))
    db.session.commit()
    return user


def pdf_page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """The size of each page of a PDF, in whole points."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def problems_of(axe_problems, page, where):
    found = axe_problems(page)
    assert not found, f"axe on {where}:\n" + "\n".join(found)


def test_assisted_sign_up_without_e_mail_then_the_card_and_a_password(
        new_context, live_server, log_in, ambassador, topics, axe_problems):
    # The ambassador's phone.
    phone = new_context()
    log_in(phone, ambassador)
    page = phone.new_page()
    page.goto("/ambassador")
    with page.expect_navigation():
        page.get_by_role("link", name="Sign up a neighbour").click()
    assert page.viewport_size["width"] == 360
    # One column: nothing sticks out sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    problems_of(axe_problems, page, "the assisted sign-up form")

    page.get_by_label("Name of the neighbour", exact=True).fill("Henk")
    page.get_by_role("group", name="Would like help with").get_by_label(
        "Shopping", exact=True).check()
    page.get_by_role("group", name="Can help with").get_by_label("Garden", exact=True).check()
    page.get_by_label("The neighbour agrees", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Make the account").click()

    henk = db.session.scalar(db.select(User).filter_by(display_name="Henk"))
    assert page.url == live_server.url_for("ambassador.card", user_id=henk.id)
    assert page.get_by_role("heading", level=1).inner_text() == "Your login card for Buurt"
    username = page.locator(".card-login").inner_text()
    code = page.locator(".card-code").inner_text()
    assert username == henk.username and henk.email is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    problems_of(axe_problems, page, "the login card")

    # Printed, only the card is on paper: one A6 page, without the site's menu.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("link", name="Next neighbour").is_visible()
    assert page.locator(".card-code").is_visible()
    assert pdf_page_sizes(page.pdf(prefer_css_page_size=True)) == [A6]
    page.emulate_media(media="screen")

    # The back button shows an empty form, and forward again no card.
    page.go_back()
    assert page.url == live_server.url_for("ambassador.signup")
    assert page.get_by_label("Name of the neighbour", exact=True).input_value() == ""
    assert not page.get_by_label("The neighbour agrees", exact=True).is_checked()
    assert not page.get_by_role("group", name="Would like help with").get_by_label(
        "Shopping", exact=True).is_checked()
    page.go_forward()
    assert page.get_by_role("heading", level=1).inner_text() == "This card is closed"
    assert page.get_by_text(code).count() == 0 and page.get_by_text("Henk").count() == 0
    # On to the next neighbour.
    with page.expect_navigation():
        page.get_by_role("link", name="Sign up a neighbour").click()
    assert page.get_by_label("Name of the neighbour", exact=True).input_value() == ""

    # Henk, at home, on his own phone.
    home = new_context()
    page = home.new_page()
    page.goto("/login")
    page.get_by_label("E-mail address or username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == live_server.url_for("auth.choose_password")
    problems_of(axe_problems, page, "choosing a password")
    # The page cannot be skipped.
    page.goto("/requests")
    assert page.url == live_server.url_for("auth.choose_password")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Save my password").click()
    assert page.url == live_server.url_for("main.welcome")
    assert page.get_by_text("Your password is saved.").is_visible()
    page.goto("/requests")
    assert page.url == live_server.url_for("market.request_list")
    db.session.refresh(henk)
    assert not henk.must_choose_password

    # The card's code worked once; the password works from now on.
    page.get_by_role("navigation", name="Main menu").locator("summary").click()  # a phone
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    page.goto("/login")
    page.get_by_label("E-mail address or username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#password-error").inner_text().startswith(
        "This code has been used already.")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == live_server("/")


@pytest.mark.parametrize("paper,size", [("a4", A4), ("a6", A6)])
def test_the_qr_code_prints_on_a4_and_a6(new_context, log_in, ambassador, centrum, paper,
                                         size):
    from buurt.core import clock
    event = events.create_event(ambassador, name="Straatfeest", day=clock.today(),
                                place="Buurthuis", neighbourhood=centrum)
    db.session.commit()
    context = new_context()
    log_in(context, ambassador)
    page = context.new_page()
    page.goto(f"/ambassador/events/{event.id}/print?paper={paper}")
    page.emulate_media(media="print")
    assert page.locator("svg.qr").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert pdf_page_sizes(page.pdf(prefer_css_page_size=True)) == [size]
