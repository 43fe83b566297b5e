"""A neighbour without e-mail cannot delete their account on their own: the ambassador who
brought them in does it for them, at their wish, and the consent is recorded with the
ambassador and the moment. Nobody else deletes another's account."""
from html import unescape

import pytest
import time_machine
from datetime import datetime

from buurt.core.extensions import db
from buurt.moderation.models import ModerationAction
from buurt.people.models import AccountDeletion, User

NOW = datetime(2027, 3, 1, 9, 0)


def text(response):
    return unescape(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def henk(ambassador, sign_up_neighbour):
    return sign_up_neighbour(ambassador, "Henk")


def test_the_ambassador_deletes_the_account_with_the_consent_recorded(
        client, login, ambassador, henk):
    login(ambassador)
    url = f"/ambassador/neighbours/{henk.user.id}/delete"
    neighbours = text(client.get("/ambassador/neighbours"))
    assert "Delete the account of Henk" in neighbours and url in neighbours
    page = text(client.get(url))
    assert "<h1>Delete the account of Henk</h1>" in page and "Read this aloud" in page
    assert "The neighbour wants this" in page and "Your login card and your password" in page

    unticked = client.post(url, data={})
    assert unticked.status_code == 200
    assert "Only delete the account when the neighbour wants it." in text(unticked)
    db.session.expire_all()
    assert not db.session.get(User, henk.user.id).is_deleted

    done = client.post(url, data={"consent": "y"})
    assert done.status_code == 302 and done.location.endswith("/ambassador/neighbours")
    after = text(client.get("/ambassador/neighbours"))
    assert "The account of Henk is deleted." in after
    assert "Delete the account of Henk" not in after, "nobody to follow any more"
    db.session.expire_all()
    neighbour = db.session.get(User, henk.user.id)
    assert neighbour.is_deleted and neighbour.username is None
    record = db.session.get(AccountDeletion, neighbour.id)
    assert (record.by_id, record.consent_at, record.deleted_at) == (ambassador.id, NOW, NOW)
    log = db.session.scalar(db.select(ModerationAction).filter_by(action="account_deleted"))
    assert log.actor_id == ambassador.id and "consent" in log.note
    # The card does not open it any more.
    response = client.post("/logout")
    response = client.post("/login", data={"email": henk.login, "password": henk.code})
    assert response.status_code == 200 and "do not match" in text(response)


def test_nobody_else_deletes_a_neighbours_account(client, login, ambassador, make_ambassador,
                                                  sign_up_neighbour, make_user, henk):
    with_email = sign_up_neighbour(ambassador, "Sanne", email="sanne@example.com").user
    login(ambassador)
    assert "Delete the account of Sanne" not in text(client.get("/ambassador/neighbours"))
    for method in (client.get, client.post):
        assert method(f"/ambassador/neighbours/{with_email.id}/delete",
                      data={"consent": "y"}).status_code == 403, "she deletes it herself"
    assert client.post("/ambassador/neighbours/999999/delete",
                       data={"consent": "y"}).status_code == 404
    assert client.post(f"/ambassador/neighbours/{ambassador.id}/delete",
                       data={"consent": "y"}).status_code == 403
    client.post("/logout")
    login(make_ambassador("Bo"))
    assert client.post(f"/ambassador/neighbours/{henk.user.id}/delete",
                       data={"consent": "y"}).status_code == 403, "not the one who brought him"
    client.post("/logout")
    login(make_user("Kees"))
    assert client.post(f"/ambassador/neighbours/{henk.user.id}/delete",
                       data={"consent": "y"}).status_code == 403
    db.session.expire_all()
    assert not db.session.get(User, henk.user.id).is_deleted
    assert not db.session.get(User, with_email.id).is_deleted
    # Once deleted, there is nothing left to delete.
    client.post("/logout")
    login(ambassador)
    assert client.post(f"/ambassador/neighbours/{henk.user.id}/delete",
                       data={"consent": "y"}).status_code == 302
    assert client.get(f"/ambassador/neighbours/{henk.user.id}/delete").status_code == 403


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_form_needs_its_token(self, client, ambassador, henk):
        page = text(client.get("/login"))
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        from tests.fixtures.builders import PASSWORD
        client.post("/login", data={"email": ambassador.email, "password": PASSWORD,
                                    "csrf_token": token})
        url = f"/ambassador/neighbours/{henk.user.id}/delete"
        assert client.post(url, data={"consent": "y"}).status_code == 400
        page = text(client.get(url))
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post(url, data={"consent": "y", "csrf_token": token}).status_code == 302
        db.session.expire_all()
        assert db.session.get(User, henk.user.id).is_deleted
