"""A new account's address gets a link that confirms it; until it is opened the resident
uses the site as anyone, but gets no mail besides the ones that confirm an address."""
import re
from datetime import datetime, timedelta

import time_machine

from buurt.ambassador import cards
from buurt.core.extensions import db
from buurt.notifications import mail, notify
from buurt.notifications.models import EmailFrequency, Notification, OutboxEmail
from buurt.ops import lifecycle
from buurt.people import addresses, passwords
from buurt.people.models import User
from tests.fixtures.builders import PASSWORD
from tests.fixtures.english import client, make_user, text  # noqa: F401

START = datetime(2026, 3, 2, 9, 0)
SIGNUP = {"display_name": "Ria", "email": "ria@example.com", "password": "lange zin hier",
          "postcode": "1015 AB"}


def outbox(**filters) -> list[OutboxEmail]:
    return list(db.session.scalars(db.select(OutboxEmail).filter_by(**filters)
                                   .order_by(OutboxEmail.id)))


def confirm_path(message: OutboxEmail) -> str:
    [link] = re.findall(r"https?://\S+/account/email/confirm/[\w-]+", message.body_text)
    assert f'href="{link}"' in message.body_html
    return link[link.index("/account/"):]


def user_by_email(email) -> User:
    db.session.expire_all()
    return db.session.scalar(db.select(User).filter_by(email=email))


def test_a_new_account_gets_a_link_and_a_calm_note_until_it_is_opened(client, topics):
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 302 and response.location.endswith("/welcome")
    ria = user_by_email("ria@example.com")
    assert ria.email_verified_at is None
    [link_mail] = outbox()
    assert (link_mail.to_address, link_mail.kind, link_mail.user_id) == (
        "ria@example.com", "email_confirm", ria.id)
    assert link_mail.subject == "Confirm your e-mail address for Buurt"
    assert "Until then we send you no other e-mail." in link_mail.body_text

    # The site works in full meanwhile; welcome and the account page say to look in the mail.
    for url in ("/welcome", "/account"):
        page = text(client.get(url))
        assert "We sent a link to ria@example.com." in page, url
        assert 'action="/account/email/again"' in page and f'value="{url}"' in page
    assert client.get("/requests/new").status_code == 200

    path = confirm_path(link_mail)
    assert "Is ria@example.com your e-mail address?" in text(client.get(path))
    response = client.post(path)
    assert response.status_code == 302 and response.location.endswith("/account")
    assert user_by_email("ria@example.com").email_verified_at is not None
    for url in ("/welcome", "/account"):
        assert 'action="/account/email/again"' not in text(client.get(url)), url
    assert "This link no longer works" in text(client.get(path))


def test_the_link_can_be_sent_again_a_few_times_an_hour(client, topics):
    with time_machine.travel(START, tick=False) as traveller:
        client.post("/signup", data=SIGNUP)
        for n in range(4):        # the sign-up's link and four more make the hour's five
            response = client.post("/account/email/again", data={"next": "/welcome"})
            assert response.status_code == 302 and response.location.endswith("/welcome")
            assert "We sent the link again to ria@example.com." in text(client.get("/welcome"))
        assert len(outbox(kind="email_confirm")) == 5
        response = client.post("/account/email/again", data={"next": "https://evil.example/"})
        assert response.location.endswith("/account")        # only pages of this site
        assert "We sent you several links in the last hour." in text(client.get("/account"))
        assert len(outbox(kind="email_confirm")) == 5
        # Each link to the same address works: whichever mail is opened.
        first = confirm_path(outbox(kind="email_confirm")[0])
        assert "Yes, this is my address" in text(client.get(first))
        traveller.shift(timedelta(hours=1))
        client.post("/account/email/again", data={"next": "/account"})
        assert len(outbox(kind="email_confirm")) == 6


def test_a_confirmed_address_gets_no_new_link(client, make_user, login):
    login(make_user("Vera"))
    response = client.post("/account/email/again", data={"next": "/account"})
    assert response.status_code == 302
    assert outbox() == []


def test_until_confirmed_no_mail_goes_out_but_the_ones_that_confirm(make_user, make_post):
    """Every path that writes mail: a notification at once, a new match for many at once,
    the digest, and the notice to an old address. Una (not confirmed) gets only the link
    that confirms her address and a password reset; Vera (confirmed) gets everything."""
    una = make_user("Una", email="una@example.com", offer=["tuin"], verified=False)
    vera = make_user("Vera", email="vera@example.com", offer=["tuin"])
    for user in (una, vera):
        notify.set_frequency(user, EmailFrequency.IMMEDIATELY)
    db.session.commit()

    addresses.send_confirmation(una)                       # the link: goes out
    addresses.send_confirmation(vera)                      # nothing to confirm
    post = make_post("request", topic="tuin", title="Heg snoeien")
    for user in (una, vera):                               # one notification, at once
        notify.notify(user, notify.Kind.FOLLOWUP, post=post)
    notify.matching_neighbours(post)                       # a match, for many at once
    assert mail.queue_many([una, vera], "notification:match", "match", post=post) == 1
    passwords.request_reset("una@example.com")             # a reset link: goes out
    db.session.commit()
    for user in (una, vera):
        notify.set_frequency(user, EmailFrequency.DAILY)
    notify.notify(una, notify.Kind.THANKS, post=post)
    notify.notify(vera, notify.Kind.THANKS, post=post)
    db.session.commit()
    lifecycle.tick()                                       # the digests
    db.session.commit()

    kinds = {user.display_name: [m.kind for m in outbox(user_id=user.id)]
             for user in (una, vera)}
    assert kinds["Una"] == ["email_confirm", "password_reset"]
    assert kinds["Vera"] == ["notification:followup", "notification:match",
                             "notification:match", "digest:daily"]
    assert all(m.to_address == "una@example.com" for m in outbox(user_id=una.id))

    # What Una missed waits for her; once she confirmed, her next digest brings it.
    waiting = db.session.scalars(db.select(Notification).filter_by(user_id=una.id,
                                                                   emailed_at=None)).all()
    assert {n.kind for n in waiting} == {"followup", "match", "thanks"}
    [link] = outbox(user_id=una.id, kind="email_confirm")
    addresses.confirm(confirm_path(link).rsplit("/", 1)[1])
    db.session.commit()
    lifecycle.tick()
    db.session.commit()
    [digest] = outbox(user_id=una.id, kind="digest:daily")
    assert "Heg snoeien" in digest.body_text


def test_an_unconfirmed_old_address_gets_no_notice_of_a_change(make_user):
    una = make_user("Una", email="una@example.com", verified=False)
    vera = make_user("Vera", email="vera@example.com")
    addresses.request_change(una, "una.nieuw@example.com")
    addresses.request_change(vera, "vera.nieuw@example.com")
    db.session.commit()
    assert [(m.kind, m.to_address) for m in outbox(user_id=una.id)] == [
        ("email_confirm", "una.nieuw@example.com")]
    assert [(m.kind, m.to_address) for m in outbox(user_id=vera.id)] == [
        ("email_confirm", "vera.nieuw@example.com"), ("email_change_notice", "vera@example.com")]


def test_a_password_reset_confirms_the_address_too(client, make_user):
    una = make_user("Una", email="una@example.com", verified=False)
    client.post("/password/forgot", data={"email": "una@example.com"})
    [reset] = outbox(kind="password_reset")
    path = re.search(r"/password/reset/\S+", reset.body_text).group(0)
    assert user_by_email("una@example.com").email_verified_at is None   # asking is not enough
    new = "a new long password"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    assert user_by_email("una@example.com").email_verified_at is not None
    assert una.id == user_by_email("una@example.com").id


def test_an_assisted_sign_up_with_e_mail_gets_the_link_too(make_manager):
    manager = make_manager("Mila")
    henk = cards.assisted_signup(manager, display_name="Henk", email="henk@example.com",
                                 neighbourhood=manager.neighbourhood, consent=True,
                                 language="en").user
    truus = cards.assisted_signup(manager, display_name="Truus", email=None,
                                  neighbourhood=manager.neighbourhood, consent=True,
                                  language="en").user
    db.session.commit()
    assert henk.email_verified_at is None
    [link] = outbox()
    assert (link.user_id, link.to_address, link.kind) == (henk.id, "henk@example.com",
                                                          "email_confirm")
    assert outbox(user_id=truus.id) == []


def test_a_neighbour_with_a_login_card_can_confirm_before_choosing_a_password(client,
                                                                             make_manager):
    manager = make_manager("Mila")
    card = cards.assisted_signup(manager, display_name="Henk", email="henk@example.com",
                                 neighbourhood=manager.neighbourhood, consent=True,
                                 language="en")
    db.session.commit()
    client.post("/login", data={"email": card.login, "password": card.code})
    assert client.get("/account").location.endswith("/password/choose")
    path = confirm_path(outbox()[0])
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert user_by_email("henk@example.com").email_verified_at is not None
    assert client.get("/account").location.endswith("/password/choose")
    # Logging in with the password chosen later works as before.
    client.post("/password/choose", data={"password": PASSWORD, "confirm": PASSWORD})
    assert client.get("/account").status_code == 200
