"""Everything the site keeps about one resident, gathered for their data export.

What goes in, and what deliberately stays out:

- the resident's own records in full: profile, topics, photos and videos, every kind of
  post (from the kinds registry, so a new kind is never forgotten), comments, responses,
  their own messages, thank-you notes, loans, support, RSVPs, care tasks taken, flags,
  notifications, the e-mails sent to them, how they came in;
- other people only where a record cannot be understood without them, and then only by
  the display name every resident sees on the site (with whom a conversation is, from whom
  a thing was borrowed; the notifications as the resident's own page words them, "Bart
  wants to help with …"). Other people's words (their messages, loan notes, comments) and
  their e-mail addresses never go in: they are those people's data, and stay readable on
  the site where the resident was shown them. So a conversation holds the resident's own
  messages only;
- votes: which rounds and when, never the choices, because every ballot is secret
  (buurt.decide.models: no page or service shows who voted what);
- work done for the neighbourhood as an ambassador or manager: the resident's own events,
  rounds and places, and counts of the rest (neighbours signed up, moderation steps),
  because those records are about other residents;
- never secrets: password and code hashes, reset links, an event's sign-up token, the
  bodies of e-mails (they hold one-time links).

USER_COLUMNS says, for every column that refers to a user, where it goes in the export or
why it stays out; a test fails when a column appears that it does not name.
"""
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from buurt.ambassador.models import LoginCard, Onboarding, OnboardingEvent
from buurt.care.models import CareSignup, CareTask
from buurt.core import clock
from buurt.core.extensions import db
from buurt.core.media.models import Upload
from buurt.decide.models import Ballot, DecisionRound
from buurt.ideas.models import Comment, Support
from buurt.info.models import Event, Initiative, InitiativeMember, Place, Rsvp
from buurt.lend.models import Item, Loan
from buurt.market.models import (Conversation, ConversationMember, Feedback, Message, Response,
                                 ThankYou)
from buurt.moderation.models import Flag, ModerationAction, ModerationCase, ModerationWord
from buurt.notifications import mail
from buurt.notifications.models import Notification, OutboxEmail
from buurt.people.models import AccountDeletion, Membership, User
from buurt.posts import kinds
from buurt.posts.models import OnBehalfPost, Post


@dataclass(frozen=True)
class LeftOut:
    """A column that refers to a user and is deliberately not exported, and why."""
    reason: str


POST_TABLES = tuple(f"posts_{kind.name}" for kind in kinds.KINDS)

# Every column that refers to user.id: the parts of the export it feeds, or why not.
USER_COLUMNS: dict[str, tuple[str, ...] | LeftOut] = {
    "user.onboarded_by_id": ("profile", "work"),
    "membership.user_id": ("memberships",),
    "user_topic.user_id": ("topics",),
    "upload.owner_id": ("uploads",),
    "post.author_id": POST_TABLES + ("loans_of_your_items",),
    "on_behalf_post.neighbour_id": ("posts_placed_for_you",),
    "on_behalf_post.ambassador_id": ("work",),
    "comment.author_id": ("comments",),
    "response.responder_id": ("responses",),
    "conversation_member.user_id": ("conversations",),
    "message.author_id": ("messages",),
    "thank_you.author_id": ("thanks",),
    "feedback.user_id": ("feedback",),
    "care_signup.user_id": ("care_signups",),
    "loan.borrower_id": ("loans",),
    "support.user_id": ("supports",),
    "rsvp.user_id": ("rsvps",),
    "ballot.voter_id": ("votes",),
    "initiative.proposed_by_id": ("initiatives_proposed",),
    "initiative_member.user_id": ("initiatives_run",),
    "initiative.decided_by_id": ("work",),
    "flag.reporter_id": ("flags",),
    "moderation_case.author_id": ("moderation",),
    "moderation_action.actor_id": ("work",),
    "moderation_word.added_by_id": ("work",),
    "notification.user_id": ("notifications",),
    "outbox_email.user_id": ("emails",),
    "login_card.user_id": ("login_cards",),
    "login_card.created_by_id": ("work",),
    "onboarding.user_id": ("onboarding",),
    "onboarding_event.ambassador_id": ("events_organised",),
    "decision_round.created_by_id": ("rounds_opened",),
    "place.created_by_id": ("places_added",),
    "moderation_case.claimed_by_id": LeftOut(
        "every claim writes a moderation_action line with the manager as actor, counted "
        "under work; the case itself is about another resident's content"),
    "moderation_case.decided_by_id": LeftOut(
        "every decision writes a moderation_action line with the manager as actor, counted "
        "under work; the case itself is about another resident's content"),
    "notification.actor_id": LeftOut(
        "these are other residents' notifications about what this resident did; the deeds "
        "themselves are exported from their own tables"),
    "account_deletion.user_id": LeftOut(
        "a deleted account has no export; the record keeps no personal data"),
    "account_deletion.by_id": ("work",),
    "two_factor.user_id": LeftOut(
        "the secret of two-step log-in: a security record, never handed out again"),
    "recovery_code.user_id": LeftOut("hashes of recovery codes: a security record"),
    "account_token.user_id": LeftOut(
        "hashes of single-use links (password resets, confirming an address): a security "
        "record; a pending new address is shown on /account"),
    "data_export.user_id": LeftOut("the exports themselves"),
}

# Post columns that are not exported as they are: the kind names the table, the author is
# the resident, the neighbourhood and topic are given by name, and the rank only sorts.
POST_SKIPPED = {"kind", "author_id", "neighbourhood_id", "topic_id", "status_rank"}


@dataclass
class Table:
    """One table-like part of the export: a CSV file and a section of the overview."""
    key: str
    title: str
    rows: list[dict]
    note: str | None = None


@dataclass
class Collected:
    user_id: int
    made_at: datetime
    language: str
    profile: dict
    work: dict
    tables: list[Table]
    # (path in the zip, name in the upload storage) of every file the resident sent.
    files: list[tuple[str, str]] = field(default_factory=list)


def _upload_path(upload: Upload) -> str:
    return f"files/{upload.name}"


def _title(post: Post | None) -> str:
    return post.display_title if post is not None else ""


def _name(user: User | None) -> str:
    return user.display_name if user is not None else ""


def profile_of(user: User) -> dict:
    return {
        "id": user.id,
        "display_name": user.display_name,
        "email": user.email,
        "username": user.username,
        "role": user.role,
        "neighbourhood": user.neighbourhood.name,
        "street": user.street,
        "language": user.language,
        "in_directory": user.in_directory,
        "about": user.about,
        "email_frequency": user.email_frequency,
        "created_at": user.created_at,
        "privacy_version": user.privacy_version,
        "privacy_accepted_at": user.privacy_accepted_at,
        "onboarded_by": _name(user.onboarded_by),
        "suspended_until": user.suspended_until,
        "suspension_reason": user.suspension_reason,
        "last_digest_at": user.last_digest_at,
        "photo": _upload_path(user.photo) if user.photo else None,
    }


def _scalars(stmt):
    return list(db.session.scalars(stmt).unique())


def memberships(user: User) -> list[dict]:
    rows = _scalars(select(Membership).where(Membership.user_id == user.id)
                    .options(joinedload(Membership.neighbourhood)))
    return [{"neighbourhood": m.neighbourhood.name, "role": m.role} for m in rows]


def topics(user: User) -> list[dict]:
    return [{"direction": link.direction, "topic": link.topic.slug,
             "topic_name": link.topic.name(user.language)}
            for link in sorted(user.topic_links,
                               key=lambda link: (link.direction, link.topic.position))]


def uploads(user: User) -> list[Upload]:
    return _scalars(select(Upload).where(Upload.owner_id == user.id).order_by(Upload.id))


def upload_rows(items: list[Upload]) -> list[dict]:
    return [{"id": u.id, "kind": u.kind, "content_type": u.content_type,
             "size_bytes": u.size_bytes, "width": u.width, "height": u.height,
             "duration_ms": u.duration_ms, "created_at": u.created_at,
             "file": _upload_path(u)} for u in items]


def post_columns(model) -> list[str]:
    """The attributes of a kind of post that its export table shows, in mapper order."""
    return [attr.key for attr in model.__mapper__.column_attrs if attr.key not in POST_SKIPPED]


def post_tables(user: User) -> list[Table]:
    """One table per kind of post in the registry, with every column of that kind."""
    posts = _scalars(select(Post).where(Post.author_id == user.id)
                     .options(joinedload(Post.neighbourhood), joinedload(Post.topic))
                     .order_by(Post.created_at, Post.id))
    tables = []
    for kind in kinds.KINDS:
        columns = post_columns(kind.model)
        rows = []
        for post in (p for p in posts if p.kind == kind.name):
            row = {key: getattr(post, key) for key in columns}
            row["neighbourhood"] = post.neighbourhood.name
            row["topic"] = post.topic.slug if post.topic else None
            row["link"] = mail.absolute_url(kind.detail_endpoint, post_id=post.id)
            rows.append(row)
        tables.append(Table(f"posts_{kind.name}",
                            _("Your posts: %(kind)s", kind=kind.label), rows))
    return tables


def posts_placed_for_you(user: User) -> list[dict]:
    rows = _scalars(select(OnBehalfPost).where(OnBehalfPost.neighbour_id == user.id)
                    .options(joinedload(OnBehalfPost.post), joinedload(OnBehalfPost.ambassador))
                    .order_by(OnBehalfPost.consent_at))
    return [{"post_id": r.post_id, "post_title": _title(r.post),
             "ambassador": _name(r.ambassador), "consent_at": r.consent_at} for r in rows]


def comments(user: User) -> list[dict]:
    rows = _scalars(select(Comment).where(Comment.author_id == user.id)
                    .options(joinedload(Comment.post)).order_by(Comment.created_at))
    return [{"id": c.id, "post_id": c.post_id, "post_title": _title(c.post), "body": c.body,
             "state": c.state, "created_at": c.created_at} for c in rows]


def responses(user: User) -> list[dict]:
    rows = _scalars(select(Response).where(Response.responder_id == user.id)
                    .options(joinedload(Response.post)).order_by(Response.created_at))
    return [{"id": r.id, "post_id": r.post_id, "post_kind": r.post.kind,
             "post_title": _title(r.post), "state": r.state, "created_at": r.created_at,
             "decided_at": r.decided_at, "done_at": r.done_at} for r in rows]


def conversations(user: User) -> list[dict]:
    rows = _scalars(
        select(Conversation)
        .join(ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                       ConversationMember.user_id == user.id))
        .options(selectinload(Conversation.members).joinedload(ConversationMember.user),
                 joinedload(Conversation.post))
        .order_by(Conversation.created_at))
    return [{"id": c.id, "post_title": _title(c.post), "with_whom": _name(c.other(user)),
             "created_at": c.created_at, "last_message_at": c.last_message_at} for c in rows]


def messages(user: User) -> list[dict]:
    """The resident's own messages only (see the module's docstring)."""
    rows = _scalars(select(Message).where(Message.author_id == user.id)
                    .order_by(Message.created_at, Message.id))
    return [{"id": m.id, "conversation_id": m.conversation_id, "body": m.body,
             "created_at": m.created_at, "removed_at": m.removed_at} for m in rows]


def thanks(user: User) -> list[dict]:
    rows = _scalars(select(ThankYou).where(ThankYou.author_id == user.id)
                    .options(joinedload(ThankYou.response).joinedload(Response.post))
                    .order_by(ThankYou.created_at))
    return [{"id": t.id, "response_id": t.response_id, "post_title": _title(t.response.post),
             "body": t.body, "share_publicly": t.share_publicly, "created_at": t.created_at}
            for t in rows]


def feedback(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Feedback, Post).join(Response, Response.id == Feedback.response_id)
        .join(Post, Post.id == Response.post_id)
        .where(Feedback.user_id == user.id).order_by(Feedback.created_at)).all()
    return [{"response_id": f.response_id, "post_title": _title(post),
             "worked_out": f.worked_out, "created_at": f.created_at} for f, post in rows]


def care_signups(user: User) -> list[dict]:
    rows = _scalars(select(CareSignup).where(CareSignup.user_id == user.id)
                    .options(joinedload(CareSignup.task).joinedload(CareTask.request))
                    .order_by(CareSignup.created_at))
    return [{"id": s.id, "request_id": s.task.request_id,
             "request_title": _title(s.task.request), "task": s.task.title,
             "occurrence": s.occurrence, "created_at": s.created_at,
             "cancelled_at": s.cancelled_at} for s in rows]


def loans(user: User) -> list[dict]:
    """What the resident borrowed or asked to borrow, with their own words; the owner's
    answer is the owner's."""
    rows = _scalars(select(Loan).where(Loan.borrower_id == user.id)
                    .options(joinedload(Loan.item).joinedload(Item.author))
                    .order_by(Loan.created_at))
    return [{"id": loan.id, "item_id": loan.item_id, "item_title": _title(loan.item),
             "owner": _name(loan.item.author), "starts_on": loan.starts_on,
             "ends_on": loan.ends_on, "state": loan.state, "message": loan.message,
             "created_at": loan.created_at, "decided_at": loan.decided_at,
             "returned_on": loan.returned_on} for loan in rows]


def loans_of_your_items(user: User) -> list[dict]:
    """Who borrowed the resident's things and when, with the resident's own answers; the
    borrower's note is the borrower's."""
    rows = _scalars(select(Loan).join(Item, Item.id == Loan.item_id)
                    .where(Item.author_id == user.id)
                    .options(joinedload(Loan.item), joinedload(Loan.borrower))
                    .order_by(Loan.created_at))
    return [{"id": loan.id, "item_id": loan.item_id, "item_title": _title(loan.item),
             "borrower": _name(loan.borrower), "starts_on": loan.starts_on,
             "ends_on": loan.ends_on, "state": loan.state, "answer": loan.answer,
             "created_at": loan.created_at, "decided_at": loan.decided_at,
             "returned_on": loan.returned_on} for loan in rows]


def supports(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Support, Post).join(Post, Post.id == Support.idea_id)
        .where(Support.user_id == user.id).order_by(Support.created_at)).all()
    return [{"idea_id": s.idea_id, "idea_title": _title(idea), "created_at": s.created_at}
            for s, idea in rows]


def rsvps(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Rsvp, Event).join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.user_id == user.id).order_by(Rsvp.created_at)).all()
    return [{"event_id": r.event_id, "event_title": _title(event),
             "starts_at": event.starts_at, "created_at": r.created_at} for r, event in rows]


def votes(user: User) -> list[dict]:
    """The rounds the resident voted in and when: never what they chose (secret ballot)."""
    rows = db.session.execute(
        select(Ballot.round_id, Ballot.created_at, Ballot.updated_at, DecisionRound.question)
        .join(DecisionRound, DecisionRound.id == Ballot.round_id)
        .where(Ballot.voter_id == user.id).order_by(Ballot.created_at)).all()
    return [{"round_id": r.round_id, "question": r.question, "voted_at": r.created_at,
             "changed_at": r.updated_at} for r in rows]


def initiatives_proposed(user: User) -> list[dict]:
    rows = _scalars(select(Initiative).where(Initiative.proposed_by_id == user.id)
                    .order_by(Initiative.created_at))
    return [{"id": i.id, "name": i.name, "state": i.state, "decision_note": i.decision_note,
             "created_at": i.created_at, "decided_at": i.decided_at} for i in rows]


def initiatives_run(user: User) -> list[dict]:
    rows = db.session.execute(
        select(InitiativeMember.created_at, Initiative.id, Initiative.name)
        .join(Initiative, Initiative.id == InitiativeMember.initiative_id)
        .where(InitiativeMember.user_id == user.id)
        .order_by(InitiativeMember.created_at)).all()
    return [{"id": r.id, "name": r.name, "since": r.created_at} for r in rows]


def flags(user: User) -> list[dict]:
    rows = _scalars(select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.created_at))
    return [{"id": f.id, "target_type": f.target_type, "target_id": f.target_id,
             "reason": f.reason, "note": f.note, "created_at": f.created_at,
             "resolved_at": f.resolved_at} for f in rows]


def moderation(user: User) -> list[dict]:
    """What the moderation held or decided about the resident's own content (not which
    manager did it: they act for the neighbourhood)."""
    rows = _scalars(select(ModerationCase).where(ModerationCase.author_id == user.id)
                    .order_by(ModerationCase.opened_at))
    return [{"id": c.id, "target_type": c.target_type, "target_id": c.target_id,
             "source": c.source, "state": c.state, "decision": c.decision,
             "decision_note": c.decision_note, "opened_at": c.opened_at,
             "decided_at": c.decided_at} for c in rows]


def notifications(user: User) -> list[dict]:
    """Every notification, with its text as the notifications page shows it."""
    rows = _scalars(select(Notification).where(Notification.user_id == user.id)
                    .options(joinedload(Notification.actor), joinedload(Notification.post))
                    .order_by(Notification.created_at, Notification.id))
    macros = current_app.jinja_env.get_template("macros/notifications.html").module
    return [{"id": n.id, "kind": n.kind, "text": str(macros.notification_text(n)).strip(),
             "post_id": n.post_id, "created_at": n.created_at, "read_at": n.read_at,
             "emailed_at": n.emailed_at} for n in rows]


def emails(user: User) -> list[dict]:
    """The e-mails sent (or to be sent) to the resident: not their bodies, which hold
    one-time links."""
    rows = _scalars(select(OutboxEmail).where(OutboxEmail.user_id == user.id)
                    .order_by(OutboxEmail.created_at, OutboxEmail.id))
    return [{"id": m.id, "kind": m.kind, "to_address": m.to_address, "subject": m.subject,
             "state": m.state, "created_at": m.created_at, "sent_at": m.sent_at}
            for m in rows]


def login_cards(user: User) -> list[dict]:
    rows = _scalars(select(LoginCard).where(LoginCard.user_id == user.id)
                    .order_by(LoginCard.created_at))
    return [{"id": c.id, "created_at": c.created_at, "expires_at": c.expires_at,
             "used_at": c.used_at} for c in rows]


def onboarding(user: User) -> list[dict]:
    row = db.session.scalar(select(Onboarding).where(Onboarding.user_id == user.id)
                            .options(joinedload(Onboarding.event)))
    if row is None:
        return []
    return [{"event": row.event.name if row.event else None, "assisted": row.assisted,
             "consent_at": row.consent_at, "created_at": row.created_at,
             "visits": row.visits, "last_visit_at": row.last_visit_at}]


def events_organised(user: User) -> list[dict]:
    """The ambassador's own sign-up events, with how many neighbours signed up at each
    (a count: who they are is theirs to export). The event's sign-up token stays out."""
    signed_up = (select(func.count()).where(Onboarding.event_id == OnboardingEvent.id)
                 .correlate(OnboardingEvent).scalar_subquery())
    rows = db.session.execute(
        select(OnboardingEvent, signed_up)
        .where(OnboardingEvent.ambassador_id == user.id)
        .options(joinedload(OnboardingEvent.neighbourhood))
        .order_by(OnboardingEvent.day)).all()
    return [{"id": e.id, "name": e.name, "day": e.day, "place": e.place,
             "neighbourhood": e.neighbourhood.name, "created_at": e.created_at,
             "neighbours_signed_up": count} for e, count in rows]


def rounds_opened(user: User) -> list[dict]:
    rows = _scalars(select(DecisionRound).where(DecisionRound.created_by_id == user.id)
                    .options(joinedload(DecisionRound.neighbourhood))
                    .order_by(DecisionRound.created_at))
    return [{"id": r.id, "question": r.question, "neighbourhood": r.neighbourhood.name,
             "opens_at": r.opens_at, "closes_at": r.closes_at, "created_at": r.created_at}
            for r in rows]


def places_added(user: User) -> list[dict]:
    rows = _scalars(select(Place).where(Place.created_by_id == user.id)
                    .order_by(Place.created_at))
    return [{"id": p.id, "name": p.name, "address": p.address, "created_at": p.created_at}
            for p in rows]


def work(user: User) -> dict:
    """Counts of what the resident did for others as an ambassador or manager, in one
    statement: the records themselves are about those others."""
    def count(column):
        return select(func.count()).where(column == user.id).scalar_subquery()
    row = db.session.execute(select(
        count(User.onboarded_by_id).label("neighbours_signed_up"),
        count(OnBehalfPost.ambassador_id).label("posts_placed_for_neighbours"),
        count(LoginCard.created_by_id).label("login_cards_made"),
        count(AccountDeletion.by_id).label("accounts_deleted_for_neighbours"),
        count(ModerationAction.actor_id).label("moderation_steps"),
        count(Initiative.decided_by_id).label("initiatives_decided"),
        count(ModerationWord.added_by_id).label("words_added"))).one()
    return dict(row._mapping)


# The table-like parts besides the posts, in the order the overview shows them.
SECTIONS = (
    ("memberships", _l("Neighbourhoods you serve"), memberships),
    ("topics", _l("Your topics"), topics),
    ("posts_placed_for_you", _l("Posts an ambassador placed for you"), posts_placed_for_you),
    ("comments", _l("Your comments"), comments),
    ("responses", _l("Your reactions to requests and offers"), responses),
    ("conversations", _l("Your conversations"), conversations),
    ("messages", _l("Your messages"), messages),
    ("thanks", _l("Your thank-you notes"), thanks),
    ("feedback", _l("Did it work out? Your answers"), feedback),
    ("care_signups", _l("Care tasks you took"), care_signups),
    ("loans", _l("Things you borrowed or asked to borrow"), loans),
    ("loans_of_your_items", _l("Who borrowed your things"), loans_of_your_items),
    ("supports", _l("Ideas you support"), supports),
    ("rsvps", _l("Events you said you would come to"), rsvps),
    ("votes", _l("Decision rounds you voted in"), votes),
    ("initiatives_proposed", _l("Initiatives you proposed"), initiatives_proposed),
    ("initiatives_run", _l("Initiatives you run"), initiatives_run),
    ("flags", _l("Your reports"), flags),
    ("moderation", _l("Moderation of your posts and messages"), moderation),
    ("notifications", _l("Your notifications"), notifications),
    ("emails", _l("E-mails we sent you"), emails),
    ("login_cards", _l("Your login cards"), login_cards),
    ("onboarding", _l("How you signed up"), onboarding),
    ("events_organised", _l("Sign-up events you organised"), events_organised),
    ("rounds_opened", _l("Decision rounds you opened"), rounds_opened),
    ("places_added", _l("Meeting places you added"), places_added),
)
NOTES = {
    "messages": _l("Only your own messages are in this export. What others wrote to "
                        "you is their data: you can still read it on the site."),
    "votes": _l("Your vote is secret. This export says in which rounds you voted, not "
                "what you chose."),
}


def collect(user: User) -> Collected:
    """Gather everything about this resident (call it in their language: the texts of
    notifications and the titles are made in it)."""
    files = uploads(user)
    tables = [Table("uploads", _("Your photos and videos"), upload_rows(files))]
    tables += post_tables(user)
    for key, title, rows_of in SECTIONS:
        tables.append(Table(key, str(title), rows_of(user),
                            str(NOTES[key]) if key in NOTES else None))
    return Collected(user_id=user.id, made_at=clock.now(), language=user.language,
                     profile=profile_of(user), work=work(user), tables=tables,
                     files=[(_upload_path(u), u.name) for u in files])
