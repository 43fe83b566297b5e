"""The POST behind the report button: of every kind of post, a comment and a message."""
from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from buurt.core.extensions import db
from buurt.moderation import cases, flags
from buurt.web.forms import FlagForm


def report_done() -> str:
    return _("Thank you. A community manager will look at it, and we tell you what they "
             "decide.")


def report_from_form(flag, refused, *, back: str, gone=None, done=None):
    """File the submitted report with `flag(reason, note)` and send the resident on.

    `refused`: the service's error for a report it turns down (its message is shown);
    `back`: the page the report was made on; `gone()`, when given, where to go once it is
    filed; `done`: the thanks (report_done by default).
    """
    form = FlagForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Choose a reason from the list."),
              "error")
        return redirect(back)
    try:
        flag(form.reason.data, form.note.data)
    except refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(done or report_done(), "success")
    return redirect(gone() if gone else back)


def flag_from_form(post, *, back: str, gone: str):
    """Report `post` with the submitted reason and send the resident on.

    `back` is the post's page; `gone` the list to go to when the report took the post
    offline (it reached the flag threshold).
    """
    return report_from_form(
        lambda reason, note: flags.flag_post(post, current_user, reason, note),
        cases.ModerationError, back=back,
        gone=lambda: back if post.is_published else gone)
