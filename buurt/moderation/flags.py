"""Residents' flags on posts and reports of messages: each opens (or adds to) a case, and
enough flags hide a post until a manager decides."""
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from buurt.core import settings
from buurt.core.extensions import db
from buurt.market.models import Message
from buurt.moderation import cases
from buurt.moderation.models import CaseSource, Flag, ModerationCase
from buurt.people.models import User
from buurt.posts.models import Post, PostState

HIDDEN_BY_FLAGS = "flags"


def flag_post(post: Post, reporter: User, reason: str, note: str | None = None) -> Flag:
    """Record a resident's flag; at the neighbourhood's threshold the post is hidden."""
    if post.author_id == reporter.id:
        raise cases.ModerationError(_l("You cannot report your own post."))
    flag = Flag(reporter_id=reporter.id, target_type="post", target_id=post.id,
                reason=reason, note=(note or "").strip() or None)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise cases.ModerationError(_l("You reported this already. A community manager looks "
                                       "at it.")) from None
    case = cases.open_case("post", post.id, neighbourhood_id=post.neighbourhood_id,
                           author_id=post.author_id, source=CaseSource.FLAGS,
                           reasons=json.dumps(flag_summary("post", post.id)))
    count = db.session.scalar(select(func.count(Flag.id)).where(
        Flag.target_type == "post", Flag.target_id == post.id, Flag.resolved_at.is_(None)))
    if post.is_published and count >= settings.get(post.neighbourhood, "flag_threshold"):
        post.state, post.hidden_reason = PostState.HIDDEN, HIDDEN_BY_FLAGS
        cases.log_action(case, None, "hidden:flags", f"{count} flags")
    return flag


def flag_summary(target_type: str, target_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Flag.reason, func.count(Flag.id))
        .where(Flag.target_type == target_type, Flag.target_id == target_id,
               Flag.resolved_at.is_(None))
        .group_by(Flag.reason)).all()
    return [{"category": "flags", "rule": reason, "words": [], "params": {"count": n}}
            for reason, n in rows]


def report_message(message: Message, reporter: User) -> ModerationCase:
    """Put a reported message in the queue of the conversation's neighbourhood."""
    return cases.open_case("message", message.id,
                           neighbourhood_id=message.author.neighbourhood_id,
                           author_id=message.author_id, source=CaseSource.REPORT,
                           reasons=json.dumps(flag_summary("message", message.id)))
