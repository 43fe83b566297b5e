"""The demo's announcements: one pinned for a week, one planned."""
from datetime import timedelta

from buurt.announcements import services as announcements
from buurt.core import clock


def add(manager) -> None:
    announcements.create(
        manager, title="Buurthuis dicht op maandag",
        body="Maandag is het buurthuis De Boei dicht voor de schoonmaak. Dinsdag om 9.00 uur "
             "is de koffie weer klaar.", pinned_until=clock.today() + timedelta(days=7))
    announcements.create(
        manager, title="Nieuwe bankjes in het park",
        body="Volgende week plaatst de gemeente drie nieuwe bankjes bij de vijver.",
        publish_at=clock.now() + timedelta(days=2))
