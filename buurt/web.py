"""What every page shares: the logged-in user, layout data, URLs of posts, headers."""
from flask import url_for
from flask_babel import format_date, format_timedelta, get_locale, lazy_gettext as _l
from flask_login import current_user

from buurt import clock
from buurt.extensions import db, login_manager
from buurt.models import User

# The canonical URL of each kind of post; later kinds add their endpoint here.
DETAIL_ENDPOINTS = {
    "request": "market.request_detail",
    "offer": "market.offer_detail",
}

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
    try:
        return db.session.get(User, int(user_id))
    except ValueError:
        return None


def post_url(post, **values) -> str:
    return url_for(DETAIL_ENDPOINTS[post.kind], post_id=post.id, **values)


def topic_name(topic) -> str:
    return topic.name(str(get_locale())) if topic is not None else ""


def ago(moment) -> str:
    """Say how long ago something happened: "3 dagen geleden"."""
    return format_timedelta(moment - clock.now(), add_direction=True, threshold=0.9)


def day(value) -> str:
    return format_date(value, "long")


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    app.jinja_env.globals.update(post_url=post_url, topic_name=topic_name)
    app.jinja_env.filters.update(ago=ago, day=day)

    @app.context_processor
    def layout():
        return {"current_locale": str(get_locale()),
                "languages": app.config["LANGUAGES"]}

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if current_user and current_user.is_authenticated:
            # Pages with names and private data must not linger in shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
