"""Placing help requests and offers, and the rules only they have: a request's renewal
before it expires, an offer's pause. What every kind of post shares (publishing, editing,
withdrawing, the lists) stays in buurt.posts.services."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date, lazy_gettext as _l

from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.market.models import Need, Offer, Request, Urgency
from buurt.notifications import notify
from buurt.people.models import Topic, User
from buurt.posts import services as posts
from buurt.posts.models import Post, PostState


def create_request(author: User, *, title: str, body: str, topic: Topic, need: str = Need.HELP,
                   urgency: str = Urgency.ANY, needed_by=None, for_whom: str | None = None,
                   placed_by: User | None = None) -> Request:
    """Add a help or care request in the author's neighbourhood and tell who can help
    (placed_by: the ambassador who placed it for the author, see posts._publish_new)."""
    if need not in Need.ALL or urgency not in Urgency.ALL:
        raise ValueError("unknown need or urgency")
    return posts._publish_new(Request(
        author=author, neighbourhood_id=author.neighbourhood_id, topic=topic,
        title=title.strip(), body=body.strip(), need=need, urgency=urgency,
        needed_by=needed_by, for_whom=(for_whom or "").strip() or None,
        state=PostState.PUBLISHED), placed_by)


def create_offer(author: User, *, title: str, body: str, topic: Topic) -> Offer:
    """Add an offer of help in the author's neighbourhood and tell who looks for it."""
    return posts._publish_new(Offer(author=author, neighbourhood_id=author.neighbourhood_id,
                                    topic=topic, title=title.strip(), body=body.strip(),
                                    state=PostState.PUBLISHED))


RENEWAL_SETTINGS = ("request_expiry_days", "expiry_reminder_days")


@dataclass(frozen=True)
class Renewal:
    """Whether the author may renew an open request now, and when it closes otherwise."""

    closes_at: datetime | None   # None when the request is not open
    refused: str | None          # a code of Request.renewal_refused; None: renewing helps
    warn_days: int

    @property
    def allowed(self) -> bool:
        return self.refused is None

    @property
    def message(self):
        """Why renewing is refused, for the author."""
        if self.refused == "date_passed":
            return _l("The date in your request has passed. Change the date first.")
        if self.refused == "too_early":
            return _l("Your request is online until %(day)s. You can keep it online longer "
                      "from %(start)s.",
                      day=format_date(clock.local_day(self.closes_at), "long"),
                      start=format_date(clock.local_day(
                          self.closes_at - timedelta(days=self.warn_days)), "long"))
        if self.refused == "date_limits":
            return _l("Your request closes after the date in it. To keep it online longer, "
                      "change the date.")
        return _l("Only an open request can be renewed.")


def renewals(requests) -> dict[int, Renewal]:
    """The renewal of each of these requests (by id): one statement for the settings.

    Renewing makes sense a few days before a request closes (the days of the reminder),
    or once it is past its time; Request.renewal_refused holds the rule.
    """
    requests = [r for r in requests if isinstance(r, Request)]
    per_neighbourhood = settings.values_of({r.neighbourhood_id for r in requests},
                                           RENEWAL_SETTINGS)
    now = clock.now()
    found = {}
    for request in requests:
        values = per_neighbourhood[request.neighbourhood_id]
        expiry, warn = values["request_expiry_days"], values["expiry_reminder_days"]
        found[request.id] = Renewal(
            closes_at=request.closes_at(expiry) if request.is_published else None,
            refused=request.renewal_refused(now, expiry, warn), warn_days=warn)
    return found


def renewal(post: Post) -> Renewal:
    """May the author renew this request now? (See renewals.)"""
    if not isinstance(post, Request):
        return Renewal(closes_at=None, refused="not_open", warn_days=0)
    return renewals([post])[post.id]


def renew(post: Post) -> None:
    """Keep an open request online for another full period, when it closes soon."""
    found = renewal(post)
    if not found.allowed:
        raise posts.PostError(found.message)
    post.active_since = clock.now()
    db.session.flush()


def pause(post: Post) -> None:
    """Take an offer offline for a while; it keeps its responses."""
    if post.kind != "offer" or post.state != PostState.PUBLISHED:
        raise posts.PostError(_l("Only an offer that is online can be paused."))
    post.state = PostState.PAUSED
    db.session.flush()


def resume(post: Post) -> None:
    """Put a paused offer back online."""
    if post.state != PostState.PAUSED:
        raise posts.PostError(_l("This offer is not paused."))
    post.state = PostState.PUBLISHED
    db.session.flush()


def renewable(reminded) -> set[int]:
    """The ids of these posts whose author may renew them now (a reminder offers it)."""
    return {post_id for post_id, found in renewals(reminded).items() if found.allowed}


# The notification list offers renewing on a reminder, and cannot import the marketplace.
notify.register_renewable(renewable)
