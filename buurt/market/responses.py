"""Responding to requests and offers: "I'll help", accepting, declining, done and thanks."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core.extensions import db
from buurt.market.models import Feedback, Response, ResponseState, ThankYou
from buurt.messages import conversations
from buurt.notifications import notify
from buurt.people import access as permissions, deletion
from buurt.people.models import User
from buurt.posts.models import CloseReason, Post, PostState
from buurt.stories import services as stories

MAX_THANKS_LENGTH = 500


class ResponseError(ValueError):
    """An action on a response that is refused; str() is a message for the person."""


def respond(post: Post, user: User, message: str) -> Response:
    """Offer help on a request (or show interest in an offer) and open a conversation."""
    if post.author_id == user.id:
        raise ResponseError(_l("This is your own post."))
    if permissions.can_act_as_author(user, post):
        raise ResponseError(_l("You placed this for your neighbour. Other neighbours react "
                               "to it, not you."))
    if not post.is_published:
        raise ResponseError(_l("This is closed. You cannot react any more."))
    message = (message or "").strip()
    if not message:
        raise ResponseError(_l("Write a short message to your neighbour."))
    if len(message) > conversations.MAX_MESSAGE_LENGTH:
        raise ResponseError(_l("Your message is too long. Use at most %(max)d characters.",
                               max=conversations.MAX_MESSAGE_LENGTH))
    response = Response(post=post, responder=user)
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        raise ResponseError(_l("You reacted to this already. See My help.")) from None
    conversations.start(post=post, response=response, between=(user, post.author),
                        first_message=message)
    kind = notify.Kind.RESPONSE if post.kind == "request" else notify.Kind.INTEREST
    notify.notify(post.author, kind, post=post, actor=user, subject_id=response.id)
    return response


def _require_author(response: Response, user: User):
    """The author answers the reactions, or the ambassador who may answer for them."""
    if not permissions.can_answer_responses(user, response.post):
        raise PermissionError


def accept(response: Response, by: User) -> list[Response]:
    """Accept one response. On a request the other open ones are declined, kindly."""
    _require_author(response, by)
    if not response.is_offered:
        raise ResponseError(_l("This reaction was handled already."))
    response.accept()
    notify.notify(response.responder, notify.Kind.ACCEPTED, post=response.post, actor=by,
                  subject_id=response.id)
    declined = []
    if response.post.kind == "request":
        for other in open_responses(response.post):
            if other.id != response.id and other.is_offered:
                decline(other, by)
                declined.append(other)
    db.session.flush()
    return declined


def decline(response: Response, by: User) -> None:
    """Say no thank you to a response; the neighbour hears it kindly."""
    _require_author(response, by)
    if not response.is_offered:
        raise ResponseError(_l("This reaction was handled already."))
    response.decline()
    notify.notify(response.responder, notify.Kind.DECLINED, post=response.post, actor=by,
                  subject_id=response.id)
    db.session.flush()


def withdraw(response: Response, by: User) -> None:
    """The neighbour who reacted takes it back."""
    if response.responder_id != by.id:
        raise PermissionError
    if not response.is_open:
        raise ResponseError(_l("This reaction was handled already."))
    response.withdraw()
    db.session.flush()


def mark_done(response: Response, by: User) -> None:
    """The author says the help was given; a request then closes as done."""
    _require_author(response, by)
    if not response.is_accepted:
        raise ResponseError(_l("Accept this reaction first."))
    response.mark_done()
    post = response.post
    if post.kind == "request" and post.state == PostState.PUBLISHED:
        post.close(CloseReason.DONE)
    notify.notify(response.responder, notify.Kind.DONE, post=post, actor=by,
                  subject_id=response.id)
    db.session.flush()


def _is_party(response: Response, user: User) -> bool:
    return user.id in (response.responder_id, response.post.author_id)


def thank(response: Response, by: User, body: str, *, share_publicly: bool) -> ThankYou:
    """Leave a short thank-you for the other side; public only when its writer agrees."""
    if not _is_party(response, by):
        raise PermissionError
    if not response.is_done:
        raise ResponseError(_l("You can say thank you when the help is done."))
    body = (body or "").strip()
    if not body:
        raise ResponseError(_l("Write a few words of thanks."))
    if len(body) > MAX_THANKS_LENGTH:
        raise ResponseError(_l("Use at most %(max)d characters.", max=MAX_THANKS_LENGTH))
    thanks = ThankYou(response=response, author=by, body=body, share_publicly=share_publicly)
    try:
        with db.session.begin_nested():
            db.session.add(thanks)
    except IntegrityError:
        raise ResponseError(_l("You said thank you already.")) from None
    other = response.responder if by.id == response.post.author_id else response.post.author
    notify.notify(other, notify.Kind.THANKS, post=response.post, actor=by,
                  subject_id=response.id)
    if share_publicly:
        stories.from_thank_you(thanks)   # neighbours read it among the stories
    return thanks


def give_feedback(response: Response, by: User, worked_out: bool) -> None:
    """Record the one-tap answer to "did it work out?" (the last answer counts)."""
    if not _is_party(response, by):
        raise PermissionError
    feedback = db.session.get(Feedback, (response.id, by.id))
    if feedback is None:
        db.session.add(Feedback(response_id=response.id, user_id=by.id, worked_out=worked_out))
    else:
        feedback.worked_out = worked_out
    db.session.flush()


def get(response_id: int) -> Response | None:
    return db.session.scalar(
        select(Response).where(Response.id == response_id)
        .options(joinedload(Response.post), joinedload(Response.responder),
                 joinedload(Response.conversation)))


def open_responses(post: Post) -> list[Response]:
    return [r for r in responses_on([post]).get(post.id, []) if r.is_open]


def responses_on(posts) -> dict[int, list[Response]]:
    """All responses on these posts with their responders, in one statement."""
    ids = [p.id for p in posts]
    if not ids:
        return {}
    found = {}
    for response in db.session.scalars(
            select(Response).where(Response.post_id.in_(ids))
            .options(joinedload(Response.responder), joinedload(Response.conversation))
            .order_by(Response.created_at)):
        found.setdefault(response.post_id, []).append(response)
    return found


def response_of(post: Post, user: User) -> Response | None:
    """The user's own response on a post, if any."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Response).filter_by(post_id=post.id, responder_id=user.id)
                             .options(joinedload(Response.conversation)))


def promised_by(user: User) -> list[Response]:
    """The help the user offered others that is still open or recently done."""
    return list(db.session.scalars(
        select(Response).where(Response.responder_id == user.id,
                               Response.state.in_((ResponseState.OFFERED,
                                                   ResponseState.ACCEPTED,
                                                   ResponseState.DONE)))
        .options(joinedload(Response.post).joinedload(Post.author),
                 joinedload(Response.conversation))
        .order_by(Response.created_at.desc()).limit(50)))


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): the help it offered is taken back,
    and each author hears it; the reactions on its own posts are answered, and each
    neighbour who reacted hears that the post closed."""
    for response in db.session.scalars(
            select(Response).where(Response.responder_id == user.id,
                                   Response.state.in_(ResponseState.OPEN))
            .options(joinedload(Response.post).joinedload(Post.author))):
        response.withdraw()
        notify.notify(response.post.author, notify.Kind.LEFT_HELPER, post=response.post,
                      actor=user, subject_id=response.id)
    for response in db.session.scalars(
            select(Response).join(Post, Post.id == Response.post_id)
            .where(Post.author_id == user.id, Response.state.in_(ResponseState.OPEN))
            .options(joinedload(Response.responder), joinedload(Response.post))):
        response.decline()
        notify.notify(response.responder, notify.Kind.LEFT_POST, post=response.post,
                      actor=user, subject_id=response.id,
                      dedupe_key=f"left_post:{response.post_id}")
    db.session.flush()


deletion.register("market", end_for_deleted_account)
