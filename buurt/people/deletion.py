"""Deleting an account, for good: its personal data goes, what it had open ends (and the
neighbours on the other side hear it), and it never logs in again.

The account's row stays, emptied, so that what others still need keeps its shape: the
conversations the other person reads on, the ballots that still count, the posts that were
done, the moderation log. Pages show it as "Former neighbour" (User.display_name), in the
reader's language. Each area ends what the account had open there (its responses, care
tasks, loans, events, ballots, login cards) in a step it registers here, as this layer
cannot import the areas; every post still open after the steps closes here, whatever its
kind. The caller commits once: the whole deletion is one transaction.
"""
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.moderation import cases, labels
from buurt.notifications.models import EmailFrequency, Notification, OutboxEmail, OutboxState
from buurt.people import accounts, roles
from buurt.people.models import (AccountDeletion, AccountToken, RecoveryCode, Role, TwoFactor,
                                 User)
from buurt.posts.models import CloseReason, OnBehalfPost, Post, PostState

# A password hash that no password matches (werkzeug finds no method in it).
NO_PASSWORD = "!"
# A post in one of these states is still open in some way: online, waiting or paused.
OPEN_STATES = (PostState.SCHEDULED, PostState.PENDING, PostState.NEEDS_CLARIFICATION,
               PostState.PUBLISHED, PostState.HIDDEN, PostState.PAUSED)

Step = Callable[[User], None]
_steps: dict[str, Step] = {}


class DeletionError(DomainError):
    """A deletion that is refused."""


def register(name: str, step: Step) -> None:
    """Let an area end what a deleted account had open there. `step(user)` runs inside
    the deletion, after the account is marked deleted (so what the neighbours are told
    already says "Former neighbour") and before its personal data goes. The area's own
    services do the work, so its rules and notifications stay its own."""
    _steps[name] = step


def registered() -> list[str]:
    return list(_steps)


def delete_account(user: User, *, password: str | None = None, by: User | None = None,
                   consent: bool = False) -> AccountDeletion:
    """Delete an account for good; nobody can undo it.

    The resident does it themselves, confirmed with their current password (by is None or
    the resident). The ambassador who brought in a neighbour without e-mail may do it for
    them (access.can_delete_account_for; PermissionError otherwise), with the neighbour's
    consent, which is recorded with the ambassador and the moment.
    """
    if user.is_deleted:
        raise DeletionError(_l("This account is deleted already."))
    own = by is None or by.id == user.id
    if own:
        if not accounts.password_matches(user, password):
            raise DeletionError(_l("This is not your password. Try again."), "password")
    else:
        # Imported here: the access rules load areas (through the managers) that register
        # their steps with this module.
        from buurt.people import access
        if not access.can_delete_account_for(by, user):
            raise PermissionError
        if not consent:
            raise DeletionError(_l("Only delete the account when the neighbour wants it. "
                                   "Tick the box when they have said so."), "consent")
    if user.role == Role.ADMIN and _only_admin(user):
        raise DeletionError(_l("You are the only admin. Make someone else admin first."))
    now = clock.now()
    # First the mark: from here on every page and every mail calls the account "Former
    # neighbour", also the notifications the steps below send. The conditional UPDATE
    # makes it once: of two deletions at the same moment (a form sent twice) one goes on.
    marked = db.session.execute(
        update(User).where(User.id == user.id, User.deleted_at.is_(None))
        .values(deleted_at=now)
        .execution_options(synchronize_session=False, preserve_rowcount=True)).rowcount
    if marked != 1:
        raise DeletionError(_l("This account is deleted already."))
    user.deleted_at = now
    db.session.flush()
    for step in _steps.values():
        step(user)
    _close_open_posts(user)
    cases.close_for_deleted_account(user)
    record = AccountDeletion(user_id=user.id, deleted_at=now, by_id=(by or user).id,
                             consent_at=None if own else now)
    db.session.add(record)
    cases.log_action(None, by or user, "account_deleted",
                     None if own else labels.DELETED_WITH_CONSENT, target=("user", user.id),
                     neighbourhood_id=user.neighbourhood_id)
    _remove_personal_data(user)
    return record


def _only_admin(user: User) -> bool:
    others = db.session.scalar(select(func.count(User.id)).where(
        User.role == Role.ADMIN, User.id != user.id, User.deleted_at.is_(None)))
    return not others


def _close_open_posts(user: User) -> None:
    """Close every post of the account that is still open, of whatever kind, that its
    area's step did not close already: it leaves every list and search, and nobody sees
    it any more (Post.is_withdrawn)."""
    for post in db.session.scalars(select(Post).where(Post.author_id == user.id,
                                                      Post.state.in_(OPEN_STATES))):
        post.close(CloseReason.ACCOUNT_DELETED)
    db.session.flush()


def _remove_personal_data(user: User) -> None:
    """Empty the account: no name, address, photo, topics or way in; only the row."""
    roles.end_every_role(user)
    cleanup.replace(user, "photo", None)   # the profile photo and its files go
    user.chosen_name = ""
    user.email = user.username = None
    user.street = user.about = None
    user.in_directory = False
    user.topic_links = []
    user.password_hash = NO_PASSWORD
    user.must_choose_password = False
    user.suspended_until = user.suspension_reason = None
    user.privacy_version = user.privacy_accepted_at = None
    user.email_frequency = EmailFrequency.NEVER
    user.last_digest_at = None
    # Whoever placed a request for a neighbour does so no more.
    db.session.execute(update(OnBehalfPost).where(OnBehalfPost.ambassador_id == user.id)
                       .values(ambassador_id=None))
    # What was for this account only: its notifications, its mailed links (password
    # resets, confirming an address), its two-step log-in and its mail, which holds its address; not a mail a worker is sending at this very moment,
    # whose row the worker still writes to.
    for model in (Notification, AccountToken, TwoFactor, RecoveryCode):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(OutboxEmail).where(OutboxEmail.user_id == user.id,
                                                 OutboxEmail.state != OutboxState.SENDING))
    accounts.end_sessions(user)
