"""Every area's models, loaded together.

The models refer to each other by name across areas (a post's author is a `User`, a user's
photo an `Upload`), so SQLAlchemy can only set up the mappers once all of them are
imported. `create_app` calls `load` first; Alembic sees every table the same way.
"""
from importlib import import_module

MODEL_MODULES = (
    "buurt.core.media.models",
    "buurt.core.settings",
    "buurt.people.models",
    "buurt.posts.models",
    "buurt.market.models",
    "buurt.care.models",
    # The kinds of post in the order they add their columns to the one table: an event's
    # place_id and initiative_id come first, an idea and an announcement share them.
    "buurt.info.models",
    "buurt.lend.models",
    "buurt.ideas.models",
    "buurt.announcements.models",
    "buurt.stories.models",
    "buurt.decide.models",
    "buurt.ambassador.models",
    "buurt.moderation.models",
    "buurt.notifications.models",
    "buurt.export.models",
)


def load() -> None:
    for name in MODEL_MODULES:
        import_module(name)
