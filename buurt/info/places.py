"""Meeting places (ontmoetingsplekken): adding, changing and listing them."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from buurt.core import pagination
from buurt.core.extensions import db
from buurt.core.ids import parse_id
from buurt.core.media import cleanup
from buurt.core.media.models import Upload
from buurt.info.models import Initiative, InitiativeState, Place
from buurt.people.models import Neighbourhood, User

FIELDS = ("name", "address", "description", "opening_hours", "step_free", "accessible_toilet")
# A place page lists this many of its coming events.
EVENTS_ON_PLACE = 10


class PlaceError(ValueError):
    """A change to a place that is refused; str() is a message for the person."""


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} cannot be set on a place")
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise PlaceError(_l("Write the name of the place."))
    if "address" in cleaned and not cleaned["address"]:
        raise PlaceError(_l("Write the address of the place."))
    for flag in ("step_free", "accessible_toilet"):
        if flag in cleaned:
            cleaned[flag] = bool(cleaned[flag])
    return cleaned


def _runners(neighbourhood_id: int, initiative_ids) -> list[Initiative]:
    """The approved initiatives of the neighbourhood with these ids; others are refused."""
    ids = list(dict.fromkeys(parse_id(i) for i in initiative_ids or ()))
    if not ids:
        return []
    found = list(db.session.scalars(select(Initiative).where(
        Initiative.id.in_(ids), Initiative.neighbourhood_id == neighbourhood_id,
        Initiative.state == InitiativeState.APPROVED)))
    if len(found) != len(ids):
        raise PlaceError(_l("Choose initiatives from the list."))
    return found


def create(by: User, neighbourhood: Neighbourhood, *, initiative_ids=(),
           photo: Upload | None = None, **fields) -> Place:
    """Add a meeting place to a neighbourhood (managers do this; the view checks); photo
    is one from uploads.save_image."""
    cleaned = _clean(fields)
    for required in ("name", "address"):
        if required not in cleaned:
            raise ValueError(f"{required} is required")
    place = Place(neighbourhood_id=neighbourhood.id, created_by_id=by.id, photo=photo,
                  **cleaned)
    place.initiatives = _runners(neighbourhood.id, initiative_ids)
    db.session.add(place)
    db.session.flush()
    return place


def update(place: Place, *, initiative_ids=None, photo=cleanup.KEEP, **fields) -> None:
    """Change a place; initiative_ids (managers only: the view decides) sets who runs it.
    A new photo (or None) replaces the old one, whose files go unless something else
    shows them."""
    for name, value in _clean(fields).items():
        setattr(place, name, value)
    if initiative_ids is not None:
        place.initiatives = _runners(place.neighbourhood_id, initiative_ids)
    db.session.flush()
    cleanup.replace(place, "photo", photo)


def get(place_id: int) -> Place | None:
    """The place with who runs it (and the residents who run those), or None."""
    return db.session.scalar(
        select(Place).where(Place.id == place_id)
        .options(joinedload(Place.neighbourhood, innerjoin=True), joinedload(Place.photo),
                 selectinload(Place.initiatives).selectinload(Initiative.members)))


def listing(*, neighbourhood_id: int | None = None, after: str | None = None,
            before: str | None = None, size: int = 20) -> pagination.Page:
    """One page of meeting places by name, with their neighbourhood, in one statement."""
    stmt = select(Place).options(joinedload(Place.neighbourhood, innerjoin=True),
                                 joinedload(Place.photo))
    if neighbourhood_id is not None:
        stmt = stmt.where(Place.neighbourhood_id == neighbourhood_id)
    return pagination.keyset_by(stmt, [Place.name, Place.id], size=size, after=after,
                                before=before)


def choices_for(neighbourhood_id: int, limit: int = 300) -> list[Place]:
    """The neighbourhood's places by name, for choosing where an event is."""
    return list(db.session.scalars(select(Place).where(Place.neighbourhood_id == neighbourhood_id)
                                   .order_by(Place.name, Place.id).limit(limit)))


def in_neighbourhood(place_id, neighbourhood_id: int) -> Place | None:
    """The place with this id if it is in the neighbourhood, else None."""
    place_id = parse_id(place_id)
    if place_id is None:
        return None
    return db.session.scalar(select(Place).where(Place.id == place_id,
                                                 Place.neighbourhood_id == neighbourhood_id))
