"""Asking for an export on /account/export, the worker making it once, the mail with the
link, the download (the owner's alone), and its end after a week."""
import re
from datetime import timedelta

import pytest

from buurt.core.extensions import db
from buurt.export import archive, exports
from buurt.export.models import DataExport, ExportState
from buurt.notifications.models import OutboxEmail
from buurt.ops import lifecycle
from buurt.people import deletion
from tests.export.conftest import open_zip, text
from tests.fixtures.builders import PASSWORD

PAGE = "/account/export"


def made(user):
    return db.session.scalars(db.select(DataExport).filter_by(user_id=user.id)
                              .order_by(DataExport.id)).all()


def token_in(page: str) -> str:
    return re.search(r'href="/account/export/([^"]+)"', page).group(1)


def test_asking_twice_makes_one_export_and_the_worker_makes_it_once(client, login, make_user):
    ria = make_user("Ria", email="ria@example.com")
    login(ria)
    assert "You have not asked for a copy yet." in text(client.get(PAGE))

    response = client.post(PAGE)
    assert response.status_code == 302 and response.location.endswith(PAGE)
    page = text(client.get(PAGE))
    assert "We are preparing your data." in page
    assert "We send you an e-mail when it is ready." in page
    assert "Prepare my data" not in page     # one at a time
    # A second request (another tab) is told it is being made; still one waits.
    client.post(PAGE)
    assert "We are already preparing your data." in text(client.get(PAGE))
    assert [e.state for e in made(ria)] == [ExportState.WAITING]

    assert lifecycle.tick()["exports_made"] == 1
    db.session.commit()
    assert lifecycle.tick()["exports_made"] == 0      # made once
    db.session.commit()
    [export] = made(ria)
    assert export.is_ready and export.file_name and exports.files().exists(export.file_name)

    # The mail with the link, to her alone, and the same link on the page.
    [mail] = db.session.scalars(db.select(OutboxEmail).filter_by(kind="data_export")).all()
    assert (mail.user_id, mail.to_address) == (ria.id, "ria@example.com")
    assert mail.subject == "Your data from Buurt is ready"
    link = f"http://127.0.0.1:5000/account/export/{export.token}"
    assert link in mail.body_text and f'href="{link}"' in mail.body_html
    page = text(client.get(PAGE))
    assert "Your data is ready." in page and token_in(page) == export.token
    assert "Prepare my data" in page and "A new copy replaces the one you have now." in page


def test_only_the_owner_downloads_it_and_everyone_else_gets_404(app, client, login, make_user,
                                                                  export_of):
    ria, bart = make_user("Ria"), make_user("Bart")
    export_of(ria)
    [export] = made(ria)
    url = f"{PAGE}/{export.token}"

    # A visitor is asked to log in first.
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.location

    login(ria)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=buurt-2027-03-01.zip"
    assert "no-store" in response.headers["Cache-Control"]
    assert open_zip(response.data).data["profile"]["display_name"] == "Ria"
    # A guessed token, one letter off, and a token that is not one.
    assert client.get(f"{PAGE}/{export.token[:-1]}x").status_code == 404
    assert client.get(f"{PAGE}/nothing-here").status_code == 404
    client.post("/logout")

    # Bart, with Ria's link: 404, as if it did not exist; his own export is not hers.
    login(bart)
    assert client.get(url).status_code == 404
    export_of(bart)
    [his] = made(bart)
    assert client.get(f"{PAGE}/{his.token}").status_code == 200
    assert client.get(url).status_code == 404


def test_an_export_expires_after_a_week_and_tick_removes_it(client, login, make_user,
                                                             export_of, traveller):
    ria = make_user("Ria")
    export_of(ria)
    [export] = made(ria)
    name, url = export.file_name, f"{PAGE}/{export.token}"
    login(ria)
    traveller.shift(timedelta(days=7) - timedelta(minutes=1))
    assert client.get(url).status_code == 200
    assert lifecycle.tick()["exports_removed"] == 0
    traveller.shift(timedelta(minutes=1))
    assert client.get(url).status_code == 404
    assert "You have not asked for a copy yet." in text(client.get(PAGE))
    assert lifecycle.tick()["exports_removed"] == 1
    db.session.commit()
    assert made(ria) == [] and not exports.files().exists(name)
    assert lifecycle.tick()["exports_removed"] == 0


def test_deleting_the_account_removes_its_exports_and_no_one_elses(make_user, export_of):
    ria, kees = make_user("Ria"), make_user("Kees")
    export_of(ria)
    export_of(kees)
    [ria_export], [kees_export] = made(ria), made(kees)
    ria_file, kees_file = ria_export.file_name, kees_export.file_name
    deletion.delete_account(ria, password=PASSWORD)
    db.session.commit()
    assert made(ria) == [] and not exports.files().exists(ria_file)
    assert [e.id for e in made(kees)] == [kees_export.id]
    assert exports.files().exists(kees_file)


def test_a_new_export_replaces_the_old_one(make_user, export_of):
    ria = make_user("Ria")
    export_of(ria)
    [first] = made(ria)
    old_name = first.file_name
    export_of(ria)
    [second] = made(ria)
    assert second.id != first.id and second.is_ready
    assert not exports.files().exists(old_name) and exports.files().exists(second.file_name)


@pytest.mark.parametrize("broken", ["archive", "storage"])
def test_an_export_that_fails_can_be_asked_again(broken, client, login, make_user, monkeypatch):
    ria = make_user("Ria")
    login(ria)
    client.post(PAGE)

    def fails(*args):
        raise OSError("disk full")
    if broken == "archive":
        monkeypatch.setattr(archive, "build", fails)
    else:
        monkeypatch.setattr(type(exports.files()), "save", fails)
    assert lifecycle.tick()["exports_made"] == 0
    db.session.commit()
    assert [e.state for e in made(ria)] == [ExportState.FAILED]
    assert db.session.scalar(db.select(OutboxEmail).filter_by(kind="data_export")) is None
    page = text(client.get(PAGE))
    assert "Preparing your data did not work." in page and "Prepare my data" in page

    monkeypatch.undo()
    client.post(PAGE)
    assert lifecycle.tick()["exports_made"] == 1
    db.session.commit()
    # The failure went when the new one was made.
    assert [e.state for e in made(ria)] == [ExportState.READY]


def test_a_resident_without_e_mail_finds_the_link_on_the_page(client, make_user, centrum):
    from buurt.ambassador import cards
    from buurt.people import roles
    from buurt.people.models import Role
    amina = make_user("Amina", role=Role.AMBASSADOR)
    roles.appoint(amina, centrum, Role.AMBASSADOR)
    card = cards.assisted_signup(amina, display_name="Henk", email=None, neighbourhood=centrum,
                                 consent=True, language="en")
    cards.choose_password(card.user, PASSWORD)
    db.session.commit()
    assert client.post("/login", data={"email": card.login, "password": PASSWORD}
                       ).status_code == 302
    client.post(PAGE)
    assert "Come back to this page in a few minutes." in text(client.get(PAGE))
    lifecycle.tick()
    db.session.commit()
    assert db.session.scalar(db.select(OutboxEmail).filter_by(kind="data_export")) is None
    page = text(client.get(PAGE))
    assert client.get(f"{PAGE}/{token_in(page)}").status_code == 200


def test_the_page_is_in_dutch_for_a_dutch_resident(app, make_user):
    from tests.conftest import IsolatedClient
    app.test_client_class = IsolatedClient
    dutch = app.test_client()
    anneke = make_user("Anneke", language="nl")
    dutch.post("/login", data={"email": anneke.email, "password": PASSWORD})
    page = text(dutch.get(PAGE))
    assert "<h1>Je gegevens downloaden</h1>" in page
    assert "Maak mijn gegevens klaar" in page


def test_the_page_runs_the_same_statements_whatever_the_exports(client, login, make_user,
                                                                count_queries, export_of):
    ria = make_user("Ria")
    login(ria)

    def statements():
        with count_queries() as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)
    none = statements()
    export_of(ria)
    exports.ask(ria)
    for n in range(5):
        export_of(make_user(f"Neighbour {n}"))
    db.session.commit()
    assert statements() == none


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_asking_needs_the_csrf_token(self, client, make_user):
        ria = make_user("Ria")
        form = text(client.get("/login"))
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post("/login", data={"email": ria.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        assert client.post(PAGE).status_code == 400
        assert made(ria) == []
        page = text(client.get(PAGE))
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post(PAGE, data={"csrf_token": token}).status_code == 302
        assert [e.state for e in made(ria)] == [ExportState.WAITING]
