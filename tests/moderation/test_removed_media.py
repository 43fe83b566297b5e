"""A photo of a post a manager removes goes with it: its address may have been shared."""
from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.core.media.models import Upload
from buurt.moderation import case_decisions, cases
from buurt.moderation.models import CaseSource
from buurt.posts.models import PostState
from buurt.stories import services as stories
from tests.uploads.media import jpeg_with_gps


def story_with_photo(author, title):
    photo = uploads.save_image(jpeg_with_gps((400, 300)), author)
    story = stories.create(author, title=title, body="We planted flowers in the street.",
                           upload=photo)
    db.session.commit()
    return story, photo.id, photo.names


def reported(post):
    return cases.open_case("post", post.id, neighbourhood_id=post.neighbourhood_id,
                           author_id=post.author_id, source=CaseSource.FLAGS)


def test_removing_a_post_deletes_its_photo_and_approving_keeps_it(client, make_user,
                                                                   make_manager):
    author, manager = make_user("Kees"), make_manager()
    removed, removed_id, removed_names = story_with_photo(author, "Flowers by number 12")
    kept, kept_id, kept_names = story_with_photo(author, "Flowers by number 14")
    for name in removed_names + kept_names:
        assert client.get(f"/media/{name}").status_code == 200

    case_decisions.decide(reported(removed), manager, "remove", "This photo shows a face.")
    case_decisions.decide(reported(kept), manager, "approve")
    db.session.commit()

    assert removed.state == PostState.REMOVED and removed.upload is None
    assert db.session.get(Upload, removed_id) is None
    files = storage.get()
    assert not any(files.exists(name) for name in removed_names)
    for name in removed_names:
        assert client.get(f"/media/{name}").status_code == 404
    # The approved story keeps its photo, online.
    assert kept.is_published and kept.upload.id == kept_id
    for name in kept_names:
        assert files.exists(name) and client.get(f"/media/{name}").status_code == 200
