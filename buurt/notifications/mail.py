"""Queue e-mail in the outbox, rendered in each recipient's language.

A mail is two templates, `mail/<name>.txt` and `mail/<name>.html`, that extend `mail/base.txt`
and `mail/base.html` and set their subject with `{% set subject = _("…") %}`. Templates get
the caller's context plus `absolute_url`, `preferences_url` and `mail_language`; nothing
about the recipient is added, because `queue_many` renders once per language for everyone.
Links must come from `absolute_url`: `url_for` needs a request, and a mail has none.

Every mail passes `queue` or `queue_many`, and both keep one rule (`may_mail`): until a
resident confirmed their address, they get only the mails that confirm an address.
"""
import re
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import ColumnElement, and_, insert

from buurt.core import clock
from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail, OutboxState
from buurt.people.models import User

# The page where residents choose which e-mails they get (the notifications blueprint).
PREFERENCES_PATH = "/notifications/settings"
SUBJECT_LENGTH = OutboxEmail.subject.type.length

# The kinds of mail that go out before the resident confirmed their address: the link
# that confirms it (at sign-up, again on request, or for a new address), and a password
# reset, whose link proves the address the same way (opening it confirms it).
EMAIL_CONFIRM = "email_confirm"
PASSWORD_RESET = "password_reset"
BEFORE_CONFIRMATION = frozenset({EMAIL_CONFIRM, PASSWORD_RESET})


def may_mail(user: User, kind: str) -> bool:
    """May a mail of this kind go to this user? Not before they confirmed their address,
    except the mails that confirm it."""
    return user.email_verified_at is not None or kind in BEFORE_CONFIRMATION


def receives_mail() -> ColumnElement[bool]:
    """`may_mail` for ordinary mail as a condition on User, for queries that pick who to
    mail (digests, matches): those who would get nothing are not even looked at."""
    return and_(User.email.is_not(None), User.email_verified_at.is_not(None))


def absolute_url(endpoint: str, **values) -> str:
    """Build a full URL on BASE_URL, inside or outside a request (mails, commands)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def preferences_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + PREFERENCES_PATH


def _language(user: User) -> str:
    if user.language in current_app.config["LANGUAGES"]:
        return user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _render_file(name: str, context: dict) -> tuple[str, str | None]:
    """Render one template; return its output and the subject it set."""
    template = current_app.jinja_env.get_template(name)
    # No context processors: they serve the page layout (and may need a request or a
    # logged-in user); a mail has only what its caller passes.
    # The module keeps the template's top-level variables, so one pass gives the subject too.
    module = template.make_module(context)
    return str(module), getattr(module, "subject", None)


def _tidy_text(text: str) -> str:
    # "-- " (with its space) is the signature separator that mail clients recognise.
    lines = [line if line == "-- " else line.rstrip() for line in text.strip().splitlines()]
    # Block tags leave runs of empty lines behind; a paragraph break is one empty line.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render(template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Render a mail in one language; return (subject, text, html)."""
    context = {**context, "absolute_url": absolute_url, "preferences_url": preferences_url(),
               "mail_language": language}
    with force_locale(language):
        text, subject = _render_file(f"mail/{template}.txt", context)
        html, _ = _render_file(f"mail/{template}.html", context)
    if not subject:
        raise ValueError(f"mail/{template}.txt sets no subject")
    # The text template is not autoescaped, so this is the subject as the reader sees it.
    subject = " ".join(str(subject).split())[:SUBJECT_LENGTH]
    return subject, _tidy_text(text), html.strip() + "\n"


def queue(user: User, kind: str, template: str, *, to: str | None = None,
          **context) -> OutboxEmail | None:
    """Add one mail to the outbox in the user's language; None when they have no e-mail or
    may not get this kind yet (see may_mail). `to` sends it to another address of theirs
    (a new address they want to confirm) instead of their own."""
    address = to or user.email
    if not address or not may_mail(user, kind):
        return None
    subject, text, html = render(template, _language(user), context)
    if user.id is None:
        db.session.flush()
    now = clock.now()
    mail = OutboxEmail(user_id=user.id, kind=kind, to_address=address, subject=subject,
                       body_text=text, body_html=html, created_at=now, send_after=now)
    db.session.add(mail)
    db.session.flush()
    return mail


def queue_many(users, kind: str, template: str, **context) -> int:
    """Add the same mail for many users, rendered once per language; return how many.
    Users without e-mail, or who may not get this kind yet (see may_mail), are skipped."""
    by_language: dict[str, list[User]] = {}
    seen = set()
    for user in users:
        if user.email and may_mail(user, kind) and user.id not in seen:
            seen.add(user.id)
            by_language.setdefault(_language(user), []).append(user)
    if not by_language:
        return 0
    now = clock.now()
    rows = []
    for language, recipients in by_language.items():
        subject, text, html = render(template, language, context)
        rows += [{"user_id": user.id, "kind": kind, "to_address": user.email,
                  "subject": subject, "body_text": text, "body_html": html,
                  "state": OutboxState.QUEUED, "created_at": now, "send_after": now,
                  "attempts": 0} for user in recipients]
    db.session.execute(insert(OutboxEmail), rows)
    return len(rows)
