"""Routes for the conversation list, one conversation, replying and reporting."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, \
    url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.messages import conversations
from buurt.messages.forms import ReplyForm
from buurt.posts.flagging import report_from_form
from buurt.web.forms import FlagForm

bp = Blueprint("messages", __name__, template_folder="templates")


@bp.route("/messages")
@login_required
def inbox():
    page = conversations.overview(current_user, older=request.args.get("older"),
                                  newer=request.args.get("newer"),
                                  size=current_app.config["PAGE_SIZE"])
    return render_template("messages/inbox.html", page=page)


def _conversation_or_404(conversation_id):
    conversation = conversations.get_for(current_user, conversation_id)
    if conversation is None:
        abort(404)   # not a participant: for them it does not exist
    return conversation


def _page(conversation, form, status=200):
    html = render_template("messages/conversation.html", conversation=conversation,
                           messages=conversations.messages_of(conversation),
                           other=conversation.other(current_user), form=form,
                           can_reply=conversations.can_reply(conversation, current_user),
                           flag_form_data=FlagForm())
    # Read receipts are the one write a page view makes, after rendering (a commit
    # expires what the page shows): the reader has now seen these messages.
    conversations.mark_read(conversation, current_user)
    db.session.commit()
    return html, status


@bp.route("/conversations/<int:conversation_id>", methods=["GET", "POST"])
@login_required
def conversation(conversation_id):
    conversation = _conversation_or_404(conversation_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            conversations.reply(conversation, current_user, form.body.data)
        except conversations.ConversationError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("messages.conversation", conversation_id=conversation.id,
                                    _anchor="latest"))
    return _page(conversation, form)


@bp.route("/messages/<int:message_id>/flag", methods=["POST"])
@login_required
def flag(message_id):
    message = conversations.message_for_participant(current_user, message_id)
    if message is None:
        abort(404)
    return report_from_form(
        lambda reason, note: conversations.report(message, current_user, reason, note),
        conversations.ConversationError,
        back=url_for("messages.conversation", conversation_id=message.conversation_id),
        done=_("Thank you. A community manager will look at this message."))
