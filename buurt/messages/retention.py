"""Old conversations go: once the last message is older than the period of a neighbourhood
where one of the two lives (the shorter period wins), `buurt tick` removes the whole
conversation with its messages (buurt.notifications.retention says how long).

A conversation with a message a manager still has to decide on stays until the decision.
Reports of its messages and the decided cases go with it; the moderation log keeps its
lines and says that the message went.
"""
from sqlalchemy import delete, select

from buurt.core.extensions import db
from buurt.market.models import Conversation, ConversationMember, Message
from buurt.moderation import cases
from buurt.notifications import notify
from buurt.notifications.models import Notification
from buurt.notifications.retention import Cutoffs
from buurt.people.models import User

# At most this many conversations go per run of `buurt tick`.
BATCH = 200


def _due(cutoff, whose, limit: int) -> list[int]:
    under_review = select(Message.conversation_id).where(
        Message.id.in_(cases.in_review("message")))
    return list(db.session.scalars(
        select(Conversation.id)
        .where(Conversation.last_message_at < cutoff, whose,
               Conversation.id.not_in(under_review))
        .order_by(Conversation.last_message_at, Conversation.id).limit(limit)))


def remove(ids: list[int]) -> None:
    """Remove these conversations with everything that hangs on them."""
    messages = select(Message.id).where(Message.conversation_id.in_(ids))
    cases.forget("message", messages)
    db.session.execute(delete(Notification).where(Notification.kind == notify.Kind.MESSAGE,
                                                  Notification.subject_id.in_(ids)))
    db.session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
    db.session.execute(delete(ConversationMember)
                       .where(ConversationMember.conversation_id.in_(ids)))
    db.session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
    db.session.flush()


def remove_old(cutoffs: Cutoffs, *, limit: int = BATCH) -> int:
    """Remove up to `limit` conversations whose time is over, the longest quiet first;
    return how many went."""
    members = select(ConversationMember.conversation_id)
    groups = [(cutoff, Conversation.id.in_(
                  members.join(User, User.id == ConversationMember.user_id)
                  .where(User.neighbourhood_id == n)))
              for n, cutoff in cutoffs.by_neighbourhood.items()]
    if cutoffs.shortest is not None:
        # Both people left the site: nobody's neighbourhood says more, the shortest does.
        groups.append((cutoffs.shortest, Conversation.id.not_in(members)))
    removed = 0
    for cutoff, whose in groups:
        if removed >= limit:
            break
        ids = _due(cutoff, whose, limit - removed)
        if ids:
            remove(ids)
            removed += len(ids)
    return removed
