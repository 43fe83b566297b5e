"""Ideas: the list, one idea with its support and comments, new and edit, a manager's
status, and reporting an idea or a comment."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.ideas import services as ideas
from buurt.ideas.forms import STATUS_LABELS, CommentForm, IdeaForm, StatusForm
from buurt.ideas.models import Idea, IdeaStatus
from buurt.info import places
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, topics
from buurt.people.models import Role
from buurt.posts import services as posts
from buurt.posts.flagging import flag_from_form, report_from_form
from buurt.posts.views import post_or_404, warning_before_posting, withdraw_post
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import FlagForm, choices, put_on_form, topic_choices

bp = Blueprint("ideas", __name__, template_folder="templates")

@bp.route("/ideas")
def idea_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    all_topics = topics.all_topics()
    topic = next((t for t in all_topics if t.slug == request.args.get("topic")), None)
    sort = request.args.get("sort") if request.args.get("sort") in ideas.SORTS else "support"
    status = request.args.get("status") if request.args.get("status") in IdeaStatus.ALL \
        else None
    page = ideas.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                         topic=topic, status=status, sort=sort,
                         after=request.args.get("after"), before=request.args.get("before"),
                         size=current_app.config["PAGE_SIZE"])
    args = {key: request.args[key] for key in ("neighbourhood", "topic", "status", "sort")
            if request.args.get(key)}
    return render_template("ideas/list.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, topics=all_topics, topic=topic,
                           sort=sort, status=status, statuses=STATUS_LABELS, args=args,
                           supported=ideas.supported(current_user, page.items))


def _may_manage(neighbourhood_id) -> bool:
    """Managers of the neighbourhood and admins (residents are not asked the database)."""
    return (current_user.is_authenticated and current_user.role in (Role.MANAGER, Role.ADMIN)
            and permissions.is_manager_of(current_user, neighbourhood_id))


def _detail(idea, *, comment_form=None, status_form=None, status=200):
    is_author = current_user.is_authenticated and current_user.id == idea.author_id
    case = (cases.open_case_for("post", idea.id)
            if is_author and not idea.is_published and not idea.is_closed else None)
    can_manage = _may_manage(idea.neighbourhood_id)
    if status_form is None and can_manage:
        status_form = StatusForm(status=idea.status)
    return render_template(
        "ideas/detail.html", idea=idea, is_author=is_author, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        show_names=permissions.can_see_names(current_user),
        can_edit=permissions.can_edit(current_user, idea),
        supports=bool(ideas.supported(current_user, [idea])),
        can_support=(current_user.is_authenticated and not is_author and idea.is_published
                     and current_user.neighbourhood_id == idea.neighbourhood_id),
        threshold=ideas.threshold(idea.neighbourhood), statuses=STATUS_LABELS,
        comments=ideas.comments_on(idea, current_user, after=request.args.get("after")),
        comment_form=comment_form or CommentForm(), flag_form=FlagForm(),
        status_form=status_form if can_manage else None,
        rounds=decisions.rounds_with(idea)), status


@bp.route("/ideas/<int:post_id>")
def idea_detail(post_id):
    return _detail(post_or_404(ideas.get, post_id))


# --- new and edit ------------------------------------------------------------------------

def _form(neighbourhood_id, **kwargs) -> IdeaForm:
    form = IdeaForm(**kwargs)
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("Choose a topic"))
    form.place.choices = choices(
        [("", _("Not at one of these places"))]
        + [(str(p.id), p.name) for p in places.choices_for(neighbourhood_id)])
    return form


def _draft(form) -> Idea:
    """The typed post as the screening reads it (warning_before_posting)."""
    return Idea(title=form.title.data, body=form.body.data)


def _fields(form) -> dict:
    return dict(title=form.title.data, body=form.body.data,
                topic=topics.by_slug(form.topic.data), place_id=form.place.data or None,
                estimated_cost=form.estimated_cost.data)


@bp.route("/ideas/new", methods=["GET", "POST"])
@login_required
def idea_new():
    form = _form(current_user.neighbourhood_id)
    warning = None
    if form.validate_on_submit():
        warning = warning_before_posting(_draft(form))
        if warning is None:
            try:
                idea = ideas.create_idea(current_user, **_fields(form))
            except ideas.IdeaError as error:
                db.session.rollback()
                put_on_form(form, error, fallback=form.title)
            else:
                db.session.commit()
                flash(_("Thank you! A community manager looks at it first. You can see why "
                        "on this page.") if idea.is_pending
                      else _("Thank you! Your idea is online. Neighbours can support it now."),
                      "success")
                return redirect(url_for("ideas.idea_detail", post_id=idea.id))
    return render_template("ideas/form.html", form=form, idea=None, warning=warning)


@bp.route("/ideas/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def idea_edit(post_id):
    idea = post_or_404(ideas.get, post_id, allowed=permissions.can_edit)
    form = _form(idea.neighbourhood_id, obj=idea)
    if request.method == "GET":
        form.topic.data = idea.topic.slug if idea.topic else ""
        form.place.data = str(idea.place_id) if idea.place_id else ""
    warning = None
    if form.validate_on_submit():
        warning = warning_before_posting(_draft(form))
        if warning is None:
            try:
                ideas.update_idea(idea, **_fields(form))
            except ideas.IdeaError as error:
                db.session.rollback()
                put_on_form(form, error, fallback=form.title)
            else:
                db.session.commit()
                flash(_("Your changes are saved.") if idea.is_published else
                      _("Your changes are saved. A community manager looks at it first."),
                      "success")
                return redirect(url_for("ideas.idea_detail", post_id=idea.id))
    return render_template("ideas/form.html", form=form, idea=idea, warning=warning)


# --- acting on an idea -------------------------------------------------------------------

def _act(action, success: str) -> None:
    try:
        action()
    except ideas.IdeaError as error:
        db.session.rollback()
        flash(str(error), "error")
        return
    db.session.commit()
    flash(success, "success")


@bp.route("/ideas/<int:post_id>/support", methods=["POST"])
@login_required
def idea_support(post_id):
    idea = post_or_404(ideas.get, post_id)
    _act(lambda: ideas.support(idea, current_user),
         _("Thank you for your support! You can take it back on this page."))
    return redirect(url_for("ideas.idea_detail", post_id=post_id))


@bp.route("/ideas/<int:post_id>/support/withdraw", methods=["POST"])
@login_required
def idea_support_withdraw(post_id):
    idea = post_or_404(ideas.get, post_id)
    _act(lambda: ideas.withdraw_support(idea, current_user), _("Your support is taken back."))
    return redirect(url_for("ideas.idea_detail", post_id=post_id))


@bp.route("/ideas/<int:post_id>/status", methods=["POST"])
@login_required
def idea_status(post_id):
    idea = post_or_404(ideas.get, post_id)
    if not _may_manage(idea.neighbourhood_id):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        return _detail(idea, status_form=form)
    try:
        ideas.set_status(idea, current_user, form.status.data, form.note.data)
    except ideas.IdeaError as error:
        db.session.rollback()
        put_on_form(form, error, fallback=form.note)
        return _detail(idea, status_form=form)
    db.session.commit()
    flash(_("The status is saved. The neighbour who had the idea hears it."), "success")
    return redirect(url_for("ideas.idea_detail", post_id=post_id))


@bp.route("/ideas/<int:post_id>/comments", methods=["POST"])
@login_required
def idea_comment(post_id):
    idea = post_or_404(ideas.get, post_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _detail(idea, comment_form=form)
    try:
        comment = ideas.add_comment(idea, current_user, form.body.data)
    except ideas.IdeaError as error:
        db.session.rollback()
        form.body.errors = [str(error)]
        return _detail(idea, comment_form=form)
    db.session.commit()
    flash(_("Your comment is waiting for a community manager. Only you can see it for now.")
          if comment.is_pending else _("Thank you for your comment."), "success")
    return redirect(url_for("ideas.idea_detail", post_id=post_id) + "#comments")


@bp.route("/ideas/<int:post_id>/withdraw", methods=["POST"])
@login_required
def idea_withdraw(post_id):
    return withdraw_post(post_or_404(ideas.get, post_id, allowed=permissions.can_withdraw),
                         posts.withdraw,
                         done=_("Your idea is withdrawn. Nobody sees it any more."),
                         gone=url_for("ideas.idea_list"))


@bp.route("/ideas/<int:post_id>/flag", methods=["POST"])
@login_required
def idea_flag(post_id):
    idea = post_or_404(ideas.get, post_id)
    return flag_from_form(idea, back=url_for("ideas.idea_detail", post_id=post_id),
                          gone=url_for("ideas.idea_list"))


@bp.route("/comments/<int:comment_id>/flag", methods=["POST"])
@login_required
def comment_flag(comment_id):
    comment = ideas.get_comment(comment_id)
    if (comment is None or not comment.is_published
            or not permissions.can_view(current_user, comment.post)):
        abort(404)
    return report_from_form(
        lambda reason, note: ideas.flag_comment(comment, current_user, reason, note),
        ideas.IdeaError, back=url_for("ideas.idea_detail", post_id=comment.post_id) + "#comments")
