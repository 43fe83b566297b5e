"""A neighbour without e-mail who forgot their password gets a new login card from the
ambassador who brought them in or from a manager of their neighbourhood: the password they
chose and every session they had stop working, the card's code opens the account once."""
from html import unescape

import pytest

from buurt.ambassador import cards
from buurt.ambassador.models import LoginCard
from buurt.core.extensions import db
from buurt.people.models import Role, User
from buurt.web.filters import load_user
from tests.ambassador.conftest import card_from_page

PASSWORD = "mijn eigen wachtwoord"
NEW_PASSWORD = "een heel nieuw wachtwoord"
NO_MATCH = "This e-mail address or username and password do not match. Try again."
WARNING = "With a new card, that password stops working"


def text(response):
    return unescape(response.get_data(as_text=True))


def log_in_with(client, login, secret):
    return client.post("/login", data={"email": login, "password": secret})


@pytest.fixture
def other_client(app):
    """A second browser: the neighbour's own phone."""
    return app.test_client()


@pytest.fixture
def henk(ambassador, sign_up_neighbour, other_client):
    """A neighbour without e-mail who logged in with his card and chose a password, and is
    still logged in on his phone (other_client)."""
    card = sign_up_neighbour(ambassador, "Henk")
    assert log_in_with(other_client, card.login, card.code).location.endswith(
        "/password/choose")
    response = other_client.post("/password/choose", data={"password": PASSWORD,
                                                           "confirm": PASSWORD})
    assert response.location.endswith("/welcome")
    assert other_client.get("/mine").status_code == 200
    db.session.expire_all()
    return db.session.get(User, card.user.id)


def test_a_new_card_ends_the_password_and_every_session_and_its_code_works(
        client, login, ambassador, henk, other_client):
    login(ambassador)
    # The neighbours page offers the card also after a password was chosen; the next page
    # warns what it does.
    page = text(client.get("/ambassador/neighbours"))
    confirm_url = f"/ambassador/neighbours/{henk.id}/card/new"
    assert "New login card for Henk" in page and confirm_url in page
    confirm = text(client.get(confirm_url))
    assert WARNING in confirm and "logged out on every phone and computer" in confirm
    assert 'name="confirmed"' in confirm

    # Without the confirmation nothing changes: back to the warning.
    response = client.post(f"/ambassador/neighbours/{henk.id}/card")
    assert response.location.endswith(confirm_url)
    assert db.session.scalar(db.select(db.func.count(LoginCard.id))) == 1
    assert other_client.get("/mine").status_code == 200

    response = client.post(f"/ambassador/neighbours/{henk.id}/card", data={"confirmed": "1"})
    assert response.location.endswith(f"/ambassador/neighbours/{henk.id}/card")
    login_name, code = card_from_page(text(client.get(response.location)))
    assert login_name == henk.username
    # The ambassador's own session goes on.
    assert client.get("/ambassador/neighbours").status_code == 200
    client.post("/logout")

    # The session Henk had open is over, cookie and all.
    response = other_client.get("/mine")
    assert response.status_code == 302 and "/login" in response.location
    # His old password no longer works; the new code does, once, and asks for a password.
    assert NO_MATCH in text(log_in_with(client, henk.username, PASSWORD))
    response = log_in_with(client, login_name, code)
    assert response.location.endswith("/password/choose")
    assert client.get("/mine").location.endswith("/password/choose")
    response = client.post("/password/choose", data={"password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert response.location.endswith("/welcome")
    assert client.get("/mine").status_code == 200
    client.post("/logout")
    assert log_in_with(client, henk.username, NEW_PASSWORD).location.endswith("/")


def test_the_remember_me_cookie_stops_working_too(client, login, ambassador, henk,
                                                  other_client):
    # Without its session cookie the phone is still logged in through "remember me"...
    other_client.delete_cookie("session", domain="buurt.test")
    assert other_client.get("/mine").status_code == 200
    other_client.delete_cookie("session", domain="buurt.test")
    cards.new_card(ambassador, henk)
    db.session.commit()
    # ...until the new card: then the cookie opens nothing.
    response = other_client.get("/mine")
    assert response.status_code == 302 and "/login" in response.location


def test_sessions_from_before_session_versions_still_load(henk):
    assert load_user(str(henk.id)) == henk
    assert load_user(f"{henk.id}:0") == henk
    henk.session_version = 1
    assert load_user(str(henk.id)) is None and load_user(f"{henk.id}:0") is None
    assert load_user(f"{henk.id}:1") == henk
    assert load_user("bad:id") is None


def test_a_manager_of_the_neighbourhood_finds_the_neighbour_by_username(
        client, login, make_manager, henk):
    login(make_manager())
    assert "New login card for a neighbour" in text(client.get("/ambassador"))
    response = client.post("/ambassador/cards", data={"login": f" {henk.username.upper()} "})
    assert response.location.endswith(f"/ambassador/neighbours/{henk.id}/card/new")
    assert WARNING in text(client.get(response.location))
    response = client.post(f"/ambassador/neighbours/{henk.id}/card", data={"confirmed": "1"})
    login_name, code = card_from_page(text(client.get(response.location)))
    client.post("/logout")
    assert log_in_with(client, login_name, code).location.endswith("/password/choose")


@pytest.mark.parametrize("who", ["resident", "ambassador elsewhere", "manager elsewhere",
                                 "colleague"])
def test_others_get_403_and_nothing_changes(client, login, make_user, make_ambassador,
                                           make_manager, make_neighbourhood, henk,
                                           other_client, who):
    oost = make_neighbourhood("oost", ["1091"])
    if who == "resident":
        login(make_user("Bep"))
    elif who == "ambassador elsewhere":
        login(make_ambassador("Omar", neighbourhood=oost))
    elif who == "manager elsewhere":
        login(make_manager("Ali", neighbourhood=oost))
    else:   # an ambassador of Henk's neighbourhood who did not bring him in
        login(make_ambassador("Els"))
    assert client.get(f"/ambassador/neighbours/{henk.id}/card/new").status_code == 403
    assert client.post(f"/ambassador/neighbours/{henk.id}/card",
                       data={"confirmed": "1"}).status_code == 403
    if who != "resident":
        page = text(client.post("/ambassador/cards", data={"login": henk.username}))
        assert "We cannot find a neighbour with this username" in page
        assert f'value="{henk.username}"' in page
    assert db.session.scalar(db.select(db.func.count(LoginCard.id))) == 1
    assert other_client.get("/mine").status_code == 200


def test_unknown_ids_are_404(client, login, ambassador):
    login(ambassador)
    assert client.get("/ambassador/neighbours/999999/card/new").status_code == 404
    assert client.post("/ambassador/neighbours/999999/card",
                       data={"confirmed": "1"}).status_code == 404
    page = text(client.post("/ambassador/cards", data={"login": "niemand1234"}))
    assert "We cannot find a neighbour with this username" in page


def test_a_neighbour_with_e_mail_asks_for_a_new_password_by_e_mail(
        client, login, ambassador, sign_up_neighbour):
    card = sign_up_neighbour(ambassador, "Henk", email="henk@example.com")
    cards.choose_password(card.user, PASSWORD)
    db.session.commit()
    login(ambassador)
    assert "New login card for Henk" not in text(client.get("/ambassador/neighbours"))
    html = text(client.post(f"/ambassador/neighbours/{card.user.id}/card",
                            data={"confirmed": "1"}, follow_redirects=True))
    assert "Henk has chosen a password already and has an e-mail address." in html
    assert "Forgot your password?" in html and "Yes, make a new card" not in html
    assert db.session.scalar(db.select(db.func.count(LoginCard.id))) == 1
    client.post("/logout")
    assert log_in_with(client, "henk@example.com", PASSWORD).location.endswith("/")


def test_no_card_for_staff_accounts(ambassador, make_manager, sign_up_neighbour, centrum):
    henk = sign_up_neighbour(ambassador, "Henk").user
    manager = make_manager()
    assert cards.may_issue_card(manager, henk)
    henk.role = Role.MANAGER   # brought in once, a manager now
    assert not cards.may_issue_card(ambassador, henk)
    assert not cards.may_issue_card(manager, henk)
    assert not cards.may_issue_card(manager, manager)
    with pytest.raises(PermissionError):
        cards.new_card(ambassador, henk)
