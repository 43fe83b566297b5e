"""Neighbourhoods and their postcode areas (their settings: buurt.core.settings)."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db


class Neighbourhood(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    postcodes: Mapped[list["NeighbourhoodPostcode"]] = relationship(
        back_populates="neighbourhood", cascade="all, delete-orphan",
        order_by="NeighbourhoodPostcode.postcode")

    @property
    def postcode_list(self) -> list[str]:
        return [p.postcode for p in self.postcodes]

    def __repr__(self):
        return f"<Neighbourhood {self.slug}>"


class NeighbourhoodPostcode(db.Model):
    """A 4-digit postcode area; each belongs to at most one neighbourhood."""

    postcode: Mapped[str] = mapped_column(String(4), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True)

    neighbourhood: Mapped[Neighbourhood] = relationship(back_populates="postcodes")

