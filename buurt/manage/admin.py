"""What admins look after: neighbourhoods and their postcode areas, topics, and who is
manager or ambassador where."""
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from buurt.core import pagination
from buurt.core.extensions import db
from buurt.people import neighbourhoods, roles
from buurt.people.models import Membership, Neighbourhood, NeighbourhoodPostcode, Role, Topic, User

SLUG_RE = neighbourhoods.SLUG_RE
ROLES = (Role.MANAGER, Role.AMBASSADOR)


class AdminError(ValueError):
    """A change that is refused; `field` names the form field it is about."""

    def __init__(self, field_name: str, message):
        super().__init__(message)
        self.field = field_name
        self.message = message

    def __str__(self):
        return str(self.message)


# --- neighbourhoods -----------------------------------------------------------------------

def parse_postcodes(text: str | None) -> list[str]:
    """Read "1091, 1092 1093" as 4-digit areas, sorted and each once."""
    areas = []
    for code in re.split(r"[\s,;]+", text or ""):
        if not code:
            continue
        if not re.fullmatch(r"[1-9][0-9]{3}", code):
            raise AdminError("postcodes", _l(
                "%(code)s is not a postcode area. Use 4 digits, for example 1091.", code=code))
        areas.append(code)
    return sorted(set(areas))


def _check_areas(areas: list[str], neighbourhood_id: int | None) -> None:
    taken = db.session.execute(
        select(NeighbourhoodPostcode.postcode, Neighbourhood.name)
        .join(Neighbourhood, Neighbourhood.id == NeighbourhoodPostcode.neighbourhood_id)
        .where(NeighbourhoodPostcode.postcode.in_(areas),
               NeighbourhoodPostcode.neighbourhood_id != (neighbourhood_id or 0))
        .order_by(NeighbourhoodPostcode.postcode)).all()
    if taken:
        raise AdminError("postcodes", _l(
            "These postcode areas belong to another neighbourhood already: %(areas)s.",
            areas=", ".join(f"{code} ({name})" for code, name in taken)))


def create_neighbourhood(*, slug: str, name: str, postcodes: str) -> Neighbourhood:
    """Add a neighbourhood; each postcode area may belong to one neighbourhood only."""
    slug = (slug or "").strip()
    if not SLUG_RE.match(slug):
        raise AdminError("slug", _l("Use small letters, digits and dashes, for example "
                                    "oost-west."))
    if neighbourhoods.by_slug(slug) is not None:
        raise AdminError("slug", _l("Another neighbourhood has this short name already."))
    areas = parse_postcodes(postcodes)
    _check_areas(areas, None)
    return neighbourhoods.create(slug=slug, name=name, postcodes=areas)


def update_neighbourhood(neighbourhood: Neighbourhood, *, name: str, postcodes: str) -> None:
    """Change a neighbourhood's name and postcode areas (its short name stays: it is in
    links)."""
    areas = parse_postcodes(postcodes)
    _check_areas(areas, neighbourhood.id)
    neighbourhood.name = name.strip()
    kept = {p.postcode: p for p in neighbourhood.postcodes}
    neighbourhood.postcodes = [kept.get(a) or NeighbourhoodPostcode(postcode=a) for a in areas]
    db.session.flush()


def neighbourhood_page(*, size: int, after: str | None = None,
                       before: str | None = None) -> pagination.Page:
    stmt = select(Neighbourhood).options(joinedload(Neighbourhood.postcodes))
    return pagination.keyset_by(stmt, [Neighbourhood.name, Neighbourhood.id], size=size,
                                after=after, before=before)


# --- topics -------------------------------------------------------------------------------

def _topic_fields(name_nl: str, name_en: str, position) -> dict:
    name_nl, name_en = (name_nl or "").strip(), (name_en or "").strip()
    if not name_nl:
        raise AdminError("name_nl", _l("Fill in the Dutch name."))
    if not name_en:
        raise AdminError("name_en", _l("Fill in the English name."))
    return {"name_nl": name_nl, "name_en": name_en, "position": int(position or 0)}


def create_topic(*, slug: str, name_nl: str, name_en: str, position=0) -> Topic:
    """Add a topic; its short name is how links and sign-up forms name it, for good."""
    slug = (slug or "").strip()
    if not SLUG_RE.match(slug):
        raise AdminError("slug", _l("Use small letters, digits and dashes, for example "
                                    "oost-west."))
    if db.session.scalar(select(Topic.id).filter_by(slug=slug)) is not None:
        raise AdminError("slug", _l("Another topic has this short name already."))
    topic = Topic(slug=slug, **_topic_fields(name_nl, name_en, position))
    db.session.add(topic)
    db.session.flush()
    return topic


def update_topic(topic: Topic, *, name_nl: str, name_en: str, position=0) -> None:
    for key, value in _topic_fields(name_nl, name_en, position).items():
        setattr(topic, key, value)
    db.session.flush()


def topic_page(*, size: int, after: str | None = None,
               before: str | None = None) -> pagination.Page:
    return pagination.keyset_by(select(Topic), [Topic.position, Topic.id], size=size,
                                after=after, before=before)


# --- managers and ambassadors -------------------------------------------------------------

def appoint_manager(user: User, neighbourhood: Neighbourhood) -> Membership:
    """Make someone a community manager of a neighbourhood."""
    if roles.holds(user, neighbourhood, Role.MANAGER):
        raise AdminError("login", _l("%(name)s is a manager of %(neighbourhood)s already.",
                                     name=user.display_name, neighbourhood=neighbourhood.name))
    return roles.appoint(user, neighbourhood, Role.MANAGER)


def dismiss_manager(user: User, neighbourhood: Neighbourhood) -> None:
    """End a managership; with none left a manager is an ambassador (if they are one
    somewhere) or a resident again. Admins stay admins."""
    if not roles.holds(user, neighbourhood, Role.MANAGER):
        raise AdminError("login", _l("%(name)s is not a manager of %(neighbourhood)s.",
                                     name=user.display_name, neighbourhood=neighbourhood.name))
    roles.dismiss(user, neighbourhood, Role.MANAGER)


@dataclass
class RoleHolder:
    user: User
    memberships: list = field(default_factory=list)


def role_holders(*, size: int, after: str | None = None,
                 before: str | None = None) -> pagination.Page:
    """Everyone who is manager or ambassador somewhere, by name, each with where and what;
    two statements."""
    holders = select(Membership.user_id).where(Membership.role.in_(ROLES))
    page = pagination.keyset_by(select(User).where(User.id.in_(holders)),
                                [User.display_name, User.id], size=size, after=after,
                                before=before)
    rows = {user.id: RoleHolder(user) for user in page.items}
    if rows:
        for membership in db.session.scalars(
                select(Membership).where(Membership.user_id.in_(list(rows)),
                                         Membership.role.in_(ROLES))
                .options(joinedload(Membership.neighbourhood))):
            rows[membership.user_id].memberships.append(membership)
        for holder in rows.values():
            holder.memberships.sort(key=lambda m: (m.neighbourhood.name, m.role))
    page.items = [rows[user.id] for user in page.items]
    return page
