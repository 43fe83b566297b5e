"""What the pages of every kind of post share, so each blueprint keeps only its own rules."""
from flask import abort, flash, redirect, request
from flask_login import current_user

from buurt.core.extensions import db
from buurt.moderation import services as moderation
from buurt.people import access


def post_or_404(get, post_id, *, visible=access.can_view, allowed=None):
    """The post `get(post_id)` loads, for the logged-in user, or the request ends there.

    404 when there is none, or when `visible(user, post)` says no: a post someone may not
    see does not exist for them (None: everyone sees it, as a place or a round). 403 when
    they see it but `allowed(user, post)` refuses what they came to do (edit, withdraw, …).
    The loader is the area's own, so each page keeps the data it loads with the post.
    """
    post = get(post_id)
    if post is None or (visible is not None and not visible(current_user, post)):
        abort(404)
    if allowed is not None and not allowed(current_user, post):
        abort(403)
    return post


def withdraw_post(post, withdraw, *, done: str, gone: str):
    """Take the post offline with the area's `withdraw`, thank the author with `done`, and
    go to `gone` (its list): nobody sees the post any more."""
    withdraw(post)
    db.session.commit()
    flash(done, "success")
    return redirect(gone)


def warning_before_posting(draft, author=None):
    """The screening's verdict on the typed text in words, or None: nothing found, or the
    author chose to post it anyway ("confirmed"). Many people rephrase when told before
    posting; the choice stays theirs.

    `draft` is an unsaved post of the kind, made from the form and never added: its
    text_for_screening is what the screening reads once it is posted. `author`: whose post
    it is, when someone else changes it (the current user otherwise).
    """
    if request.form.get("confirmed"):
        return None
    verdict = moderation.check_text(title=draft.title, body=draft.text_for_screening,
                                    kind=draft.kind, author=author or current_user)
    if verdict.label == "ok":
        return None
    return moderation.explain(moderation.reason_list(verdict))
