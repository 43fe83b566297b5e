"""My account (/account): name, street and language; moving by postcode; a new e-mail
address that changes only when the link mailed to it is opened; a new password that ends
the other sessions."""
import re
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.ambassador import cards
from buurt.core.extensions import db
from buurt.market.models import Request
from buurt.notifications.models import OutboxEmail
from buurt.people import accounts, addresses, passwords
from buurt.people.models import AccountToken, Membership, Role, User
from tests.fixtures.builders import PASSWORD
from tests.fixtures.english import client, make_user, text  # noqa: F401

START = datetime(2026, 3, 2, 9, 0)
NEW_PASSWORD = "a new long password"


def outbox(**filters) -> list[OutboxEmail]:
    return list(db.session.scalars(db.select(OutboxEmail).filter_by(**filters)
                                   .order_by(OutboxEmail.id)))


def confirm_path(mail: OutboxEmail) -> str:
    """The path of the link in a mail that confirms an address (the same in text and HTML)."""
    [link] = re.findall(r"https?://\S+/account/email/confirm/[\w-]+", mail.body_text)
    assert f'href="{link}"' in mail.body_html
    return link[link.index("/account/"):]


def value_of(page: str, name: str) -> str | None:
    """The value of the form field with this name as the page shows it."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag:
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else ""
    return None


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_my_account_needs_a_log_in_and_sits_in_the_menu_next_to_the_profile(client, make_user,
                                                                           login):
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=" in response.location
    login(make_user("Kees"))
    page = text(client.get("/account"))
    assert page.count("<h1>") == 1 and "<h1>My account</h1>" in page
    menu = text(client.get("/requests"))
    assert re.search(r'href="/profile">My profile</a></li>\s*<li><a href="/account">'
                     r'My account</a>', menu)
    # It leads to the account's other pages.
    for other in ("/account/two-factor", "/account/export", "/account/delete"):
        assert f'href="{other}"' in page, other


def test_the_page_says_it_in_dutch_for_a_dutch_resident(client, make_user, login):
    login(make_user("Kees", language="nl"))
    page = text(client.get("/account"))
    assert "<h1>Mijn account</h1>" in page and "Naam, straat en taal" in page


# Name, street and language ----------------------------------------------------------------

def test_name_street_and_language_are_saved(client, make_user, login):
    user = make_user("Kees", language="nl")
    login(user)
    response = client.post("/account/details", data={
        "display_name": "Kees de Tuinman", "street": " Lindengracht ", "language": "en"})
    assert response.status_code == 302 and response.location.endswith("/account")
    # The message comes in the language just chosen.
    assert "Your name, street and language are saved." in text(client.get("/account"))
    user = fresh(user)
    assert (user.display_name, user.street, user.language) == ("Kees de Tuinman",
                                                               "Lindengracht", "en")
    page = text(client.get("/account"))
    assert 'value="Kees de Tuinman"' in page and 'value="Lindengracht"' in page


@pytest.mark.parametrize("field, value, message", [
    ("display_name", "", "Fill in your name."),
    ("display_name", "K" * 81, "Use at most 80 characters."),
    ("street", "S" * 121, "Use at most 120 characters."),
    ("language", "fr", "Choose from the list."),
])
def test_bad_details_get_a_message_and_keep_what_was_typed(client, make_user, login, field,
                                                           value, message):
    user = make_user("Kees")
    login(user)
    data = {"display_name": "Kees Nieuw", "street": "Palmgracht", "language": "en",
            field: value}
    response = client.post("/account/details", data=data)
    page = text(response)
    assert response.status_code == 200 and message in page
    assert 'class="error-summary"' in page and f'id="{field}-error"' in page
    for name in ("display_name", "street"):
        if data[name]:
            assert f'value="{data[name]}"' in page
    user = fresh(user)
    assert (user.display_name, user.street) == ("Kees", None)


# Moving to another neighbourhood ----------------------------------------------------------

@pytest.mark.parametrize("postcode", ["1091", "1091AB", "1091 ab"])
def test_moving_by_postcode(client, make_user, login, make_neighbourhood, make_post, postcode):
    oost = make_neighbourhood("oost", ["1091"], name="Oost")
    user = make_user("Kees")
    post = make_post("request", author=user)
    login(user)
    assert "You live in Centrum." in text(client.get("/account"))
    response = client.post("/account/neighbourhood", data={"postcode": postcode})
    assert response.status_code == 302
    page = text(client.get("/account"))
    assert "You now live in Oost. What you posted stays in Centrum." in page
    assert "You live in Oost." in page
    assert fresh(user).neighbourhood_id == oost.id
    assert db.session.get(Request, post.id).neighbourhood.slug == "centrum"


@pytest.mark.parametrize("postcode, message", [
    ("", "Fill in your postcode."),
    ("12AB", "This is not a Dutch postcode."),
    ("9999 ZZ", "None of our neighbourhoods has this postcode yet."),
    ("1091 AB", "You live in Oost already."),
])
def test_a_postcode_that_finds_no_new_neighbourhood_gets_a_message(client, make_user, login,
                                                                  make_neighbourhood,
                                                                  postcode, message):
    oost = make_neighbourhood("oost", ["1091"], name="Oost")
    user = make_user("Kees", neighbourhood=oost)
    login(user)
    response = client.post("/account/neighbourhood", data={"postcode": postcode})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert 'id="postcode-error"' in page
    if postcode:
        assert f'value="{postcode}"' in page
    assert fresh(user).neighbourhood_id == oost.id


def test_a_manager_who_moves_keeps_serving_their_neighbourhoods(client, make_manager, login,
                                                                make_neighbourhood, centrum):
    oost = make_neighbourhood("oost", ["1091"])
    manager = make_manager("Mila")
    login(manager)
    assert client.post("/account/neighbourhood", data={"postcode": "1091"}).status_code == 302
    manager = fresh(manager)
    assert manager.neighbourhood_id == oost.id and manager.role == Role.MANAGER
    served = db.session.scalars(db.select(Membership.neighbourhood_id)
                                .filter_by(user_id=manager.id)).all()
    assert served == [centrum.id]


def test_with_one_neighbourhood_there_is_nowhere_to_move(client, make_user, login,
                                                        make_neighbourhood):
    login(make_user())
    page = text(client.get("/account"))
    assert "You live in Centrum." in page and 'name="postcode"' not in page
    make_neighbourhood("oost", ["1091"])
    assert 'name="postcode"' in text(client.get("/account"))


# A new e-mail address ---------------------------------------------------------------------

def test_the_address_changes_only_when_the_link_is_opened(client, make_user, login):
    user = make_user("Kees", email="kees@example.com")
    login(user)
    response = client.post("/account/email", data={"email": " Kees.Nieuw@Example.com"})
    assert response.status_code == 302
    page = text(client.get("/account"))
    assert "We sent a link to kees.nieuw@example.com. Open it within 48 hours" in page

    link_mail, notice = outbox()
    assert (link_mail.to_address, link_mail.kind) == ("kees.nieuw@example.com", "email_confirm")
    assert link_mail.subject == "Confirm your new e-mail address for Buurt"
    assert "Your address changes only when you open the link." in link_mail.body_text
    # The old address hears that a change was asked, with no link that changes anything.
    assert (notice.to_address, notice.kind) == ("kees@example.com", "email_change_notice")
    assert "/account/email/confirm/" not in notice.body_text
    assert re.search(r"https?://\S+/account\n", notice.body_text)

    # Asked, not changed: the old address still logs in, the page says what waits.
    assert fresh(user).email == "kees@example.com"
    page = text(client.get("/account"))
    assert "Your e-mail address: kees@example.com" in page
    assert "We sent a link to kees.nieuw@example.com. Your address changes when you open it." \
        in page

    path = confirm_path(link_mail)
    page = text(client.get(path))
    assert page.count("<h1>") == 1 and "kees.nieuw@example.com" in page
    assert fresh(user).email == "kees@example.com"          # opening the page changes nothing
    response = client.post(path)
    assert response.status_code == 302 and response.location.endswith("/account")
    assert "Your e-mail address kees.nieuw@example.com is confirmed." in text(
        client.get("/account"))
    user = fresh(user)
    assert user.email == "kees.nieuw@example.com" and user.email_verified_at is not None
    assert accounts.authenticate("kees.nieuw@example.com", PASSWORD) == user
    assert accounts.authenticate("kees@example.com", PASSWORD) is None

    # The link works once.
    for response in (client.get(path), client.post(path)):
        assert "This link no longer works" in text(response)


def test_a_link_expires(client, make_user, login):
    user = make_user(email="kees@example.com")
    with time_machine.travel(START, tick=False) as traveller:
        login(user)
        client.post("/account/email", data={"email": "nieuw@example.com"})
        path = confirm_path(outbox(kind="email_confirm")[0])
        # Two days: a neighbour may read their mail tomorrow (a reset link lasts 2 hours).
        traveller.shift(timedelta(hours=48) - timedelta(seconds=1))
        assert "Confirm your e-mail address" in text(client.get(path))
        traveller.shift(timedelta(seconds=1))
        response = client.post(path)
    assert response.status_code == 200 and "This link no longer works" in text(response)
    assert fresh(user).email == "kees@example.com"


def test_an_unknown_link_gets_a_plain_page(client, topics):
    response = client.get("/account/email/confirm/not-a-real-token")
    page = text(response)
    assert response.status_code == 200 and page.count("<h1>") == 1
    assert "This link no longer works" in page and 'href="/account"' in page


@pytest.mark.parametrize("email, message", [
    ("", "Fill in your new e-mail address."),
    ("kees", "This is not an e-mail address."),
    ("ANDER@example.com", "Another account uses this e-mail address."),
    ("kees@example.com", "This is your e-mail address already."),
])
def test_a_bad_new_address_gets_a_message_and_is_kept(client, make_user, login, email,
                                                      message):
    make_user("Ander", email="ander@example.com")
    user = make_user("Kees", email="kees@example.com")
    login(user)
    response = client.post("/account/email", data={"email": email})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert 'id="email-error"' in page
    if email:
        assert f'value="{email}"' in page
    assert outbox() == [] and fresh(user).email == "kees@example.com"
    assert "Ander" not in page   # nothing about the other account


def test_an_address_taken_before_the_link_is_opened_is_refused_then(client, make_user, login):
    user = make_user("Kees", email="kees@example.com")
    login(user)
    client.post("/account/email", data={"email": "nieuw@example.com"})
    path = confirm_path(outbox(kind="email_confirm")[0])
    make_user("Snel", email="nieuw@example.com")
    response = client.post(path)
    assert response.status_code == 200
    assert "Another account uses this e-mail address now." in text(response)
    assert fresh(user).email == "kees@example.com"
    assert addresses.find_link(path.rsplit("/", 1)[1]) is not None   # nothing was used


def test_a_newer_wish_closes_the_link_to_the_address_before(client, make_user, login):
    user = make_user("Kees", email="kees@example.com")
    login(user)
    client.post("/account/email", data={"email": "eerste@example.com"})
    client.post("/account/email", data={"email": "tweede@example.com"})
    first, second = (confirm_path(m) for m in outbox(kind="email_confirm"))
    assert "This link no longer works" in text(client.get(first))
    client.post(second)
    assert fresh(user).email == "tweede@example.com"


def test_a_new_address_ends_the_reset_links_sent_to_the_old_one(client, make_user, login):
    user = make_user("Kees", email="kees@example.com")
    passwords.request_reset("kees@example.com")
    db.session.commit()
    [reset_mail] = outbox(kind="password_reset")
    token = re.search(r"/password/reset/(\S+)", reset_mail.body_text).group(1)
    login(user)
    client.post("/account/email", data={"email": "nieuw@example.com"})
    client.post(confirm_path(outbox(kind="email_confirm")[0]))
    assert passwords.find_reset(token) is None


def test_a_login_card_neighbour_adds_an_address_the_same_way(client, make_manager, login):
    manager = make_manager("Mila")
    card = cards.assisted_signup(manager, display_name="Henk", email=None,
                                 neighbourhood=manager.neighbourhood, consent=True,
                                 language="en")
    cards.choose_password(card.user, PASSWORD)
    db.session.commit()
    henk = card.user
    assert client.post("/login", data={"email": henk.username,
                                       "password": PASSWORD}).status_code == 302
    page = text(client.get("/account"))
    assert "You have no e-mail address on Buurt yet." in page and henk.username in page
    assert client.post("/account/email", data={"email": "henk@example.com"}).status_code == 302
    [mail] = outbox()     # no notice: there was no old address
    assert mail.to_address == "henk@example.com" and mail.kind == "email_confirm"
    client.post(confirm_path(mail))
    henk = fresh(henk)
    assert henk.email == "henk@example.com" and henk.email_verified_at is not None
    assert accounts.authenticate("henk@example.com", PASSWORD) == henk
    assert accounts.authenticate(henk.username, PASSWORD) == henk


def test_opening_the_link_logged_out_confirms_and_asks_to_log_in(app, client, make_user,
                                                                 login):
    user = make_user("Kees", email="kees@example.com")
    login(user)
    client.post("/account/email", data={"email": "nieuw@example.com"})
    path = confirm_path(outbox(kind="email_confirm")[0])
    phone = app.test_client()     # the mail is opened on another device
    phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = phone.post(path)
    assert response.status_code == 302 and "/login" in response.location
    assert fresh(user).email == "nieuw@example.com"


# A new password ---------------------------------------------------------------------------

def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(app, client, make_user,
                                                                   login):
    user = make_user("Kees", email="kees@example.com")
    elsewhere = app.test_client()
    assert elsewhere.post("/login", data={"email": user.email, "password": PASSWORD}
                          ).status_code == 302
    assert elsewhere.get("/mine").status_code == 200
    login(user)
    passwords.request_reset("kees@example.com")
    db.session.commit()
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Your new password is saved. On other devices you are logged out." in text(
        client.get("/account"))
    assert client.get("/mine").status_code == 200           # this session goes on
    assert elsewhere.get("/mine").status_code == 302        # the other one is logged out
    assert accounts.authenticate("kees@example.com", NEW_PASSWORD) is not None
    assert accounts.authenticate("kees@example.com", PASSWORD) is None
    # A reset link asked for before stops working too.
    assert db.session.scalar(db.select(db.func.count(AccountToken.id))
                             .where(AccountToken.used_at.is_(None))) == 0


@pytest.mark.parametrize("current, password, confirm, field, message", [
    ("wrong password", NEW_PASSWORD, NEW_PASSWORD, "current_password",
     "This is not your current password."),
    ("", NEW_PASSWORD, NEW_PASSWORD, "current_password", "Fill in your current password."),
    (PASSWORD, "kort", "kort", "password", "Use at least 8 characters."),
    (PASSWORD, NEW_PASSWORD, "something else", "confirm", "The two passwords are not the same."),
])
def test_a_bad_password_change_gets_a_message_and_keeps_the_new_one(client, make_user, login,
                                                                    current, password,
                                                                    confirm, field, message):
    user = make_user(email="kees@example.com")
    login(user)
    response = client.post("/account/password", data={
        "current_password": current, "password": password, "confirm": confirm})
    page = text(response)
    assert response.status_code == 200 and message in page
    assert f'id="{field}-error"' in page
    assert value_of(page, "password") == password and value_of(page, "confirm") == confirm
    # A wrong current password is not worth keeping.
    assert value_of(page, "current_password") == (
        "" if field == "current_password" else current)
    assert accounts.authenticate("kees@example.com", PASSWORD) is not None
    assert client.get("/mine").status_code == 200


class TestRateLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}

    def test_guessing_the_current_password_is_limited_as_at_the_log_in(self, client,
                                                                        make_user):
        user = make_user(email="kees@example.com")
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        wrong = {"current_password": "guess", "password": NEW_PASSWORD,
                 "confirm": NEW_PASSWORD}
        for _ in range(2):
            assert client.post("/account/password", data=wrong).status_code == 200
        assert client.post("/account/password", data={
            **wrong, "current_password": PASSWORD}).status_code == 429
        assert client.get("/account").status_code == 200       # reading is not limited
        assert accounts.authenticate("kees@example.com", PASSWORD) is not None


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    FORMS = {"/account/details": {"display_name": "Nieuw", "street": "", "language": "en"},
             "/account/neighbourhood": {"postcode": "1091"},
             "/account/email": {"email": "nieuw@example.com"},
             "/account/email/again": {"next": "/account"},
             "/account/password": {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                   "confirm": NEW_PASSWORD}}

    @pytest.mark.parametrize("url", FORMS)
    def test_every_form_needs_its_token(self, client, make_user, make_neighbourhood, url):
        make_neighbourhood("oost", ["1091"])
        user = make_user("Kees", verified=url != "/account/email/again")
        page = text(client.get("/login"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/login", data={"email": user.email, "password": PASSWORD,
                                    "csrf_token": token})
        page = text(client.get("/account"))
        assert f'action="{url}"' in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        before = (user.display_name, user.neighbourhood_id, user.password_hash)

        response = client.post(url, data=self.FORMS[url])
        assert response.status_code == 400
        user = fresh(user)
        assert (user.display_name, user.neighbourhood_id, user.password_hash) == before
        assert outbox() == []

        response = client.post(url, data={**self.FORMS[url], "csrf_token": token})
        assert response.status_code == 302
        user = fresh(user)
        assert ((user.display_name, user.neighbourhood_id, user.password_hash) != before
                or len(outbox()) > 0)

    def test_confirming_an_address_needs_the_token_too(self, client, make_user):
        user = make_user("Kees", verified=False)
        addresses.send_confirmation(user)
        db.session.commit()
        path = confirm_path(outbox()[0])
        assert client.post(path).status_code == 400
        assert fresh(user).email_verified_at is None
        token = re.search(r'name="csrf_token" value="([^"]+)"', text(client.get(path))).group(1)
        assert client.post(path, data={"csrf_token": token}).status_code == 302
        assert fresh(user).email_verified_at is not None


def test_my_account_runs_a_small_fixed_number_of_statements(app, client, make_user, login,
                                                            make_neighbourhood, count_queries,
                                                            make_post):
    app.config["EMAIL_LINKS_PER_HOUR"] = 100
    make_neighbourhood("oost", ["1091"])
    user = make_user("Kees")
    login(user)
    client.post("/account/email", data={"email": "nieuw@example.com"})

    def statements():
        with count_queries() as queries:
            assert client.get("/account").status_code == 200
        return len(queries)

    few = statements()
    for n in range(10):
        make_neighbourhood(f"wijk-{n}", [str(2000 + n)])
        make_post("request", author=user)
        passwords.request_reset(user.email)
        addresses.request_change(user, f"adres{n}@example.com")
        make_user()
    db.session.commit()
    assert statements() == few
    assert few <= 8, few
