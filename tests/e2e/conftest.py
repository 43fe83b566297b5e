"""Real-browser tests: the app on a live server, driven by Debian's Chromium.

One Chromium for the whole session, a fresh browser context for every test, and the
project's `app` fixture underneath, so the database is emptied after each test. Without
Chromium the tests skip with the reason; with CI=true they fail instead.
"""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import IN_CI
from tests.fixtures import builders

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium tries to reach the internet at every start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
MOBILE = {"width": 360, "height": 740}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `e2e`, so new modules get the mark by themselves."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _no_browser(reason, detail=""):
    if IN_CI:
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}\n{detail}".rstrip(),
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def app_settings():
    """Real CSRF tokens, and no SERVER_NAME so the app answers on 127.0.0.1:<port>."""
    return {"WTF_CSRF_ENABLED": True, "SERVER_NAME": None}


class LiveServer:
    def __init__(self, app, server):
        self.app = app
        self.host, self.port = server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self._urls = app.url_map.bind(f"{self.host}:{self.port}", url_scheme="http")

    def url_for(self, endpoint, **values):
        """The full URL of an endpoint, as the browser must open it."""
        return self._urls.build(endpoint, values, force_external=True)

    def __call__(self, path="/"):
        return self.url + path


class QuietRequestHandler(WSGIRequestHandler):
    """Log only the requests that went wrong, so a failure's captured log stays short."""

    def log_request(self, code="-", size="-"):
        if str(code).isdigit() and int(code) >= 400:
            super().log_request(code, size)


@pytest.fixture
def live_server(app):
    """Serve the test's `app` from a thread on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True,
                         request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, server)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _no_browser(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _no_browser(f"playwright is not installed: {exc}")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Exception as exc:  # any failure to start the browser means no browser tests
        playwright.stop()
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        _no_browser(f"Chromium at {CHROMIUM} does not start: {first_line}", str(exc))
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (separate cookies) that are closed before the server stops."""
    contexts = []

    def make(*, locale="en-GB", viewport=MOBILE):
        # bypass_csp lets axe's script run under the app's strict Content-Security-Policy.
        context = browser.new_context(base_url=live_server.url, locale=locale,
                                      viewport=viewport, bypass_csp=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def log_in():
    """Log a user in through the real form, so the session cookie is the browser's."""
    def log_in_as(context, user, password=builders.PASSWORD):
        page = context.new_page()
        page.goto("/login")
        page.locator("input[name=email]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert "/login" not in page.url, f"log-in as {user.email} failed: still on {page.url}"
        page.close()
    return log_in_as


def _describe(violation):
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.fixture
def axe_problems(axe):
    """Run axe-core (all its default rules) on a page; one line per violation."""
    def problems(page):
        results = axe.run(page)
        return [_describe(v) for v in results.response["violations"]]
    return problems
