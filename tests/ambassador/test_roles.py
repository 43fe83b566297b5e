"""Who reaches the onboarding tools: ambassadors for their neighbourhoods and managers;
managers appoint and dismiss ambassadors."""
import pytest

from buurt.ambassador import neighbours, roles
from buurt.core.extensions import db
from buurt.people.models import Membership, Role, User

# Every onboarding route; {event}, {neighbour}, {case}, {ambassador}, {centrum} are filled in.
ROUTES = [
    ("get", "/ambassador"),
    ("get", "/ambassador/events"),
    ("get", "/ambassador/events/new"),
    ("post", "/ambassador/events/new"),
    ("get", "/ambassador/events/{event}"),
    ("get", "/ambassador/events/{event}/print"),
    ("get", "/ambassador/signup"),
    ("post", "/ambassador/signup"),
    ("get", "/ambassador/neighbours"),
    ("get", "/ambassador/neighbours/{neighbour}/card"),
    ("post", "/ambassador/neighbours/{neighbour}/card"),
    ("get", "/ambassador/neighbours/{neighbour}/card/new"),
    ("get", "/ambassador/cards"),
    ("post", "/ambassador/cards"),
    ("get", "/ambassador/neighbours/{neighbour}/request"),
    ("post", "/ambassador/neighbours/{neighbour}/request"),
    ("post", "/ambassador/cases/{case}/approve"),
    ("get", "/ambassador/team"),
    ("post", "/ambassador/team"),
    ("post", "/ambassador/team/{ambassador}/{centrum}/dismiss"),
]
MANAGERS_ONLY = {"/ambassador/team", "/ambassador/team/{ambassador}/{centrum}/dismiss"}
# Routes about one event or one neighbour: only for its own ambassador (and managers for
# events in their neighbourhood).
OWN_ONLY = [r for r in ROUTES if "{event}" in r[1] or "{neighbour}" in r[1]
            or "{case}" in r[1]]


@pytest.fixture
def world(ambassador, make_event, sign_up_neighbour, centrum):
    """An ambassador with an event and a neighbour whose first post is held."""
    from buurt.core import settings
    from buurt.market import posting
    from buurt.people import topics
    event = make_event(ambassador)
    neighbour = sign_up_neighbour(ambassador, event=event).user
    settings.set_value(centrum, "new_member_hold_posts", 1)
    posting.create_request(neighbour, title="Wie helpt met de tuin?",
                           body="Ik zoek hulp in de tuin op zaterdag.",
                           topic=topics.by_slug("tuin"))
    db.session.commit()
    case = neighbours.held_first_posts([neighbour.id])[0][0]
    return {"event": event.id, "neighbour": neighbour.id, "case": case.id,
            "ambassador": ambassador.id, "centrum": centrum.id}


def call(client, method, path, world):
    return getattr(client, method)(path.format(**world), data={})


@pytest.mark.parametrize("method,path", ROUTES)
def test_visitors_are_asked_to_log_in_and_residents_get_403(client, login, make_user, world,
                                                            method, path):
    response = call(client, method, path, world)
    assert response.status_code == 302 and "/login" in response.location
    login(make_user("Bep"))
    assert call(client, method, path, world).status_code == 403


@pytest.mark.parametrize("method,path", ROUTES)
def test_the_ambassador_reaches_every_tool_but_the_managers_ones(client, login, ambassador,
                                                                 world, method, path):
    login(ambassador)
    status = call(client, method, path, world).status_code
    if path in MANAGERS_ONLY:
        assert status == 403
    else:
        assert status in (200, 302), status


@pytest.mark.parametrize("method,path", OWN_ONLY)
def test_other_ambassadors_get_403_on_someone_elses_events_and_neighbours(
        client, login, make_ambassador, make_neighbourhood, world, method, path):
    oost = make_neighbourhood("oost", ["1091"])
    login(make_ambassador("Omar", neighbourhood=oost))
    assert call(client, method, path, world).status_code == 403
    client.post("/logout")
    # In the same neighbourhood, too: an ambassador sees only their own neighbours.
    colleague = make_ambassador("Els")
    login(colleague)
    status = call(client, method, path, world).status_code
    assert status == 403


@pytest.mark.parametrize("method,path", [r for r in OWN_ONLY if "{event}" in r[1]])
def test_managers_of_the_neighbourhood_see_its_events(client, login, make_manager, world,
                                                      method, path):
    login(make_manager())
    assert call(client, method, path, world).status_code == 200


def test_unknown_ids_are_404(client, login, ambassador, world):
    login(ambassador)
    for path in ("/ambassador/events/999999", "/ambassador/events/999999/print",
                 "/ambassador/neighbours/999999/card",
                 "/ambassador/neighbours/999999/request"):
        assert client.get(path).status_code == 404, path
    assert client.post("/ambassador/cases/999999/approve").status_code == 404


def test_an_ambassador_without_a_neighbourhood_any_more_gets_403(client, login, ambassador,
                                                                 make_manager, centrum):
    login(ambassador)
    assert client.get("/ambassador").status_code == 200
    roles.dismiss(make_manager(), ambassador, centrum)
    db.session.commit()
    assert client.get("/ambassador").status_code == 403


def test_a_manager_appoints_a_resident_by_e_mail_or_username(client, login, make_user,
                                                             make_manager, centrum,
                                                             sign_up_neighbour):
    resident = make_user("Joop", email="joop@example.com")
    login(resident)
    assert client.get("/ambassador").status_code == 403
    client.post("/logout")

    login(make_manager())
    response = client.post("/ambassador/team", data={"login": " JOOP@example.com ",
                                                     "neighbourhood": "centrum"})
    assert response.status_code == 302
    page = client.get("/ambassador/team").get_data(as_text=True)
    assert "Joop is now an ambassador for Centrum." in page
    db.session.refresh(resident)
    assert resident.role == Role.AMBASSADOR
    assert db.session.get(Membership, (resident.id, centrum.id, Role.AMBASSADOR))

    # A neighbour signed up with a card (no e-mail) is found by their username.
    card = sign_up_neighbour(resident, "Truus")
    response = client.post("/ambassador/team", data={"login": card.login,
                                                     "neighbourhood": "centrum"})
    assert response.status_code == 302
    assert db.session.get(User, card.user.id).role == Role.AMBASSADOR

    client.post("/logout")
    login(resident)
    assert client.get("/ambassador").status_code == 200
    assert client.get("/ambassador/team").status_code == 403


@pytest.mark.parametrize("login_name,message", [
    ("", "Fill in the e-mail address or username."),
    ("nobody@example.com", "We cannot find a resident with this e-mail address or username."),
])
def test_appointing_nobody_says_why_and_keeps_the_input(client, login, make_manager,
                                                        login_name, message):
    login(make_manager())
    page = client.post("/ambassador/team", data={"login": login_name,
                                                 "neighbourhood": "centrum"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert message in html and f'value="{login_name}"' in html


def test_appointing_twice_says_so(client, login, make_manager, ambassador):
    login(make_manager())
    page = client.post("/ambassador/team", data={"login": ambassador.email,
                                                 "neighbourhood": "centrum"})
    assert "Amina is an ambassador for Centrum already." in page.get_data(as_text=True)


def test_a_manager_appoints_only_for_the_neighbourhoods_they_manage(
        client, login, make_manager, make_neighbourhood, make_user, ambassador, centrum):
    oost = make_neighbourhood("oost", ["1091"])
    resident = make_user("Kees")
    login(make_manager("Ali", neighbourhood=oost))
    page = client.post("/ambassador/team", data={"login": resident.email,
                                                 "neighbourhood": "centrum"})
    assert "Choose from the list." in page.get_data(as_text=True)
    assert db.session.get(Membership, (resident.id, centrum.id, Role.AMBASSADOR)) is None
    assert client.post(f"/ambassador/team/{ambassador.id}/{centrum.id}/dismiss"
                       ).status_code == 403
    # Their own neighbourhood works.
    assert client.post("/ambassador/team", data={"login": resident.email,
                                                 "neighbourhood": "oost"}).status_code == 302
    assert db.session.get(Membership, (resident.id, oost.id, Role.AMBASSADOR))


def test_the_team_page_lists_ambassadors_and_dismissing_makes_them_residents(
        client, login, make_manager, ambassador, centrum, sign_up_neighbour):
    sign_up_neighbour(ambassador, "Henk")
    login(make_manager())
    page = client.get("/ambassador/team").get_data(as_text=True)
    assert "Amina" in page and "Brought in 1 neighbour" in page
    response = client.post(f"/ambassador/team/{ambassador.id}/{centrum.id}/dismiss")
    assert response.status_code == 302
    db.session.refresh(ambassador)
    assert ambassador.role == Role.RESIDENT
    assert "Amina" not in client.get("/ambassador/team").get_data(as_text=True).split(
        "Ambassadors now")[1]


def test_a_manager_who_is_also_ambassador_elsewhere_keeps_the_manager_role(
        make_manager, make_neighbourhood, centrum):
    manager = make_manager()
    oost = make_neighbourhood("oost", ["1091"])
    admin_like = make_manager("Ali", neighbourhood=oost)
    roles.appoint(admin_like, manager, oost)
    roles.dismiss(admin_like, manager, oost)
    assert manager.role == Role.MANAGER
    assert roles.can_onboard(manager, centrum.id)
    assert not roles.can_onboard(manager, oost.id)
