"""The people directory: residents only, opt-in, never an e-mail address, a message."""
from datetime import datetime

from buurt.core.extensions import db
from buurt.market.models import Conversation, Message
from buurt.notifications.models import Notification
from buurt.people import directory as people
from buurt.people.models import User
from tests.info.conftest import text


def listed(make_user, name, **kwargs):
    user = make_user(name, **kwargs)
    people.set_listing(user, in_directory=True, about=f"I am {name} and I like to help.")
    user.street = "Dorpsstraat"
    db.session.commit()
    return user


def test_visitors_are_sent_to_log_in(client, make_user):
    lisa = listed(make_user, "Lisa")
    for url in ("/people", f"/people/{lisa.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location
    response = client.post(f"/people/{lisa.id}/message", data={"body": "Hi"})
    assert response.status_code == 302 and "/login" in response.location


def test_only_who_opted_in_appears_and_no_page_shows_an_e_mail_address(
        client, login, make_user, make_event, make_initiative):
    lisa = listed(make_user, "Lisa Listed", email="lisa@example.com", offer=["tuin"])
    henk = make_user("Henk Hidden", email="henk@example.com", offer=["tuin"])
    make_event(lisa, title="Garden morning")
    make_initiative(henk, name="Henk's garden club")
    viewer = make_user("Viewer", email="viewer@example.com")
    login(viewer)

    directory = text(client.get("/people"))
    by_topic = text(client.get("/people?topic=tuin"))
    lisa_page = text(client.get(f"/people/{lisa.id}"))
    assert "Lisa Listed" in directory and "Lisa Listed" in by_topic
    assert "Dorpsstraat" in lisa_page and "I am Lisa Listed and I like to help." in lisa_page
    assert "Garden" in lisa_page                                       # the topic she offers
    assert "Henk Hidden" not in directory and "Henk Hidden" not in by_topic
    assert client.get(f"/people/{henk.id}").status_code == 404
    assert client.post(f"/people/{henk.id}/message", data={"body": "Hi"}).status_code == 404

    pages = [directory, by_topic, lisa_page] + [text(client.get(url)) for url in (
        "/neighbourhood", "/events", "/initiatives", "/places")]
    for page in pages:
        assert "lisa@example.com" not in page and "henk@example.com" not in page
    # The one page with an e-mail address is the owner's own account.
    assert "viewer@example.com" in text(client.get("/account"))
    assert all("viewer@example.com" not in page for page in pages)


def test_opting_in_at_sign_up_and_out_in_the_profile(client, login, make_user, topics):
    response = client.post("/signup", data={
        "display_name": "Nora", "email": "nora@example.com", "password": "a long password",
        "postcode": "1011 AB", "offer_topics": ["koken"], "in_directory": "y"})
    assert response.status_code == 302
    nora = db.session.scalar(db.select(User).filter_by(email="nora@example.com"))
    assert nora.in_directory
    client.post("/logout")
    client.post("/signup", data={
        "display_name": "Olaf", "email": "olaf@example.com", "password": "a long password",
        "postcode": "1011 AB"})
    olaf = db.session.scalar(db.select(User).filter_by(email="olaf@example.com"))
    assert not olaf.in_directory                   # off unless asked for
    client.post("/logout")

    viewer = make_user("Viewer")
    login(viewer)
    page = text(client.get("/people"))
    assert "Nora" in page and "Olaf" not in page
    client.post("/logout")

    client.post("/login", data={"email": "nora@example.com", "password": "a long password"})
    client.post("/profile", data={"about": "I cook for the street on Sundays."})
    db.session.expire_all()
    assert not db.session.get(User, nora.id).in_directory
    client.post("/profile", data={"in_directory": "y",
                                  "about": "I cook for the street on Sundays."})
    client.post("/account/details", data={"display_name": "Nora", "language": "en",
                                          "street": "Kerkstraat"})
    client.post("/logout")
    login(viewer)
    page = text(client.get(f"/people/{nora.id}"))
    assert "I cook for the street on Sundays." in page and "Kerkstraat" in page


def test_the_directory_filters_on_topics_offered(client, login, make_user):
    listed(make_user, "Gardener Gea", offer=["tuin"])
    listed(make_user, "Cook Kees", offer=["koken"], seek=["tuin"])
    login(make_user())
    page = text(client.get("/people?topic=tuin"))
    assert "Gardener Gea" in page and "Cook Kees" not in page


def test_a_suspended_resident_leaves_the_directory(client, login, make_user):
    sven = listed(make_user, "Sven")
    sven.suspended_until = datetime(2027, 1, 1)
    db.session.commit()
    login(make_user())
    assert "Sven" not in text(client.get("/people"))
    assert client.get(f"/people/{sven.id}").status_code == 404


def test_send_a_message_starts_one_conversation(client, login, make_user):
    lisa = listed(make_user, "Lisa")
    ria = make_user("Ria")
    login(ria)
    assert "Send a message to Lisa" in text(client.get(f"/people/{lisa.id}"))
    response = client.post(f"/people/{lisa.id}/message", data={"body": ""})
    assert response.status_code == 200 and "Write a message first." in text(response)
    response = client.post(f"/people/{lisa.id}/message",
                           data={"body": "Hello Lisa, can you help with my garden?"})
    conversation = db.session.scalar(db.select(Conversation))
    assert response.status_code == 302
    assert f"/conversations/{conversation.id}" in response.location
    assert "can you help with my garden?" in text(client.get(response.location))
    told = db.session.scalar(db.select(Notification).filter_by(user_id=lisa.id))
    assert told.kind == "message" and told.subject_id == conversation.id
    client.post(f"/people/{lisa.id}/message", data={"body": "And one more thing."})
    assert db.session.scalar(db.select(db.func.count(Conversation.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 2


def test_your_own_page_has_no_message_form(client, login, make_user):
    lisa = listed(make_user, "Lisa")
    login(lisa)
    page = text(client.get(f"/people/{lisa.id}"))
    assert "This is how neighbours see you." in page and "Send a message" not in page
