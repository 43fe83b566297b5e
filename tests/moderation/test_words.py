"""The moderation pages say in words what the stored codes mean, in the reader's language,
and how long a case waits."""
from datetime import datetime, timedelta

import pytest
import time_machine
from flask_babel import force_locale

from buurt.core.extensions import db
from buurt.moderation import (case_decisions, cases, labels as moderation_labels, suspensions,
                              word_lists)
from buurt.market import posting
from buurt.moderation.models import ModerationAction, ModerationCase
from tests.moderation.conftest import OFFENSIVE

NOW = datetime(2026, 12, 3, 9, 15, 0)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def case_for(post):
    return cases.open_case_for("post", post.id)


def test_the_log_says_what_happened_in_words(client, login, held_post, make_manager):
    dutch = make_manager("Fatima", language="nl")
    case_decisions.decide(case_for(held_post), dutch, "remove", "Schelden mag hier niet.")
    db.session.commit()

    login(dutch)
    log = page(client, "/moderation/log")
    assert "In de wachtrij gezet door de controle" in log
    assert f"Verwijderd · hulpvraag {held_post.id}" in log
    assert "Schelden mag hier niet." in log
    assert "queued:screening" not in log and f"remove · post {held_post.id}" not in log
    client.post("/logout")

    login(make_manager("Joost"))      # an English reader of the same log
    log = page(client, "/moderation/log")
    assert "Queued by the screening" in log and f"Removed · help request {held_post.id}" in log
    assert "queued:screening" not in log


def test_the_log_names_the_kind_of_post_accounts_and_word_lists(client, login, make_manager,
                                                               make_user, topics, centrum):
    dutch = make_manager("Fatima", language="nl")
    kees = make_user("Kees")
    care = posting.create_request(kees, title="Zorg voor mijn moeder", body=OFFENSIVE,
                                  topic=topics["zorg"], need="care")
    word_lists.add_word(centrum, dutch, "Rommelmarkt", "allow")
    suspensions.suspend(kees, dutch, until=NOW + timedelta(days=7), reason="Schelden")
    db.session.commit()

    login(dutch)
    log = page(client, "/moderation/log")
    assert f"In de wachtrij gezet door de controle · zorgvraag {care.id}" in log
    assert "Woord op de lijst &#39;toestaan&#39; gezet · woordenlijst" in log
    assert "Account geschorst · account van Kees" in log
    assert "Schelden (tot 10 december 2026)" in log and "(until 2026-12-10)" not in log


def test_earlier_decisions_are_in_words(client, login, make_manager, make_user, topics):
    dutch = make_manager("Fatima", language="nl")
    kees = make_user("Kees")
    for title in ("Herrie", "Lawaai"):
        held = posting.create_request(kees, title=title, body=OFFENSIVE, topic=topics["klussen"])
        case_decisions.decide(case_for(held), dutch, "approve")
    third = posting.create_request(kees, title="Weer herrie", body=OFFENSIVE,
                                   topic=topics["klussen"])
    db.session.commit()

    login(dutch)
    case_page = page(client, f"/moderation/{case_for(third).id}")
    assert "Eerdere besluiten: goedgekeurd (2)" in case_page
    assert "approve (2)" not in case_page
    client.post("/logout")
    login(make_manager("Joost"))
    assert "Earlier decisions: approved (2)" in page(client, f"/moderation/{case_for(third).id}")


def test_unknown_codes_still_show_in_a_general_word(client, login, make_manager, held_post,
                                                   centrum):
    dutch = make_manager("Fatima", language="nl")
    case = case_for(held_post)
    db.session.add_all([
        ModerationAction(case_id=case.id, neighbourhood_id=centrum.id, action="teleport",
                         target_type="planet", target_id=7, note=None),
        ModerationAction(case_id=case.id, neighbourhood_id=centrum.id,
                         action="queued:martians", target_type="post", target_id=999999)])
    db.session.flush()
    db.session.execute(db.update(ModerationCase).where(ModerationCase.id == case.id)
                       .values(source="martians"))
    db.session.commit()

    login(dutch)
    log = page(client, "/moderation/log")
    assert "Andere actie · onderdeel 7" in log
    assert "In de wachtrij gezet · bericht 999999" in log     # the post is gone
    assert "In de wachtrij gezet door de controle" in log     # and a known code beside them
    assert "Andere reden" in page(client, f"/moderation/{case.id}")
    assert "Andere reden" in page(client, "/moderation")


def test_every_stored_code_has_its_own_words(app):
    codes = ["queued:screening", "queued:new_member", "queued:flags", "queued:report",
             "claim", "clarified", "hidden:flags", "word:block", "word:allow",
             "unword:block", "unword:allow", "suspend", "unsuspend",
             "approve", "clarify", "remove", "advise"]
    with app.test_request_context(), force_locale("nl"):
        general = moderation_labels.action("something new")
        words = [moderation_labels.action(code) for code in codes]
        assert general == "Andere actie"
        assert general not in words and len(set(words)) == len(codes)
        assert not any(code in word for code in codes for word in words)
        assert moderation_labels.decision("approve") == "goedgekeurd"
        assert moderation_labels.decision("zap") == "anders"
        assert moderation_labels.source("new_member") == "Eerste bericht van een nieuw lid"


def test_a_new_case_waits_less_than_an_hour_then_hours(client, login, held_post, make_manager,
                                                       frozen_time):
    login(make_manager("Fatima", language="nl"))
    case_url = f"/moderation/{case_for(held_post).id}"
    queue = page(client, "/moderation")
    assert "Wacht minder dan een uur" in queue and "Wacht 0 uur" not in queue
    assert "Wacht minder dan een uur" in page(client, case_url)
    frozen_time.move_to(NOW + timedelta(minutes=59))
    assert "Wacht minder dan een uur" in page(client, "/moderation")
    frozen_time.move_to(NOW + timedelta(hours=3, minutes=5))
    queue = page(client, "/moderation")
    assert "Wacht 3 uur" in queue and "Wacht minder dan een uur" not in queue
    assert "Wacht 3 uur" in page(client, case_url)


def test_a_new_case_in_english_waits_less_than_an_hour(client, login, held_post, make_manager):
    login(make_manager("Joost"))
    queue = page(client, "/moderation")
    assert "Waiting less than an hour" in queue and "Waiting for 0 hours" not in queue


def test_the_log_says_just_now_not_in_0_seconds(client, login, held_post, make_manager,
                                               frozen_time):
    login(make_manager("Fatima", language="nl"))
    log = page(client, "/moderation/log")
    assert "zojuist" in log and "over 0 seconden" not in log
    frozen_time.move_to(NOW + timedelta(seconds=59))
    assert "zojuist" in page(client, "/moderation/log")
    frozen_time.move_to(NOW + timedelta(minutes=2, seconds=10))
    log = page(client, "/moderation/log")
    assert "2 minuten geleden" in log and "zojuist" not in log


def test_the_daily_digest_says_less_than_an_hour_not_0_hours(client, login, held_post,
                                                            make_manager, frozen_time):
    from buurt.ops import lifecycle
    dutch = make_manager("Fatima", language="nl")
    lifecycle.tick()
    db.session.commit()
    login(dutch)
    notifications = page(client, "/notifications")
    assert "het oudste minder dan een uur" in notifications
    assert "het oudste 0 uur" not in notifications
    frozen_time.move_to(NOW + timedelta(days=1, hours=1))
    lifecycle.tick()
    db.session.commit()
    assert "het oudste 25 uur" in page(client, "/notifications")
