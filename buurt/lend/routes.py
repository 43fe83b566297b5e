"""Lending: the items, one item with when it is free and its loans, new and edit, asking
to borrow, the owner's answers, the return, pausing, and "My lending"."""
from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.core import clock
from buurt.core.extensions import db
from buurt.lend import items, loans as lend_loans
from buurt.lend.forms import CONDITION_LABELS, BorrowForm, DeclineForm, ItemForm
from buurt.lend.models import Item
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, topics
from buurt.posts.flagging import flag_from_form
from buurt.posts.views import post_or_404, warning_before_posting
from buurt.web import upload_forms
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import FlagForm, put_on_form, topic_choices
from buurt.web.safety import safe_next

bp = Blueprint("lend", __name__, template_folder="templates")


@bp.route("/lend")
def item_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    all_topics = topics.all_topics()
    topic = next((t for t in all_topics if t.slug == request.args.get("topic")), None)
    page = items.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                         topic=topic, after=request.args.get("after"),
                         before=request.args.get("before"),
                         size=current_app.config["PAGE_SIZE"])
    args = {key: request.args[key] for key in ("neighbourhood", "topic")
            if request.args.get(key)}
    return render_template("lend/list.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, topics=all_topics, topic=topic,
                           args=args, lent_out=lend_loans.lent_out_today(page.items),
                           conditions=CONDITION_LABELS)


def _may_see(user, item) -> bool:
    """A borrower keeps seeing an item they asked for, also while it is paused."""
    return permissions.can_view(user, item) or lend_loans.has_borrowed(item, user)


_item_or_404 = partial(post_or_404, items.get_item, visible=_may_see)


def _detail(item, *, borrow_form=None, borrow_error=None, status=200):
    is_author = current_user.is_authenticated and current_user.id == item.author_id
    case = (cases.open_case_for("post", item.id)
            if is_author and not item.is_published and not item.is_closed else None)
    loans = lend_loans.loans_of(item)
    mine = [loan for loan in loans
            if current_user.is_authenticated and loan.borrower_id == current_user.id]
    return render_template(
        "lend/detail.html", item=item, is_author=is_author, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        show_names=permissions.can_see_names(current_user),
        can_edit=permissions.can_edit(current_user, item), conditions=CONDITION_LABELS,
        availability=lend_loans.availability(item, loans), today=clock.today(),
        # The history is for the owner and for neighbours who asked for this item.
        history=loans if is_author or mine else [], mine=mine,
        requests=[loan for loan in loans if loan.is_requested] if is_author else [],
        agreed=[loan for loan in loans if loan.is_agreed] if is_author else [],
        borrow_form=borrow_form or BorrowForm(), borrow_error=borrow_error,
        decline_form=DeclineForm(),
        flag_form=FlagForm(),
        can_borrow=(current_user.is_authenticated and not is_author and item.is_published)
    ), status


@bp.route("/lend/<int:post_id>")
def item_detail(post_id):
    return _detail(_item_or_404(post_id))


# --- new and edit ------------------------------------------------------------------------

def _form(**kwargs) -> ItemForm:
    form = ItemForm(**kwargs)
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("Choose a topic"))
    form.photo.description = upload_forms.file_hint(with_video=False)
    return form


def _render_form(form, item, warning, upload):
    return render_template("lend/form.html", form=form, item=item, warning=warning,
                           upload=upload, remove_photo=bool(request.form.get("remove_photo")))


def _draft(form) -> Item:
    """The typed post as the screening reads it (warning_before_posting)."""
    return Item(title=form.title.data, body=form.body.data,
                pickup_times=form.pickup_times.data)


def _fields(form) -> dict:
    return dict(title=form.title.data, body=form.body.data,
                topic=topics.by_slug(form.topic.data), condition=form.condition.data,
                deposit=form.deposit.data, pickup_times=form.pickup_times.data)


@bp.route("/lend/new", methods=["GET", "POST"])
@login_required
def item_new():
    form = _form()
    warning, upload = None, None
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(form, None, current_user, editing=False)
    if request.method == "POST" and valid and not refused:
        warning = warning_before_posting(_draft(form))
        if warning is None:
            try:
                item = items.create_item(current_user, upload=upload, **_fields(form))
            except lend_loans.LoanError as error:
                db.session.rollback()
                put_on_form(form, error, fallback=form.title)
            else:
                db.session.commit()
                flash(_("Thank you! A community manager looks at it first. You can see why "
                        "on this page.") if item.is_pending
                      else _("Thank you! Neighbours can ask to borrow it now."), "success")
                return redirect(url_for("lend.item_detail", post_id=item.id))
    return _render_form(form, None, warning, upload)


@upload_forms.when_too_large("lend.item_new")
def _new_too_large(message):
    if not current_user.is_authenticated:
        return None
    form = _form(formdata=None)
    form.photo.errors = [message]
    return render_template("lend/form.html", form=form, item=None, warning=None, upload=None)


@bp.route("/lend/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(post_id):
    item = _item_or_404(post_id, allowed=permissions.can_edit)
    form = _form(obj=item)
    if request.method == "GET":
        form.topic.data = item.topic.slug if item.topic else ""
    warning, upload = None, item.upload
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(
            form, item.upload, current_user, editing=True)
    if request.method == "POST" and valid and not refused:
        warning = warning_before_posting(_draft(form))
        if warning is None:
            try:
                items.update_item(item, upload=upload, **_fields(form))
            except lend_loans.LoanError as error:
                db.session.rollback()
                put_on_form(form, error, fallback=form.title)
            else:
                db.session.commit()
                flash(_("Your changes are saved.") if item.is_published or item.is_paused
                      else _("Your changes are saved. A community manager looks at it "
                             "first."), "success")
                return redirect(url_for("lend.item_detail", post_id=item.id))
    return _render_form(form, item, warning, upload)


@upload_forms.when_too_large("lend.item_edit")
def _edit_too_large(message):
    item = items.get_item(request.view_args.get("post_id", 0))
    if item is None or not permissions.can_edit(current_user, item):
        return None
    form = _form(formdata=None, obj=item)
    form.topic.data = item.topic.slug if item.topic else ""
    form.photo.errors = [message]
    return render_template("lend/form.html", form=form, item=item, warning=None,
                           upload=item.upload)


# --- borrowing ---------------------------------------------------------------------------

@bp.route("/lend/<int:post_id>/borrow", methods=["POST"])
@login_required
def borrow(post_id):
    item = _item_or_404(post_id)
    form = BorrowForm()
    if form.validate_on_submit():
        try:
            lend_loans.request_loan(item, current_user, starts_on=form.starts_on.data,
                                    ends_on=form.ends_on.data, message=form.message.data)
        except lend_loans.LoanError as error:
            db.session.rollback()
            field = {"from": form.starts_on, "to": form.ends_on}.get(error.field)
            if field is None:
                return _detail(item, borrow_form=form, borrow_error=str(error))
            field.errors = list(field.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Your request is sent. The owner says yes or no, and you hear it."),
                  "success")
            return redirect(url_for("lend.item_detail", post_id=post_id))
    # The page again, with the message and what was typed.
    return _detail(item, borrow_form=form)


def _loan_or_404(loan_id):
    loan = lend_loans.get_loan(loan_id)
    if loan is None or current_user.id not in (loan.borrower_id, loan.item.author_id):
        abort(404)   # not a party: it does not exist for them
    return loan


def _loan_action(loan_id, action, success):
    loan = _loan_or_404(loan_id)
    try:
        action(loan)
    except PermissionError:
        abort(403)
    except lend_loans.LoanError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("lend.item_detail", post_id=loan.item_id)))


@bp.route("/loans/<int:loan_id>/agree", methods=["POST"])
@login_required
def loan_agree(loan_id):
    return _loan_action(loan_id, lambda loan: lend_loans.agree(loan, current_user),
                        _("You said yes. Your neighbour hears it."))


@bp.route("/loans/<int:loan_id>/decline", methods=["POST"])
@login_required
def loan_decline(loan_id):
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.answer.errors)), "error")
        loan = _loan_or_404(loan_id)
        return redirect(url_for("lend.item_detail", post_id=loan.item_id))
    return _loan_action(loan_id, lambda loan: lend_loans.decline(loan, current_user,
                                                                 form.answer.data),
                        _("You said no. Your neighbour hears it kindly."))


@bp.route("/loans/<int:loan_id>/cancel", methods=["POST"])
@login_required
def loan_cancel(loan_id):
    return _loan_action(loan_id, lambda loan: lend_loans.cancel(loan, current_user),
                        _("The loan is cancelled. The other side hears it."))


@bp.route("/loans/<int:loan_id>/return", methods=["POST"])
@login_required
def loan_return(loan_id):
    return _loan_action(loan_id, lambda loan: lend_loans.confirm_return(loan, current_user),
                        _("Thank you! The item is back, and free for the next neighbour."))


# --- the owner's actions -----------------------------------------------------------------

def _owner_action(post_id, action, success):
    item = _item_or_404(post_id, allowed=permissions.can_edit)
    try:
        action(item)
    except lend_loans.LoanError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("lend.item_detail", post_id=post_id) if not item.is_closed
                    else url_for("lend.item_list"))


@bp.route("/lend/<int:post_id>/pause", methods=["POST"])
@login_required
def item_pause(post_id):
    return _owner_action(post_id, items.pause,
                         _("Your item is paused. Nobody can ask for it until you put it "
                           "online again."))


@bp.route("/lend/<int:post_id>/resume", methods=["POST"])
@login_required
def item_resume(post_id):
    return _owner_action(post_id, items.resume, _("Your item is online again."))


@bp.route("/lend/<int:post_id>/withdraw", methods=["POST"])
@login_required
def item_withdraw(post_id):
    return _owner_action(post_id, items.withdraw,
                         _("Your item is withdrawn. Nobody sees it any more."))


@bp.route("/lend/<int:post_id>/flag", methods=["POST"])
@login_required
def item_flag(post_id):
    item = _item_or_404(post_id)
    return flag_from_form(item, back=url_for("lend.item_detail", post_id=post_id),
                          gone=url_for("lend.item_list"))


@bp.route("/lend/mine")
@login_required
def mine():
    own = items.owned_by(current_user)
    return render_template("lend/mine.html", own=own,
                           open_loans=lend_loans.open_loans_of_items(own),
                           borrowed=lend_loans.borrowed_by(current_user), today=clock.today())
