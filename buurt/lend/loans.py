"""Loans of items: asking to borrow one for some days, the owner's yes or no, the return,
cancelling, and the reminders of `buurt tick`.

Dates are Dutch calendar days (clock.today()). An item is never promised twice for the same
day: agreeing to a loan writes its days into LoanDay, whose key (item, day) the database
keeps unique, so of two overlapping agreements at the same moment one is refused.
"""
from datetime import date, datetime, timedelta

from flask_babel import format_date, lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, settings
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.lend.models import Item, Loan, LoanDay, LoanState
from buurt.notifications import notify
from buurt.people import deletion
from buurt.people.models import User

# How far ahead the item page shows when the item is promised.
CALENDAR_DAYS = 90
HISTORY = 50
# A late borrower hears it on the first late day and then once a week.
REMIND_EVERY = 7


class LoanError(DomainError):
    """A request or answer that is refused."""


# --- asking to borrow --------------------------------------------------------------------

def _periods(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) periods."""
    periods = []
    for day in sorted(days):
        if periods and day == periods[-1][1] + timedelta(days=1):
            periods[-1] = (periods[-1][0], day)
        else:
            periods.append((day, day))
    return periods


def _say_periods(periods) -> str:
    def one(first, last):
        if first == last:
            return format_date(first, "d MMMM")
        return f"{format_date(first, 'd MMMM')} – {format_date(last, 'd MMMM')}"
    return ", ".join(one(first, last) for first, last in periods)


def _taken_days(item: Item, starts_on: date, ends_on: date) -> list[date]:
    return list(db.session.scalars(select(LoanDay.day).where(
        LoanDay.item_id == item.id, LoanDay.day >= starts_on, LoanDay.day <= ends_on)))


def check_dates(item: Item, starts_on: date | None, ends_on: date | None) -> None:
    """Refuse days that cannot be asked for: missing, past, reversed, too long, too far
    ahead, or (some of them) promised to someone else already."""
    if starts_on is None:
        raise LoanError(_l("Fill in the first day."), "from")
    if ends_on is None:
        raise LoanError(_l("Fill in the last day."), "to")
    today = clock.today()
    if starts_on < today:
        raise LoanError(_l("This date has passed. Choose today or a later day."), "from")
    if ends_on < starts_on:
        raise LoanError(_l("The last day must be on or after the first day."), "to")
    neighbourhood = item.neighbourhood
    longest = settings.get(neighbourhood, "loan_max_days")
    if (ends_on - starts_on).days + 1 > longest:
        raise LoanError(_l("You can borrow it for %(num)d days at most.", num=longest), "to")
    ahead = settings.get(neighbourhood, "loan_max_days_ahead")
    if starts_on > today + timedelta(days=ahead):
        raise LoanError(_l("Choose a first day within %(num)d days from today.", num=ahead),
                        "from")
    taken = _taken_days(item, starts_on, ends_on)
    if taken:
        raise LoanError(_l("The item is lent out on some of these days: %(days)s. Choose "
                           "other days.", days=_say_periods(_periods(taken))), "from")


def request_loan(item: Item, borrower: User, *, starts_on: date | None,
                 ends_on: date | None, message: str | None = None) -> Loan:
    """Ask the owner to borrow an item for these days; the owner hears it."""
    if item.author_id == borrower.id:
        raise LoanError(_l("This is your own item."))
    if item.is_paused:
        raise LoanError(_l("The owner has paused this item for now. Try again later."))
    if not item.is_published:
        raise LoanError(_l("You cannot borrow this item."))
    check_dates(item, starts_on, ends_on)
    asked = db.session.scalar(select(Loan.id).where(
        Loan.item_id == item.id, Loan.borrower_id == borrower.id,
        Loan.state == LoanState.REQUESTED, Loan.starts_on <= ends_on,
        Loan.ends_on >= starts_on).limit(1))
    if asked is not None:
        raise LoanError(_l("You asked for these days already. Wait for the owner's answer."),
                        "from")
    loan = Loan(item=item, borrower=borrower, starts_on=starts_on, ends_on=ends_on,
                message=(message or "").strip() or None, state=LoanState.REQUESTED)
    db.session.add(loan)
    db.session.flush()
    notify.notify(item.author, notify.Kind.LOAN_REQUESTED, post=item, actor=borrower,
                  subject_id=loan.id)
    return loan

# --- the owner's answer, the return, cancelling --------------------------------------------

def _require_owner(loan: Loan, user: User) -> None:
    if loan.item.author_id != user.id:
        raise PermissionError


def close(loan: Loan, state: str, today: date) -> None:
    """End an open loan; the days it held from today on are free again."""
    loan.state, loan.decided_at = state, clock.now()
    db.session.execute(delete(LoanDay).where(LoanDay.loan_id == loan.id,
                                             LoanDay.day >= today))


class _Handled(Exception):
    pass


def agree(loan: Loan, owner: User) -> list[Loan]:
    """Say yes: the days are the borrower's. Other requests for any of those days are
    declined (their borrowers hear it). Returns those."""
    _require_owner(loan, owner)
    if not loan.is_requested:
        raise LoanError(_l("This request was handled already."))
    if loan.starts_on < clock.today():
        raise LoanError(_l("The first day of this request has passed. Say no, and your "
                           "neighbour can ask again for other days."))
    try:
        with db.session.begin_nested():
            db.session.execute(insert(LoanDay), [
                {"item_id": loan.item_id, "day": day, "loan_id": loan.id} for day in loan.days])
            agreed = db.session.execute(
                update(Loan).where(Loan.id == loan.id, Loan.state == LoanState.REQUESTED)
                .values(state=LoanState.AGREED, decided_at=clock.now())
                .execution_options(synchronize_session=False, preserve_rowcount=True)
            ).rowcount
            if not agreed:
                raise _Handled
    except IntegrityError:
        db.session.refresh(loan)
        raise LoanError(_l("The item is already promised to someone else on some of these "
                           "days. Say no to this request, or ask your neighbour for other "
                           "days.")) from None
    except _Handled:
        db.session.refresh(loan)
        raise LoanError(_l("This request was handled already.")) from None
    db.session.refresh(loan)
    notify.notify(loan.borrower, notify.Kind.LOAN_AGREED, post=loan.item, actor=owner,
                  subject_id=loan.id)
    declined = list(db.session.scalars(select(Loan).where(
        Loan.item_id == loan.item_id, Loan.id != loan.id, Loan.state == LoanState.REQUESTED,
        Loan.starts_on <= loan.ends_on, Loan.ends_on >= loan.starts_on)))
    for other in declined:
        decline(other, owner)
    return declined


def decline(loan: Loan, owner: User, answer: str | None = None) -> None:
    """Say no, kindly; the borrower hears it."""
    _require_owner(loan, owner)
    if not loan.is_requested:
        raise LoanError(_l("This request was handled already."))
    loan.answer = (answer or "").strip() or None
    close(loan, LoanState.DECLINED, clock.today())
    db.session.flush()
    notify.notify(loan.borrower, notify.Kind.LOAN_DECLINED, post=loan.item, actor=owner,
                  subject_id=loan.id)


# What lending.cancel says for each code of Loan.cancel_refused.
_CANCEL_REFUSED = {
    "answer_instead": _l("Say no to the request instead."),
    "closed": _l("This loan cannot be cancelled any more."),
    "started": _l("This loan has started. The owner confirms when the item is back."),
}


def cancel(loan: Loan, user: User) -> None:
    """Call a loan off before it starts: the borrower (a request or a promise) or the
    owner (a promise); the other side hears it."""
    owner = loan.item.author
    refused = loan.cancel_refused(user, clock.today())
    if refused == "not_a_party":
        raise PermissionError
    if refused:
        raise LoanError(_CANCEL_REFUSED[refused])
    close(loan, LoanState.CANCELLED, clock.today())
    db.session.flush()
    other = owner if user.id == loan.borrower_id else loan.borrower
    notify.notify(other, notify.Kind.LOAN_CANCELLED, post=loan.item, actor=user,
                  subject_id=loan.id)


def confirm_return(loan: Loan, owner: User) -> None:
    """The owner has the item back: the loan is done and the item is free from today."""
    _require_owner(loan, owner)
    today = clock.today()
    if not loan.is_agreed:
        raise LoanError(_l("Only a loan that was agreed can be returned."))
    if not loan.is_lent_out(today):
        raise LoanError(_l("This loan has not started yet. Cancel it if it does not go "
                           "ahead."))
    loan.returned_on = today
    close(loan, LoanState.RETURNED, today)
    db.session.flush()
    notify.notify(loan.borrower, notify.Kind.LOAN_RETURNED, post=loan.item, actor=owner,
                  subject_id=loan.id)


# --- reading -----------------------------------------------------------------------------

def get_loan(loan_id: int) -> Loan | None:
    return db.session.scalar(select(Loan).where(Loan.id == loan_id)
                             .options(joinedload(Loan.item).joinedload(Item.author),
                                      joinedload(Loan.borrower)))


def lent_out_today(items) -> set[int]:
    """The ids of these items that are promised for today (one statement)."""
    ids = [i.id for i in items]
    if not ids:
        return set()
    return set(db.session.scalars(select(LoanDay.item_id).where(
        LoanDay.item_id.in_(ids), LoanDay.day == clock.today())))


def loans_of(item: Item, limit: int = HISTORY) -> list[Loan]:
    """The item's loans with their borrowers, the latest first: its history."""
    return list(db.session.scalars(
        select(Loan).where(Loan.item_id == item.id).options(joinedload(Loan.borrower))
        .order_by(Loan.starts_on.desc(), Loan.id.desc()).limit(limit)))


def has_borrowed(item: Item, user) -> bool:
    """Whether the user ever asked for this item (then they see its page and history)."""
    if not (user and user.is_authenticated):
        return False
    return db.session.scalar(select(Loan.id).where(Loan.item_id == item.id,
                                                   Loan.borrower_id == user.id).limit(1)
                             ) is not None


def availability(item: Item, loans: list[Loan]) -> dict:
    """When the item is free, from its agreed loans: promised periods from today on, a loan
    that is overdue, and the first free day."""
    today = clock.today()
    agreed = sorted((loan for loan in loans if loan.is_agreed),
                    key=lambda loan: loan.starts_on)
    overdue = [loan for loan in agreed if loan.is_overdue(today)]
    coming = [loan for loan in agreed if loan.ends_on >= today
              and loan.starts_on <= today + timedelta(days=CALENDAR_DAYS)]
    free_from = today
    for loan in coming:
        if loan.starts_on <= free_from <= loan.ends_on:
            free_from = loan.ends_on + timedelta(days=1)
    return {"periods": [(loan.starts_on, loan.ends_on) for loan in coming],
            "overdue": overdue[0] if overdue else None,
            "free_now": free_from == today and not overdue, "free_from": free_from}



def open_loans_of_items(items) -> dict[int, list[Loan]]:
    """Requests and agreed loans on these items, with their borrowers (one statement)."""
    ids = [i.id for i in items]
    found: dict[int, list[Loan]] = {}
    if not ids:
        return found
    for loan in db.session.scalars(
            select(Loan).where(Loan.item_id.in_(ids), Loan.state.in_(LoanState.OPEN))
            .options(joinedload(Loan.borrower)).order_by(Loan.starts_on, Loan.id)):
        found.setdefault(loan.item_id, []).append(loan)
    return found


def borrowed_by(user: User) -> list[Loan]:
    """The user's own loans and requests, the latest first, with the items and owners."""
    return list(db.session.scalars(
        select(Loan).where(Loan.borrower_id == user.id)
        .options(joinedload(Loan.item).joinedload(Item.author))
        .order_by(Loan.created_at.desc(), Loan.id.desc()).limit(50)))


# --- periodic work -----------------------------------------------------------------------

def remind_overdue(now: datetime | None = None) -> int:
    """Remind borrowers whose loan has ended but is not confirmed back: on the first late
    day, then once a week. Idempotent."""
    today = clock.today() if now is None else _dutch_day(now)
    reminded = 0
    for loan in db.session.scalars(
            select(Loan).where(Loan.state == LoanState.AGREED, Loan.ends_on < today)
            .options(joinedload(Loan.item), joinedload(Loan.borrower))):
        week = ((today - loan.ends_on).days - 1) // REMIND_EVERY
        if notify.notify(loan.borrower, notify.Kind.LOAN_OVERDUE, post=loan.item,
                         subject_id=loan.id, dedupe_key=f"loan_overdue:{loan.id}:{week}"):
            reminded += 1
    db.session.flush()
    return reminded


def expire_requests(now: datetime | None = None) -> int:
    """Requests nobody answered before their first day end as expired; the borrower hears
    it. Idempotent."""
    today = clock.today() if now is None else _dutch_day(now)
    expired = 0
    for loan in db.session.scalars(
            select(Loan).where(Loan.state == LoanState.REQUESTED, Loan.starts_on < today)
            .options(joinedload(Loan.item), joinedload(Loan.borrower))):
        close(loan, LoanState.EXPIRED, today)
        notify.notify(loan.borrower, notify.Kind.LOAN_EXPIRED, post=loan.item,
                      subject_id=loan.id, dedupe_key=f"loan_expired:{loan.id}")
        expired += 1
    db.session.flush()
    return expired


def _dutch_day(moment: datetime) -> date:
    return clock.local_day(moment)


# --- a deleted account -------------------------------------------------------------------

def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): its open loans end, and the other
    side hears it. As borrower: a request, or a loan that has not begun, is cancelled; a
    loan whose thing it has stays, so the owner can still confirm the return. As owner:
    every open loan of its things is cancelled."""
    today = clock.today()
    for loan in db.session.scalars(
            select(Loan).where(Loan.borrower_id == user.id, Loan.state.in_(LoanState.OPEN))
            .options(joinedload(Loan.item).joinedload(Item.author))):
        if loan.is_lent_out(today):
            note = "borrower_has_it"
        else:
            close(loan, LoanState.CANCELLED, today)
            note = "borrower"
        notify.notify(loan.item.author, notify.Kind.LEFT_LOAN, post=loan.item, actor=user,
                      subject_id=loan.id, note=note)
    for loan in db.session.scalars(
            select(Loan).join(Item, Item.id == Loan.item_id)
            .where(Item.author_id == user.id, Loan.state.in_(LoanState.OPEN))
            .options(joinedload(Loan.item), joinedload(Loan.borrower))):
        close(loan, LoanState.CANCELLED, today)
        notify.notify(loan.borrower, notify.Kind.LEFT_LOAN, post=loan.item, actor=user,
                      subject_id=loan.id, note="owner")
    db.session.flush()


deletion.register("lend", end_for_deleted_account)
