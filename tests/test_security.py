"""Safety basics: CSRF, headers, cookies, error pages, health."""
import pytest
from sqlalchemy.exc import OperationalError

from buurt.core.extensions import db
from buurt.market.models import Request


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_a_form_without_its_token_is_refused_with_it_accepted(self, client, make_user):
        user = make_user()
        response = client.post("/login", data={"email": user.email, "password": "x"})
        assert response.status_code == 400
        assert "De pagina stond lang open" in response.get_data(as_text=True)
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        from tests.fixtures.builders import PASSWORD
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 302

    def test_every_form_on_a_page_carries_a_token(self, client, make_user, make_post, login):
        post = make_post("request")
        for url in ("/", "/signup", "/login", f"/requests/{post.id}"):
            page = client.get(url).get_data(as_text=True)
            assert page.count("<form") >= 1
            post_forms = page.count('method="post"')
            assert page.count('name="csrf_token"') >= post_forms > 0, url


def test_security_headers_and_cookie_flags(client, make_user, topics):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    user = make_user()
    from tests.fixtures.builders import PASSWORD
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert client.get("/").headers["Cache-Control"] == "private, no-store"


def test_production_cookies_are_secure():
    import config
    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
    assert config.ProductionConfig.REMEMBER_COOKIE_SECURE is True


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "search": "ok"}


def test_healthz_reports_a_failing_database(client, app, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is gone"))
    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
    assert response.get_json()["database"] == "error"


def test_an_unexpected_error_gets_a_friendly_page(client, app, topics, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    from buurt.posts import services as posts

    def crash(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(posts, "feed", crash)
    response = client.get("/requests")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, er ging bij ons iets mis" in page and "boom" not in page
    assert client.get("/signup").status_code == 200


def test_html_in_posts_is_escaped(client, make_post):
    post = make_post("request", title="<script>alert(1)</script> hulp",
                     body="<img src=x onerror=alert(1)>")
    page = client.get(f"/requests/{post.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page


def test_a_visitor_cannot_post(client, topics):
    response = client.post("/requests/new", data={"title": "Stiekem", "body": "x",
                                                   "topic": "tuin"})
    assert response.status_code == 302 and "/login" in response.location
    assert db.session.scalar(db.select(db.func.count(Request.id))) == 0
