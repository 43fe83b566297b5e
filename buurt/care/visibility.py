"""Who sees care requests: residents who are logged in. A visitor never reads one: its
page and its schedule send them to log in. Where the neighbourhood allows it
(`care_visible_to_visitors`), a visitor's lists show that a care request exists, in one
neutral line without its title, text or author; search never finds one for a visitor,
because a hit would tell which words are in it."""
from sqlalchemy import func, or_

from buurt.core import settings
from buurt.market.models import Need, Request
from buurt.posts.models import Post

SETTING = "care_visible_to_visitors"

# The request's need lives in the one post table, so lists over every kind can read it.
_NEED = Request.__table__.c.need


def listed_for_visitors(post_cls=Post):
    """SQL: a visitor's list may hold this post: it is no care request, or a care request
    of a neighbourhood that shows visitors that care requests exist."""
    return or_(func.coalesce(_NEED, "") != Need.CARE,
               settings.is_on(SETTING, post_cls.neighbourhood_id))


def is_visitor(user) -> bool:
    return not (user and user.is_authenticated)


def must_log_in(user, post) -> bool:
    """A visitor who opens a care request (or its schedule) logs in first."""
    return post.for_residents_only and is_visitor(user)
