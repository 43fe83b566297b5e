"""Log-in, log-out and the profile."""
import pytest

from buurt.core.extensions import db
from tests.fixtures.builders import PASSWORD


def test_login_and_logout(client, make_user):
    user = make_user(email="kees@example.com")
    response = client.post("/login", data={"email": "KEES@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert user.display_name in client.get("/").get_data(as_text=True)
    assert client.get("/logout").status_code == 405          # a state change is a POST
    assert client.post("/logout").status_code == 302
    assert client.get("/welcome").status_code == 302           # back to the log-in page


def test_wrong_password_keeps_the_name_and_says_so(client, make_user):
    make_user(email="kees@example.com")
    response = client.post("/login", data={"email": "kees@example.com", "password": "fout"},
                           headers={"Accept-Language": "nl"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "past niet bij dit wachtwoord" in page
    assert 'value="kees@example.com"' in page
    assert 'value="fout"' not in page


@pytest.mark.parametrize("target, expected", [
    ("/offers", "/offers"), ("https://evil.example/x", "/"), ("//evil.example", "/"),
    ("/\\evil.example", "/"), ("", "/"),
])
def test_login_returns_only_to_pages_of_this_site(client, make_user, target, expected):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "next": target})
    assert response.location == expected or response.location.endswith(
        "buurt.test" + expected)


def test_pages_for_residents_send_visitors_to_login(client, topics):
    response = client.get("/welcome")
    assert response.status_code == 302 and "/login?next=" in response.location
    assert client.get("/requests/new").status_code == 302
    assert client.get("/profile").status_code == 302


def test_profile_changes_topics_and_leaves_name_and_street_to_the_account(client, make_user,
                                                                        login):
    user = make_user("Kees", seek=["tuin"])
    user.street = "Palmgracht"
    db.session.commit()
    login(user)
    page = client.get("/profile").get_data(as_text=True)
    assert 'href="/account"' in page
    assert 'name="seek_topics"' in page and 'name="display_name"' not in page
    response = client.post("/profile", data={
        "display_name": "Someone else", "street": "", "language": "en",
        "seek_topics": ["koken"], "offer_topics": ["tuin", "klussen"]})
    assert response.status_code == 302
    assert "Je profiel is opgeslagen." in client.get("/profile").get_data(as_text=True)
    db.session.refresh(user)
    assert [t.slug for t in user.seek_topics] == ["koken"]
    assert sorted(t.slug for t in user.offer_topics) == ["klussen", "tuin"]
    # The name, street and language have their home on /account, not here.
    assert (user.display_name, user.street, user.language) == ("Kees", "Palmgracht", "nl")
    assert 'name="display_name"' in client.get("/account").get_data(as_text=True)


class TestRateLimits:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute",
                "SIGNUP_RATE_LIMIT": "2 per hour"}

    def test_login_attempts_are_limited(self, client, make_user):
        user = make_user()
        for _ in range(3):
            assert client.post("/login", data={"email": user.email,
                                               "password": "fout"}).status_code == 200
        assert client.get("/login").status_code == 200     # reading the form is not limited
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 429
        assert "Te vaak geprobeerd" in response.get_data(as_text=True)

    def test_signups_are_limited(self, client, topics):
        for _ in range(2):
            client.post("/signup", data={"display_name": ""})
        assert client.post("/signup", data={"display_name": ""}).status_code == 429
