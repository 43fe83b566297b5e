"""Every <time datetime="…"> the app renders holds a valid HTML date or moment."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from buurt.core import clock
from buurt.core.extensions import db
from buurt.info import events
from buurt.market import posting, responses
from buurt.people.models import Membership, Role

# A moment with microseconds, as the clock gives them: stored times carry them too.
NOW = datetime(2026, 12, 3, 9, 15, 7, 123456, tzinfo=timezone.utc)
ATTRIBUTE = re.compile(r'datetime="([^"]*)"')
# A day, or a moment in whole seconds (or minutes) in UTC ("Z") or with an offset.
VALID = re.compile(r"\d{4}-\d{2}-\d{2}"
                   r"(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _attributes(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ATTRIBUTE.findall(response.get_data(as_text=True))


def test_every_datetime_attribute_is_a_valid_html_datetime(client, login, make_user, centrum,
                                                           topics, make_post):
    manager = make_user("Fatima", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=centrum, role=Role.MANAGER))
    ria, kees = make_user("Ria"), make_user("Kees")
    request = make_post("request", author=ria, title="Hulp bij de verhuizing")
    response = responses.respond(request, kees, "Ik kan zaterdag helpen")
    day = clock.today() + timedelta(days=7)
    event = events.create_event(
        ria, title="Soepavond", body="We koken samen soep.", topic=topics["koken"],
        starts_at=clock.from_local(day, datetime(2026, 1, 1, 19, 0).time()),
        ends_at=clock.from_local(day, datetime(2026, 1, 1, 21, 0).time()),
        address="Dorpsstraat 12")
    held = posting.create_request(kees, title="Herrie", body="Die kankerlijer moet oprotten",
                                  topic=topics["klussen"])
    db.session.commit()
    assert not held.is_published      # in the queue, and in the log

    login(manager)
    found = {url: _attributes(client, url) for url in
             ["/moderation", "/moderation/log", f"/requests/{request.id}",
              f"/events/{event.id}", "/notifications"]}
    client.post("/logout")
    login(ria)
    for url in (f"/conversations/{response.conversation.id}", "/messages", "/notifications"):
        found[url] = _attributes(client, url)

    # The pages do show times, with the microseconds of the clock behind them.
    assert all(found[url] for url in found if url != "/moderation"), found
    assert clock.now().microsecond == 123456
    wrong = {url: [v for v in values if not VALID.fullmatch(v)]
             for url, values in found.items()}
    assert not any(wrong.values()), wrong
    assert "2026-12-03T09:15:07Z" in found["/moderation/log"]
    assert f"{day.isoformat()}T19:00:00+01:00" in found[f"/events/{event.id}"]


def test_a_moment_under_a_minute_old_is_just_now_never_in_the_future(app):
    from flask_babel import force_locale

    from buurt.web.filters import ago
    now = clock.now()
    with app.test_request_context():
        with force_locale("en"):
            assert [ago(now), ago(now - timedelta(seconds=59)),
                    ago(now + timedelta(microseconds=500))] == ["just now"] * 3
            assert ago(now - timedelta(seconds=61)) == "1 minute ago"
            assert ago(now - timedelta(hours=3, minutes=2)) == "3 hours ago"
        with force_locale("nl"):
            assert ago(now) == "zojuist"
            assert ago(now - timedelta(days=2, hours=1)) == "2 dagen geleden"
