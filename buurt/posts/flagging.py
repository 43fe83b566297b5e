"""The POST behind the report button of every kind of post."""
from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from buurt.core.extensions import db
from buurt.moderation import cases, flags
from buurt.web.forms import FlagForm


def report_done() -> str:
    return _("Thank you. A community manager will look at it, and we tell you what they "
             "decide.")


def flag_from_form(post, *, back: str, gone: str):
    """Report `post` with the submitted reason and send the resident on.

    `back` is the post's page; `gone` the list to go to when the report took the post
    offline (it reached the flag threshold).
    """
    form = FlagForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Choose a reason from the list."),
              "error")
        return redirect(back)
    try:
        flags.flag_post(post, current_user, form.reason.data, form.note.data)
    except cases.ModerationError as error:
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(report_done(), "success")
    return redirect(back if post.is_published else gone)
