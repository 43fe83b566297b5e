"""Stories: three questions with a photo or a short video, what visitors see, featuring,
and thank-you notes shared as stories."""
import io
import re
from datetime import timedelta

from PIL import Image

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media.models import Upload
from buurt.market import responses
from buurt.posts.models import PostState
from buurt.stories import services as stories
from buurt.stories.models import Story
from tests.stories.conftest import NOW, text
from tests.uploads.media import CAMERA, jpeg_with_gps, video

STORY = {"title": "Our street has a garden again", "topic": "",
         "body": "Last Saturday twelve neighbours planted flowers in the empty plot.",
         "owed_to": "Anja from number 4, who asked the council.",
         "advice": "Just start: ask two neighbours and the rest follows."}


def post_story(client, media=None, **changes):
    data = {**STORY, **changes}
    if media is not None:
        data["media"] = media
    return client.post("/stories/new", data=data, content_type="multipart/form-data")


def test_a_resident_tells_a_story_with_a_photo_that_loses_its_gps(client, make_user, login):
    author = make_user("Ria")
    login(author)
    assert "What made you happy?" in text(client.get("/stories/new"))
    response = post_story(client, (io.BytesIO(jpeg_with_gps()), "IMG_0001.jpg"))
    assert response.status_code == 302
    story = db.session.scalar(db.select(Story))
    assert story.is_published and story.upload is not None
    assert (story.owed_to, story.advice) == (STORY["owed_to"], STORY["advice"])
    with storage.get().open(story.upload.name) as handle:
        stored = handle.read()
    assert b"Exif" not in stored and CAMERA.encode() not in stored

    page = text(client.get(response.headers["Location"]))
    assert "Thank you for your story!" in page and "Whom I owe it to" in page
    img = re.search(r'<img [^>]*src="/media/' + re.escape(story.upload.name) + '"[^>]*>', page)
    assert img and 'width="1280"' in img.group(0) and 'height="960"' in img.group(0)
    assert 'loading="lazy"' in img.group(0) and 'alt="Photo with the story' in img.group(0)
    assert client.get(f"/media/{story.upload.name}").mimetype == "image/jpeg"


def test_visitors_read_stories_without_the_authors_name(client, make_user, login):
    author = make_user("Ria")
    login(author)
    post_story(client, (io.BytesIO(jpeg_with_gps()), "garden.jpg"))
    assert "Ria" in text(client.get("/stories"))
    client.post("/logout")
    listing = text(client.get("/stories"))
    assert STORY["title"] in listing and "A neighbour" in listing and "Ria" not in listing
    thumb = re.search(r'<img [^>]*class="thumb"[^>]*>', listing).group(0)
    assert 'width="400"' in thumb and 'height="300"' in thumb and 'loading="lazy"' in thumb
    story = db.session.scalar(db.select(Story))
    assert "Ria" not in text(client.get(f"/stories/{story.id}"))


def test_a_10_second_video_is_accepted_and_shown_with_controls(client, make_user, login):
    login(make_user())
    response = post_story(client, (io.BytesIO(video("video-10s-audio-40s.mp4")), "clip.mp4"))
    assert response.status_code == 302
    story = db.session.scalar(db.select(Story))
    assert story.upload.is_video and story.upload.duration_ms <= 10_600
    page = text(client.get(response.headers["Location"]))
    assert re.search(r'<video controls preload="none" src="/media/[^"]+\.mp4"', page)


def test_a_30_second_video_is_refused_on_the_form_with_everything_typed_kept(client,
                                                                            make_user, login):
    login(make_user())
    response = post_story(client, (io.BytesIO(video("video-30s-audio-5s.webm")), "clip.webm"))
    page = text(response)
    assert response.status_code == 200
    assert "This video lasts 30 seconds. A video may last at most 20 seconds." in page
    for value in STORY.values():
        assert value in page
    assert db.session.scalar(db.select(db.func.count(Story.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0


def test_a_file_named_jpg_that_is_not_a_photo_is_refused_on_the_form(client, make_user,
                                                                    login):
    login(make_user())
    response = post_story(client, (io.BytesIO(b"<html><body>hi</body></html>"), "cat.jpg"))
    page = text(response)
    assert response.status_code == 200
    assert "This file is not a photo or video we can use." in page
    assert STORY["body"] in page
    assert db.session.scalar(db.select(db.func.count(Story.id))) == 0


def test_a_photo_sent_with_a_form_that_needs_another_try_is_kept(client, make_user, login):
    owner = make_user()
    login(owner)
    first = text(post_story(client, (io.BytesIO(jpeg_with_gps()), "garden.jpg"), title=""))
    assert "Write a short title." in first and "Your photo is kept." in first
    kept = re.search(r'name="kept_media" type="hidden" value="([^"]+)"', first) or \
        re.search(r'id="kept_media" name="kept_media" type="hidden" value="([^"]+)"', first)
    name = kept.group(1)
    assert post_story(client, kept_media=name).status_code == 302
    story = db.session.scalar(db.select(Story))
    assert story.upload.name == name


def test_someone_elses_upload_cannot_be_taken_over(client, make_user, login):
    from buurt.core.media import uploads
    theirs = uploads.save_image(jpeg_with_gps(), make_user())
    db.session.commit()
    login(make_user())
    assert post_story(client, kept_media=theirs.name).status_code == 302
    assert db.session.scalar(db.select(Story)).upload is None


def test_a_request_over_the_size_limit_shows_the_form_with_a_clear_message(app, client,
                                                                          make_user, login):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    login(make_user())
    response = post_story(client, (io.BytesIO(b"\xff\xd8\xff" + b"\0" * 80_000), "big.jpg"))
    page = text(response)
    assert response.status_code == 413
    assert "<h1>Tell your story</h1>" in page
    assert "This file is too big. Choose a file of at most 1 MB" in page or \
        "This file is too big." in page
    assert 'name="title"' in page


def test_managers_feature_a_story_on_the_front_page(client, make_user, login, manager):
    author = make_user("Ria")
    story = stories.create(author, title="Our street has a garden again", body=STORY["body"])
    db.session.commit()

    def featured_on_front_page():
        home = text(client.get("/"))
        assert "Ria" not in home
        featured = home.split('id="featured-title"')
        return len(featured) == 2 and \
            "Our street has a garden again" in featured[1].split("</section>")[0]

    login(author)
    assert client.post(f"/stories/{story.id}/feature").status_code == 403
    assert "Put it on the front page" not in text(client.get(f"/stories/{story.id}"))
    client.post("/logout")
    assert not featured_on_front_page()

    login(manager)
    assert "Put it on the front page" in text(client.get(f"/stories/{story.id}"))
    assert client.post(f"/stories/{story.id}/feature").status_code == 302
    client.post("/logout")
    assert featured_on_front_page()

    login(manager)
    client.post(f"/stories/{story.id}/unfeature")
    client.post("/logout")
    assert not featured_on_front_page()


def test_the_story_featured_last_is_the_one_on_the_front_page(make_user, frozen_time):
    first = stories.create(make_user(), title="The first nice story", body=STORY["body"])
    second = stories.create(make_user(), title="The second nice story", body=STORY["body"])
    stories.feature(second)
    frozen_time.move_to(NOW + timedelta(hours=1))
    stories.feature(first)
    assert stories.featured() is first
    stories.withdraw(first)
    assert stories.featured() is second and first.featured_at is None


def test_a_thank_you_shared_by_its_author_appears_as_a_story(client, make_user, make_post):
    asker, helper = make_user("Ria"), make_user("Bart")
    request = make_post("request", author=asker, title="Who fixes my bicycle light?")
    response = responses.respond(request, helper, "I can do it on Saturday.")
    responses.accept(response, asker)
    responses.mark_done(response, asker)
    responses.thank(response, asker, "Thanks Bart, I can cycle in the dark again!",
                    share_publicly=True)
    responses.thank(response, helper, "Nice to help, Ria!", share_publicly=False)
    db.session.commit()
    listing = text(client.get("/stories"))
    assert "Thank you: Who fixes my bicycle light?" in listing and "Thank-you note" in listing
    assert db.session.scalar(db.select(db.func.count(Story.id))) == 1
    story = db.session.scalar(db.select(Story))
    page = text(client.get(f"/stories/{story.id}"))
    assert "I can cycle in the dark again" in page and "Nice to help" not in page
    assert "Ria" not in page


def test_a_story_with_rude_words_waits_for_a_manager(client, make_user, login):
    author = make_user()
    login(author)
    response = post_story(client, body="Die kankerlijer van nummer 12 moet oprotten",
                          confirmed="1")
    story = db.session.scalar(db.select(Story))
    assert response.status_code == 302 and story.state == PostState.PENDING
    assert "Only you can see this for now." in text(client.get(f"/stories/{story.id}"))
    client.post("/logout")
    assert client.get(f"/stories/{story.id}").status_code == 404
    assert STORY["title"] not in text(client.get("/stories"))


def test_the_author_changes_and_withdraws_a_story(client, make_user, login):
    from buurt.core.media import uploads
    author = make_user()
    photo = uploads.save_image(jpeg_with_gps(), author)
    story = stories.create(author, title="Our street has a garden again", body=STORY["body"],
                           upload=photo)
    db.session.commit()
    names = photo.names
    login(make_user())
    assert client.get(f"/stories/{story.id}/edit").status_code == 403
    assert client.post(f"/stories/{story.id}/withdraw").status_code == 403
    client.post("/logout")
    login(author)
    form = text(client.get(f"/stories/{story.id}/edit"))
    assert "Your photo is kept." in form and photo.thumb_name in form
    response = client.post(f"/stories/{story.id}/edit", data={
        **STORY, "title": "A garden!", "kept_media": photo.name,
        "media": (io.BytesIO(jpeg_with_gps((900, 600))), "new.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Story, story.id)
    assert changed.title == "A garden!" and changed.upload.width == 900
    # The photo it replaced is gone, files and all.
    assert not any(storage.get().exists(n) for n in names)
    assert client.get(f"/media/{names[0]}").status_code == 404
    new_names = changed.upload.names
    client.post(f"/stories/{story.id}/withdraw")
    assert not any(storage.get().exists(n) for n in new_names)
    client.post("/logout")
    assert client.get(f"/stories/{story.id}").status_code == 404
    assert client.get("/stories/999999").status_code == 404


def test_the_list_is_paged(client, make_user):
    author = make_user()
    for i in range(23):
        db.session.add(Story(author=author, neighbourhood_id=author.neighbourhood_id,
                             title=f"Story number {i:02d}", body="A nice day.",
                             state=PostState.PUBLISHED,
                             created_at=NOW - timedelta(minutes=30 - i)))
    db.session.commit()
    first = text(client.get("/stories"))
    assert "Story number 22" in first and "Story number 03" in first
    assert "Story number 02" not in first
    older = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = text(client.get(older))
    assert "Story number 02" in second and "Story number 03" not in second


def test_a_photo_on_a_story_is_resized_for_cards(make_user):
    from buurt.core.media import uploads
    photo = uploads.save_media(jpeg_with_gps((3000, 2000)), make_user())
    with storage.get().open(photo.thumb_name) as handle:
        assert Image.open(handle).size == (400, 267)
