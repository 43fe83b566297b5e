"""What every page shares: the logged-in user, layout data, URLs of posts, headers."""
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from flask import g, request, url_for
from babel.dates import format_timedelta
from babel.numbers import format_decimal
from flask_babel import format_date, format_datetime, get_locale, gettext as _, \
    lazy_gettext as _l
from flask_login import current_user

from buurt.core import clock
from buurt.core.extensions import db, login_manager
from buurt.moderation import reasons
from buurt.notifications import notify
from buurt.people import access as permissions, neighbourhoods
from buurt.people.models import User
from buurt.posts import kinds, sharing

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@login_manager.user_loader
def load_user(user_id: str):
    # "12:3" is user 12 with session version 3; "12" is a session from before versions
    # (version 0).
    id_part, _, version_part = user_id.partition(":")
    try:
        user = db.session.get(User, int(id_part))
        version = int(version_part or 0)
    except ValueError:
        return None
    # Sessions opened before the version went up (a new login card) are over, and a
    # deleted account has none at all.
    if user is None or user.session_version != version or user.is_deleted:
        return None
    # A suspension ends sessions that were open before it, not only new log-ins.
    return None if user.is_suspended(clock.now()) else user


def post_endpoint(post) -> str:
    """The canonical page of a post, as its kind's entry in buurt.posts.kinds names it."""
    return kinds.get(post.kind).detail_endpoint


def post_url(post, **values) -> str:
    if values:
        return url_for(post_endpoint(post), post_id=post.id, **values)
    # Lists link many posts: build each kind's prefix once per request, not a URL per card.
    prefixes = g.setdefault("post_url_prefixes", {})
    if post.kind not in prefixes:
        prefixes[post.kind] = url_for(post_endpoint(post), post_id=0)[:-1]
    return prefixes[post.kind] + str(post.id)


def acts_as_author(post) -> bool:
    """For templates: may the logged-in user act as this post's author?"""
    return permissions.can_act_as_author(current_user, post)


def topic_name(topic) -> str:
    return topic.name(str(get_locale())) if topic is not None else ""


def ago(moment) -> str:
    """Say how long ago something happened: "3 dagen geleden", or "zojuist" within a minute.

    Under a minute the words would be "0 seconds", and babel reads a delta of 0 (or a
    moment a little ahead, from rounding down) as the future: "over 0 seconden". Past
    moments only ever say "… geleden"."""
    seconds = (clock.now() - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    # Round to what the words can tell apart, so lists reuse the same few phrases.
    step = 60 if seconds < 3600 else 3600 if seconds < 86400 else 86400
    return _ago(int(seconds // step) * step, str(get_locale()))


@lru_cache(maxsize=4096)
def _ago(seconds: int, locale: str) -> str:
    # A negative delta is the past for babel ("… geleden"); 0 and more is the future.
    return format_timedelta(timedelta(seconds=-seconds), add_direction=True, threshold=0.9,
                            locale=locale)


def iso(value, local: bool = False) -> str:
    """A moment or a day as a valid HTML datetime, for <time datetime="…">.

    A stored (naive UTC) moment gives whole seconds in UTC, "2026-12-03T09:15:00Z", or with
    local=True Dutch time with its offset, "2026-12-03T10:15:00+01:00"; a day gives
    "2026-12-03". Never microseconds: HTML does not allow more than three decimals."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        moment = moment.replace(microsecond=0)
        if local:
            return moment.astimezone(clock.LOCAL_TZ).isoformat(timespec="seconds")
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not a moment or a day: {value!r}")


def day(value) -> str:
    return format_date(value, "long")


def moment(value) -> str:
    """A stored (naive UTC) moment in Dutch time and words: "donderdag 3 december 2026,
    20:00"."""
    return format_datetime(value, "EEEE d MMMM y, HH:mm")


def euros(amount) -> str:
    """Whole euros as people write them: "€ 1.200" (a space that never breaks the line)."""
    return "€\u00a0" + format_decimal(amount, locale=str(get_locale()))


def chosen_neighbourhood():
    """The neighbourhood a list shows: ?neighbourhood=slug, else the resident's own, else
    all of them (None) for a visitor; with every neighbourhood, for the filter."""
    all_neighbourhoods = neighbourhoods.all_neighbourhoods()
    wanted = request.args.get("neighbourhood")
    if wanted:
        chosen = next((n for n in all_neighbourhoods if n.slug == wanted), None)
    elif current_user.is_authenticated:
        chosen = next((n for n in all_neighbourhoods
                       if n.id == current_user.neighbourhood_id), None)
    else:
        chosen = None
    return chosen, all_neighbourhoods


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    # {% do list.append(x) %}: a `set _ = …` would hide the translation function `_`.
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(post_url=post_url, post_endpoint=post_endpoint,
                                  topic_name=topic_name, acts_as_author=acts_as_author)
    # Link previews and share links (base.html's meta blocks, macros/share.html).
    app.jinja_env.globals.update(canonical_url=lambda: sharing.canonical_url(request.path),
                                 full_url=sharing.canonical_url,
                                 summary=sharing.summary, share_links_for=sharing.share_links,
                                 preview_title=sharing.preview_title,
                                 preview_description=sharing.preview_description)
    app.jinja_env.filters.update(ago=ago, day=day, moment=moment, euros=euros, iso=iso)
    # What a moderation reason says, in the reader's language (moderation/_macros.html).
    app.jinja_env.globals.update(describe_reason=reasons.describe,
                                 reason_words=reasons.shown_words)

    @app.context_processor
    def layout():
        data = {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "unread_notifications": 0, "unread_messages": 0}
        if current_user.is_authenticated:
            (data["unread_notifications"],
             data["unread_messages"]) = notify.unread_counts(current_user)
        return data

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if current_user and current_user.is_authenticated:
            # Pages with names and private data must not linger in shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
