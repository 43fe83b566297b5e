"""Onboarding by ambassadors: their events, the neighbours they signed up and login cards.
A post placed on a neighbour's behalf is a fact about the post: buurt.posts.models."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.neighbourhood import Neighbourhood
from buurt.people.models.user import User


class OnboardingEvent(db.Model):
    """A street party, coffee morning or market stall where an ambassador signs people up."""

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id",
                                                             ondelete="CASCADE"))
    ambassador_id: Mapped[int | None] = mapped_column(ForeignKey("user.id",
                                                                 ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    day: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(120))
    # The secret part of the event's sign-up link (/signup?event=<token>) and its QR code.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    ambassador: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_onboarding_event_ambassador", "ambassador_id", "day"),)


class Onboarding(db.Model):
    """How a neighbour came in (User.onboarded_by says who brought them) and their first
    visits, so the ambassador can follow up in person."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_event.id", ondelete="SET NULL"), index=True)
    # Signed up on the ambassador's phone (True) or by the neighbour through the link.
    assisted: Mapped[bool] = mapped_column(default=False)
    # When the ambassador recorded the neighbour's consent (assisted sign-ups).
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Log-ins and sessions restored from the "remember me" cookie: a visit each.
    visits: Mapped[int] = mapped_column(default=0)
    last_visit_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    event: Mapped[OnboardingEvent | None] = relationship()

    @property
    def came_back(self) -> bool:
        """Logged in on their own: the link's sign-up logs in once by itself."""
        return self.visits >= (1 if self.assisted else 2)


class LoginCard(db.Model):
    """A one-time code on a printed card, for a neighbour without a password yet.

    Only a hash of the code is kept; the code is shown once, when the card is made.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(String(256))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id",
                                                                 ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

