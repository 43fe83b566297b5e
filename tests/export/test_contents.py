"""What a resident's export holds: every kind of their data, in data.json, a CSV per table
and index.html, with their photo; and nothing of anyone else's."""
import csv
import io
import re

from buurt.core import storage
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.decide.models import DecisionRound
from buurt.info import places
from buurt.market.models import Conversation, Message
from buurt.messages import conversations
from buurt.moderation import case_decisions
from buurt.moderation.models import ModerationCase
from buurt.posts import kinds

# The parts every resident of the fixture fills by what they did themselves.
RESIDENT_PARTS = ("uploads", "topics", "comments", "responses", "conversations", "messages",
                  "thanks", "feedback", "loans", "loans_of_your_items", "supports", "rsvps",
                  "votes", "initiatives_proposed", "initiatives_run", "flags", "moderation",
                  "notifications")


def rows_of(zip_, name):
    return list(csv.DictReader(io.StringIO(zip_.text(name))))


def test_the_zip_holds_every_kind_of_data_of_its_owner_and_nobody_elses(two_neighbours,
                                                                          export_of):
    ria, bart = two_neighbours
    mine, theirs = export_of(ria.user), export_of(bart.user)
    data = mine.data

    # Every part, in data.json, as a CSV file, and as a section of index.html.
    overview = mine.text("index.html")
    parts = RESIDENT_PARTS + ("care_signups", "emails") + tuple(
        f"posts_{kind.name}" for kind in kinds.KINDS)
    for part in parts:
        assert data[part], f"{part} is empty"
        assert len(rows_of(mine, f"{part}.csv")) == len(data[part]), part
        assert f'<h2 id="{part}">' in overview, part
    assert {"data.json", "index.html", "profile.csv", "work.csv"} <= set(mine.files)

    # The profile, and the photo file itself.
    profile = data["profile"]
    assert (profile["display_name"], profile["email"], profile["street"]) == (
        "Ria", "ria@example.com", "Riastraat")
    assert (profile["in_directory"], profile["about"]) == (True, "I like Ria gardening.")
    assert profile["email_frequency"] == "daily" and profile["created_at"].endswith("Z")
    with storage.get().open(ria.user.photo.name) as photo:
        assert mine.files[profile["photo"]] == photo.read()
    assert f'<img src="{profile["photo"]}"' in overview
    assert {row["direction"]: row["topic"] for row in data["topics"]} == {
        "seek": "tuin", "offer": "klussen"}

    # Her own posts of every kind, and only hers.
    for kind in kinds.KINDS:
        titles = [row["title"] for row in data[f"posts_{kind.name}"]]
        assert titles and all(title.endswith("(Ria)") for title in titles), kind.name
    assert [r["title"] for r in theirs.data["posts_request"]][0] == bart.post_title
    assert bart.post_title not in [r["title"] for r in data["posts_request"]]

    # Her own messages, never what Bart wrote to her; and the other way round.
    everything, bart_everything = mine.everything(), theirs.everything()
    assert ria.message in [m["body"] for m in data["messages"]]
    assert ria.message not in bart_everything and bart.message not in everything
    assert bart.message in [m["body"] for m in theirs.data["messages"]]
    assert [c["with_whom"] for c in data["conversations"]] == ["Bart", "Bart"]
    # Bart's words with his loan request for her ladder are his, and his e-mail address.
    assert "For my shelves (Bart)." not in everything
    assert "For my shelves (Bart)." in bart_everything
    assert "bart@example.com" not in everything and "bart@example.com" in bart_everything
    assert "ria@example.com" not in bart_everything
    assert "Good plan, I would sit there (Bart)." not in everything

    # Votes: the round and when, never the choice (the ballot is secret); both voted.
    round_ = db.session.scalar(db.select(DecisionRound))
    assert decisions.ballot_of(round_, ria.user) and decisions.ballot_of(round_, bart.user)
    assert data["votes"] == [{"round_id": round_.id, "question": round_.question,
                              "voted_at": "2027-03-01T09:00:00Z",
                              "changed_at": "2027-03-01T09:00:00Z"}]
    for option in round_.options:
        assert option.title not in everything and option.title not in bart_everything

    # Readable parts: Dutch time in the CSV files, yes and no, and labels as headings.
    assert rows_of(mine, "messages.csv")[0]["Made on"] == "2027-03-01 10:00"
    assert rows_of(mine, "feedback.csv")[0]["It worked out"] == "yes"
    # The notifications as her notifications page says them.
    assert "Bart wants to help with: Help moving a cupboard (Ria)" in [
        n["text"] for n in data["notifications"]]
    # The e-mails she got, without their bodies (a reset mail holds a one-time link).
    assert [m["kind"] for m in data["emails"]] == ["password_reset"]
    assert "/password/reset/" not in everything


def test_index_html_is_in_the_residents_language_and_loads_nothing_from_elsewhere(
        two_neighbours, make_user, export_of):
    anneke = make_user("Anneke", language="nl")
    overview = export_of(anneke).text("index.html")
    assert '<html lang="nl">' in overview
    assert "<h1>Je gegevens op Buurt</h1>" in overview
    assert "<h2>Je profiel</h2>" in overview
    # Ria's has a photo and links to her posts on the site, as text: nothing is loaded.
    ria, _ = two_neighbours
    english = export_of(ria.user).text("index.html")
    assert "<h1>Your data on Buurt</h1>" in english
    assert "http://127.0.0.1:5000/requests/" in english
    for page in (overview, english):
        assert re.findall(r'(?:src|href)="([^"]+)"', page) == re.findall(
            r'(?:src|href)="(files/[^"]+)"', page)
        for outside in ("<script", "<link", "@import", "url("):
            assert outside not in page, outside


def test_a_spreadsheet_does_not_run_a_message_as_a_formula(two_neighbours, export_of):
    ria, _ = two_neighbours
    conversation = db.session.scalar(db.select(Message.conversation_id)
                                     .filter_by(author_id=ria.user.id).limit(1))
    conversations.reply(db.session.get(Conversation, conversation), ria.user,
                        '=HYPERLINK("http://evil.example")')
    db.session.commit()
    zip_ = export_of(ria.user)
    assert '\'=HYPERLINK("http://evil.example")' in [
        row["Text"] for row in rows_of(zip_, "messages.csv")]
    # data.json keeps the message as it was written.
    assert '=HYPERLINK("http://evil.example")' in [m["body"] for m in zip_.data["messages"]]


def test_an_ambassador_gets_counts_and_the_neighbour_gets_the_records(
        make_user, centrum, topics, export_of):
    from buurt.ambassador import cards, events, on_behalf
    from buurt.people import roles
    from buurt.people.models import Role
    amina = make_user("Amina", role=Role.AMBASSADOR)
    roles.appoint(amina, centrum, Role.AMBASSADOR)
    event = events.create_event(amina, name="Street party", day=centrum.created_at.date(),
                                place="Community centre", neighbourhood=centrum)
    henk = cards.assisted_signup(amina, display_name="Henk", email="henk@example.com",
                                 neighbourhood=centrum, consent=True, event=event,
                                 language="en").user
    on_behalf.post_request_for(amina, henk, consent=True, title="Who does my shopping?",
                               body="On Tuesday morning, at the supermarket on the corner.",
                               topic=topics["boodschappen"], urgency="week")
    db.session.commit()

    neighbour = export_of(henk).data
    assert neighbour["profile"]["onboarded_by"] == "Amina"
    assert neighbour["profile"]["privacy_version"]
    assert [o["event"] for o in neighbour["onboarding"]] == ["Street party"]
    assert neighbour["onboarding"][0]["assisted"] is True
    assert len(neighbour["login_cards"]) == 1 and "code_hash" not in neighbour["login_cards"][0]
    assert [(p["post_title"], p["ambassador"]) for p in neighbour["posts_placed_for_you"]] == [
        ("Who does my shopping?", "Amina")]
    assert [p["title"] for p in neighbour["posts_request"]] == ["Who does my shopping?"]

    ambassador = export_of(amina)
    data = ambassador.data
    assert [(e["name"], e["neighbours_signed_up"]) for e in data["events_organised"]] == [
        ("Street party", 1)]
    assert "token" not in data["events_organised"][0]
    assert event.token not in ambassador.everything()
    assert data["memberships"] == [{"neighbourhood": "Centrum", "role": "ambassador"}]
    assert data["work"]["neighbours_signed_up"] == 1
    assert data["work"]["posts_placed_for_neighbours"] == 1
    assert data["work"]["login_cards_made"] == 1
    # Who the neighbour is and what they asked is theirs.
    for theirs in ("Henk", "henk@example.com", "Who does my shopping?"):
        assert theirs not in ambassador.everything(), theirs


def test_a_manager_gets_their_rounds_and_places_and_counts_of_the_rest(
        two_neighbours, manager, centrum, export_of):
    ria, _ = two_neighbours
    places.create(manager, centrum, name="Community centre De Boei", address="Dorpsstraat 1")
    case = db.session.scalar(db.select(ModerationCase).filter_by(author_id=ria.user.id,
                                                                source="flags"))
    case_decisions.decide(case, manager, "approve")
    db.session.commit()
    export = export_of(manager)
    data = export.data
    assert [r["question"] for r in data["rounds_opened"]] == ["What do we do first in the park?"]
    assert [p["name"] for p in data["places_added"]] == ["Community centre De Boei"]
    assert data["work"]["initiatives_decided"] == 2
    assert data["work"]["moderation_steps"] == 1
    assert data["memberships"] == [{"neighbourhood": "Centrum", "role": "manager"}]
    # The case was about Ria's idea and Bart's flag: neither is in the manager's export.
    for theirs in ("Ria", "Bart", "Is this the right place? (Bart)"):
        assert theirs not in export.everything(), theirs
