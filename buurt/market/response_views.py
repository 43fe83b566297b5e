"""Routes for acting on a post: respond, renew, pause, and the responses on it; /mine.

They share the market blueprint (`bp` from routes.py) and its URL areas.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.care import services as care
from buurt.core.extensions import db
from buurt.market import posting, responses
from buurt.market.forms import FeedbackForm, RespondForm, ThanksForm
from buurt.market.routes import PATHS, bp, detail_page, for_kind, get_or_404
from buurt.people import access as permissions
from buurt.posts import services as posts
from buurt.web.filters import post_url
from buurt.web.safety import safe_next


@login_required
def respond(kind, post_id):
    post = get_or_404(kind, post_id)
    form = RespondForm()
    if form.validate_on_submit():
        try:
            response = responses.respond(post, current_user, form.message.data)
        except responses.ResponseError as error:
            # Refusals here are about the post (own, closed, answered already), not the
            # text, which the form checked: say so on the post's page.
            flash(str(error), "error")
            return redirect(post_url(post))
        else:
            db.session.commit()
            flash(_("Thank you! Your neighbour has your message.") if kind == "request" else
                  _("Your neighbour has your message."), "success")
            return redirect(url_for("messages.conversation",
                                    conversation_id=response.conversation.id))
    # Back to the post with the message and what was typed, so nothing is lost.
    return detail_page(kind, post, respond_form=form), 200


def _author_action(kind, post_id, action, done_message):
    post = get_or_404(kind, post_id, allowed=permissions.can_edit)
    try:
        action(post)
    except posts.PostError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done_message(), "success")
    return redirect(post_url(post))


@login_required
def renew(kind, post_id):
    return _author_action(kind, post_id, posting.renew,
                          lambda: _("Your request stays online for another month."))


@login_required
def pause(kind, post_id):
    return _author_action(kind, post_id, posting.pause,
                          lambda: _("Your offer is paused. Nobody sees it until you resume it."))


@login_required
def resume(kind, post_id):
    return _author_action(kind, post_id, posting.resume,
                          lambda: _("Your offer is online again."))


def _response_or_404(response_id):
    response = responses.get(response_id)
    if response is None:
        abort(404)
    if current_user.id not in (response.responder_id, response.post.author_id) \
            and not permissions.can_act_as_author(current_user, response.post):
        abort(404)   # not a party: it does not exist for them
    return response


def _back():
    """Back to the page the action was taken on (a post, My help), never off the site."""
    return redirect(safe_next(request.form.get("next"), url_for("market.mine")))


def _response_action(response_id, action, done_message):
    response = _response_or_404(response_id)
    try:
        result = action(response)
    except PermissionError:
        abort(403)
    except responses.ResponseError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done_message(result), "success")
    return _back()


@bp.route("/responses/<int:response_id>/accept", methods=["POST"])
@login_required
def accept_response(response_id):
    return _response_action(
        response_id, lambda r: responses.accept(r, current_user),
        lambda declined: _("You accepted the help. The others have been told kindly.")
        if declined else _("You accepted the help."))


@bp.route("/responses/<int:response_id>/decline", methods=["POST"])
@login_required
def decline_response(response_id):
    return _response_action(response_id, lambda r: responses.decline(r, current_user),
                            lambda _r: _("You said no, thank you. Your neighbour is told kindly."))


@bp.route("/responses/<int:response_id>/withdraw", methods=["POST"])
@login_required
def withdraw_response(response_id):
    return _response_action(response_id, lambda r: responses.withdraw(r, current_user),
                            lambda _r: _("You took back your reaction."))


@bp.route("/responses/<int:response_id>/done", methods=["POST"])
@login_required
def response_done(response_id):
    return _response_action(response_id, lambda r: responses.mark_done(r, current_user),
                            lambda _r: _("Marked as done. Would you like to say thank you?"))


@bp.route("/responses/<int:response_id>/thanks", methods=["POST"])
@login_required
def thank(response_id):
    form = ThanksForm()
    _response_or_404(response_id)   # strangers get 404 before anything is checked
    if not form.validate():
        flash(" ".join(map(str, form.body.errors)), "error")
        return _back()
    return _response_action(
        response_id, lambda r: responses.thank(r, current_user, form.body.data,
                                               share_publicly=form.share_publicly.data),
        lambda _r: _("Thank you for your thanks!"))


@bp.route("/responses/<int:response_id>/feedback", methods=["POST"])
@login_required
def feedback(response_id):
    form = FeedbackForm()
    if not form.validate():
        abort(400)
    return _response_action(
        response_id,
        lambda r: responses.give_feedback(r, current_user, form.worked_out.data == "yes"),
        lambda _r: _("Thank you for letting us know."))


@bp.route("/mine")
@login_required
def mine():
    own = posts.by_author(current_user)
    return render_template("market/mine.html", own=own,
                           responses_by_post=responses.responses_on(own),
                           promised=responses.promised_by(current_user),
                           care_signups=care.signups_of(current_user),
                           thanks=ThanksForm())


for _kind, _path in PATHS.items():
    bp.add_url_rule(f"{_path}/<int:post_id>/respond", f"{_kind}_respond",
                    for_kind(respond, _kind), methods=["POST"])
bp.add_url_rule("/requests/<int:post_id>/renew", "request_renew",
                for_kind(renew, "request"), methods=["POST"])
bp.add_url_rule("/offers/<int:post_id>/pause", "offer_pause",
                for_kind(pause, "offer"), methods=["POST"])
bp.add_url_rule("/offers/<int:post_id>/resume", "offer_resume",
                for_kind(resume, "offer"), methods=["POST"])
