"""The people directory: residents who chose to be findable, and messaging one of them."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from buurt.core import clock, pagination
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.core.media.models import Upload
from buurt.market.models import Conversation, ConversationMember
from buurt.messages import conversations
from buurt.notifications import notify
from buurt.people.models import Direction, Topic, User, UserTopic

MAX_ABOUT_LENGTH = 500


class PeopleError(ValueError):
    """A directory action that is refused; str() is a message for the person."""


def _listed():
    """Residents in the directory: they opted in and are not suspended."""
    now = clock.now()
    return and_(User.in_directory.is_(True),
                or_(User.suspended_until.is_(None), User.suspended_until <= now))


def directory(*, neighbourhood_id: int | None, topic: Topic | None = None,
              after: str | None = None, before: str | None = None,
              size: int = 20) -> pagination.Page:
    """One page of the directory by name, with the topics each person offers: two
    statements (the people, then their topics)."""
    stmt = (select(User).where(_listed())
            .options(joinedload(User.neighbourhood, innerjoin=True),
                     joinedload(User.photo), selectinload(User.topic_links)))
    if neighbourhood_id is not None:
        stmt = stmt.where(User.neighbourhood_id == neighbourhood_id)
    if topic is not None:
        stmt = stmt.where(exists().where(UserTopic.user_id == User.id,
                                         UserTopic.topic_id == topic.id,
                                         UserTopic.direction == Direction.OFFER))
    return pagination.keyset_by(stmt, [User.display_name, User.id], size=size, after=after,
                                before=before)


def listed(user_id: int) -> User | None:
    """The resident if they are in the directory; None for everyone else (a 404)."""
    return db.session.scalar(
        select(User).where(User.id == user_id, _listed())
        .options(joinedload(User.neighbourhood, innerjoin=True), joinedload(User.photo),
                 selectinload(User.topic_links)))


def set_listing(user: User, *, in_directory: bool, about: str | None) -> None:
    """Opt in to or out of the directory, with a short text about yourself."""
    about = (about or "").strip() or None
    if about is not None and len(about) > MAX_ABOUT_LENGTH:
        raise PeopleError(_l("Use at most %(max)d characters.", max=MAX_ABOUT_LENGTH))
    user.in_directory = bool(in_directory)
    user.about = about
    db.session.flush()


def set_photo(user: User, upload: Upload | None) -> None:
    """Give a resident a profile picture (from uploads.save_image), or take it away; the
    old one's files go unless something else shows them."""
    cleanup.replace(user, "photo", upload)


def direct_conversation(a: User, b: User) -> Conversation | None:
    """The conversation of these two that is about no post or response, if there is one."""
    other = aliased(ConversationMember)
    return db.session.scalar(
        select(Conversation)
        .join(ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                       ConversationMember.user_id == a.id))
        .join(other, and_(other.conversation_id == Conversation.id, other.user_id == b.id))
        .where(Conversation.post_id.is_(None), Conversation.response_id.is_(None))
        .order_by(Conversation.id).limit(1))


def send_message(sender: User, receiver: User, body: str) -> Conversation:
    """Write to a resident from the directory: in the conversation the two already have,
    or a new one. The receiver is told as with every message."""
    body = (body or "").strip()
    if not body:
        raise PeopleError(_l("Write a message first."))
    if len(body) > conversations.MAX_MESSAGE_LENGTH:
        raise PeopleError(_l("Your message is too long. Use at most %(max)d characters.",
                             max=conversations.MAX_MESSAGE_LENGTH))
    if sender.id == receiver.id:
        raise PeopleError(_l("This is you."))
    conversation = direct_conversation(sender, receiver)
    if conversation is not None:
        conversations.reply(conversation, sender, body)
        return conversation
    conversation = conversations.start(post=None, response=None, between=(sender, receiver),
                                       first_message=body)
    notify.notify(receiver, notify.Kind.MESSAGE, actor=sender, subject_id=conversation.id,
                  dedupe_key=f"message:{conversation.id}")
    return conversation
