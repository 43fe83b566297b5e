"""Items to lend: offering one (a post, screened like every other), changing, pausing and
withdrawing it, and the lists of items."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.core.media.models import Upload
from buurt.lend import loans
from buurt.lend.loans import LoanError
from buurt.lend.models import Item, ItemCondition, Loan, LoanState
from buurt.notifications import notify
from buurt.people.models import Topic, User
from buurt.posts import services as posts
from buurt.posts.models import PostState

MAX_DEPOSIT = 10_000


def _check_item(condition: str | None, deposit: int | None) -> None:
    if condition not in (None, "") and condition not in ItemCondition.ALL:
        raise LoanError(_l("Choose from the list."), "condition")
    if deposit is not None and not 0 <= deposit <= MAX_DEPOSIT:
        raise LoanError(_l("Use a number from %(min)d to %(max)d, or leave it empty.",
                           min=0, max=MAX_DEPOSIT), "deposit")


def create_item(owner: User, *, title: str, body: str, topic: Topic | None,
                condition: str | None = None, deposit: int | None = None,
                pickup_times: str | None = None, upload: Upload | None = None) -> Item:
    """Offer a thing to lend in the owner's neighbourhood; screened like every post.
    upload is a photo from uploads.save_image."""
    _check_item(condition, deposit)
    return posts._publish_new(Item(
        author=owner, neighbourhood_id=owner.neighbourhood_id, topic=topic,
        title=title.strip(), body=(body or "").strip(), condition=condition or None,
        deposit=deposit, pickup_times=(pickup_times or "").strip() or None,
        upload=upload, state=PostState.PUBLISHED))


def update_item(item: Item, *, title: str, body: str, topic: Topic | None,
                condition: str | None = None, deposit: int | None = None,
                pickup_times: str | None = None, upload=cleanup.KEEP) -> None:
    """Change an item; its texts are screened again. A new photo (or None) replaces the
    old one, whose files go unless something else shows them."""
    _check_item(condition, deposit)
    item.condition, item.deposit = condition or None, deposit
    item.pickup_times = (pickup_times or "").strip() or None
    cleanup.replace(item, "upload", upload)
    posts.update(item, title=title, body=body or "", topic=topic)


def pause(item: Item) -> None:
    """Take an item out of the list for a while; agreed loans stay as they are."""
    if not item.is_published:
        raise LoanError(_l("Only an item that is online can be paused."))
    item.state = PostState.PAUSED
    db.session.flush()


def resume(item: Item) -> None:
    """Put a paused item back in the list."""
    if not item.is_paused:
        raise LoanError(_l("This item is not paused."))
    item.state = PostState.PUBLISHED
    db.session.flush()


def withdraw(item: Item) -> None:
    """Take an item offline for good; not while it is lent out or promised."""
    today = clock.today()
    busy = db.session.scalar(select(Loan.id).where(
        Loan.item_id == item.id, Loan.state == LoanState.AGREED).limit(1))
    if busy is not None:
        raise LoanError(_l("This item is lent out or promised. Confirm the return or cancel "
                           "the loan first."))
    for loan in db.session.scalars(select(Loan).where(Loan.item_id == item.id,
                                                      Loan.state == LoanState.REQUESTED)):
        loans.close(loan, LoanState.DECLINED, today)
        notify.notify(loan.borrower, notify.Kind.LOAN_DECLINED, post=item, actor=item.author,
                      subject_id=loan.id)
    posts.withdraw(item)



def get_item(item_id: int) -> Item | None:
    """The item with its owner, topic and neighbourhood, or None."""
    return db.session.scalar(posts.with_display_data(select(Item).where(Item.id == item_id))
                             .options(joinedload(Item.upload)))



def listing(*, neighbourhood_id: int | None = None, topic: Topic | None = None,
            after: str | None = None, before: str | None = None,
            size: int = 20) -> pagination.Page:
    """One page of items that are online (not paused), the newest first."""
    stmt = posts.with_display_data(select(Item).where(Item.state == PostState.PUBLISHED)) \
        .options(joinedload(Item.upload))
    if neighbourhood_id is not None:
        stmt = stmt.where(Item.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(Item.topic_id == topic.id)
    return pagination.keyset_by(stmt, [Item.created_at, Item.id], size=size, after=after,
                                before=before, descending=True)


def owned_by(user: User) -> list[Item]:
    """The user's own items that are online, paused or held, the newest first."""
    return list(db.session.scalars(
        posts.with_display_data(select(Item).where(
            Item.author_id == user.id,
            Item.state.in_((PostState.PUBLISHED, PostState.PAUSED, PostState.PENDING,
                            PostState.NEEDS_CLARIFICATION, PostState.HIDDEN))))
        .order_by(Item.created_at.desc()).limit(50)))
