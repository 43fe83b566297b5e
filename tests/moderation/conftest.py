"""Managers, and posts the screening holds, for the moderation tests."""
import pytest

from buurt.core.extensions import db
from buurt.people.models import Membership, Role

OFFENSIVE = "Die kankerlijer van nummer 12 moet oprotten"


@pytest.fixture
def make_manager(make_user, centrum):
    def make(name="Fatima", neighbourhood=None, language="en", **kwargs):
        manager = make_user(name, role=Role.MANAGER, neighbourhood=neighbourhood or centrum,
                            language=language, **kwargs)
        db.session.add(Membership(user=manager, neighbourhood=manager.neighbourhood,
                                  role=Role.MANAGER))
        db.session.commit()
        return manager
    return make


@pytest.fixture
def held_post(make_user, topics):
    """A request the screening holds as offensive, posted through the real service."""
    from buurt.posts import services as posts
    author = make_user("Kees", language="en")
    post = posts.create_request(author, title="Herrie in de straat", body=OFFENSIVE,
                                topic=topics["klussen"])
    db.session.commit()
    return post
