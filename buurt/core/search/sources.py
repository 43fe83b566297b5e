"""What the index holds, as sources that the areas register: published posts (posts),
meeting places and approved initiatives (info), residents in the people directory (people).

Each source says which model it reads, when an object may be found (and by whom), which
text and facets its document has, and which changed objects touch which document. A new
kind of content joins search by registering a source: the same flush hooks, queue and
backends then carry it. Core imports no area; the areas import this module.
"""
from dataclasses import dataclass
from datetime import timezone
from typing import Callable

from sqlalchemy import select

PUBLIC = "public"          # visitors find it too
RESIDENTS = "residents"    # only residents who are logged in find it

# Words a kind is also found by, in both languages, as the sources register them.
KIND_WORDS: dict[str, str] = {}


@dataclass(frozen=True)
class Source:
    entity: str                                  # the key's first half, e.g. "post"
    model: type
    options: tuple                               # eager loads for building documents
    findable: Callable[[object], bool]           # may this object be found at all?
    document: Callable[[object], dict]
    where: tuple = ()                            # the same rule in SQL, for a rebuild
    # Which changed objects touch which of this source's documents (called in
    # after_flush, while attribute history still says what changed): the classes, and a
    # function from such an object to its (entity, id) or None. By default: the model's
    # own objects, each its own document.
    watches: tuple = ()
    key: Callable[[object, object], tuple[str, int] | None] | None = None


SOURCES: dict[str, Source] = {}


def register(source: Source, words: dict[str, str]) -> None:
    """Let search find this source's objects; `words`: kind -> the words it is also
    found by."""
    SOURCES[source.entity] = source
    KIND_WORDS.update(words)


def topic_words(topics) -> list[str]:
    return [name for topic in topics for name in (topic.name_nl, topic.name_en)]


def doc(entity, obj, *, kind, topics, audience, created, title, body, extra) -> dict:
    return {"entity": entity, "id": obj.id, "kind": kind,
            "neighbourhood_id": obj.neighbourhood_id,
            "topics": [t.slug for t in topics], "topic_ids": [t.id for t in topics],
            "audience": audience,
            # Stored times are naive UTC.
            "created": int(created.replace(tzinfo=timezone.utc).timestamp()) if created else 0,
            "title": title or "", "body": body or "", "extra": " ".join(extra)}


def entity_of(obj) -> str | None:
    """The entity an object is the document of (a link row is none)."""
    for entity, source in SOURCES.items():
        if isinstance(obj, source.model):
            return entity
    return None


def key_of(obj, session) -> tuple[str, int] | None:
    """The (entity, id) whose document a changed object touches, or None."""
    for source in SOURCES.values():
        if isinstance(obj, source.watches or (source.model,)):
            return source.key(obj, session) if source.key else (source.entity, obj.id)
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

