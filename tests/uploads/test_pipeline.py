"""The upload pipeline: photos checked by content, resized, stripped of metadata; videos
checked by content and by the length of their video track."""
import io

import pytest
from flask_babel import force_locale
from PIL import ExifTags, Image

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import cleanup, errors, uploads, videos
from buurt.core.media.models import Upload
from tests.uploads.media import CAMERA, jpeg_with_gps, png, upload, video


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """The services' messages are read in English here (outside a request they follow the
    default language, Dutch); pages pick their language per request as always."""
    with force_locale("en"):
        yield


def stored(name: str) -> bytes:
    with storage.get().open(name) as handle:
        return handle.read()


def test_a_jpeg_with_gps_comes_out_without_any_metadata(make_user):
    owner = make_user()
    original = jpeg_with_gps()
    assert b"Exif" in original and CAMERA.encode() in original
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = uploads.save_image(upload(original, "IMG_0001.jpg", "image/jpeg"), owner)
    db.session.commit()

    for name in (photo.name, photo.thumb_name):
        data = stored(name)
        assert b"Exif" not in data and CAMERA.encode() not in data
        assert b"Dorpsstraat" not in data and b"http://ns.adobe.com/xap" not in data
        reopened = Image.open(io.BytesIO(data))
        assert reopened.format == "JPEG"
        assert not reopened.getexif()
        assert not reopened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "icc_profile" not in reopened.info and "exif" not in reopened.info
    assert db.session.get(Upload, photo.id).owner_id == owner.id


def test_a_photo_is_stored_at_two_sizes_under_random_names(make_user):
    photo = uploads.save_image(upload(jpeg_with_gps((2000, 1500)), "holiday.jpg"),
                               make_user())
    assert (photo.width, photo.height) == (1280, 960)
    assert (photo.thumb_width, photo.thumb_height) == (400, 300)
    assert Image.open(io.BytesIO(stored(photo.name))).size == (1280, 960)
    assert Image.open(io.BytesIO(stored(photo.thumb_name))).size == (400, 300)
    assert photo.size_bytes == len(stored(photo.name)) < photo.original_bytes
    assert photo.content_type == "image/jpeg" and photo.kind == "image"
    assert "holiday" not in photo.name and "holiday" not in photo.thumb_name
    other = uploads.save_image(upload(jpeg_with_gps((2000, 1500)), "holiday.jpg"),
                               make_user())
    assert other.name != photo.name


def test_a_photo_taken_sideways_is_turned_the_right_way_up(make_user):
    # Orientation 6: the camera was turned; the pixels lie on their side.
    photo = uploads.save_image(jpeg_with_gps((2000, 1000), orientation=6), make_user())
    assert (photo.width, photo.height) == (640, 1280)


def test_a_small_photo_is_not_blown_up(make_user):
    photo = uploads.save_image(png((300, 200)), make_user())
    assert (photo.width, photo.height) == (300, 200) == (photo.thumb_width,
                                                         photo.thumb_height)


def test_a_png_with_transparency_becomes_a_jpeg_whatever_its_name(make_user):
    photo = uploads.save_image(upload(png(), "notes.txt", "text/plain"), make_user())
    assert Image.open(io.BytesIO(stored(photo.name))).format == "JPEG"


def test_photos_can_be_stored_as_webp(app, make_user):
    app.config["UPLOAD_IMAGE_FORMAT"] = "webp"
    photo = uploads.save_image(jpeg_with_gps(), make_user())
    data = stored(photo.name)
    assert photo.name.endswith(".webp") and photo.content_type == "image/webp"
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert b"EXIF" not in data and b"Exif" not in data and CAMERA.encode() not in data


@pytest.mark.parametrize("data", [
    b"<html><script>alert(1)</script></html>",
    b"%PDF-1.7 this is not a photo",
    jpeg_with_gps()[:300],                    # a photo cut short
    b"\xff\xd8\xff" + b"\0" * 100,            # JPEG's first bytes, nothing after
], ids=["html", "pdf", "truncated", "magic-only"])
def test_a_file_named_jpg_that_is_not_a_photo_is_refused(make_user, data):
    before = set(storage.get().folder.glob("*")) if storage.get().folder.exists() else set()
    with pytest.raises(errors.UploadError) as refused:
        uploads.save_image(upload(data, "photo.jpg", "image/jpeg"), make_user())
    assert "not a photo" in str(refused.value)
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0
    after = set(storage.get().folder.glob("*")) if storage.get().folder.exists() else set()
    assert after == before


def test_an_empty_file_is_refused(make_user):
    with pytest.raises(errors.UploadError, match="empty"):
        uploads.save_image(upload(b"", "photo.jpg"), make_user())


def test_a_photo_with_too_many_pixels_is_refused_before_decoding(make_user, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PIXELS", 1000)
    with pytest.raises(errors.UploadError, match="too many pixels"):
        uploads.save_image(png((100, 100), mode="RGB"), make_user())


# --- videos ------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["mp4", "webm"])
def test_a_10_second_video_with_a_40_second_sound_track_is_accepted(make_user, suffix):
    clip = uploads.save_video(upload(video(f"video-10s-audio-40s.{suffix}"), "clip"),
                              make_user())
    db.session.commit()
    assert clip.kind == "video" and clip.content_type == f"video/{suffix}"
    assert 9_500 <= clip.duration_ms <= 10_600
    assert (clip.width, clip.height) == (32, 24)
    assert clip.name.endswith(f".{suffix}") and clip.thumb_name is None


@pytest.mark.parametrize("suffix", ["mp4", "webm"])
def test_a_30_second_video_with_a_5_second_sound_track_is_refused(make_user, suffix):
    with pytest.raises(errors.UploadError) as refused:
        uploads.save_video(upload(video(f"video-30s-audio-5s.{suffix}"), "short.mp4"),
                           make_user())
    assert "30 seconds" in str(refused.value) and "at most 20" in str(refused.value)
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0


@pytest.mark.parametrize("suffix", ["mp4", "webm"])
def test_the_video_track_is_measured_not_the_sound_or_the_whole_file(suffix):
    assert videos.video_info(video(f"video-10s-audio-40s.{suffix}")).seconds == \
        pytest.approx(10, abs=0.6)
    assert videos.video_info(video(f"video-30s-audio-5s.{suffix}")).seconds == \
        pytest.approx(30, abs=0.6)


@pytest.mark.parametrize("suffix", ["mp4", "webm"])
def test_a_stored_video_keeps_no_place_or_title_and_still_plays(make_user, suffix):
    original = video(f"video-10s-audio-40s.{suffix}")
    assert b"52.3731" in original and b"Kitchen" in original
    clip = uploads.save_video(original, make_user())
    data = stored(clip.name)
    assert b"52.3731" not in data and b"Kitchen" not in data
    assert len(data) == len(original)     # blanked in place: no offset moved
    assert videos.video_info(data).seconds == pytest.approx(10, abs=0.6)


@pytest.mark.parametrize("data", [
    jpeg_with_gps(),
    b"\0\0\0\x18ftypisom" + b"\0" * 40,                       # a header, no film
    video("video-10s-audio-40s.mp4")[:200],                    # cut short
    video("video-10s-audio-40s.webm")[:300],
    b"\x1a\x45\xdf\xa3" + b"\x42\x82\x84webm" + b"\xff" * 50,   # garbage after the magic
], ids=["a-photo", "header-only", "mp4-cut", "webm-cut", "webm-garbage"])
def test_a_file_that_is_not_a_whole_video_is_refused(make_user, data):
    with pytest.raises(errors.UploadError):
        uploads.save_video(upload(data, "clip.mp4", "video/mp4"), make_user())


def test_save_media_tells_photos_and_videos_apart_by_content(make_user):
    owner = make_user()
    assert uploads.save_media(upload(video("video-10s-audio-40s.mp4"), "x.jpg"),
                              owner).kind == "video"
    assert uploads.save_media(upload(jpeg_with_gps(), "x.mp4"), owner).kind == "image"
    with pytest.raises(errors.UploadError, match="not a photo or video"):
        uploads.save_media(upload(b"just some text", "x.mp4"), owner)
    with pytest.raises(errors.UploadError, match="30 seconds"):
        uploads.save_media(upload(video("video-30s-audio-5s.webm"), "x.webm"), owner)


def test_deleting_an_upload_removes_its_files(make_user):
    photo = uploads.save_image(jpeg_with_gps(), make_user())
    names = photo.names
    assert all(storage.get().exists(n) for n in names) and len(names) == 2
    cleanup.delete(photo)
    db.session.commit()
    assert not any(storage.get().exists(n) for n in names)
    assert db.session.get(Upload, photo.id) is None


def test_storage_refuses_names_that_leave_its_folder(app):
    files = storage.get()
    for name in ("../secret_key", "a/../../b.jpg", "..", "x.jpg/../../y", ""):
        with pytest.raises(ValueError):
            files.save(name, b"x")
        assert not files.exists(name)
