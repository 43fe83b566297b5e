"""Stored uploads are served with their own type, cached for good, and never as a page."""
import pytest

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import uploads
from tests.uploads.media import jpeg_with_gps, upload, video


def test_a_photo_is_served_with_its_type_and_long_caching(client, make_user):
    photo = uploads.save_image(upload(jpeg_with_gps(), "me.jpg"), make_user())
    db.session.commit()
    response = client.get(f"/media/{photo.name}")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    cache = response.cache_control
    assert cache.public and cache.immutable and cache.max_age >= 365 * 24 * 3600
    assert response.content_length == photo.size_bytes == len(response.data)
    assert response.data[:3] == b"\xff\xd8\xff"
    thumb = client.get(f"/media/{photo.thumb_name}")
    assert thumb.status_code == 200 and len(thumb.data) == photo.thumb_bytes

    again = client.get(f"/media/{photo.name}",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_logged_in_residents_get_the_same_cacheable_file(client, make_user, login):
    owner = make_user()
    photo = uploads.save_image(jpeg_with_gps(), owner)
    db.session.commit()
    login(owner)
    response = client.get(f"/media/{photo.name}")
    assert response.status_code == 200
    assert response.cache_control.public and "no-store" not in response.headers["Cache-Control"]
    # Pages of a logged-in resident are still kept out of shared caches.
    assert "no-store" in client.get("/").headers["Cache-Control"]


def test_a_video_is_served_as_video_and_can_be_played_from_the_middle(client, make_user):
    clip = uploads.save_video(video("video-10s-audio-40s.webm"), make_user())
    db.session.commit()
    whole = client.get(f"/media/{clip.name}")
    assert whole.status_code == 200 and whole.mimetype == "video/webm"
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = client.get(f"/media/{clip.name}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole.data[100:200]


@pytest.mark.parametrize("name", [
    "AAAAAAAAAAAAAAAAAAAAAA.jpg",        # the right shape, but nothing stored
    "..%2Fsecret_key", "secret_key", "x.jpg", "AAAAAAAAAAAAAAAAAAAAAA.jpg.html",
])
def test_unknown_or_malformed_names_are_not_found(client, app, name):
    response = client.get(f"/media/{name}")
    assert response.status_code == 404


def test_a_stored_file_with_another_suffix_is_never_served(client, app):
    # Only the pipeline names files; even a file put there by hand is not served as a page.
    folder = storage.get().folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "AAAAAAAAAAAAAAAAAAAAAA.html").write_bytes(b"<script>alert(1)</script>")
    (folder / "AAAAAAAAAAAAAAAAAAAAAA.jpg").write_bytes(b"<script>alert(1)</script>")
    assert client.get("/media/AAAAAAAAAAAAAAAAAAAAAA.html").status_code == 404
    as_photo = client.get("/media/AAAAAAAAAAAAAAAAAAAAAA.jpg")
    assert as_photo.mimetype == "image/jpeg"
    assert as_photo.headers["X-Content-Type-Options"] == "nosniff"


def test_a_request_larger_than_the_limit_gets_the_friendly_page(client, app, make_user,
                                                               login):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    login(make_user())
    response = client.post("/profile", data={"photo": upload(b"x" * 20_000, "big.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too big" in response.get_data(as_text=True).lower() or \
        "te groot" in response.get_data(as_text=True).lower()
