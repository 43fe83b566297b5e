"""Onboarding events: their sign-up link credits the ambassador and the event; the QR code
pages print on A4 and A6."""
from datetime import timedelta

import pytest

from buurt.ambassador import events, links, roles
from buurt.ambassador.models import Onboarding, OnboardingEvent
from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models import User

SIGNUP = {"display_name": "Sanne", "email": "sanne@example.com", "password": "a long sentence",
          "postcode": "1015 AB", "offer_topics": ["computerhulp"]}


def test_an_ambassador_makes_an_event_and_gets_its_link_and_qr_code(client, login, ambassador):
    login(ambassador)
    form = client.get("/ambassador/events/new").get_data(as_text=True)
    assert f'value="{clock.today().isoformat()}"' in form   # today is filled in
    response = client.post("/ambassador/events/new", data={
        "name": "Straatfeest Dapperstraat", "day": clock.today().isoformat(),
        "place": "Buurthuis De Meeuw", "neighbourhood": "centrum"})
    assert response.status_code == 302
    event = db.session.scalar(db.select(OnboardingEvent))
    assert (event.name, event.place, event.ambassador_id) == (
        "Straatfeest Dapperstraat", "Buurthuis De Meeuw", ambassador.id)
    assert response.location.endswith(f"/ambassador/events/{event.id}")
    page = client.get(f"/ambassador/events/{event.id}").get_data(as_text=True)
    link = f"http://127.0.0.1:5000/signup?event={event.token}"
    assert link in page
    assert '<svg role="img" viewBox=' in page
    assert "<title>QR code of the sign-up link</title>" in page
    assert "Straatfeest Dapperstraat" in client.get("/ambassador/events").get_data(as_text=True)


@pytest.mark.parametrize("data,field,message", [
    ({"name": "", "place": "Buurthuis"}, "name", "Give the event a name."),
    ({"name": "Feest", "place": ""}, "place", "Say where it is."),
    ({"name": "Feest", "place": "Buurthuis", "day": "gisteren"}, "day",
     "Write the date like this: 2026-03-12."),
])
def test_a_wrong_event_form_says_why_and_keeps_the_rest(client, login, ambassador, data,
                                                        field, message):
    login(ambassador)
    data = {"day": clock.today().isoformat(), "neighbourhood": "centrum", **data}
    response = client.post("/ambassador/events/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error">{message}' in html
    for name, value in data.items():
        if name != field and value and name != "neighbourhood":
            assert f'value="{value}"' in html
    assert db.session.scalar(db.select(OnboardingEvent)) is None


def test_an_event_in_the_past_is_refused(client, login, ambassador):
    login(ambassador)
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    html = client.post("/ambassador/events/new", data={
        "name": "Feest", "place": "Buurthuis", "day": yesterday,
        "neighbourhood": "centrum"}).get_data(as_text=True)
    assert "This date has passed." in html


def test_an_ambassador_makes_events_only_in_their_neighbourhoods(client, login, ambassador,
                                                                 make_neighbourhood):
    make_neighbourhood("oost", ["1091"])
    login(ambassador)
    html = client.post("/ambassador/events/new", data={
        "name": "Feest", "place": "Buurthuis", "day": clock.today().isoformat(),
        "neighbourhood": "oost"}).get_data(as_text=True)
    assert "Choose from the list." in html
    assert db.session.scalar(db.select(OnboardingEvent)) is None


def test_signing_up_with_the_link_credits_ambassador_and_event(client, ambassador, make_event,
                                                               topics):
    event = make_event(ambassador)
    form = client.get(f"/signup?event={event.token}").get_data(as_text=True)
    assert "You sign up through Straatfeest." in form
    assert "Amina" not in form          # a visitor never sees a resident's name
    assert f'action="/signup?event={event.token}"' in form
    response = client.post(f"/signup?event={event.token}", data=SIGNUP)
    assert response.status_code == 302 and response.location.endswith("/welcome")
    user = db.session.scalar(db.select(User).filter_by(email="sanne@example.com"))
    assert user.onboarded_by_id == ambassador.id
    record = db.session.get(Onboarding, user.id)
    assert record.event_id == event.id and not record.assisted
    assert events.signup_counts([event.id]) == {event.id: 1}


def test_signing_up_without_the_link_credits_nobody(client, ambassador, make_event, topics):
    make_event(ambassador)
    client.post("/signup", data=SIGNUP)
    user = db.session.scalar(db.select(User).filter_by(email="sanne@example.com"))
    assert user.onboarded_by_id is None and db.session.get(Onboarding, user.id) is None


@pytest.mark.parametrize("token", ["unknown", "x" * 200])
def test_an_unknown_link_is_a_normal_sign_up(client, topics, token):
    assert client.get(f"/signup?event={token}").status_code == 200
    assert client.post(f"/signup?event={token}", data=SIGNUP).status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="sanne@example.com"))
    assert user.onboarded_by_id is None


def test_the_link_of_a_dismissed_ambassador_no_longer_credits_them(client, ambassador,
                                                                   make_event, make_manager,
                                                                   centrum):
    event = make_event(ambassador)
    roles.dismiss(make_manager(), ambassador, centrum)
    db.session.commit()
    assert "You sign up through" not in client.get(
        f"/signup?event={event.token}").get_data(as_text=True)
    client.post(f"/signup?event={event.token}", data=SIGNUP)
    user = db.session.scalar(db.select(User).filter_by(email="sanne@example.com"))
    assert user is not None and user.onboarded_by_id is None


@pytest.mark.parametrize("paper,page_rule", [("a4", "sheet-a4"), ("a6", "sheet-a6"),
                                             ("letter", "sheet-a4")])
def test_the_print_page_has_the_code_two_sentences_and_the_link(client, login, ambassador,
                                                                 make_event, paper, page_rule):
    event = make_event(ambassador)
    login(ambassador)
    response = client.get(f"/ambassador/events/{event.id}/print?paper={paper}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'class="sheet {page_rule}"' in html
    assert "<svg role=\"img\"" in html and "<script" not in html
    assert f"http://127.0.0.1:5000/signup?event={event.token}" in html
    assert "Scan the code with the camera of your phone to sign up." in html
    assert "css/ambassador.css" in html


def test_the_qr_code_on_the_event_page_is_the_sign_up_link(client, login, ambassador,
                                                            make_event):
    """The inline SVG is segno's drawing of exactly the event's sign-up link."""
    import segno
    event = make_event(ambassador)
    other = make_event(ambassador, name="Markt")
    login(ambassador)
    html = client.get(f"/ambassador/events/{event.id}").get_data(as_text=True)
    drawing = segno.make(f"http://127.0.0.1:5000/signup?event={event.token}", error="m"
                         ).svg_inline(scale=1, border=2, omitsize=True, lineclass=None)
    path = drawing[drawing.index("<path"):drawing.index("</svg>")]
    assert path in html
    other_drawing = segno.make(links.signup_link(other), error="m").svg_inline(
        scale=1, border=2, omitsize=True, lineclass=None)
    assert other_drawing[other_drawing.index("<path"):other_drawing.index("</svg>")] not in html


def test_a_manager_sees_the_events_of_their_neighbourhood(client, login, ambassador,
                                                          make_event, make_manager,
                                                          make_neighbourhood,
                                                          make_ambassador):
    make_event(ambassador, name="Koffieochtend")
    oost = make_neighbourhood("oost", ["1091"])
    make_event(make_ambassador("Omar", neighbourhood=oost), name="Markt Oost",
               neighbourhood=oost)
    login(make_manager())
    html = client.get("/ambassador/events").get_data(as_text=True)
    assert "Koffieochtend" in html and "Markt Oost" not in html
