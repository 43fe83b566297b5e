"""Demo data: a believable Dutch neighbourhood to try the platform with.

One module per area adds its part; load() runs them in the order that builds on what came
before (posts before their responses, ideas before the round that votes on them)."""
from datetime import timedelta

from buurt.core import clock
from buurt.core.extensions import db
from buurt.ops import setup
from buurt.ops.demo import announcements, care, decide, ideas, info, lend, market, people, stories
from buurt.ops.demo.people import DEMO_PASSWORD
from buurt.people import accounts, neighbourhoods
from buurt.people.models import Topic, User


def load() -> bool:
    """Fill an empty site with the demo neighbourhood; return False if it has residents."""
    if db.session.scalar(db.select(User.id).limit(1)) is not None:
        return False
    setup.ensure_defaults()
    neighbourhood = neighbourhoods.by_slug(neighbourhoods.DEFAULT_SLUG)
    topics = {t.slug: t for t in db.session.scalars(db.select(Topic))}
    password_hash = accounts.hash_password(DEMO_PASSWORD)
    start = clock.now() - timedelta(days=21)
    users, staff_by_key = people.add(neighbourhood, password_hash, start)
    market.add_posts(users, neighbourhood, topics, start)
    requests = market.add_responses(users)
    care.add(users, requests)
    market.tell_matching_neighbours()
    info.add(users, neighbourhood, topics, staff_by_key["beheer"])
    lend.add(users, topics)
    ideas_by_key = ideas.add(users, topics)
    decide.add(users, neighbourhood, staff_by_key["beheer"], ideas_by_key)
    announcements.add(staff_by_key["beheer"])
    stories.add(users)
    return True
