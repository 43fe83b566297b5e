"""/account/delete: a resident deletes their own account with their password. The
neighbour they talked with still reads the whole conversation, the account never logs in
again, and its e-mail address can sign up as a new resident."""
from html import unescape

import pytest

from buurt.core.extensions import db
from buurt.market import responses
from buurt.market.models import Message
from buurt.people.models import User
from tests.fixtures.builders import PASSWORD

GONE = "Oud-buurtbewoner"
NO_ANSWER = "Je kunt jullie gesprek nog lezen, maar je kunt niet meer antwoorden."


def text(response):
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def other_client(app, client):
    """A second browser (client set the isolated client class first)."""
    return app.test_client()


def log_in(browser, user, password=PASSWORD):
    response = browser.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, "log-in failed"


def delete_own(browser, password=PASSWORD, confirm="y"):
    data = {"password": password}
    if confirm:
        data["confirm"] = confirm
    return browser.post("/account/delete", data=data)


def test_the_partner_reads_the_whole_thread_with_the_messages_marked(
        client, other_client, make_user, make_post, count_queries):
    ria, henk = make_user("Ria de Vries"), make_user("Henk")
    request = make_post("request", author=henk, title="Who fixes my bike?")
    conversation = responses.respond(request, ria, "I fix bikes on Saturday.").conversation
    db.session.commit()
    log_in(client, henk)
    client.post(f"/conversations/{conversation.id}", data={"body": "Great, 10 o'clock?"})
    log_in(other_client, ria)
    other_client.post(f"/conversations/{conversation.id}", data={"body": "Yes, see you!"})
    url = f"/conversations/{conversation.id}"
    before = text(client.get(url))
    assert "Gesprek met Ria de Vries" in before and "Ria de Vries</strong>" in before
    assert 'name="body"' in before and GONE not in before
    with count_queries() as queries:
        client.get(url)
    statements_before = len(queries)

    assert delete_own(other_client).status_code == 302

    after = text(client.get(url))
    for body in ("I fix bikes on Saturday.", "Great, 10 o'clock?", "Yes, see you!"):
        assert body in after, body
    assert "Ria de Vries" not in after
    assert f"Gesprek met {GONE}" in after
    assert after.count(f"{GONE}</strong> <span class=\"badge\">account verwijderd</span>") == 2
    assert after.count('class="message former"') == 2
    assert NO_ANSWER in after and 'name="body"' not in after, "no reply form"
    # Answering anyway is refused, and nothing is added.
    refused = client.post(url, data={"body": "Hello?"})
    assert refused.status_code == 200 and NO_ANSWER in text(refused)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 3
    # The inbox names the former neighbour too, and the page costs what it cost before.
    assert GONE in text(client.get("/messages"))
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == statements_before


def test_the_page_says_what_happens_and_a_wrong_password_keeps_the_account(client,
                                                                        make_user):
    ria = make_user("Ria")
    log_in(client, ria)
    page = text(client.get("/account/delete"))
    assert "<h1>Mijn account verwijderen</h1>" in page
    assert "Dit kun je niet terugdraaien. Ook een buurtbeheerder kan dat niet." in page
    assert 'name="csrf_token"' in page and 'method="post"' in page

    wrong = text(delete_own(client, password="not my password"))
    assert 'id="password-error">Dit is niet je wachtwoord. Probeer het nog eens.' in wrong
    unticked = text(delete_own(client, confirm=None))
    assert "Zet het vinkje als je je account echt wilt verwijderen." in unticked
    db.session.expire_all()
    assert not db.session.get(User, ria.id).is_deleted
    assert client.get("/mine").status_code == 200, "still logged in"

    done = delete_own(client)
    assert done.status_code == 302 and done.location.endswith("/")
    assert "Je account is verwijderd." in text(client.get("/"))
    db.session.expire_all()
    assert db.session.get(User, ria.id).is_deleted
    assert client.get("/mine").status_code == 302, "logged out"


def test_a_deleted_account_cannot_log_in_and_its_other_sessions_end(client, other_client,
                                                                   make_user):
    ria = make_user("Ria", email="ria@example.com")
    log_in(client, ria)
    log_in(other_client, ria)
    assert other_client.get("/mine").status_code == 200

    delete_own(client)

    assert other_client.get("/mine").status_code == 302, "the phone is logged out too"
    again = other_client.post("/login", data={"email": "ria@example.com",
                                              "password": PASSWORD})
    assert again.status_code == 200
    assert "past niet bij dit wachtwoord" in text(again)


def test_its_e_mail_address_signs_up_again_as_a_new_account(client, make_user, centrum):
    ria = make_user("Ria", email="ria@example.com")
    log_in(client, ria)
    delete_own(client)
    response = client.post("/signup", data={
        "display_name": "Ria", "email": "ria@example.com", "password": "een nieuw begin",
        "neighbourhood": "centrum"})
    assert response.status_code == 302 and response.location.endswith("/welcome")
    db.session.expire_all()
    new = db.session.scalar(db.select(User).filter_by(email="ria@example.com"))
    assert new.id != ria.id and not new.is_deleted and new.display_name == "Ria"
    assert db.session.get(User, ria.id).is_deleted
    assert client.get("/mine").status_code == 200


def test_only_ones_own_account_and_never_by_an_id(client, make_user, app):
    ria, henk = make_user("Ria"), make_user("Henk")
    log_in(client, henk)
    # An id sent along changes nothing: the page deletes who is logged in, with their
    # own password, and with Ria's password nothing happens.
    refused = client.post("/account/delete", data={"password": PASSWORD + "x",
                                                   "confirm": "y", "user_id": ria.id})
    assert "Dit is niet je wachtwoord." in text(refused)
    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y",
                                         "user_id": ria.id})
    db.session.expire_all()
    assert db.session.get(User, henk.id).is_deleted
    assert not db.session.get(User, ria.id).is_deleted
    # No page deletes an account by its id, but the ambassador's (for a neighbour they
    # brought in, tests/ambassador/test_delete_neighbour.py).
    by_id = [rule.rule for rule in app.url_map.iter_rules()
             if "delete" in rule.rule and "user_id" in rule.arguments]
    assert by_id == ["/ambassador/neighbours/<int:user_id>/delete"]
    # A visitor is sent to log in.
    other = app.test_client()
    assert other.get("/account/delete").status_code == 302
    assert other.post("/account/delete", data={"password": PASSWORD}).status_code == 302


def test_managers_see_a_former_neighbour_and_cannot_bring_it_back(client, other_client,
                                                                  make_user, manager):
    ria = make_user("Ria", email="ria@example.com")
    log_in(client, ria)
    delete_own(client)
    log_in(other_client, manager)
    log = text(other_client.get("/moderation/log"))
    assert f"Account verwijderd · account van {GONE}" in log
    assert "Ria" not in log
    # Nobody finds it by its old address to give it a role, and it cannot be suspended.
    roles = text(other_client.post("/ambassador/team", data={"login": "ria@example.com",
                                                             "neighbourhood": "centrum"}))
    assert "We vinden geen bewoner met dit e-mailadres" in roles
    assert other_client.post(f"/moderation/residents/{ria.id}/suspend",
                             data={"until": "2099-01-01", "reason": "x"}).status_code == 404


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_without_its_token_nothing_happens(self, client, make_user):
        ria = make_user("Ria")
        page = text(client.get("/login"))
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"email": ria.email, "password": PASSWORD,
                                    "csrf_token": token})
        assert client.post("/account/delete", data={"password": PASSWORD,
                                                    "confirm": "y"}).status_code == 400
        db.session.expire_all()
        assert not db.session.get(User, ria.id).is_deleted
        page = text(client.get("/account/delete"))
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y",
                                                        "csrf_token": token})
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(User, ria.id).is_deleted
