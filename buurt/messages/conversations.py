"""Private conversations between two residents, and reports of messages in them."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.market.models import Conversation, ConversationMember, Message, Response
from buurt.moderation import flags
from buurt.moderation.models import Flag, FlagReason
from buurt.notifications import notify
from buurt.people.models import User
from buurt.posts.models import Post

MAX_MESSAGE_LENGTH = 2000


class ConversationError(ValueError):
    """A message or report that cannot be accepted; str() is a message for the person."""


def start(*, post: Post | None, response: Response | None, between: tuple[User, User],
          first_message: str) -> Conversation:
    """Open a conversation between two residents with the first message of the first."""
    sender, receiver = between
    conversation = Conversation(post=post, response=response)
    conversation.members = [ConversationMember(user=sender, last_read_at=clock.now()),
                            ConversationMember(user=receiver)]
    db.session.add(conversation)
    db.session.flush()
    _add_message(conversation, sender, first_message)
    return conversation


def _add_message(conversation: Conversation, author: User, body: str) -> Message:
    message = Message(conversation=conversation, author=author, body=body.strip())
    db.session.add(message)
    conversation.last_message_at = message.created_at = clock.now()
    member = conversation.member(author)
    if member is not None:
        member.last_read_at = message.created_at
    db.session.flush()
    return message


def reply(conversation: Conversation, author: User, body: str) -> Message:
    """Add a message and let the other resident know (once until they read it). Nobody
    answers a neighbour who deleted their account: the conversation is only to read."""
    if not can_reply(conversation, author):
        raise ConversationError(_l("This neighbour has deleted their account. You can still "
                                   "read your conversation, but you cannot answer any more."))
    body = (body or "").strip()
    if not body:
        raise ConversationError(_l("Write a message first."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ConversationError(_l("Your message is too long. Use at most %(max)d characters.",
                                   max=MAX_MESSAGE_LENGTH))
    message = _add_message(conversation, author, body)
    other = conversation.other(author)
    if other is not None:
        notify.notify(other, notify.Kind.MESSAGE, post=conversation.post, actor=author,
                      subject_id=conversation.id, dedupe_key=f"message:{conversation.id}")
    return message


def can_reply(conversation: Conversation, user: User) -> bool:
    """The two write to each other until one of them deletes their account."""
    other = conversation.other(user)
    return other is None or not other.is_deleted


def get_for(user: User, conversation_id: int) -> Conversation | None:
    """The conversation if the user takes part in it; None otherwise (the view says 404)."""
    conversation = db.session.scalar(
        select(Conversation)
        .join(ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                       ConversationMember.user_id == user.id))
        .where(Conversation.id == conversation_id)
        .options(selectinload(Conversation.members).joinedload(ConversationMember.user),
                 joinedload(Conversation.post)))
    return conversation


def messages_of(conversation: Conversation) -> list[Message]:
    return list(db.session.scalars(
        select(Message).where(Message.conversation_id == conversation.id)
        .order_by(Message.created_at, Message.id)))


def mark_read(conversation: Conversation, user: User) -> None:
    """Remember that the user has read everything so far."""
    member = conversation.member(user)
    if member is not None:
        member.last_read_at = clock.now()
    notify.clear_dedupe(user, f"message:{conversation.id}")
    db.session.flush()


def _unread(user: User, *columns):
    """Select these columns of the messages the user has not read yet: from the others in
    their conversations, sent after they last read it."""
    return (select(*columns)
            .join(ConversationMember, and_(
                ConversationMember.conversation_id == Message.conversation_id,
                ConversationMember.user_id == user.id))
            .where(Message.author_id != user.id,
                   (ConversationMember.last_read_at.is_(None))
                   | (Message.created_at > ConversationMember.last_read_at)))


def unread_count(user: User):
    """How many messages the user has not read yet, as a subquery: the header counts them
    in the same statement as the notifications (notify.unread_counts)."""
    return _unread(user, func.count(Message.id)).scalar_subquery()


# The header's count of unread messages, which notifications cannot import from here.
notify.register_unread_messages(unread_count)


def overview(user: User, *, older: str | None = None, newer: str | None = None,
             size: int = 20) -> pagination.Page:
    """One page of the user's conversations, newest activity first; each item is
    (conversation, the other person, unread count). Three statements a page."""
    stmt = (select(Conversation)
            .join(ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                           ConversationMember.user_id == user.id))
            .options(selectinload(Conversation.members).joinedload(ConversationMember.user),
                     joinedload(Conversation.post)))
    page = pagination.keyset(stmt, Conversation.last_message_at, Conversation.id, size=size,
                             older=older, newer=newer)
    ids = [c.id for c in page.items]
    unread = dict(db.session.execute(
        _unread(user, Message.conversation_id, func.count(Message.id))
        .where(Message.conversation_id.in_(ids))
        .group_by(Message.conversation_id)).all()) if ids else {}
    page.items = [(c, c.other(user), unread.get(c.id, 0)) for c in page.items]
    return page


def message_for_participant(user: User, message_id: int) -> Message | None:
    """A message the user can see (they take part in its conversation), or None."""
    return db.session.scalar(
        select(Message)
        .join(ConversationMember, and_(
            ConversationMember.conversation_id == Message.conversation_id,
            ConversationMember.user_id == user.id))
        .where(Message.id == message_id))


def report(message: Message, reporter: User, reason: str, note: str | None = None) -> Flag:
    """Report a message to the managers; once per resident per message."""
    if reason not in FlagReason.ALL:
        raise ConversationError(_l("Choose a reason from the list."))
    if message.author_id == reporter.id:
        raise ConversationError(_l("You cannot report your own message."))
    flag = Flag(reporter_id=reporter.id, target_type="message", target_id=message.id,
                reason=reason, note=(note or "").strip() or None)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise ConversationError(_l("You reported this message already. A community manager "
                                   "looks at it.")) from None
    flags.report_message(message, reporter)
    return flag
