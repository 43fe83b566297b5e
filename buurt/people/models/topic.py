"""Topics that requests, offers and residents are matched on."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core.extensions import db


class Topic(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str | None) -> str:
        return self.name_en if str(locale or "").startswith("en") else self.name_nl

    def __repr__(self):
        return f"<Topic {self.slug}>"


class Direction:
    SEEK = "seek"
    OFFER = "offer"
    ALL = (SEEK, OFFER)


class UserTopic(db.Model):
    """A topic a resident seeks help with, or offers help with."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True)
    direction: Mapped[str] = mapped_column(String(8), primary_key=True)

    topic: Mapped[Topic] = relationship(lazy="joined", innerjoin=True)
