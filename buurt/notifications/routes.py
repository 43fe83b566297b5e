"""Routes for the notification list and the e-mail preference."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from buurt.core.extensions import db
from buurt.notifications import notify
from buurt.notifications.models import EmailFrequency
from buurt.web.forms import RadioChoiceField, choices

bp = Blueprint("notifications", __name__, template_folder="templates")


class FrequencyForm(FlaskForm):
    email_frequency = RadioChoiceField(_l("How often do you want an e-mail from us?"),
                                       choices=choices([
        (EmailFrequency.IMMEDIATELY, _l("Right away, for everything")),
        (EmailFrequency.DAILY, _l("At most once a day, with everything in one e-mail")),
        (EmailFrequency.WEEKLY, _l("Once a week, with everything in one e-mail")),
        (EmailFrequency.NEVER, _l("Never: I look on the website myself")),
    ]), validators=[InputRequired(message=_l("Choose one."))])


@bp.route("/notifications")
@login_required
def index():
    page = notify.page_for(current_user, older=request.args.get("older"),
                           newer=request.args.get("newer"),
                           size=current_app.config["PAGE_SIZE"])
    unread_ids = {n.id for n in page.items if n.read_at is None}
    # A reminder offers to renew its request while renewing still makes sense.
    renewable = notify.renewable(
        [n.post for n in page.items if n.kind == notify.Kind.EXPIRY_REMINDER and n.post])
    html = render_template("notifications/index.html", page=page, unread_ids=unread_ids,
                           renewable=renewable)
    # Seeing a notification is reading it: the one write this page makes, after rendering
    # (a commit expires what the page shows, and reloading it would cost a query each).
    notify.mark_read(current_user, page.items)
    db.session.commit()
    return html


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = FrequencyForm(obj=current_user)
    if form.validate_on_submit():
        notify.set_frequency(current_user, form.email_frequency.data)
        db.session.commit()
        flash(_("Saved. You hear from us as you chose."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)
