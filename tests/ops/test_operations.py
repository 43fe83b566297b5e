"""What running the site needs: a log line per request, robots.txt and favicon.ico, and
text sent compressed."""
import gzip
import json
import logging

import brotli
import pytest

from buurt.web import requestlog


@pytest.fixture
def app_settings():
    return {"LOG_REQUESTS": True}


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "buurt.request"]


def test_one_line_per_request_with_status_and_time(client, caplog):
    caplog.set_level(logging.INFO, logger="buurt.request")
    client.get("/requests?topic=tuin")
    client.get("/requests/12345")
    first, second = _request_lines(caplog)
    assert first.fields["path"] == "/requests" and first.fields["status"] == 200
    assert second.fields["status"] == 404
    assert all(isinstance(r.fields["ms"], float) and r.fields["ms"] >= 0 for r in (first, second))
    # What residents search for stays out of the log; the page is in it.
    assert "tuin" not in first.getMessage() and "/requests 200" in first.getMessage()


def test_json_lines_when_asked(client, caplog):
    caplog.set_level(logging.INFO, logger="buurt.request")
    client.get("/healthz")
    record = _request_lines(caplog)[0]
    line = json.loads(requestlog.JsonFormatter().format(record))
    assert line["path"] == "/healthz" and line["status"] == 200 and line["method"] == "GET"
    assert line["logger"] == "buurt.request" and line["level"] == "info" and "ms" in line
    text = logging.Formatter(requestlog.TEXT_FORMAT).format(record)
    assert "GET /healthz 200" in text and not text.startswith("{")


def test_the_log_can_be_turned_off(app, client, caplog):
    from buurt import create_app
    from tests.conftest import test_settings
    quiet = create_app(test_settings(app.config["SQLALCHEMY_DATABASE_URI"], LOG_REQUESTS=False))
    caplog.set_level(logging.INFO, logger="buurt.request")
    quiet.test_client().get("/healthz")
    assert _request_lines(caplog) == []
    client.get("/healthz")
    assert len(_request_lines(caplog)) == 1


def test_robots_txt_keeps_crawlers_to_public_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /search", "Disallow: /manage", "Disallow: /conversations"} <= set(lines)
    assert not any(line.endswith((" /requests", " /events", " /")) for line in lines)


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"   # the ICO header


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress),
                                              ("gzip", gzip.decompress)])
def test_pages_and_css_are_sent_compressed(client, encoding, decode):
    plain = client.get("/requests")
    page = client.get("/requests", headers={"Accept-Encoding": encoding})
    assert "Content-Encoding" not in plain.headers
    assert page.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in page.headers["Vary"]
    # The same page (but for its CSRF token), in fewer bytes.
    assert len(page.get_data()) < len(plain.get_data()) / 2
    assert b"</html>" in decode(page.get_data())
    css = client.get("/static/css/buurt.css", headers={"Accept-Encoding": encoding})
    assert css.status_code == 200
    body = b"".join(css.response) if css.is_streamed else css.get_data()
    assert css.headers["Content-Encoding"] == encoding
    assert b"{" in decode(body)
    assert len(body) < len(client.get("/static/css/buurt.css").get_data())


def test_photos_are_not_compressed_again(client):
    icon = client.get("/favicon.ico", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in icon.headers
