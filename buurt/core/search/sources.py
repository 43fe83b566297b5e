"""What the index holds: published posts, meeting places, approved initiatives and the
residents who are in the people directory.

Each source says which model it reads, when an object may be found (and by whom), and
which text and facets its document has. A new kind of content joins search by adding a
source here: the same flush hooks, queue and backends then carry it.
"""
from dataclasses import dataclass
from datetime import timezone
from typing import Callable

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload, selectinload

from buurt.core import clock
from buurt.info.models import Initiative, InitiativeState, InitiativeTopic, Place
from buurt.people.models import User, UserTopic
from buurt.people.models.topic import Direction
from buurt.posts.models import Post, PostState

PUBLIC = "public"          # visitors find it too
RESIDENTS = "residents"    # only residents who are logged in find it

# Words a kind is also found by, in both languages. The kinds of post join at start-up
# (register_post_kinds, from buurt.posts.kinds through create_app): core knows no area.
KIND_WORDS = {"place": "ontmoetingsplek plek place",
              "initiative": "initiatief organisatie initiative organisation",
              "person": "buurtbewoner bewoner neighbour"}
POST_KINDS: set[str] = set()
CARE_WORDS = "zorgvraag zorg care"
THANKS_WORDS = "bedankt bedankje dank thanks thank you"
# What a resident changes that a person's document shows (a digest stamp is not one).
PERSON_FIELDS = ("display_name", "about", "street", "in_directory", "suspended_until",
                 "neighbourhood_id")


@dataclass(frozen=True)
class Source:
    entity: str                                  # the key's first half, e.g. "post"
    model: type
    options: tuple                               # eager loads for building documents
    findable: Callable[[object], bool]           # may this object be found at all?
    document: Callable[[object], dict]
    where: tuple = ()                            # the same rule in SQL, for a rebuild


def register_post_kinds(words: dict[str, str]) -> None:
    """Let search find the posts of these kinds, each also by its words."""
    KIND_WORDS.update(words)
    POST_KINDS.update(words)


def _topic_words(topics) -> list[str]:
    return [name for topic in topics for name in (topic.name_nl, topic.name_en)]


def _doc(entity, obj, *, kind, topics, audience, created, title, body, extra) -> dict:
    return {"entity": entity, "id": obj.id, "kind": kind,
            "neighbourhood_id": obj.neighbourhood_id,
            "topics": [t.slug for t in topics], "topic_ids": [t.id for t in topics],
            "audience": audience,
            # Stored times are naive UTC.
            "created": int(created.replace(tzinfo=timezone.utc).timestamp()) if created else 0,
            "title": title or "", "body": body or "", "extra": " ".join(extra)}


def post_document(post: Post) -> dict:
    topics = [post.topic] if post.topic is not None else []
    extra = [KIND_WORDS.get(post.kind, post.kind)] + _topic_words(topics)
    if getattr(post, "need", None) == "care":
        extra.append(CARE_WORDS)
    if getattr(post, "thank_you_id", None) is not None:
        extra.append(THANKS_WORDS)   # its title has no "Thank you:" in it (display_title)
    return _doc("post", post, kind=post.kind, topics=topics, audience=PUBLIC,
                created=post.created_at, title=post.title, body=post.body, extra=extra)


def place_document(place: Place) -> dict:
    body = "\n".join(part for part in (place.description, place.address,
                                       place.opening_hours) if part)
    return _doc("place", place, kind="place", topics=[], audience=PUBLIC,
                created=place.created_at, title=place.name, body=body,
                extra=[KIND_WORDS["place"]])


def initiative_document(initiative: Initiative) -> dict:
    topics = list(initiative.topics)
    return _doc("initiative", initiative, kind="initiative", topics=topics, audience=PUBLIC,
                created=initiative.created_at, title=initiative.name,
                body=initiative.description,
                extra=[KIND_WORDS["initiative"]] + _topic_words(topics))


def person_document(user: User) -> dict:
    topics = user.offer_topics
    body = "\n".join(part for part in (user.about, user.street) if part)
    return _doc("person", user, kind="person", topics=topics, audience=RESIDENTS,
                created=user.created_at, title=user.display_name, body=body,
                extra=[KIND_WORDS["person"]] + _topic_words(topics))


SOURCES = {source.entity: source for source in (
    Source("post", Post, (joinedload(Post.topic),),
           lambda post: post.state == PostState.PUBLISHED and post.kind in POST_KINDS,
           post_document,
           (Post.state == PostState.PUBLISHED,)),
    Source("place", Place, (), lambda place: True, place_document),
    Source("initiative", Initiative, (selectinload(Initiative.topics),),
           lambda initiative: initiative.state == InitiativeState.APPROVED,
           initiative_document, (Initiative.state == InitiativeState.APPROVED,)),
    Source("person", User,
           (selectinload(User.topic_links).joinedload(UserTopic.topic),),
           lambda user: bool(user.in_directory) and not user.is_suspended(clock.now()),
           person_document, (User.in_directory.is_(True),)),
)}
def entity_of(obj) -> str | None:
    """The entity an object is the document of (a link row is none)."""
    for entity, source in SOURCES.items():
        if isinstance(obj, source.model):
            return entity
    return None


def key_of(obj, session) -> tuple[str, int] | None:
    """The (entity, id) whose document a changed object touches, or None.

    Called in after_flush, while attribute history still says what changed.
    """
    if isinstance(obj, Post):
        return "post", obj.id
    if isinstance(obj, Place):
        return "place", obj.id
    if isinstance(obj, Initiative):
        return "initiative", obj.id
    if isinstance(obj, InitiativeTopic):
        return "initiative", obj.initiative_id
    if isinstance(obj, UserTopic):
        return ("person", obj.user_id) if obj.direction == Direction.OFFER else None
    if isinstance(obj, User):
        if obj in session.new or obj in session.deleted:
            return "person", obj.id
        state = inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in PERSON_FIELDS):
            return "person", obj.id
    return None


def documents(session, keys) -> tuple[list[dict], list[tuple[str, int]]]:
    """Read these objects as they are now: (documents to write, keys to remove)."""
    by_entity: dict[str, set[int]] = {}
    for entity, entity_id in keys:
        if entity in SOURCES:
            by_entity.setdefault(entity, set()).add(entity_id)
    docs, found = [], set()
    for entity, ids in by_entity.items():
        source = SOURCES[entity]
        for obj in session.scalars(select(source.model).where(source.model.id.in_(ids))
                                   .options(*source.options)):
            if source.findable(obj):
                docs.append(source.document(obj))
                found.add((entity, obj.id))
    removed = [key for key in keys if key not in found]
    return docs, removed


def everything(session, batch: int = 500):
    """Every document the index should hold, source by source."""
    for source in SOURCES.values():
        stmt = (select(source.model).where(*source.where).options(*source.options)
                .order_by(source.model.id).execution_options(yield_per=batch))
        for obj in session.scalars(stmt):
            if source.findable(obj):
                yield source.document(obj)

