"""Initiatives: a proposal is hidden until a manager approves it; who runs it edits it."""
from buurt.core.extensions import db
from buurt.info.models import Initiative, InitiativeState
from buurt.notifications.models import Notification
from tests.info.conftest import text

FORM = {"name": "Repair Café Centrum", "description": "Every first Saturday we repair "
        "lamps, bikes and clothes together.", "topics": ["klussen"],
        "contact": "repaircafe@example.org, 020 123 4567",
        "opening_hours": "First Saturday of the month, 10:00 to 13:00"}


def only_initiative() -> Initiative:
    db.session.expire_all()
    return db.session.scalar(db.select(Initiative))


def test_a_proposal_is_seen_only_by_its_proposer_and_the_managers_until_approved(
        client, login, make_user, manager, topics):
    ria, bart = make_user("Ria"), make_user("Bart")
    login(ria)
    response = client.post("/initiatives/new", data=FORM)
    initiative = only_initiative()
    assert response.status_code == 302
    assert initiative.state == InitiativeState.PROPOSED
    page = text(client.get(f"/initiatives/{initiative.id}"))
    assert "Repair Café Centrum" in page and "A community manager looks at this first." in page
    assert "Repair Café Centrum" in text(client.get("/initiatives"))    # under "waiting"
    client.post("/logout")

    login(bart)
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404
    assert "Repair Café Centrum" not in text(client.get("/initiatives"))
    assert client.post(f"/initiatives/{initiative.id}/approve").status_code == 404
    client.post("/logout")
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404   # a visitor
    assert "Repair Café Centrum" not in text(client.get("/initiatives"))

    login(manager)
    assert "Repair Café Centrum" in text(client.get("/initiatives"))
    page = text(client.get(f"/initiatives/{initiative.id}"))
    assert "Approve: everyone may see it" in page
    response = client.post(f"/initiatives/{initiative.id}/approve", follow_redirects=True)
    assert "Approved. Everyone can see it now." in text(response)
    initiative = only_initiative()
    assert initiative.state == InitiativeState.APPROVED
    assert initiative.decided_by_id == manager.id and initiative.decided_at is not None
    told = db.session.scalar(db.select(Notification).filter_by(kind="initiative_approved"))
    assert told.user_id == ria.id and told.subject_id == initiative.id
    client.post("/logout")

    page = text(client.get(f"/initiatives/{initiative.id}"))           # a visitor now
    assert "Repair Café Centrum" in page and "020 123 4567" in page
    assert "First Saturday of the month" in page and "Odd jobs" in page
    assert "Ria" not in page and "1 neighbour" in page   # who runs it, without names
    assert "Repair Café Centrum" in text(client.get("/initiatives"))


def test_a_resident_cannot_approve_or_decline(client, login, make_user, make_initiative):
    ria = make_user("Ria")
    initiative = make_initiative(ria, approved=False)
    login(ria)
    assert client.post(f"/initiatives/{initiative.id}/approve").status_code == 403
    assert client.post(f"/initiatives/{initiative.id}/decline").status_code == 403
    assert only_initiative().state == InitiativeState.PROPOSED


def test_a_declined_proposal_tells_its_proposer_why_and_stays_hidden(
        client, login, make_user, manager, make_initiative):
    ria = make_user("Ria")
    initiative = make_initiative(ria, name="Buy my stuff", approved=False)
    login(manager)
    client.post(f"/initiatives/{initiative.id}/decline",
                data={"decline-note": "This is a shop, not an initiative."})
    assert only_initiative().state == InitiativeState.DECLINED
    # Deciding twice: the second time changes nothing and says why.
    response = client.post(f"/initiatives/{initiative.id}/approve", follow_redirects=True)
    assert "A community manager has already decided on this." in text(response)
    assert only_initiative().state == InitiativeState.DECLINED
    client.post("/logout")
    login(ria)
    page = text(client.get(f"/initiatives/{initiative.id}"))
    assert "A community manager declined this." in page
    assert "This is a shop, not an initiative." in page
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 403
    client.post("/logout")
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404


def test_only_who_runs_it_edits_it(client, login, make_user, make_initiative, manager):
    ria, bart = make_user("Ria"), make_user("Bart")
    initiative = make_initiative(ria)
    login(bart)
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 403
    response = client.post(f"/initiatives/{initiative.id}/edit",
                           data={**FORM, "name": "Bart's takeover"})
    assert response.status_code == 403 and only_initiative().name == "Repair Café"
    assert "Change the text" not in text(client.get(f"/initiatives/{initiative.id}"))
    client.post("/logout")
    login(ria)
    assert "Change the text" in text(client.get(f"/initiatives/{initiative.id}"))
    response = client.post(f"/initiatives/{initiative.id}/edit",
                           data={**FORM, "topics": ["klussen", "tuin"]})
    assert response.status_code == 302
    initiative = only_initiative()
    assert initiative.name == "Repair Café Centrum"
    assert sorted(t.slug for t in initiative.topics) == ["klussen", "tuin"]
    response = client.post(f"/initiatives/{initiative.id}/edit", data={**FORM, "name": ""})
    assert "Write the name." in text(response)
    assert "lamps, bikes and clothes" in text(response)
    assert only_initiative().name == "Repair Café Centrum"


def test_runners_add_neighbours_from_the_directory(client, login, make_user, make_initiative):
    ria = make_user("Ria")
    listed = make_user("Listed Lisa")
    hidden = make_user("Hidden Henk")
    listed.in_directory = True
    db.session.commit()
    initiative = make_initiative(ria)
    login(ria)
    page = text(client.get(f"/initiatives/{initiative.id}"))
    assert "Listed Lisa" in page and "Hidden Henk" not in page
    response = client.post(f"/initiatives/{initiative.id}/runners",
                           data={"runner-user": str(hidden.id)})
    assert "Choose from the list." in text(response)
    assert only_initiative().member_ids == {ria.id}
    client.post(f"/initiatives/{initiative.id}/runners", data={"runner-user": str(listed.id)})
    assert only_initiative().member_ids == {ria.id, listed.id}
    client.post("/logout")
    login(listed)
    assert client.get(f"/initiatives/{initiative.id}/edit").status_code == 200
    client.post(f"/initiatives/{initiative.id}/runners/{ria.id}/remove")
    assert only_initiative().member_ids == {listed.id}
    response = client.post(f"/initiatives/{initiative.id}/runners/{listed.id}/remove",
                           follow_redirects=True)
    assert "Someone must run the initiative." in text(response)
    assert only_initiative().member_ids == {listed.id}


def test_the_list_filters_by_topic_and_neighbourhood(client, make_user, make_initiative,
                                                     make_neighbourhood):
    make_initiative(make_user(), name="Repair Café", topic_slugs=("klussen",))
    make_initiative(make_user(), name="Garden club", topic_slugs=("tuin",))
    oost = make_neighbourhood("oost", ["1091"])
    make_initiative(make_user(neighbourhood=oost), name="Oost choir",
                    topic_slugs=("gezelschap",))
    page = text(client.get("/initiatives?topic=tuin"))
    assert "Garden club" in page and "Repair Café" not in page
    page = text(client.get("/initiatives?neighbourhood=oost"))
    assert "Oost choir" in page and "Garden club" not in page
    page = text(client.get("/initiatives"))
    assert all(name in page for name in ("Repair Café", "Garden club", "Oost choir"))


def test_an_unknown_initiative_is_not_found(client, login, make_user):
    assert client.get("/initiatives/999").status_code == 404
    login(make_user())
    assert client.get("/initiatives/999/edit").status_code == 404
