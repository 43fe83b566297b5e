"""Periodic work for `buurt tick`: expiry and reminders, follow-ups, scheduled
announcements, loans (unanswered requests, overdue returns), residents' data exports,
digests, and removing old conversations, notifications and sent mail when their
neighbourhood's period is over.

Every step is idempotent: running tick twice at the same moment changes nothing more.
"""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from buurt.announcements import services as announcements
from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.core.media import cleanup
from buurt.export import exports
from buurt.lend import loans
from buurt.market.models import Request, Response, ResponseState
from buurt.messages import retention as conversations
from buurt.moderation import managers, suspensions
from buurt.notifications import notify, retention
from buurt.people.models import Neighbourhood
from buurt.posts.models import CloseReason, Post, PostState

# Follow-ups are asked for help done in this window, so a first tick on an old site
# does not ask about help from long ago.
FOLLOWUP_WINDOW = timedelta(days=14)


def expires_at(request: Request, expiry_days: int) -> datetime:
    """When an open request closes (see Request.closes_at)."""
    return request.closes_at(expiry_days)


def expire_and_remind(now: datetime) -> tuple[int, int]:
    """Close requests that are past their time; remind authors a few days before."""
    expired = reminded = 0
    for neighbourhood in db.session.scalars(select(Neighbourhood)):
        expiry_days = settings.get(neighbourhood, "request_expiry_days")
        warn_days = settings.get(neighbourhood, "expiry_reminder_days")
        horizon = now + timedelta(days=warn_days)
        candidates = db.session.scalars(
            select(Request).where(
                Request.neighbourhood_id == neighbourhood.id,
                Request.state == PostState.PUBLISHED,
                (Request.active_since <= horizon - timedelta(days=expiry_days))
                # A day extra: needed_by is a Dutch date, horizon a UTC moment.
                | (Request.needed_by <= (horizon + timedelta(days=1)).date()))
            .options(joinedload(Request.author)))
        for request in candidates:
            closes = expires_at(request, expiry_days)
            if closes <= now:
                request.close(CloseReason.EXPIRED)
                notify.notify(request.author, notify.Kind.EXPIRED, post=request,
                              dedupe_key=f"expired:{request.id}")
                expired += 1
            elif closes <= horizon:
                stamp = (request.active_since or request.created_at).strftime("%Y%m%d%H%M%S")
                if notify.notify(request.author, notify.Kind.EXPIRY_REMINDER, post=request,
                                 dedupe_key=f"expiry_reminder:{request.id}:{stamp}"):
                    reminded += 1
    db.session.flush()
    return expired, reminded


def ask_followups(now: datetime) -> int:
    """A few days after help was done, ask both sides whether it worked out."""
    asked = 0
    for neighbourhood in db.session.scalars(select(Neighbourhood)):
        days = settings.get(neighbourhood, "followup_days")
        due = now - timedelta(days=days)
        done = db.session.scalars(
            select(Response).join(Response.post)
            .where(Response.state == ResponseState.DONE,
                   Response.done_at <= due, Response.done_at > due - FOLLOWUP_WINDOW,
                   Post.neighbourhood_id == neighbourhood.id)
            .options(joinedload(Response.post).joinedload(Post.author),
                     joinedload(Response.responder)))
        for response in done:
            for person in (response.post.author, response.responder):
                if notify.notify(person, notify.Kind.FOLLOWUP, post=response.post,
                                 subject_id=response.id,
                                 dedupe_key=f"followup:{response.id}"):
                    asked += 1
    db.session.flush()
    return asked


def tick(now: datetime | None = None) -> dict[str, int]:
    """Do all periodic work that is due."""
    now = now or clock.now()
    expired, reminded = expire_and_remind(now)
    done = {"expired": expired, "reminded": reminded, "followups": ask_followups(now),
            "suspensions_ended": suspensions.end_suspensions(now),
            "managers_told": managers.notify_managers(now),
            "announcements_published": announcements.publish_due(now),
            "loan_requests_expired": loans.expire_requests(now),
            "loans_overdue_reminded": loans.remind_overdue(now),
            "abandoned_uploads_removed": cleanup.sweep_abandoned(now),
            "exports_removed": exports.remove_expired(now),
            "exports_made": exports.make_waiting(now)}
    # Digests after those, so they carry what the steps above just wrote.
    done["digests"] = notify.send_digests(now)
    # What is older than its neighbourhood's period goes, a batch of each per run.
    cutoffs = retention.cutoffs(now)
    done["conversations_removed"] = conversations.remove_old(cutoffs)
    done["notifications_removed"] = retention.remove_old_notifications(cutoffs)
    done["mails_removed"] = retention.remove_old_mails(cutoffs)
    return done
