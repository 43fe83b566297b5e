"""Lending things: a borrower's loan of an item, and the days an item is promised.

A loan goes requested -> agreed or declined (or expired, when its first day passed
unanswered) -> returned; either side can cancel it before it starts. An agreed loan holds
its days in LoanDay, one row per item per day, so the database itself refuses a second
loan of the same item on any of the same days, however many requests are agreed at once.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Item


class LoanState:
    REQUESTED = "requested"
    AGREED = "agreed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"      # nobody answered before the first day
    RETURNED = "returned"
    ALL = (REQUESTED, AGREED, DECLINED, CANCELLED, EXPIRED, RETURNED)
    OPEN = (REQUESTED, AGREED)


class Loan(db.Model):
    """A resident borrows an item from its owner, from one day to another (both included;
    Dutch dates)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    borrower_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=LoanState.REQUESTED)
    # The borrower's words with the request, and the owner's with a "no".
    message: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    decided_at: Mapped[datetime | None]
    returned_on: Mapped[date | None] = mapped_column(Date)

    item: Mapped[Item] = relationship()
    borrower: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        Index("ix_loan_item", "item_id", "state", "starts_on"),
        Index("ix_loan_borrower", "borrower_id", "created_at"),
        Index("ix_loan_due", "state", "ends_on"),
    )

    @property
    def days(self) -> list[date]:
        return [self.starts_on + timedelta(days=k)
                for k in range((self.ends_on - self.starts_on).days + 1)]

    @property
    def is_open(self) -> bool:
        return self.state in LoanState.OPEN

    def is_overdue(self, today: date) -> bool:
        return self.state == LoanState.AGREED and self.ends_on < today

    def __repr__(self):
        return f"<Loan {self.id} {self.starts_on}..{self.ends_on} {self.state}>"


class LoanDay(db.Model):
    """A day an item is promised to an agreed loan: at most one loan per item per day."""

    __tablename__ = "loan_day"

    item_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"),
                                         primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="CASCADE"),
                                         index=True)
