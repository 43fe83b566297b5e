"""Files sent with a form that was never finished: `buurt tick` removes them after a day,
and never a file that a post, a meeting place or a profile shows."""
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.core.media.models import Upload
from buurt.info import places
from buurt.ops import lifecycle
from buurt.stories import services as stories
from tests.uploads.media import jpeg_with_gps

NOW = datetime(2026, 11, 20, 11, 0, 0)


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


def on_disk(upload_names) -> set[str]:
    files = storage.get()
    return {name for name in upload_names if files.exists(name)}


def test_an_abandoned_photo_goes_after_a_day_and_a_used_one_stays(traveller, make_user):
    resident = make_user()
    abandoned = uploads.save_image(jpeg_with_gps((300, 200)), resident)
    in_story = uploads.save_image(jpeg_with_gps((300, 200)), resident)
    stories.create(resident, title="Flowers in the street", body="We planted flowers.",
                   upload=in_story)
    on_place = uploads.save_image(jpeg_with_gps((300, 200)), resident)
    place = places.create(make_user(), resident.neighbourhood, name="De Boei",
                          address="Dorpsstraat 1", description="Coffee.")
    place.photo = on_place
    profile = uploads.save_image(jpeg_with_gps((300, 200)), resident)
    resident.photo = profile
    db.session.commit()
    names = {u.id: u.names for u in (abandoned, in_story, on_place, profile)}
    assert all(len(on_disk(n)) == 2 for n in names.values())

    # Within the day the form may still come back for a second try: nothing goes.
    traveller.shift(timedelta(hours=23))
    assert lifecycle.tick()["abandoned_uploads_removed"] == 0
    assert db.session.get(Upload, abandoned.id) is not None

    traveller.shift(timedelta(hours=2))
    sent_now = uploads.save_image(jpeg_with_gps((300, 200)), resident)
    db.session.commit()
    assert lifecycle.tick()["abandoned_uploads_removed"] == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Upload, abandoned.id) is None
    assert on_disk(names[abandoned.id]) == set()
    # What a story, a place or a profile shows stays, files and all; so does a fresh one.
    for kept in (in_story, on_place, profile, sent_now):
        assert db.session.get(Upload, kept.id) is not None
        assert len(on_disk(kept.names)) == 2
    assert lifecycle.tick()["abandoned_uploads_removed"] == 0
