"""Lending things: an item (a kind of post), a borrower's loan of it, and the days an item
is promised.

A loan goes requested -> agreed or declined (or expired, when its first day passed
unanswered) -> returned; either side can cancel it before it starts. An agreed loan holds
its days in LoanDay, one row per item per day, so the database itself refuses a second
loan of the same item on any of the same days, however many requests are agreed at once.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people.models.user import User
from buurt.posts.models import Post


class ItemCondition:
    NEW = "new"
    GOOD = "good"
    USED = "used"      # used, works well
    WORN = "worn"      # shows wear, still works
    ALL = (NEW, GOOD, USED, WORN)


class Item(Post):
    """A thing to lend (spullen delen): a drill, a ladder, a party tent. Its loans are
    below; `paused` takes it out of the list for a while."""

    condition: Mapped[str | None] = mapped_column(String(16))
    # Whole euros the borrower leaves with the owner while they have it (None: none).
    deposit: Mapped[int | None] = mapped_column(Integer)
    # When it can be picked up and brought back, in the owner's words.
    pickup_times: Mapped[str | None] = mapped_column(String(300))
    # A photo of the thing (the same column as a story's upload).
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("upload.id", ondelete="SET NULL"), use_existing_column=True)

    upload: Mapped["Upload | None"] = relationship()  # noqa: F821 (buurt.core.media.models)

    __tablename__ = None
    __mapper_args__ = {"polymorphic_identity": "item"}

    @property
    def text_for_screening(self) -> str:
        return "\n".join(part for part in (self.body, self.pickup_times) if part)


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
    def is_requested(self) -> bool:
        return self.state == LoanState.REQUESTED

    @property
    def is_agreed(self) -> bool:
        return self.state == LoanState.AGREED

    @property
    def is_declined(self) -> bool:
        return self.state == LoanState.DECLINED

    @property
    def is_cancelled(self) -> bool:
        return self.state == LoanState.CANCELLED

    @property
    def is_expired(self) -> bool:
        return self.state == LoanState.EXPIRED

    @property
    def is_returned(self) -> bool:
        return self.state == LoanState.RETURNED

    @property
    def is_open(self) -> bool:
        return self.state in LoanState.OPEN

    def is_lent_out(self, today: date) -> bool:
        """Agreed and begun (an overdue loan too): only the return ends it now."""
        return self.is_agreed and self.starts_on <= today

    def is_overdue(self, today: date) -> bool:
        return self.is_agreed and self.ends_on < today

    def cancel_refused(self, user, today: date) -> str | None:
        """Why this user may not call the loan off today, or None when they may; the pages
        show the cancel button by this rule, and lending.cancel checks it. Codes:
        "not_a_party" (neither the borrower nor the owner), "answer_instead" (the owner of
        a request says no to it instead), "closed" (the loan is over), "started" (it has
        begun: the owner confirms the return)."""
        owner_id = self.item.author_id
        if user.id not in (self.borrower_id, owner_id):
            return "not_a_party"
        if self.is_requested and user.id == owner_id:
            return "answer_instead"
        if not self.is_open:
            return "closed"
        if self.is_lent_out(today):
            return "started"
        return None

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
