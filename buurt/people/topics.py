"""The topics requests, offers and residents are matched on."""
from buurt.core.extensions import db
from buurt.people.models import Topic


def all_topics() -> list[Topic]:
    return list(db.session.scalars(db.select(Topic).order_by(Topic.position, Topic.slug)))


def by_slug(slug: str | None) -> Topic | None:
    if not slug:
        return None
    return db.session.scalar(db.select(Topic).filter_by(slug=slug))


def by_slugs(slugs) -> list[Topic]:
    slugs = list(dict.fromkeys(slugs or []))
    if not slugs:
        return []
    return list(db.session.scalars(db.select(Topic).where(Topic.slug.in_(slugs))))
