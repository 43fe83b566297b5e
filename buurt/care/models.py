"""Care requests organised as tasks: weekly on a weekday, or once on a date."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.market.models import Request
from buurt.people.models.user import User


class CareTask(db.Model):
    """One task of a care request: "boodschappen op dinsdag", "rit naar het ziekenhuis"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(140))
    # Exactly one of the two: weekly on a weekday (0 = Monday), or once on a date.
    weekday: Mapped[int | None]
    on_date: Mapped[date | None] = mapped_column(Date)
    time_of_day: Mapped[str | None] = mapped_column(String(40))   # "10.00 uur", "ochtend"
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    removed_at: Mapped[datetime | None]

    request: Mapped[Request] = relationship()
    signups: Mapped[list["CareSignup"]] = relationship(back_populates="task")

    @property
    def is_recurring(self) -> bool:
        return self.weekday is not None


class CareSignup(db.Model):
    """A neighbour takes a task: every week, or a single occurrence (a date)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("care_task.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    # None: the whole (recurring) task; a date: only that occurrence.
    occurrence: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    cancelled_at: Mapped[datetime | None]

    task: Mapped[CareTask] = relationship(back_populates="signups")
    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_care_signup_task", "task_id", "cancelled_at"),)

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
