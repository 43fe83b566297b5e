"""The defaults every site needs: the default neighbourhood and the topics."""
from buurt.core.extensions import db
from buurt.people.models import Neighbourhood, Topic
from buurt.people.neighbourhoods import DEFAULT_SLUG

DEFAULT_TOPICS = [
    ("boodschappen", "Boodschappen", "Shopping"),
    ("vervoer", "Vervoer", "Transport"),
    ("klussen", "Klussen", "Odd jobs"),
    ("tuin", "Tuin", "Garden"),
    ("computerhulp", "Computerhulp", "Computer help"),
    ("gezelschap", "Gezelschap", "Company"),
    ("taal", "Taal", "Language"),
    ("oppas", "Oppas", "Childcare"),
    ("dieren", "Dieren", "Pets"),
    ("zorg", "Zorg", "Care"),
    ("administratie", "Administratie", "Paperwork"),
    ("koken", "Koken", "Cooking"),
]


def ensure_defaults() -> dict[str, int]:
    """Create the default neighbourhood and any missing default topic; safe to run twice."""
    created = {"neighbourhoods": 0, "topics": 0}
    if db.session.scalar(db.select(Neighbourhood.id).filter_by(slug=DEFAULT_SLUG)) is None:
        db.session.add(Neighbourhood(slug=DEFAULT_SLUG, name="Centrum"))
        created["neighbourhoods"] += 1
    existing = set(db.session.scalars(db.select(Topic.slug)))
    for position, (slug, name_nl, name_en) in enumerate(DEFAULT_TOPICS):
        if slug not in existing:
            db.session.add(Topic(slug=slug, name_nl=name_nl, name_en=name_en, position=position))
            created["topics"] += 1
    db.session.flush()
    return created
