"""Photos on items to lend, events, meeting places and profiles: stored clean, shown sized,
kept between tries, never someone else's, replaced and removed for good, and in link
previews."""
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.core.media.models import Upload
from buurt.info.models import Event, Place
from buurt.lend import items
from buurt.lend.models import Item
from buurt.people.models import Membership, Role, User
from buurt.posts import sharing
from tests.fixtures.english import client, make_user, text  # noqa: F401
from tests.uploads.media import CAMERA, jpeg_with_gps, png

# A Friday in November (winter time: Amsterdam is UTC+1), noon in Amsterdam.
NOW = datetime(2026, 11, 20, 11, 0, 0)
NOT_A_PHOTO = "This file is not a photo we can use."


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Kind:
    """How one kind of thing with a photo is made, found and shown."""
    name: str
    new: str                     # the form that makes it (the profile: changes it)
    form: dict                   # a valid form
    typed: tuple[str, str]       # a field and its value that must survive a refusal
    required: str                # a field that, left empty, makes the form fail
    attribute: str               # where the photo is kept on the model
    list_url: str
    previews: bool               # its page fills og:image

    def thing(self, user):
        db.session.expire_all()     # the requests changed it in their own sessions
        if self.name == "item":
            return db.session.scalar(db.select(Item))
        if self.name == "event":
            return db.session.scalar(db.select(Event))
        if self.name == "place":
            return db.session.scalar(db.select(Place))
        return db.session.get(User, user.id)

    def detail(self, thing) -> str:
        return {"item": "/lend/{}", "event": "/events/{}", "place": "/places/{}",
                "profile": "/people/{}"}[self.name].format(thing.id)

    def edit(self, thing) -> str:
        return {"item": "/lend/{}/edit", "event": "/events/{}/edit",
                "place": "/places/{}/edit", "profile": "/profile"}[self.name].format(thing.id)

    def alt(self, thing) -> str:
        return "Photo of " + (thing.display_name if self.name == "profile"
                              else thing.name if self.name == "place" else thing.title)


KINDS = [
    Kind("item", "/lend/new",
         {"title": "Drill with bits", "body": "A strong drill for concrete walls.",
          "topic": "klussen", "condition": "good", "deposit": "", "pickup_times": ""},
         ("title", "Drill with bits"), "title", "upload", "/lend", True),
    Kind("event", "/events/new",
         {"title": "Soup evening", "body": "We cook soup together and eat at the long table.",
          "topic": "koken", "start_date": "2026-12-03", "start_time": "19:00",
          "end_time": "21:30", "address": "Dorpsstraat 12"},
         ("title", "Soup evening"), "title", "upload", "/events", True),
    Kind("place", "/places/new",
         {"name": "Community centre De Boei", "address": "Dorpsstraat 1",
          "description": "Coffee every morning.", "opening_hours": ""},
         ("name", "Community centre De Boei"), "address", "photo", "/places", True),
    # The profile has no field that must be filled in; a topic that does not exist fails.
    Kind("profile", "/profile",
         {"in_directory": "y", "about": "I have lived here for years and I like to cook."},
         ("about", "I have lived here for years and I like to cook."), "seek_topics",
         "photo", "/people", False),
]


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request):
    return request.param


@pytest.fixture
def author(kind, make_user, centrum, login):
    """Who makes the thing: a manager for a meeting place, else a resident; logged in."""
    if kind.name == "place":
        user = make_user("Mila", role=Role.MANAGER)
        db.session.add(Membership(user=user, neighbourhood=centrum, role=Role.MANAGER))
        db.session.commit()
    else:
        user = make_user("Ria")
    login(user)
    return user


def send(client, url, kind, photo=None, **changes):
    data = {**kind.form, **changes}
    if photo is not None:
        data["photo"] = photo
    return client.post(url, data=data, content_type="multipart/form-data")


def a_photo(size=(2000, 1500), name="IMG_0001.jpg"):
    return (io.BytesIO(jpeg_with_gps(size)), name)


def stored(name: str) -> bytes:
    with storage.get().open(name) as handle:
        return handle.read()


def exists(name: str) -> bool:
    try:
        stored(name)
    except (FileNotFoundError, OSError):
        return False
    return True


def img_tag(page: str, name: str) -> str:
    found = re.search(r'<img [^>]*src="/media/' + re.escape(name) + r'"[^>]*>', page)
    assert found, name
    return found.group(0)


def og_image(page: str) -> str | None:
    found = re.search(r'<meta property="og:image" content="([^"]*)">', page)
    return found.group(1) if found else None


def kept_name(page: str) -> str:
    tag = re.search(r'<input [^>]*name="kept_photo"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_a_photo_sent_with_the_form_is_stored_clean_and_shown_sized(client, kind, author):
    response = send(client, kind.new, kind, a_photo())
    assert response.status_code == 302, text(response)
    thing = kind.thing(author)
    photo = getattr(thing, kind.attribute)
    assert photo is not None and photo.is_image
    # Re-encoded at 1280 and 400 px, without the camera's metadata (GPS above all).
    assert (photo.width, photo.height, photo.thumb_width, photo.thumb_height) == (
        1280, 960, 400, 300)
    for name in photo.names:
        data = stored(name)
        assert b"Exif" not in data and CAMERA.encode() not in data
        assert b"Dorpsstraat 12" not in data

    page = text(client.get(kind.detail(thing)))
    tag = img_tag(page, photo.thumb_name if kind.name == "profile" else photo.name)
    assert 'width="' in tag and 'height="' in tag and 'loading="lazy"' in tag
    assert f'alt="{kind.alt(thing)}"' in tag

    listing = text(client.get(kind.list_url))
    card = img_tag(listing, photo.thumb_name)
    assert 'width="400"' in card and 'height="300"' in card and 'loading="lazy"' in card
    assert f'src="/media/{photo.name}"' not in listing     # the small one, not the large

    if kind.previews:
        assert og_image(page) == sharing.canonical_url(f"/media/{photo.name}")
        assert og_image(page).startswith("http")
    assert client.get(f"/media/{photo.name}").mimetype == "image/jpeg"


def test_without_a_photo_there_is_no_image_and_no_og_image(client, kind, author):
    assert send(client, kind.new, kind).status_code == 302
    thing = kind.thing(author)
    assert getattr(thing, kind.attribute) is None
    page = text(client.get(kind.detail(thing)))
    assert "/media/" not in page and og_image(page) is None
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0


def test_a_file_named_jpg_that_is_not_a_photo_is_refused_and_the_text_kept(client, kind,
                                                                           author):
    _field, value = kind.typed
    response = send(client, kind.new, kind, (io.BytesIO(b"<html><body>hi</body></html>"),
                                             "cat.jpg"))
    page = text(response)
    assert response.status_code == 200
    assert NOT_A_PHOTO in page and value in page
    assert 'enctype="multipart/form-data"' in page
    if kind.name == "profile":
        user = kind.thing(author)
        assert user.photo is None and user.about is None
    else:
        assert kind.thing(author) is None
    assert db.session.scalar(db.select(db.func.count(Upload.id))) == 0


def test_a_second_try_keeps_the_photo_of_the_first(client, kind, author):
    first = text(send(client, kind.new, kind, a_photo(), **{kind.required: ""}))
    assert "Your photo is kept." in first
    name = kept_name(first)
    assert name and 'src="/media/' in first
    response = send(client, kind.new, kind, kept_photo=name)
    assert response.status_code == 302, text(response)
    assert getattr(kind.thing(author), kind.attribute).name == name


def test_a_stranger_cannot_claim_someone_elses_kept_photo(client, kind, author, make_user):
    theirs = uploads.save_image(jpeg_with_gps((600, 400)), make_user("Bart"))
    db.session.commit()
    response = send(client, kind.new, kind, kept_photo=theirs.name)
    assert response.status_code == 302, text(response)
    assert getattr(kind.thing(author), kind.attribute) is None
    assert exists(theirs.name)


def test_replacing_and_removing_the_photo_deletes_the_old_files(client, kind, author):
    assert send(client, kind.new, kind, a_photo()).status_code == 302
    thing = kind.thing(author)
    old = getattr(thing, kind.attribute)
    old_id, old_names = old.id, old.names
    edit = kind.edit(thing)
    page = text(client.get(edit))
    assert 'name="remove_photo"' in page and f'src="/media/{old.thumb_name}"' in page

    response = send(client, edit, kind, a_photo((900, 600), "new.png"))
    assert response.status_code == 302, text(response)
    db.session.expire_all()
    thing = kind.thing(author)
    new = getattr(thing, kind.attribute)
    assert new is not None and new.id != old_id and (new.width, new.height) == (900, 600)
    assert db.session.get(Upload, old_id) is None
    assert not any(exists(name) for name in old_names)

    new_id, new_names = new.id, new.names
    response = send(client, edit, kind, remove_photo="1")
    assert response.status_code == 302, text(response)
    db.session.expire_all()
    assert getattr(kind.thing(author), kind.attribute) is None
    assert db.session.get(Upload, new_id) is None
    assert not any(exists(name) for name in new_names)


def test_an_edit_without_a_file_keeps_the_photo(client, kind, author):
    send(client, kind.new, kind, (io.BytesIO(png()), "photo.png"))
    thing = kind.thing(author)
    photo_id = getattr(thing, kind.attribute).id
    assert send(client, kind.edit(thing), kind).status_code == 302
    db.session.expire_all()
    assert getattr(kind.thing(author), kind.attribute).id == photo_id


def test_a_photo_still_shown_elsewhere_is_not_deleted(client, make_user, login, topics):
    owner = make_user("Olga")
    login(owner)
    client.post("/profile", data={**KINDS[3].form, "photo": a_photo()},
                content_type="multipart/form-data")
    db.session.expire_all()
    picture = db.session.get(User, owner.id).photo
    # The owner names their own profile picture as the item's photo.
    response = send(client, "/lend/new", KINDS[0], kept_photo=picture.name)
    assert response.status_code == 302
    item = db.session.scalar(db.select(Item))
    assert item.upload.id == picture.id
    assert send(client, f"/lend/{item.id}/edit", KINDS[0], remove_photo="1").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Item)).upload is None
    assert db.session.get(User, owner.id).photo.id == picture.id
    assert all(exists(name) for name in picture.names)


def test_someone_else_cannot_change_an_items_photo(client, make_user, login, topics):
    owner = make_user("Olga")
    item = items.create_item(owner, title="Ladder of three metres", body="Aluminium.",
                             topic=topics["klussen"],
                             upload=uploads.save_image(jpeg_with_gps((600, 400)), owner))
    db.session.commit()
    login(make_user("Bart"))
    response = send(client, f"/lend/{item.id}/edit", KINDS[0], remove_photo="1")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Item, item.id).upload is not None


@pytest.mark.parametrize("url", ["/lend/new", "/events/new", "/profile"])
def test_a_request_over_the_size_limit_shows_the_form_with_a_clear_message(app, client,
                                                                          make_user, login,
                                                                          url):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    login(make_user("Ria"))
    response = client.post(url, data={"title": "x", "photo": (
        io.BytesIO(b"\xff\xd8\xff" + b"\0" * 80_000), "big.jpg")},
        content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 413
    assert "This file is too big." in page and 'name="photo"' in page
    assert 'enctype="multipart/form-data"' in page


def test_list_pages_with_photos_do_not_grow_with_the_data(client, make_user, login, topics,
                                                          count_queries, centrum):
    from buurt.info import events, places
    from buurt.people import directory as people
    manager = make_user("Mila", role=Role.MANAGER)
    db.session.add(Membership(user=manager, neighbourhood=centrum, role=Role.MANAGER))
    me = make_user("Ria")

    def grow(n):
        for i in range(n):
            owner = make_user()
            photo = lambda: uploads.save_image(png((60, 40), "RGB"), owner)  # noqa: E731
            items.create_item(owner, title=f"Drill number {i}", body="A strong drill.",
                              topic=topics["klussen"], upload=photo())
            soon = NOW + timedelta(days=i + 1)
            events.create_event(owner, title=f"Soup evening {i}", body="We cook soup.",
                                topic=topics["koken"], starts_at=soon,
                                ends_at=soon + timedelta(hours=2), address="Dorpsstraat 1",
                                upload=photo())
            places.create(manager, centrum, name=f"Place {i}", address="Straat 1",
                          photo=photo())
            people.set_listing(owner, in_directory=True, about="Hello")
            people.set_photo(owner, photo())
        db.session.commit()

    def statements(url):
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200 and "/media/" in text(response), url
        return len(queries)

    pages = ["/lend", "/events", "/places", "/people", "/neighbourhood"]
    grow(2)
    login(me)
    few = {url: statements(url) for url in pages}
    grow(12)
    many = {url: statements(url) for url in pages}
    assert many == few, (few, many)
