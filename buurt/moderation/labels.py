"""The moderation codes in words, in the reader's language.

The log and the cases keep codes (an action such as "queued:screening", a source, a
decision, the kind of item); the pages show them through these mappings, translated at
display time. A code that is not here still shows, as a general word.
"""
import re
from datetime import date

from flask_babel import format_date, gettext as _, lazy_gettext as _l, ngettext

from buurt.posts import kinds

ACTIONS = {
    "queued:screening": _l("Queued by the screening"),
    "queued:new_member": _l("Queued: first post of a new member"),
    "queued:flags": _l("Queued after reports from residents"),
    "queued:report": _l("Queued: a resident reported a message"),
    "claim": _l("Taken on"),
    "approve": _l("Approved"),
    "clarify": _l("Asked to make it clearer"),
    "remove": _l("Removed"),
    "advise": _l("Advised to remove it"),
    "dismiss": _l("No action needed"),
    "clarified": _l("Made clearer by the author"),
    "hidden:flags": _l("Hidden after reports"),
    "word:block": _l("Word added to the hold list"),
    "word:allow": _l("Word added to the allow list"),
    "unword:block": _l("Word taken off the hold list"),
    "unword:allow": _l("Word taken off the allow list"),
    "suspend": _l("Account suspended"),
    "unsuspend": _l("Suspension lifted"),
    "account_deleted": _l("Account deleted"),
    "closed:account_deleted": _l("Closed: the author deleted their account"),
    "retention:removed": _l("Removed because its time was over"),
}
QUEUED = _l("Queued")
OTHER_ACTION = _l("Other action")

SOURCES = {
    "screening": _l("Held by the screening"),
    "new_member": _l("First post of a new member"),
    "flags": _l("Flagged by residents"),
    "report": _l("Reported message"),
}
OTHER_SOURCE = _l("Other reason")

# For "Earlier decisions: approved (2)".
DECISIONS = {
    "approve": _l("approved"),
    "clarify": _l("asked to make it clearer"),
    "remove": _l("removed"),
    "advise": _l("advised to remove"),
    "dismiss": _l("no action needed"),
}
OTHER_DECISION = _l("other")

# What a log entry is about; a post by its kind (a care request is a request).
POST_KINDS = {kind.name: kind.label for kind in kinds.KINDS} | {"care": _l("care request")}
SUBJECTS = {
    "post": _l("post"),
    "message": _l("private message"),
    "comment": _l("comment"),
    "user": _l("account"),
}
OTHER_SUBJECT = _l("item")

# Notes the platform wrote itself (stored in English); a manager's own words stay as they are.
AUTHOR_EDIT_PASSED = "The author's edit passed the screening."
DELETED_WITH_CONSENT = "Deleted by their ambassador, with the neighbour's consent."
FLAG_COUNT = re.compile(r"(\d+) flags")
SUSPENDED_UNTIL = re.compile(r"(.*) \(until (\d{4}-\d{2}-\d{2})\)", re.DOTALL)


def action(code: str | None) -> str:
    """"queued:screening" → "Queued by the screening"."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    if code and code.startswith("queued:"):
        return str(QUEUED)
    return str(OTHER_ACTION)


def source(code: str | None) -> str:
    """Why a case is in the queue: "flags" → "Flagged by residents"."""
    return str(SOURCES.get(code, OTHER_SOURCE))


def decision(code: str | None) -> str:
    """A decision in a sentence: "approve" → "approved"."""
    return str(DECISIONS.get(code, OTHER_DECISION))


def post_kind(post) -> str:
    """A post's kind in a sentence: "help request", "care request", "event"."""
    if post.kind == "request" and getattr(post, "need", None) == "care":
        return str(POST_KINDS["care"])
    return str(POST_KINDS.get(post.kind, SUBJECTS["post"]))


def subject(target_type: str, target_id: int, target=None) -> str:
    """What an entry is about: "help request 64", "account of Kees", "word list".

    target is the post or user when it still exists (the log loads them), else None.
    """
    if target_type == "neighbourhood":
        return _("word list")
    if target_type == "user" and target is not None:
        return _("account of %(name)s", name=target.display_name)
    if target_type == "post" and target is not None:
        word = post_kind(target)
    else:
        word = str(SUBJECTS.get(target_type, OTHER_SUBJECT))
    return f"{word} {target_id}"


def entry(item) -> str:
    """One line of the log: "Removed · help request 64"."""
    return f"{action(item.action)} · " + subject(item.target_type, item.target_id,
                                                   getattr(item, "target", None))


def note(item) -> str:
    """The why of a log entry; the platform's own notes in the reader's language."""
    text = item.note or ""
    if item.actor_id is None and item.action == "clarified" and text == AUTHOR_EDIT_PASSED:
        return _("The author's edit passed the screening.")
    if item.action == "account_deleted" and text == DELETED_WITH_CONSENT:
        return _("Deleted by their ambassador, with the neighbour's consent.")
    if item.action == "hidden:flags" and (found := FLAG_COUNT.fullmatch(text)):
        count = int(found.group(1))
        return ngettext("%(num)d report", "%(num)d reports", count)
    if item.action == "suspend" and (found := SUSPENDED_UNTIL.fullmatch(text)):
        return _("%(reason)s (until %(day)s)", reason=found.group(1),
                 day=format_date(date.fromisoformat(found.group(2)), "long"))
    return text


def waiting(hours: int) -> str:
    """How long a case waits: "Waiting less than an hour", "Waiting for 3 hours"."""
    if hours < 1:
        return _("Waiting less than an hour")
    return ngettext("Waiting for %(num)d hour", "Waiting for %(num)d hours", hours)
