"""Neighbourhoods and placing a resident by postcode."""
import re

from buurt.core.extensions import db
from buurt.people.models import Membership, Neighbourhood, NeighbourhoodPostcode, Role

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?\s*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_SLUG = "centrum"


class NeighbourhoodError(ValueError):
    """A neighbourhood cannot be created as asked."""


def postcode_area(text: str | None) -> str | None:
    """Return the 4 digits of a Dutch postcode (`1234`, `1234AB`, `1234 ab`), or None."""
    match = POSTCODE_RE.match(text or "")
    return match.group(1) if match else None


def by_slug(slug: str | None) -> Neighbourhood | None:
    if not slug:
        return None
    return db.session.scalar(db.select(Neighbourhood).filter_by(slug=slug))


def all_neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.name)))


def several() -> bool:
    """Is there more than one neighbourhood (so that a resident has a choice)?"""
    return len(db.session.scalars(db.select(Neighbourhood.id).limit(2)).all()) > 1


def among(ids) -> list[Neighbourhood]:
    """The neighbourhoods with these ids, by name; None means all of them (what held_by
    says of an admin)."""
    if ids is not None and not ids:
        return []
    stmt = db.select(Neighbourhood).order_by(Neighbourhood.name)
    if ids is not None:
        stmt = stmt.where(Neighbourhood.id.in_(list(ids)))
    return list(db.session.scalars(stmt))


def held_by(user, roles) -> set[int] | None:
    """The ids of the neighbourhoods where the user holds one of these roles (manager,
    ambassador); None means all of them (an admin), and a visitor holds none."""
    if not user or not user.is_authenticated:
        return set()
    if user.role == Role.ADMIN:
        return None
    return set(db.session.scalars(db.select(Membership.neighbourhood_id).where(
        Membership.user_id == user.id, Membership.role.in_(roles))))


def managed_by(user) -> list[Neighbourhood]:
    """The neighbourhoods a manager manages, by name (every one for an admin)."""
    return among(held_by(user, (Role.MANAGER,)))


def for_postcode(area: str) -> Neighbourhood | None:
    """Find the neighbourhood for a 4-digit area; the only neighbourhood takes every area."""
    found = db.session.scalar(
        db.select(Neighbourhood).join(NeighbourhoodPostcode)
        .where(NeighbourhoodPostcode.postcode == area))
    if found is not None:
        return found
    only = db.session.scalars(db.select(Neighbourhood).limit(2)).all()
    return only[0] if len(only) == 1 else None


def create(*, slug: str, name: str, postcodes: list[str]) -> Neighbourhood:
    """Add a neighbourhood with its postcode areas; each area may belong to one only."""
    if not SLUG_RE.match(slug or ""):
        raise NeighbourhoodError(
            f"invalid slug {slug!r}: use lower-case letters, digits and dashes")
    if by_slug(slug) is not None:
        raise NeighbourhoodError(f"a neighbourhood with slug {slug!r} exists already")
    areas = []
    for code in postcodes:
        area = postcode_area(code)
        if area is None or len(code.strip()) != 4:
            raise NeighbourhoodError(f"invalid postcode area {code!r}: use 4 digits, e.g. 1091")
        areas.append(area)
    taken = db.session.scalars(
        db.select(NeighbourhoodPostcode).where(NeighbourhoodPostcode.postcode.in_(areas))).all()
    if taken:
        owners = ", ".join(f"{t.postcode} ({t.neighbourhood.slug})" for t in taken)
        raise NeighbourhoodError(f"postcode areas already in use: {owners}")
    neighbourhood = Neighbourhood(slug=slug, name=name.strip())
    neighbourhood.postcodes = [NeighbourhoodPostcode(postcode=a) for a in sorted(set(areas))]
    db.session.add(neighbourhood)
    db.session.flush()
    return neighbourhood
