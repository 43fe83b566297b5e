"""Assisted sign-up on the ambassador's phone: consent, e-mail optional, the login card, its
one-time code (once, expiry) and the password the neighbour must choose."""
from datetime import timedelta, timezone
from html import unescape

import pytest
import time_machine
from werkzeug.security import check_password_hash

from buurt.ambassador import cards, roles
from buurt.ambassador.models import LoginCard, Onboarding
from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.people.models import User
from tests.ambassador.conftest import card_from_page

NEIGHBOUR = {"display_name": "Henk de Vries", "postcode": "1011 AB",
             "seek_topics": ["boodschappen"], "offer_topics": ["tuin"], "consent": "y"}
NEW_PASSWORD = "mijn eigen wachtwoord"
USED = "This code has been used already."
EXPIRED = "The code on this card has expired. Ask your ambassador for a new card."
NO_MATCH = "This e-mail address or username and password do not match. Try again."


def text(response):
    """The page as a reader sees it: entities such as &#39; turned back into characters."""
    return unescape(response.get_data(as_text=True))


def sign_up_on_the_phone(client, **changes):
    response = client.post("/ambassador/signup", data={**NEIGHBOUR, **changes})
    assert response.status_code == 302, text(response)
    return response


@pytest.fixture
def at_the_stall(client, login, ambassador, topics):
    login(ambassador)
    return client


def test_without_e_mail_the_neighbour_gets_a_login_card(at_the_stall, ambassador, centrum):
    client = at_the_stall
    response = sign_up_on_the_phone(client)
    henk = db.session.scalar(db.select(User).filter_by(display_name="Henk de Vries"))
    assert response.location.endswith(f"/ambassador/neighbours/{henk.id}/card")
    card = client.get(response.location)
    assert "no-store" in card.headers["Cache-Control"]
    html = text(card)
    login, code = card_from_page(html)
    assert login == henk.username and login.startswith("henk") and login[4:].isdigit()
    assert len(cards.normalise_code(code)) == 8
    expires = (clock.now() + timedelta(days=30)).replace(tzinfo=timezone.utc).astimezone(
        clock.LOCAL_TZ)
    assert f"The code works once, until {expires:%B} {expires.day}, {expires.year}." in html
    assert henk.email is None and henk.must_choose_password
    assert henk.neighbourhood_id == centrum.id and henk.onboarded_by_id == ambassador.id
    assert [t.slug for t in henk.seek_topics] == ["boodschappen"]
    assert [t.slug for t in henk.offer_topics] == ["tuin"]
    record = db.session.get(Onboarding, henk.id)
    assert record.assisted and record.consent_at is not None


def test_the_neighbours_consent_records_the_privacy_version_and_moment(at_the_stall):
    """The consent read aloud covers the privacy statement and the house rules: the
    neighbour's account records the version and the same moment as the consent."""
    from datetime import datetime

    from buurt.people.privacy import PRIVACY_VERSION
    client = at_the_stall
    form = client.get("/ambassador/signup").get_data(as_text=True)
    sentence = form[form.index('class="consent"'):form.index('class="button wide"')]
    assert "By signing up you agree to the" in sentence
    # The form keeps nothing for the next neighbour, so the links open in a new tab there
    # (on /signup they open in the same one: tests/auth/test_signup.py).
    assert '<a href="/privacy" target="_blank" rel="noopener">privacy statement</a>' in sentence
    assert '<a href="/terms" target="_blank" rel="noopener">house rules</a>' in sentence
    assert "(The links open in a new tab.)" in sentence
    moment = datetime(2027, 2, 6, 14, 0)
    with time_machine.travel(moment, tick=False):
        sign_up_on_the_phone(client)
    henk = db.session.scalar(db.select(User).filter_by(display_name="Henk de Vries"))
    assert henk.privacy_version == PRIVACY_VERSION
    assert henk.privacy_accepted_at == moment
    assert db.session.get(Onboarding, henk.id).consent_at == moment


def test_only_a_hash_of_the_code_is_stored(at_the_stall):
    client = at_the_stall
    html = text(client.get(sign_up_on_the_phone(client).location))
    _, code = card_from_page(html)
    card = db.session.scalar(db.select(LoginCard))
    plain = cards.normalise_code(code)
    assert plain not in card.code_hash and code not in card.code_hash
    assert check_password_hash(card.code_hash, plain)
    assert not check_password_hash(card.code_hash, "ABCD2345")


def test_without_consent_there_is_no_account_and_nothing_typed_is_lost(at_the_stall):
    client = at_the_stall
    data = {**NEIGHBOUR, "email": "henk@example.com"}
    del data["consent"]
    response = client.post("/ambassador/signup", data=data)
    html = text(response)
    assert response.status_code == 200
    assert "Without the neighbour's consent we do not make an account." in html
    assert 'value="Henk de Vries"' in html and 'value="henk@example.com"' in html
    assert 'value="1011 AB"' in html
    assert 'value="boodschappen" checked' in html or 'checked id="seek_topics-0"' in html
    assert db.session.scalar(db.select(User).filter_by(display_name="Henk de Vries")) is None


def test_the_service_refuses_without_consent_too(ambassador, centrum):
    with pytest.raises(roles.OnboardingError):
        cards.assisted_signup(ambassador, display_name="Henk", email=None,
                              neighbourhood=centrum, consent=False)
    assert db.session.scalar(db.select(User).filter_by(display_name="Henk")) is None


def test_a_duplicate_e_mail_is_handled_as_at_normal_sign_up(at_the_stall, make_user):
    make_user("Henk", email="henk@example.com")
    response = at_the_stall.post("/ambassador/signup",
                                 data={**NEIGHBOUR, "email": "Henk@Example.com"})
    html = text(response)
    assert response.status_code == 200
    assert ("There is already an account with this e-mail address. Log in, or use another "
            "address.") in html
    assert 'value="Henk de Vries"' in html
    assert db.session.scalar(db.select(db.func.count(User.id)).filter_by(
        email="henk@example.com")) == 1


def test_with_e_mail_the_card_says_the_address_and_it_logs_in(at_the_stall, client):
    response = sign_up_on_the_phone(at_the_stall, email="henk@example.com")
    html = text(at_the_stall.get(response.location))
    login, code = card_from_page(html)
    assert login == "henk@example.com"
    henk = db.session.scalar(db.select(User).filter_by(email="henk@example.com"))
    assert henk.username is None
    client.post("/logout")
    response = client.post("/login", data={"email": "henk@example.com", "password": code})
    assert response.location.endswith("/password/choose")


@pytest.mark.parametrize("data,field,message", [
    ({"display_name": ""}, "display_name", "Fill in the neighbour's name."),
    ({"email": "henk.at.home"}, "email", "This is not an e-mail address."),
    ({"postcode": "12"}, "postcode", "This is not a Dutch postcode."),
    ({"postcode": "1091 AB"}, "postcode",
     "This postcode is not in a neighbourhood where you sign people up."),
])
def test_bad_input_gets_a_message_on_the_field(at_the_stall, make_neighbourhood, data, field,
                                               message):
    make_neighbourhood("oost", ["1091"])
    response = at_the_stall.post("/ambassador/signup", data={**NEIGHBOUR, **data})
    html = text(response)
    assert response.status_code == 200
    assert f'id="{field}-error">{message}' in html
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1   # the ambassador


def test_the_neighbourhood_comes_from_the_event_when_no_postcode_is_given(
        client, login, make_ambassador, make_neighbourhood, make_event, topics):
    oost = make_neighbourhood("oost", ["1091"])
    amina = make_ambassador()
    from buurt.people.models import Membership, Role
    db.session.add(Membership(user_id=amina.id, neighbourhood_id=oost.id, role=Role.AMBASSADOR))
    db.session.commit()
    event = make_event(amina, name="Markt Oost", neighbourhood=oost)
    login(amina)
    form = text(client.get("/ambassador/signup"))
    assert f'<option selected value="{event.id}">' in form   # today's event is chosen
    sign_up_on_the_phone(client, postcode="", event=str(event.id))
    henk = db.session.scalar(db.select(User).filter_by(display_name="Henk de Vries"))
    assert henk.neighbourhood_id == oost.id
    assert db.session.get(Onboarding, henk.id).event_id == event.id
    # With two neighbourhoods and neither postcode nor event, the form asks.
    html = text(client.post("/ambassador/signup", data={**NEIGHBOUR, "postcode": "",
                                                   "display_name": "Wim"}))
    assert "Fill in the postcode, or choose the neighbourhood." in html


def test_the_form_never_shows_the_previous_neighbour(at_the_stall):
    client = at_the_stall
    card_url = sign_up_on_the_phone(client).location
    assert "Henk de Vries" in text(client.get(card_url))
    form = client.get("/ambassador/signup")
    assert "no-store" in form.headers["Cache-Control"]
    html = text(form)
    assert "Henk" not in html and "1011" not in html and "checked" not in html
    assert 'autocomplete="off"' in html
    # The back button reloads the card page (no-store): it shows no name and no code.
    again = client.get(card_url)
    assert "no-store" in again.headers["Cache-Control"]
    html = text(again)
    assert "This card is closed" in html and "Henk" not in html
    assert 'class="card-code"' not in html


def test_the_code_is_shown_once_also_after_other_ambassador_pages(at_the_stall):
    client = at_the_stall
    card_url = sign_up_on_the_phone(client).location
    client.get("/ambassador/neighbours")
    assert "This card is closed" in text(client.get(card_url))


def log_in_with_card(client, login, code):
    return client.post("/login", data={"email": login, "password": code})


def test_the_card_logs_in_once_and_then_a_password_must_be_chosen(at_the_stall, client):
    html = text(client.get(sign_up_on_the_phone(at_the_stall).location))
    login, code = card_from_page(html)
    client.post("/logout")

    response = log_in_with_card(client, login.upper(), code.lower().replace("-", " "))
    assert response.status_code == 302 and response.location.endswith("/password/choose")
    # Every other page sends the neighbour back to choose a password first.
    for path in ("/", "/requests", "/profile", "/welcome", "/mine"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/password/choose")
    assert client.post("/requests/new", data={}).location.endswith("/password/choose")
    page = text(client.get("/password/choose"))
    assert "Choose your own password" in page and login in page

    response = client.post("/password/choose", data={"password": "kort",
                                                     "confirm": "kort"})
    assert "Use at least 8 characters." in text(response)
    response = client.post("/password/choose", data={"password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert response.location.endswith("/welcome")
    assert client.get("/requests").status_code == 200
    client.post("/logout")

    # The code worked once; the password works from now on.
    response = log_in_with_card(client, login, code)
    assert response.status_code == 200 and USED in text(response)
    assert log_in_with_card(client, login, NEW_PASSWORD).location.endswith("/")


def test_a_used_code_is_refused_even_before_a_password_was_chosen(at_the_stall, client):
    html = text(client.get(sign_up_on_the_phone(at_the_stall).location))
    login, code = card_from_page(html)
    client.post("/logout")
    assert log_in_with_card(client, login, code).status_code == 302
    client.post("/logout")
    html = text(log_in_with_card(client, login, code))
    assert USED in html


def test_a_wrong_code_gets_the_usual_message(at_the_stall, client):
    html = text(client.get(sign_up_on_the_phone(at_the_stall).location))
    login, _ = card_from_page(html)
    client.post("/logout")
    html = text(log_in_with_card(client, login, "ABCD-2345"))
    assert NO_MATCH in html and USED not in html


@pytest.mark.parametrize("days,setting,works", [(29, None, True), (31, None, False),
                                                (4, 5, True), (6, 5, False)])
def test_the_code_expires_after_the_neighbourhoods_days(client, login, ambassador, centrum,
                                                        sign_up_neighbour, days, setting,
                                                        works):
    if setting is not None:
        settings.set_value(centrum, "login_card_days", setting)
        db.session.commit()
    card = sign_up_neighbour(ambassador)
    with time_machine.travel(clock.now() + timedelta(days=days), tick=False):
        response = log_in_with_card(client, card.login, card.code)
        if works:
            assert response.location.endswith("/password/choose")
        else:
            assert response.status_code == 200
            assert EXPIRED in text(response)
            assert db.session.scalar(db.select(LoginCard.used_at)) is None


def test_a_new_card_replaces_a_lost_one(client, login, ambassador, sign_up_neighbour):
    card = sign_up_neighbour(ambassador)
    login(ambassador)
    response = client.post(f"/ambassador/neighbours/{card.user.id}/card")
    assert response.location.endswith(f"/ambassador/neighbours/{card.user.id}/card")
    new_login, new_code = card_from_page(text(client.get(response.location)))
    assert new_login == card.login and new_code != card.code
    client.post("/logout")
    assert USED in text(log_in_with_card(client, card.login, card.code))
    assert log_in_with_card(client, new_login, new_code).location.endswith("/password/choose")


def test_no_new_card_once_a_neighbour_with_e_mail_chose_a_password(client, login, ambassador,
                                                                   sign_up_neighbour):
    card = sign_up_neighbour(ambassador, email="henk@example.com")
    cards.choose_password(card.user, NEW_PASSWORD)
    db.session.commit()
    login(ambassador)
    html = text(client.post(f"/ambassador/neighbours/{card.user.id}/card",
                            data={"confirmed": "1"}, follow_redirects=True))
    assert "Henk has chosen a password already" in html
    assert db.session.scalar(db.select(db.func.count(LoginCard.id))) == 1


def test_a_suspended_neighbour_cannot_use_the_card(client, ambassador, sign_up_neighbour):
    card = sign_up_neighbour(ambassador)
    card.user.suspended_until = clock.now() + timedelta(days=3)
    db.session.commit()
    assert log_in_with_card(client, card.login, card.code).status_code == 403
    assert db.session.scalar(db.select(LoginCard.used_at)) is None


def test_usernames_are_unique_and_easy_to_type(ambassador, sign_up_neighbour):
    names = {sign_up_neighbour(ambassador, name).login
             for name in ("Henk", "Henk", "Henk", "Zoë Özdemir", "李")}
    assert len(names) == 5
    assert all(n.isascii() and n.isalnum() and n == n.lower() for n in names)
    assert any(n.startswith("zoe") for n in names) and any(n.startswith("buur") for n in names)
