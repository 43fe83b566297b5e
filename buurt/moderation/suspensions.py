"""Suspending an account: it cannot log in and its published posts are hidden until the
suspension is lifted, by a manager or when its end has come."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from buurt.core import clock, search
from buurt.core.extensions import db
from buurt.moderation import cases
from buurt.people.models import User
from buurt.posts.models import Post, PostState

HIDDEN_BY_SUSPENSION = "suspension"


def suspend(user: User, manager: User, *, until: datetime, reason: str) -> int:
    """Suspend an account until a moment: it cannot log in, and its posts are hidden."""
    reason = (reason or "").strip()
    if not reason:
        raise cases.ModerationError(_l("Write the reason. The resident sees it."))
    if until <= clock.now():
        raise cases.ModerationError(_l("Choose a day in the future."))
    user.suspended_until, user.suspension_reason = until, reason
    hidden = db.session.scalars(
        update(Post).where(Post.author_id == user.id, Post.state == PostState.PUBLISHED)
        .values(state=PostState.HIDDEN, hidden_reason=HIDDEN_BY_SUSPENSION)
        .returning(Post.id).execution_options(synchronize_session=False)).all()
    search.refresh_posts(hidden)
    cases.log_action(None, manager, "suspend", f"{reason} (until {until:%Y-%m-%d})",
                     target=("user", user.id), neighbourhood_id=user.neighbourhood_id)
    return len(hidden)


def lift_suspension(user: User, manager: User | None = None) -> int:
    """End a suspension: the account can log in and its posts come back."""
    user.suspended_until = None
    restored = db.session.scalars(
        update(Post).where(Post.author_id == user.id, Post.state == PostState.HIDDEN,
                           Post.hidden_reason == HIDDEN_BY_SUSPENSION)
        .values(state=PostState.PUBLISHED, hidden_reason=None)
        .returning(Post.id).execution_options(synchronize_session=False)).all()
    search.refresh_posts(restored)
    cases.log_action(None, manager, "unsuspend", None, target=("user", user.id),
                     neighbourhood_id=user.neighbourhood_id)
    return len(restored)


def end_suspensions(now: datetime) -> int:
    """Lift every suspension whose end has come (run by tick)."""
    ended = db.session.scalars(select(User).where(User.suspended_until.is_not(None),
                                                  User.suspended_until <= now)).all()
    for user in ended:
        lift_suspension(user)
    return len(ended)
