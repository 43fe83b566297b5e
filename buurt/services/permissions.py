"""Who may see and do what: named checks that views call before acting."""
from buurt.models import Post, PostState


def _is_author(user, post: Post) -> bool:
    return bool(user and user.is_authenticated and user.id == post.author_id)


def can_view(user, post: Post) -> bool:
    """Published posts, and closed ones that were done or expired, are for everyone;
    everything else only for its author."""
    if post.is_published or (post.is_closed and not post.is_withdrawn):
        return True
    return _is_author(user, post)


def can_see_names(user) -> bool:
    """Names of residents are for residents who are logged in, never for visitors."""
    return bool(user and user.is_authenticated)


def can_edit(user, post: Post) -> bool:
    return _is_author(user, post) and post.state in (
        PostState.PUBLISHED, PostState.PENDING, PostState.NEEDS_CLARIFICATION, PostState.PAUSED)


def can_withdraw(user, post: Post) -> bool:
    return can_edit(user, post)
