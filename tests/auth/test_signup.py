"""Sign-up: the contract of DESIGN.md, matches on /welcome, and bad input kept."""
import re

import pytest

from buurt.core.extensions import db
from buurt.people.models import User
from buurt.posts.models import CloseReason, PostState

GOOD = {"display_name": "Ria", "email": "ria@example.com", "password": "lange zin hier",
        "postcode": "1015 AB"}


def signup(client, **fields):
    return client.post("/signup", data={**GOOD, **fields})


def test_signup_with_topics_lands_on_welcome_with_matches(client, make_post):
    wanted = make_post("request", topic="computerhulp", title="Hulp met mijn tablet")
    withdrawn = make_post("request", topic="computerhulp", title="Ingetrokken vraag",
                          state=PostState.CLOSED, closed_reason=CloseReason.WITHDRAWN)
    pending = make_post("request", topic="computerhulp", title="Vraag die wacht",
                        state=PostState.PENDING)
    response = signup(client, offer_topics=["computerhulp"], seek_topics=["tuin", "koken"])
    assert response.status_code == 302 and response.location.endswith("/welcome")

    page = client.get("/welcome").get_data(as_text=True)
    assert f'href="/requests/{wanted.id}"' in page and "Hulp met mijn tablet" in page
    assert f"/requests/{withdrawn.id}" not in page and withdrawn.title not in page
    assert f"/requests/{pending.id}" not in page and pending.title not in page

    user = db.session.scalar(db.select(User).filter_by(email="ria@example.com"))
    assert [t.slug for t in user.offer_topics] == ["computerhulp"]
    assert sorted(t.slug for t in user.seek_topics) == ["koken", "tuin"]
    assert user.neighbourhood.slug == "centrum"
    assert user.password_hash != GOOD["password"]


def test_welcome_without_matches_says_what_to_do(client, topics):
    signup(client, offer_topics=["dieren"])
    page = client.get("/welcome").get_data(as_text=True)
    assert 'href="/requests/new"' in page and 'href="/offers/new"' in page


@pytest.mark.parametrize("field, value, message", [
    ("display_name", "", "Vul je naam in."),
    ("email", "", "Vul je e-mailadres in."),
    ("email", "geen-adres", "Dit is geen e-mailadres."),
    ("password", "kort", "Gebruik minstens 8 tekens."),
    ("postcode", "", "Vul je postcode in."),
    ("postcode", "12AB", "Dit is geen Nederlandse postcode."),
])
def test_bad_input_shows_a_message_and_keeps_what_was_typed(client, topics, field, value,
                                                            message):
    data = {**GOOD, field: value, "seek_topics": ["tuin"], "offer_topics": ["koken"]}
    response = client.post("/signup", data=data, headers={"Accept-Language": "nl"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    for name in ("display_name", "email", "postcode", "password"):
        if data[name]:
            assert f'value="{data[name]}"' in page
    assert _is_checked(page, "seek_topics", "tuin")
    assert _is_checked(page, "offer_topics", "koken")
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def _is_checked(page, name, value):
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def test_duplicate_email_gets_a_clear_message(client, make_user):
    make_user(email="ria@example.com", name="Ria Eerder")
    response = signup(client, email="RIA@example.com")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres" in page
    assert "Ria Eerder" not in page   # nothing about the other account
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_postcode_outside_every_area_gets_a_message(client, centrum, make_neighbourhood):
    make_neighbourhood("oost", ["1091"])
    page = signup(client, postcode="9999 ZZ").get_data(as_text=True)
    assert "Je postcode hoort nog niet bij een van onze buurten" in page
    assert 'value="9999 ZZ"' in page
    assert signup(client, postcode="1091 AA").location.endswith("/welcome")
    user = db.session.scalar(db.select(User).filter_by(email="ria@example.com"))
    assert user.neighbourhood.slug == "oost"


def test_neighbourhood_slug_wins_over_postcode(client, centrum, make_neighbourhood):
    make_neighbourhood("oost", ["1091"])
    assert signup(client, postcode="1091", neighbourhood="centrum").status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="ria@example.com"))
    assert user.neighbourhood.slug == "centrum"


def test_unknown_neighbourhood_or_topic_gets_a_message(client, centrum):
    page = signup(client, neighbourhood="atlantis").get_data(as_text=True)
    assert "Kies uit de lijst." in page
    page = signup(client, offer_topics=["bestaat-niet"]).get_data(as_text=True)
    assert "Kies uit de lijst." in page


def test_a_logged_in_resident_is_sent_home(client, make_user, login):
    login(make_user())
    assert client.get("/signup").status_code == 302


def test_the_signup_form_has_the_contract_fields(client, topics):
    page = client.get("/signup").get_data(as_text=True)
    for name in ("display_name", "email", "password", "postcode"):
        assert f'name="{name}"' in page
    for name in ("seek_topics", "offer_topics"):
        assert page.count(f'name="{name}"') == len(topics)
    assert "<legend>" in page


def test_signing_up_records_the_privacy_version_and_the_moment(client, topics):
    import time_machine
    from datetime import datetime

    from buurt.people.privacy import PRIVACY_VERSION
    moment = datetime(2027, 1, 15, 9, 30)
    with time_machine.travel(moment, tick=False):
        response = signup(client, seek_topics=["tuin"], offer_topics=["koken"])
    assert response.status_code == 302 and response.location.endswith("/welcome")
    user = db.session.scalar(db.select(User).filter_by(email="ria@example.com"))
    assert user.privacy_version == PRIVACY_VERSION
    assert user.privacy_accepted_at == moment


def test_accounts_made_without_the_sign_up_form_record_no_acceptance(make_user):
    """Only signing up (or an ambassador with the neighbour's consent) accepts; accounts
    from the command line, like those from before the statement, have nothing."""
    user = make_user("Kees")
    assert user.privacy_version is None and user.privacy_accepted_at is None


def test_the_signup_page_links_the_privacy_statement_and_the_house_rules(client, topics):
    page = client.get("/signup").get_data(as_text=True)
    form = page.split("<form", 2)[2]      # the sign-up form, after the search form
    sentence = re.search(r'<p class="agree">(.*?)</p>', form, re.S).group(1)
    assert sentence.startswith("Door je aan te melden ga je akkoord met de")
    assert '<a href="/privacy">privacyverklaring</a>' in sentence
    assert '<a href="/terms">huisregels</a>' in sentence
    assert "target=" not in sentence      # the same tab: the back button finds the form
    # Next to the button, inside the form.
    assert form.index('class="agree"') < form.index('<button type="submit" class="button">')
