"""Sharing information: meeting places, events, initiatives and the people directory."""
from buurt.info import event_views, initiative_views, people_views, place_views  # noqa: F401
from buurt.info.routes import bp

__all__ = ["bp"]
