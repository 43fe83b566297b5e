"""Who may see and do what: named checks that views call before acting."""
from flask import g, has_request_context

from buurt.info.models import Initiative, Place
from buurt.moderation import managers
from buurt.people.models import Role
from buurt.posts.models import Post


def _is_author(user, post: Post) -> bool:
    return bool(user and user.is_authenticated and user.id == post.author_id)


def can_act_as_author(user, post: Post) -> bool:
    """May this user act as the author of this post? Its author; and the ambassador who
    placed a request on a neighbour's behalf, while they still follow that neighbour (they
    brought them in and serve their neighbourhood). The one rule for the post's page, its
    author's actions and responding to it."""
    if _is_author(user, post):
        return True
    # Only requests are placed on someone's behalf, and only by ambassadors and managers:
    # for everyone else this costs no query.
    if not (user and user.is_authenticated) or post.kind != "request" \
            or user.role == Role.RESIDENT:
        return False
    # The page, its template and its checks ask more than once a request: look up once.
    key = f"acts_as_author:{user.id}:{post.id}"
    if has_request_context() and key in g:
        return g.get(key)
    record = post.on_behalf
    from buurt.ambassador import neighbours   # the ambassador area builds on the services here
    answer = bool(record is not None and record.ambassador_id == user.id
                  and neighbours.may_follow(user, post.author))
    if has_request_context():
        setattr(g, key, answer)
    return answer


def can_answer_responses(user, post: Post) -> bool:
    """May this user say yes or no to the reactions on this post, and mark the help done?
    Its author; and the ambassador who placed it, when the neighbour has no e-mail address
    (without one they hear of reactions only when they log in). A neighbour with e-mail
    decides for themselves."""
    if _is_author(user, post):
        return True
    return not post.author.email and can_act_as_author(user, post)


def can_view(user, post: Post) -> bool:
    """Published posts, and closed ones that were done or expired, are for everyone;
    everything else only for its author (and whoever acts as its author)."""
    if post.is_published or (post.is_closed and not post.is_withdrawn):
        return True
    return can_act_as_author(user, post)


def can_delete_account_for(user, neighbour) -> bool:
    """May this user delete someone else's account? Nobody may, but the ambassador who
    brought in a neighbour without an e-mail address, while they still follow them, and
    with the neighbour's consent (buurt.people.deletion records it). A neighbour with
    e-mail deletes their own account with their password. Never a manager's or an
    admin's account, nor one that is deleted already."""
    if not (user and user.is_authenticated) or neighbour.id == user.id:
        return False
    if neighbour.is_deleted or neighbour.email \
            or neighbour.role not in (Role.RESIDENT, Role.AMBASSADOR):
        return False
    from buurt.ambassador import neighbours   # the ambassador area builds on the services here
    return neighbours.may_follow(user, neighbour)


def can_see_names(user) -> bool:
    """Names of residents are for residents who are logged in, never for visitors."""
    return bool(user and user.is_authenticated)


def can_edit(user, post: Post) -> bool:
    """The author (and who acts as the author) while the post may still change; this also
    allows withdrawing, renewing and pausing it."""
    return can_act_as_author(user, post) and (post.is_live_or_held or post.is_paused)


def can_withdraw(user, post: Post) -> bool:
    return can_edit(user, post)


# --- places, initiatives, events (level 1: information) -----------------------------------

def is_manager_of(user, neighbourhood_id: int) -> bool:
    """Community managers of the neighbourhood, and admins."""
    return bool(user and user.is_authenticated) and managers.can_moderate(user, neighbourhood_id)


def _runs(user, initiative: Initiative) -> bool:
    return bool(user and user.is_authenticated) and user.id in initiative.member_ids


def can_view_initiative(user, initiative: Initiative) -> bool:
    """Approved initiatives are public; a proposal only for who runs it and the managers."""
    return (initiative.is_approved or _runs(user, initiative)
            or is_manager_of(user, initiative.neighbourhood_id))


def can_edit_initiative(user, initiative: Initiative) -> bool:
    """The residents who run it (unless it was declined), and the managers."""
    if not initiative.is_declined and _runs(user, initiative):
        return True
    return is_manager_of(user, initiative.neighbourhood_id)


def can_decide_initiative(user, initiative: Initiative) -> bool:
    return is_manager_of(user, initiative.neighbourhood_id)


def can_edit_place(user, place: Place) -> bool:
    """Managers of its neighbourhood, and residents who run an approved initiative that
    runs the place."""
    if not (user and user.is_authenticated):
        return False
    if any(i.is_approved and user.id in i.member_ids for i in place.initiatives):
        return True
    return is_manager_of(user, place.neighbourhood_id)


# --- announcements and stories -----------------------------------------------------------

def can_announce(user, initiatives_run=()) -> bool:
    """Community managers (of their own neighbourhood) and admins, and residents who run
    an approved initiative (`initiatives_run`, from initiatives.run_by)."""
    if not (user and user.is_authenticated):
        return False
    return bool(initiatives_run) or is_manager_of(user, user.neighbourhood_id)


def can_view_announcement(user, post: Post) -> bool:
    """As every post; the managers of its neighbourhood also see it while it waits."""
    if can_view(user, post):
        return True
    return (post.is_scheduled or post.is_pending) and is_manager_of(user, post.neighbourhood_id)


def can_edit_announcement(user, post: Post) -> bool:
    """Its author while it may change, and the managers of its neighbourhood while it is
    scheduled or online."""
    if _is_author(user, post) and (post.is_scheduled or post.is_live_or_held):
        return True
    return (post.is_scheduled or post.is_published) and \
        is_manager_of(user, post.neighbourhood_id)


def can_pin(user, neighbourhood_id: int) -> bool:
    """Keeping an announcement on top is the managers' choice."""
    return is_manager_of(user, neighbourhood_id)


def can_feature(user, post: Post) -> bool:
    """Managers of the story's neighbourhood put a published story on the front page."""
    return post.is_published and is_manager_of(user, post.neighbourhood_id)
