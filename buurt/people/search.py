"""Residents in the people directory, found by residents only."""
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from buurt.core import clock
from buurt.core.search import sources
from buurt.people.models import Direction, User, UserTopic

# What a resident changes that a person's document shows (a digest stamp is not one).
PERSON_FIELDS = ("chosen_name", "about", "street", "in_directory", "suspended_until",
                 "neighbourhood_id", "deleted_at")


def person_document(user: User) -> dict:
    topics = user.offer_topics
    body = "\n".join(part for part in (user.about, user.street) if part)
    return sources.doc("person", user, kind="person", topics=topics,
                       audience=sources.RESIDENTS, created=user.created_at,
                       title=user.display_name, body=body,
                       extra=[sources.KIND_WORDS["person"]] + sources.topic_words(topics))


def _person_key(obj, session):
    if isinstance(obj, UserTopic):
        return ("person", obj.user_id) if obj.direction == Direction.OFFER else None
    if obj in session.new or obj in session.deleted:
        return "person", obj.id
    state = inspect(obj)
    if any(state.attrs[name].history.has_changes() for name in PERSON_FIELDS):
        return "person", obj.id
    return None


sources.register(
    sources.Source("person", User, (selectinload(User.topic_links).joinedload(UserTopic.topic),),
                   lambda user: bool(user.in_directory) and not user.is_deleted
                   and not user.is_suspended(clock.now()),
                   person_document, (User.in_directory.is_(True), User.deleted_at.is_(None)),
                   watches=(User, UserTopic), key=_person_key),
    {"person": "buurtbewoner bewoner neighbour"})
