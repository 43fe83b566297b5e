"""Managers, and posts the screening holds, for the moderation tests."""
import pytest

from buurt.core.extensions import db

OFFENSIVE = "Die kankerlijer van nummer 12 moet oprotten"


@pytest.fixture
def held_post(make_user, topics):
    """A request the screening holds as offensive, posted through the real service."""
    from buurt.market import posting
    author = make_user("Kees", language="en")
    post = posting.create_request(author, title="Herrie in de straat", body=OFFENSIVE,
                                  topic=topics["klussen"])
    db.session.commit()
    return post
