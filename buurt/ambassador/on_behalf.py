"""Posting a request on a neighbour's behalf, with their consent."""
from flask_babel import lazy_gettext as _l

from buurt.ambassador.neighbours import may_follow
from buurt.ambassador.roles import OnboardingError
from buurt.market import posting
from buurt.market.models import Request
from buurt.notifications import notify
from buurt.people.models import User

def post_request_for(ambassador: User, neighbour: User, *, consent: bool,
                     **fields) -> Request:
    """Post a request with the neighbour as its author, as every request is posted, and
    record who wrote it on whose behalf and when. The neighbour hears of it, in the app
    and (as they chose) by e-mail, also while it waits for a manager."""
    if not may_follow(ambassador, neighbour):
        raise PermissionError
    if not consent:
        raise OnboardingError(_l("Ask your neighbour first. Without their consent you "
                                 "cannot post for them."))
    request = posting.create_request(neighbour, placed_by=ambassador, **fields)
    notify.notify(neighbour, notify.Kind.ON_BEHALF, post=request, actor=ambassador)
    return request
