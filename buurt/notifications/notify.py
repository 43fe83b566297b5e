"""Notifications: who hears of what, in the app and (by their preference) by e-mail.

A notification stores what happened, not its text: the text is made in the reader's
language when it is shown or mailed.
"""
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, exists, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.notifications import mail
from buurt.notifications.models import EmailFrequency, Notification
from buurt.people.models import Direction, User, UserTopic
from buurt.posts.models import OnBehalfPost, Post


class Kind:
    MATCH = "match"                      # a new post in a topic you offer or seek
    RESPONSE = "response"                # someone offers to help with your request
    INTEREST = "interest"                # someone is interested in your offer
    ACCEPTED = "accepted"                # the author accepted your response
    DECLINED = "declined"                # the author chose someone else, or declined
    DONE = "done"                        # the author marked the help as done
    THANKS = "thanks"                    # someone thanked you
    MESSAGE = "message"                  # a new message in a conversation
    EXPIRY_REMINDER = "expiry_reminder"  # your request closes soon
    EXPIRED = "expired"                  # your request closed
    FOLLOWUP = "followup"                # did it work out?
    CARE_SIGNUP = "care_signup"          # a neighbour took a task of your care request
    CARE_CANCEL = "care_cancel"          # a neighbour can no longer do a task
    ON_BEHALF = "on_behalf"              # an ambassador placed a request for you
    # Moderation: a manager asks to clarify, removed a post, or advises removing it; a
    # reporter hears the outcome; a manager hears what waits in the queue.
    MODERATION_CLARIFY = "moderation_clarify"
    MODERATION_REMOVE = "moderation_remove"
    MODERATION_ADVISE = "moderation_advise"
    REPORT_OUTCOME = "report_outcome"
    QUEUE_WAITING = "queue_waiting"
    # A manager hears how many proposed initiatives wait for their approval.
    INITIATIVES_WAITING = "initiatives_waiting"
    # Information: a manager decided on your proposed initiative; an event you said you
    # would come to is cancelled.
    INITIATIVE_APPROVED = "initiative_approved"
    INITIATIVE_DECLINED = "initiative_declined"
    EVENT_CANCELLED = "event_cancelled"
    # Ideas: yours reached the support threshold; a manager set its status.
    IDEA_PROPOSED = "idea_proposed"
    IDEA_STATUS = "idea_status"
    # A manager removed your comment (on an idea), with a reason.
    COMMENT_REMOVED = "comment_removed"
    # Lending: a neighbour asks to borrow your item; the owner agreed or declined; a loan
    # was cancelled; the owner confirmed the return; your loan is overdue; your request
    # was not answered before its first day.
    LOAN_REQUESTED = "loan_requested"
    LOAN_AGREED = "loan_agreed"
    LOAN_DECLINED = "loan_declined"
    LOAN_CANCELLED = "loan_cancelled"
    LOAN_RETURNED = "loan_returned"
    LOAN_OVERDUE = "loan_overdue"
    LOAN_EXPIRED = "loan_expired"
    # A neighbour deleted their account (buurt.people.deletion), and what they had open with
    # you ended: the post you reacted to, signed up for or came to closed (its author
    # left); the neighbour who reacted to your post left; the neighbour who did a task in
    # your care schedule left; the other side of a loan left (note: "owner", "borrower",
    # or "borrower_has_it" for a borrower who still had the thing).
    LEFT_POST = "left_post"
    LEFT_HELPER = "left_helper"
    LEFT_CARE = "left_care"
    LEFT_LOAN = "left_loan"


DIGEST_PERIODS = {EmailFrequency.DAILY: timedelta(days=1),
                  EmailFrequency.WEEKLY: timedelta(days=7)}

# Which reminded posts their author may renew now, by id: the marketplace owns the renewal
# rules and registers them (buurt.market.posting), as this layer cannot import it.
_renewable: Callable[[list[Post]], set[int]] = lambda reminded: set()


def register_renewable(find: Callable[[list[Post]], set[int]]) -> None:
    global _renewable
    _renewable = find


def renewable(reminded: list[Post]) -> set[int]:
    """The ids of these posts (of expiry reminders) that may be renewed now."""
    return _renewable(reminded)


def notify(user: User, kind: str, *, post: Post | None = None, actor: User | None = None,
           subject_id: int | None = None, dedupe_key: str | None = None,
           note: str | None = None) -> Notification | None:
    """Tell one resident; with a dedupe key, at most once. Mails at once if they asked.
    A deleted account hears nothing any more."""
    if user.is_deleted:
        return None
    if dedupe_key is not None and db.session.scalar(
            select(Notification.id).filter_by(user_id=user.id, dedupe_key=dedupe_key)):
        return None
    notification = Notification(user_id=user.id, kind=kind, post=post, actor=actor,
                                subject_id=subject_id, dedupe_key=dedupe_key, note=note)
    try:
        with db.session.begin_nested():   # two ticks at once: the constraint decides
            db.session.add(notification)
    except IntegrityError:
        return None
    if user.email_frequency == EmailFrequency.IMMEDIATELY and mail.queue(
            user, f"notification:{kind}", "notification", notification=notification):
        notification.emailed_at = clock.now()
    return notification


def _matching_residents(post: Post):
    """Residents of the post's neighbourhood who offer (for a request) or seek (for an
    offer) its topic; never the author, nor the ambassador who placed it for them."""
    direction = Direction.OFFER if post.kind == "request" else Direction.SEEK
    return (select(User.id)
            .join(UserTopic, and_(UserTopic.user_id == User.id,
                                  UserTopic.topic_id == post.topic_id,
                                  UserTopic.direction == direction))
            .where(User.neighbourhood_id == post.neighbourhood_id, User.id != post.author_id,
                   ~exists().where(OnBehalfPost.post_id == post.id,
                                   OnBehalfPost.ambassador_id == User.id)))


def matching_neighbours(post: Post) -> int:
    """Notify everyone whose topics match a newly published request or offer, once each."""
    if not post.is_published or post.topic_id is None or post.kind not in ("request", "offer"):
        return 0
    key = f"match:{post.id}"
    # One INSERT … SELECT however many neighbours match; the NOT EXISTS and the unique
    # (user, dedupe key) constraint keep it to one notification per resident per post.
    candidates = _matching_residents(post).where(~exists().where(
        Notification.user_id == User.id, Notification.dedupe_key == key))
    now = clock.now()
    rows = (candidates.add_columns(literal(Kind.MATCH), literal(post.id), literal(key),
                                   literal(now)))
    result = db.session.execute(
        insert(Notification).from_select(
            ["user_id", "kind", "post_id", "dedupe_key", "created_at"], rows)
        # PostgreSQL's driver only reports the count of an INSERT … SELECT when asked to.
        .execution_options(preserve_rowcount=True))
    count = result.rowcount or 0
    # Start from the matching residents (found by topic) and probe the unique (user, key)
    # index: searching notifications by key alone would walk every unmailed row on the site.
    immediate = list(db.session.scalars(
        _matching_residents(post).with_only_columns(User)
        .where(User.email_frequency == EmailFrequency.IMMEDIATELY, mail.receives_mail(),
               exists().where(Notification.user_id == User.id,
                              Notification.dedupe_key == key,
                              Notification.emailed_at.is_(None)))))
    if immediate:
        mail.queue_many(immediate, "notification:match", "match", post=post)
        db.session.execute(
            Notification.__table__.update()
            .where(Notification.dedupe_key == key,
                   Notification.user_id.in_([u.id for u in immediate]))
            .values(emailed_at=now))
    return count


def clear_dedupe(user: User, dedupe_key: str) -> None:
    """Mark a notification read and let the same thing notify again later (new messages)."""
    db.session.execute(
        Notification.__table__.update()
        .where(Notification.user_id == user.id, Notification.dedupe_key == dedupe_key)
        .values(dedupe_key=None, read_at=func.coalesce(Notification.read_at, clock.now())))


# How many messages a resident has not read, as a scalar subquery: the conversations
# register it (buurt.messages.conversations), as this layer cannot import them.
_unread_messages: Callable[[User], ColumnElement[int]] = lambda user: literal(0)


def register_unread_messages(count: Callable[[User], ColumnElement[int]]) -> None:
    global _unread_messages
    _unread_messages = count


def unread_counts(user: User) -> tuple[int, int]:
    """Unread notifications and unread messages, in one statement (for the header)."""
    notifications = (select(func.count(Notification.id))
                     .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                     .scalar_subquery())
    row = db.session.execute(select(notifications, _unread_messages(user))).one()
    return row[0], row[1]


def page_for(user: User, *, older: str | None = None, newer: str | None = None, size=20):
    """One page of the resident's notifications, newest first."""
    stmt = (select(Notification).where(Notification.user_id == user.id)
            .options(joinedload(Notification.actor), joinedload(Notification.post)))
    return pagination.keyset(stmt, Notification.created_at, Notification.id, size=size,
                             older=older, newer=newer)


def mark_read(user: User, notifications) -> None:
    """Mark these notifications of the resident as read."""
    ids = [n.id for n in notifications if n.read_at is None and n.user_id == user.id]
    if ids:
        db.session.execute(Notification.__table__.update()
                           .where(Notification.id.in_(ids)).values(read_at=clock.now()))


def set_frequency(user: User, frequency: str) -> None:
    if frequency not in EmailFrequency.ALL:
        raise ValueError(frequency)
    user.email_frequency = frequency
    db.session.flush()


def send_digests(now=None) -> int:
    """Mail each daily or weekly resident what waited for them, when their digest is due."""
    now = now or clock.now()
    sent = 0
    for frequency, period in DIGEST_PERIODS.items():
        due_users = list(db.session.scalars(
            select(User).where(
                # Who may get no digest yet keeps the notifications for a later one.
                User.email_frequency == frequency, mail.receives_mail(),
                (User.last_digest_at.is_(None)) | (User.last_digest_at <= now - period),
                exists().where(Notification.user_id == User.id,
                               Notification.emailed_at.is_(None)))))
        if not due_users:
            continue
        waiting = db.session.scalars(
            select(Notification)
            .where(Notification.user_id.in_([u.id for u in due_users]),
                   Notification.emailed_at.is_(None))
            .options(joinedload(Notification.actor), joinedload(Notification.post))
            .order_by(Notification.user_id, Notification.created_at)).all()
        by_user = {}
        for notification in waiting:
            by_user.setdefault(notification.user_id, []).append(notification)
        for user in due_users:
            items = by_user.get(user.id)
            if not items:
                continue
            if not mail.queue(user, f"digest:{frequency}", "digest", notifications=items,
                              frequency=frequency):
                continue
            for notification in items:
                notification.emailed_at = now
            user.last_digest_at = now
            sent += 1
    db.session.flush()
    return sent
