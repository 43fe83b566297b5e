"""Password reset by e-mail: the whole flow, single use, expiry, and revealing nothing."""
import hashlib
import re
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail
from buurt.people import accounts, passwords
from buurt.people.models import AccountToken
from tests.fixtures.builders import PASSWORD

EN = {"Accept-Language": "en"}
NEW_PASSWORD = "a new long password"
START = datetime(2026, 3, 2, 9, 0)


def outbox():
    return list(db.session.scalars(db.select(OutboxEmail).order_by(OutboxEmail.id)))


def reset_path_from_mail(mail: OutboxEmail) -> str:
    """The path of the reset link in the mail, checked to be the same in text and HTML."""
    [link] = re.findall(r"https?://\S+/password/reset/[\w-]+", mail.body_text)
    assert f'href="{link}"' in mail.body_html
    return link[link.index("/password/reset/"):]


def ask_for_link(client, email):
    return client.post("/password/forgot", data={"email": email}, headers=EN)


def test_the_log_in_page_links_to_the_forgotten_password_page(client, topics):
    page = client.get("/login", headers=EN).get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page


def test_the_forgot_page_has_a_labelled_field_and_one_heading(client, topics):
    page = client.get("/password/forgot", headers=EN).get_data(as_text=True)
    assert page.count("<h1>") == 1
    assert '<label for="email">' in page and 'name="email"' in page


def test_the_whole_flow_from_mail_to_a_new_password(client, make_user):
    user = make_user("Kees", email="kees@example.com", language="en")
    response = ask_for_link(client, "Kees@Example.com ")
    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)

    [mail] = outbox()
    assert (mail.to_address, mail.kind, mail.user_id) == ("kees@example.com",
                                                           "password_reset", user.id)
    assert mail.body_text.startswith("Hello Kees,")
    path = reset_path_from_mail(mail)
    token = path.rsplit("/", 1)[1]
    # Only a hash of the token is stored.
    [reset] = db.session.scalars(db.select(AccountToken)).all()
    assert reset.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in reset.token_hash

    form = client.get(path, headers=EN).get_data(as_text=True)
    assert "Choose a new password" in form and form.count("<h1>") == 1
    assert '<label for="password">' in form and '<label for="confirm">' in form

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                           headers=EN)
    assert response.status_code == 302 and response.location.endswith("/")
    home = client.get("/", headers=EN).get_data(as_text=True)
    assert "Your new password is saved. You are logged in." in home
    assert "Kees" in home   # logged in

    db.session.expire_all()
    assert accounts.authenticate("kees@example.com", NEW_PASSWORD) == user
    assert accounts.authenticate("kees@example.com", PASSWORD) is None
    assert db.session.get(AccountToken, reset.id).used_at is not None


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, make_user):
    make_user(email="kees@example.com")
    known = ask_for_link(client, "kees@example.com").get_data(as_text=True)
    unknown = ask_for_link(client, "nobody@example.com").get_data(as_text=True)
    # The CSRF token is signed with the time in seconds, so it may differ between the two.
    def same(page, address):
        page = re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', page)
        return page.replace(address, "X")
    assert same(known, "kees@example.com") == same(unknown, "nobody@example.com")
    assert len(outbox()) == 1
    assert db.session.scalar(db.select(db.func.count(AccountToken.id))) == 1


def test_an_account_without_e_mail_gets_nothing(make_user):
    user = make_user()
    user.email = None
    db.session.commit()
    assert passwords.request_reset("") is None
    assert outbox() == []


@pytest.mark.parametrize("email, message", [
    ("", "Fill in your e-mail address."),
    ("kees", "This is not an e-mail address."),
])
def test_a_bad_address_gets_a_message_on_the_form(client, topics, email, message):
    response = ask_for_link(client, email)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert f'value="{email}"' in page or not email
    assert outbox() == []


def test_a_link_works_only_once(client, make_user):
    make_user(email="kees@example.com")
    ask_for_link(client, "kees@example.com")
    path = reset_path_from_mail(outbox()[0])
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=data, headers=EN).status_code == 302
    client.post("/logout")
    for response in (client.get(path, headers=EN),
                     client.post(path, data={"password": "another password",
                                             "confirm": "another password"}, headers=EN)):
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "This link no longer works" in page
        assert 'href="/password/forgot"' in page
    assert accounts.authenticate("kees@example.com", NEW_PASSWORD) is not None


def test_a_link_expires(client, make_user):
    make_user(email="kees@example.com")
    with time_machine.travel(START, tick=False) as traveller:
        ask_for_link(client, "kees@example.com")
        path = reset_path_from_mail(outbox()[0])
        traveller.shift(timedelta(hours=2) - timedelta(seconds=1))
        assert "Choose a new password" in client.get(path, headers=EN).get_data(as_text=True)
        traveller.shift(timedelta(seconds=1))
        response = client.post(path, data={"password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD}, headers=EN)
    assert response.status_code == 200
    assert "This link no longer works" in response.get_data(as_text=True)
    assert accounts.authenticate("kees@example.com", PASSWORD) is not None


def test_the_lifetime_is_a_setting(app, make_user):
    app.config["PASSWORD_RESET_HOURS"] = 5
    make_user(email="kees@example.com", language="en")
    with time_machine.travel(START, tick=False):
        reset = passwords.request_reset("kees@example.com")
        assert reset.expires_at == START + timedelta(hours=5)
    assert "works for 5 hours" in outbox()[0].body_text


def test_an_unknown_token_gets_a_plain_page(client, topics):
    response = client.get("/password/reset/not-a-real-token", headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("<h1>") == 1
    assert "This link no longer works" in page and 'href="/password/forgot"' in page


def test_a_new_password_ends_the_other_open_links(client, make_user):
    make_user(email="kees@example.com")
    ask_for_link(client, "kees@example.com")
    ask_for_link(client, "kees@example.com")
    first, second = (reset_path_from_mail(m) for m in outbox())
    client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    assert "This link no longer works" in client.get(first, headers=EN).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(AccountToken.id))
                             .where(AccountToken.used_at.is_(None))) == 0


@pytest.mark.parametrize("password, confirm, message", [
    ("kort", "kort", "Use at least 8 characters."),
    (NEW_PASSWORD, "something else", "The two passwords are not the same."),
    ("", "", "Choose a password."),
])
def test_a_bad_new_password_keeps_you_on_the_form(client, make_user, password, confirm,
                                                  message):
    make_user(email="kees@example.com")
    ask_for_link(client, "kees@example.com")
    path = reset_path_from_mail(outbox()[0])
    response = client.post(path, data={"password": password, "confirm": confirm}, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page and 'class="error-summary"' in page
    assert f'action="{path}"' in page
    assert accounts.authenticate("kees@example.com", PASSWORD) is not None
    assert passwords.find_reset(path.rsplit("/", 1)[1]) is not None   # still usable


def test_reset_with_token_refuses_a_used_token(make_user):
    make_user(email="kees@example.com")
    passwords.request_reset("kees@example.com")
    db.session.commit()
    token = reset_path_from_mail(outbox()[0]).rsplit("/", 1)[1]
    passwords.reset_with_token(token, NEW_PASSWORD)
    db.session.commit()
    with pytest.raises(passwords.InvalidToken):
        passwords.reset_with_token(token, "yet another password")


class TestRateLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}

    def test_asking_for_links_is_rate_limited(self, client, topics):
        assert ask_for_link(client, "a@example.com").status_code == 200
        assert ask_for_link(client, "b@example.com").status_code == 200
        assert ask_for_link(client, "c@example.com").status_code == 429
        assert client.get("/password/forgot").status_code == 200


def test_a_new_password_logs_out_every_other_session(app, client, make_user):
    user = make_user(email="kees@example.com")
    elsewhere = app.test_client()
    assert elsewhere.post("/login", data={"email": user.email, "password": PASSWORD}
                          ).status_code == 302
    assert elsewhere.get("/mine").status_code == 200
    ask_for_link(client, "kees@example.com")
    [mail] = outbox()
    response = client.post(reset_path_from_mail(mail),
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/mine").status_code == 200              # the one who reset it
    assert elsewhere.get("/mine").status_code == 302           # sent to the log-in page
