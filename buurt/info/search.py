"""Meeting places and approved initiatives in search."""
from sqlalchemy.orm import selectinload

from buurt.core.search import sources
from buurt.info.models import Initiative, InitiativeState, InitiativeTopic, Place


def place_document(place: Place) -> dict:
    body = "\n".join(part for part in (place.description, place.address,
                                       place.opening_hours) if part)
    return sources.doc("place", place, kind="place", topics=[], audience=sources.PUBLIC,
                       created=place.created_at, title=place.name, body=body,
                       extra=[sources.KIND_WORDS["place"]])


def initiative_document(initiative: Initiative) -> dict:
    topics = list(initiative.topics)
    return sources.doc("initiative", initiative, kind="initiative", topics=topics,
                       audience=sources.PUBLIC, created=initiative.created_at,
                       title=initiative.name, body=initiative.description,
                       extra=[sources.KIND_WORDS["initiative"]] + sources.topic_words(topics))


def _initiative_key(obj, session):
    if isinstance(obj, InitiativeTopic):
        return "initiative", obj.initiative_id
    return "initiative", obj.id


sources.register(sources.Source("place", Place, (), lambda place: True, place_document),
                 {"place": "ontmoetingsplek plek place"})
sources.register(
    sources.Source("initiative", Initiative, (selectinload(Initiative.topics),),
                   lambda initiative: initiative.is_approved,
                   initiative_document, (Initiative.state == InitiativeState.APPROVED,),
                   watches=(Initiative, InitiativeTopic), key=_initiative_key),
    {"initiative": "initiatief organisatie initiative organisation"})
