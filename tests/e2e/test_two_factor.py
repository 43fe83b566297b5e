"""Two-step log-in in the browser: a manager on a site that requires it sets it up at the
first log-in (QR code, key, recovery codes to print), then logs in with a code; every page
of it passes axe on a phone. The second step needs a half-done log-in, which the crawl in
test_pages.py cannot have: it is checked here."""
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from tests.fixtures.builders import PASSWORD

PHONE_WIDTH = 360


@pytest.fixture
def app_settings():
    return {"WTF_CSRF_ENABLED": True, "SERVER_NAME": None, "TWO_FACTOR_FOR_STAFF": "required"}


def check(page, axe_problems, where):
    assert page.locator("h1").count() == 1, where
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, where
    found = axe_problems(page)
    assert not found, f"axe on {where}:\n" + "\n".join(found)


def next_step_code(secret: str) -> str:
    """The code of the coming time step: accepted (a phone a little ahead), and later than
    the one the set-up used, however the seconds fall."""
    return pyotp.TOTP(secret).at(datetime.now(timezone.utc) + timedelta(seconds=30))


def test_a_manager_sets_up_two_step_log_in_and_logs_in_with_a_code(
        new_context, live_server, make_manager, axe_problems):
    manager = make_manager("Mila", email="mila@example.com")   # reads English
    context = new_context()
    page = context.new_page()
    page.goto("/login?next=/moderation")
    page.get_by_label("E-mail address or username", exact=True).fill(manager.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    # The site requires it: the set-up comes before any other page.
    assert page.url == live_server.url_for("auth.two_factor")
    page.goto("/requests")
    assert page.url == live_server.url_for("auth.two_factor")
    assert page.get_by_role("img", name="QR code to set up two-step log-in in your app"
                            ).is_visible()
    check(page, axe_problems, "the set-up")
    secret = page.locator(".setup-key").inner_text().replace(" ", "")

    code = page.get_by_label("The code from your app", exact=True)
    code.fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step log-in").click()
    assert page.locator("#code-error").inner_text().startswith("This code does not work.")
    check(page, axe_problems, "the set-up with a wrong code")
    code.fill(pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-step log-in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page, axe_problems, "the recovery codes")
    # On paper only the codes and what they are for, without the site's menu.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("link", name="I have kept my codes").is_visible()
    assert page.locator(".recovery-codes").is_visible()
    page.emulate_media(media="screen")
    with page.expect_navigation():
        page.get_by_role("link", name="I have kept my codes").click()
    check(page, axe_problems, "the settings of two-step log-in")
    page.goto("/requests")
    assert page.url == live_server.url_for("market.request_list")

    # The next log-in: the password, then the code.
    fresh = new_context()
    page = fresh.new_page()
    page.goto("/login?next=/moderation")
    page.get_by_label("E-mail address or username", exact=True).fill(manager.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == live_server.url_for("auth.login_code")
    check(page, axe_problems, "the second step of the log-in")
    page.goto("/requests")   # not logged in yet: the menu offers to log in
    assert page.get_by_role("link", name="Log in", exact=True, include_hidden=True).count() == 1
    assert page.get_by_role("button", name="Log out", include_hidden=True).count() == 0
    page.goto("/login/two-factor")
    page.get_by_label("Code", exact=True).fill(next_step_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.url == live_server.url_for("moderation.queue")
