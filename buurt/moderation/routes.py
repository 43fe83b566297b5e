"""Routes for the queue, one case and its decisions, the log, word lists, suspensions."""
from datetime import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.core.ids import parse_id
from buurt.moderation import (case_decisions, cases, labels as moderation_labels, managers, review,
                              suspensions, word_lists)
from buurt.moderation.forms import NoteForm, SuspendForm, WordForm
from buurt.moderation.models import CaseState, Decision, ModerationWord
from buurt.people.models import Neighbourhood, User

bp = Blueprint("moderation", __name__, template_folder="templates", url_prefix="/moderation")
# The codes of cases and the log in words: moderation_labels.action(entry.action), ...
bp.add_app_template_global(moderation_labels, "moderation_labels")


@bp.before_request
@login_required
def managers_only():
    """Managers of a neighbourhood and admins; everyone else gets 403."""
    if managers.managed_neighbourhood_ids(current_user) == set():
        abort(403)


def _case_or_404(case_id):
    case = review.get_case(case_id)
    if case is None:
        abort(404)
    if not managers.can_decide(current_user, case):
        abort(403)
    return case


@bp.route("")
def queue():
    state = request.args.get("state", CaseState.OPEN)
    if state not in (CaseState.OPEN, CaseState.WAITING):
        state = CaseState.OPEN
    page = review.queue(current_user, older=request.args.get("older"), state=state,
                        size=current_app.config["PAGE_SIZE"])
    return render_template("moderation/queue.html", page=page, state=state,
                           warning_hours=_warning_hours())


def _warning_hours() -> int:
    neighbourhood = db.session.get(Neighbourhood, current_user.neighbourhood_id)
    return settings.get(neighbourhood, "queue_warning_hours")


@bp.route("/<int:case_id>")
def case(case_id):
    return render_template("moderation/case.html", case=_case_or_404(case_id),
                           form=NoteForm(), suspend_form=SuspendForm(),
                           warning_hours=_warning_hours())


def _decide(case_id, decision):
    case = _case_or_404(case_id)
    form = NoteForm()
    note = form.message.data if decision != Decision.REMOVE else form.reason.data
    if not form.validate():
        flash(" ".join(map(str, form.message.errors + form.reason.errors)), "error")
        return redirect(url_for("moderation.case", case_id=case.id))
    try:
        case_decisions.decide(case, current_user, decision, note)
    except cases.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("moderation.case", case_id=case_id))
    db.session.commit()
    flash({Decision.APPROVE: _("Approved. It is online."),
           Decision.CLARIFY: _("Your question is sent to the author."),
           Decision.REMOVE: _("Removed. The author sees your reason."),
           Decision.ADVISE: _("Your advice is sent to the author.")}[decision], "success")
    return redirect(url_for("moderation.queue"))


def _decision_view(decision):
    def view(case_id):
        return _decide(case_id, decision)
    view.__name__ = f"decide_{decision}"
    return view


for _decision in Decision.ALL:
    bp.add_url_rule(f"/<int:case_id>/{_decision}", _decision, _decision_view(_decision),
                    methods=["POST"])


@bp.route("/<int:case_id>/claim", methods=["POST"])
def claim(case_id):
    case = _case_or_404(case_id)
    try:
        cases.claim(case, current_user)
    except cases.ModerationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("This is yours now. Other managers see that you handle it."), "success")
    return redirect(url_for("moderation.case", case_id=case_id))


@bp.route("/log")
def log():
    page = review.log_page(current_user, older=request.args.get("older"))
    return render_template("moderation/log.html", page=page)


def _managed_neighbourhood():
    neighbourhood = db.session.get(Neighbourhood, current_user.neighbourhood_id)
    if not managers.can_moderate(current_user, neighbourhood.id):
        abort(403)
    return neighbourhood


@bp.route("/words", methods=["GET", "POST"])
def words():
    neighbourhood = _managed_neighbourhood()
    form = WordForm()
    if form.validate_on_submit():
        try:
            word_lists.add_word(neighbourhood, current_user, form.word.data, form.kind.data)
        except cases.ModerationError as error:
            form.word.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Added to the list."), "success")
            return redirect(url_for("moderation.words"))
    entries = db.session.scalars(db.select(ModerationWord).filter_by(
        neighbourhood_id=neighbourhood.id).order_by(ModerationWord.kind,
                                                    ModerationWord.word)).all()
    return render_template("moderation/words.html", form=form, entries=entries,
                           neighbourhood=neighbourhood)


@bp.route("/words/<int:word_id>/remove", methods=["POST"])
def remove_word(word_id):
    word = db.get_or_404(ModerationWord, word_id)
    if not managers.can_moderate(current_user, word.neighbourhood_id):
        abort(403)
    word_lists.remove_word(word, current_user)
    db.session.commit()
    flash(_("Removed from the list."), "success")
    return redirect(url_for("moderation.words"))


def _resident_or_404(user_id):
    user = db.get_or_404(User, user_id)
    if user.is_deleted:
        abort(404)   # a deleted account is nobody to suspend, and nothing of it comes back
    if not managers.can_moderate(current_user, user.neighbourhood_id) \
            or user.id == current_user.id:
        abort(403)
    return user


@bp.route("/residents/<int:user_id>/suspend", methods=["POST"])
def suspend(user_id):
    user = _resident_or_404(user_id)
    form = SuspendForm()
    back = parse_id(request.form.get("case_id"))
    target = url_for("moderation.case", case_id=back) if back else url_for("moderation.queue")
    if not form.validate():
        flash(" ".join(map(str, form.until.errors + form.reason.errors)), "error")
        return redirect(target)
    # The suspension lasts to the end of the chosen (Dutch) day.
    until = clock.from_local(form.until.data, time(23, 59))
    try:
        suspensions.suspend(user, current_user, until=until, reason=form.reason.data)
    except cases.ModerationError as error:
        flash(str(error), "error")
        return redirect(target)
    db.session.commit()
    flash(_("%(name)s is suspended. Their posts are hidden until then.",
            name=user.display_name), "success")
    return redirect(target)


@bp.route("/residents/<int:user_id>/unsuspend", methods=["POST"])
def unsuspend(user_id):
    user = _resident_or_404(user_id)
    suspensions.lift_suspension(user, current_user)
    db.session.commit()
    flash(_("The suspension of %(name)s is lifted.", name=user.display_name), "success")
    return redirect(url_for("moderation.queue"))
