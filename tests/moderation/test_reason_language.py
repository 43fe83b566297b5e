"""The reasons on the moderation pages are written in the manager's language, from the
rule ids a case stores; rows stored with an English sentence still read in Dutch."""
import json

import pytest

from buurt.core.extensions import db
from buurt.market import posting
from buurt.moderation import case_decisions, cases, flags
from buurt.moderation.models import CaseSource
from tests.fixtures.english import text
from tests.moderation.conftest import OFFENSIVE


def manager_reading(make_manager, language, name):
    manager = make_manager(name)
    manager.language = language
    db.session.commit()
    return manager


def pages(client, login, manager, case_id):
    login(manager)
    queue = text(client.get("/moderation"))
    case = text(client.get(f"/moderation/{case_id}"))
    client.post("/logout")
    return queue, case


def test_a_dutch_manager_reads_the_screening_reasons_in_dutch(client, login, held_post,
                                                              make_manager):
    case = cases.open_case_for("post", held_post.id)
    assert json.loads(case.reasons)[0]["rule"] == "lexicon"   # stored: the rule, not a sentence
    dutch, english = "Gebruikt een ziekte als scheldwoord.", "Uses a disease as a curse word."
    for page in pages(client, login, manager_reading(make_manager, "nl", "Fatima"), case.id):
        assert dutch in page and english not in page and "kankerlijer" in page
    for page in pages(client, login, manager_reading(make_manager, "en", "Joost"), case.id):
        assert english in page and dutch not in page


def test_what_a_vague_post_misses_is_translated(client, login, make_user, make_manager,
                                                topics):
    post = posting.create_request(make_user("Kees"), title="Help nodig", body="",
                                  topic=topics["klussen"])
    db.session.commit()
    case = cases.open_case_for("post", post.id)
    for page in pages(client, login, manager_reading(make_manager, "nl", "Fatima"), case.id):
        assert "Ontbreekt: wat, wanneer, waar" in page and "Missing" not in page
        assert "Zegt niet wat er nodig is" in page and "Does not say" not in page
    for page in pages(client, login, manager_reading(make_manager, "en", "Joost"), case.id):
        assert "Missing: what, when, where" in page and "Ontbreekt" not in page


def test_flags_are_counted_in_the_managers_language(client, login, make_post, make_user,
                                                    make_manager):
    post = make_post("request", title="Gewone vraag")
    flags.flag_post(post, make_user(), "offensive")
    flags.flag_post(post, make_user(), "offensive")
    flags.flag_post(post, make_user(), "wrong_place")
    db.session.commit()
    case = cases.open_case_for("post", post.id)
    for page in pages(client, login, manager_reading(make_manager, "nl", "Fatima"), case.id):
        assert "2× gemeld als kwetsend" in page and "1× gemeld als op de verkeerde plek" in page
        assert "2× offensive" not in page and "wrong_place" not in page
    for page in pages(client, login, manager_reading(make_manager, "en", "Joost"), case.id):
        assert "2× reported as offensive" in page and "gemeld" not in page


OLD_ROWS = [
    {"category": "offensive", "rule": "lexicon", "words": ["kankerlijer"],
     "detail": "Uses a disease as a curse word."},
    {"category": "offensive", "rule": "a_rule_since_retired", "words": ["sjaak"],
     "detail": "An English sentence nobody translated."},
    {"category": "spam", "rule": "links", "words": ["a.example", "b.example", "c.example"],
     "detail": "Contains 3 links; more than 2 is unusual for a neighbourhood post."},
    {"category": "vague", "rule": "missing", "words": ["what", "when"],
     "detail": "Missing: what, when"},
    {"category": "flags", "rule": "spam", "words": [], "detail": "2× spam"},
    {"category": "a_category_since_retired", "rule": "x", "words": [], "detail": "Old."},
]


def test_reasons_stored_with_an_english_sentence_still_read_in_dutch(client, login,
                                                                      make_post,
                                                                      make_manager):
    post = make_post("request", title="Oude zaak")
    case = cases.open_case("post", post.id, neighbourhood_id=post.neighbourhood_id,
                           author_id=post.author_id, source=CaseSource.SCREENING,
                           reasons=json.dumps(OLD_ROWS))
    db.session.commit()
    for page in pages(client, login, manager_reading(make_manager, "nl", "Fatima"), case.id):
        assert page.count("Bevat taal die kan kwetsen of beledigen.") == 2
        assert "Heeft 3 links; meer dan 2 is vreemd" in page
        assert "Ontbreekt: wat, wanneer" in page and "2× gemeld als spam" in page
        assert "De controle vond iets om naar te kijken." in page and "Anders" in page
        for row in OLD_ROWS:
            assert row["detail"] not in page
    for page in pages(client, login, manager_reading(make_manager, "en", "Joost"), case.id):
        assert page.count("Contains language that can hurt or offend.") == 2
        assert "Missing: what, when" in page and "2× reported as spam" in page
        assert "An English sentence nobody translated." not in page


@pytest.mark.parametrize("language, junk, advert", [
    ("nl", "Je tekst lijkt op willekeurig typen", "Je tekst lijkt op reclame"),
    ("en", "Your text looks like random typing", "Your text looks like advertising"),
])
def test_the_author_is_warned_about_junk_as_junk(client, login, make_user, topics, language,
                                                 junk, advert):
    login(make_user(language=language))
    form = {"topic": "klussen", "need": "help", "urgency": "any"}
    page = text(client.post("/requests/new", data={**form, "title": "asdfghjkl",
                                                   "body": "qwerty asdf"}))
    assert junk in page and advert not in page
    page = text(client.post("/requests/new", data={
        **form, "title": "Verdien €500 per dag!", "body": "Geld verdienen vanuit huis, klik "
        "hier: https://a.example/1 https://a.example/2 https://a.example/3"}))
    assert advert in page and junk not in page


def test_earlier_decisions_are_named_in_the_managers_language(client, login, held_post,
                                                              make_manager, topics):
    first = cases.open_case_for("post", held_post.id)
    case_decisions.decide(first, make_manager("Ali"), "remove", "Schelden mag hier niet.")
    again = posting.create_request(held_post.author, title="Weer herrie", body=OFFENSIVE,
                                   topic=topics["klussen"])
    db.session.commit()
    case = cases.open_case_for("post", again.id)
    login(manager_reading(make_manager, "nl", "Fatima"))
    page = text(client.get(f"/moderation/{case.id}"))
    assert "Eerdere besluiten: weggehaald (1)" in page and "remove (1)" not in page
    client.post("/logout")
    login(manager_reading(make_manager, "en", "Joost"))
    assert "Earlier decisions: removed (1)" in text(client.get(f"/moderation/{case.id}"))
