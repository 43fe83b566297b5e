"""Stories: the list, one story, telling one, changing it, and the managers' choice of
the story on the front page."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.core.media.models import Upload
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, topics
from buurt.posts.flagging import flag_from_form
from buurt.posts.views import post_or_404, warning_before_posting, withdraw_post
from buurt.stories import services as stories
from buurt.stories.forms import StoryForm
from buurt.stories.models import Story
from buurt.web import upload_forms
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import FlagForm, topic_choices

bp = Blueprint("stories", __name__, template_folder="templates")


@bp.route("/stories")
def index():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    page = stories.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                           older=request.args.get("older"), newer=request.args.get("newer"),
                           size=current_app.config["PAGE_SIZE"])
    args = {"neighbourhood": request.args["neighbourhood"]} \
        if request.args.get("neighbourhood") else {}
    return render_template("stories/list.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, args=args,
                           show_names=permissions.can_see_names(current_user))


@bp.route("/stories/<int:post_id>")
def detail(post_id):
    story = post_or_404(stories.get, post_id)
    is_author = current_user.is_authenticated and current_user.id == story.author_id
    case = (cases.open_case_for("post", story.id)
            if is_author and not story.is_published and not story.is_closed else None)
    return render_template(
        "stories/detail.html", story=story, is_author=is_author, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        can_edit=permissions.can_edit(current_user, story),
        is_manager=permissions.is_manager_of(current_user, story.neighbourhood_id),
        show_names=permissions.can_see_names(current_user), flag_form=FlagForm())


# --- telling and changing a story --------------------------------------------------------

def _form(**kwargs) -> StoryForm:
    form = StoryForm(**kwargs)
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("No topic"))
    form.media.description = upload_forms.file_hint(with_video=True)
    return form


def _media(form, story=None) -> tuple[Upload | None, bool]:
    """The story's upload after this try: (upload, whether a new file was refused)."""
    return upload_forms.accept_upload(form.media, form.kept_media,
                                      story.upload if story else None, current_user)


def _draft(form) -> Story:
    """The typed post as the screening reads it (warning_before_posting)."""
    return Story(title=form.title.data, body=form.body.data, owed_to=form.owed_to.data,
                 advice=form.advice.data)


def _fields(form, upload) -> dict:
    return dict(title=form.title.data, body=form.body.data, owed_to=form.owed_to.data,
                advice=form.advice.data,
                topic=topics.by_slug(form.topic.data) if form.topic.data else None,
                upload=upload)


def _render_form(form, story, warning, upload, status=200):
    return render_template("stories/form.html", form=form, story=story, warning=warning,
                           upload=upload, accept_media=upload_forms.ACCEPT_MEDIA), status


@bp.route("/stories/new", methods=["GET", "POST"])
@login_required
def new():
    form = _form()
    warning, upload = None, None
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = _media(form)
        if valid and not refused:
            warning = warning_before_posting(_draft(form))
            if warning is None:
                story = stories.create(current_user, **_fields(form, upload))
                db.session.commit()
                flash(_("Thank you! A community manager looks at it first. You can see why "
                        "on this page.") if story.is_pending
                      else _("Thank you for your story! It is online."), "success")
                return redirect(url_for("stories.detail", post_id=story.id))
    return _render_form(form, None, warning, upload)


@upload_forms.when_too_large("stories.new")
def _new_too_large(message):
    if not current_user.is_authenticated:
        return None
    form = _form(formdata=None)
    form.media.errors = [message]
    return render_template("stories/form.html", form=form, story=None, warning=None,
                           upload=None, accept_media=upload_forms.ACCEPT_MEDIA)


@bp.route("/stories/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id):
    story = post_or_404(stories.get, post_id, allowed=permissions.can_edit)
    form = _form(obj=story)
    if request.method == "GET":
        form.topic.data = story.topic.slug if story.topic else ""
        form.kept_media.data = story.upload.name if story.upload else ""
    warning, upload = None, story.upload
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = (story.upload, False) if story.is_thank_you else _media(form, story)
        if request.form.get("remove_media"):
            upload = None
        if valid and not refused:
            warning = warning_before_posting(_draft(form))
            if warning is None:
                try:
                    stories.update(story, **_fields(form, upload))
                except stories.StoryError as error:
                    db.session.rollback()
                    flash(str(error), "error")
                    return redirect(url_for("stories.detail", post_id=story.id))
                db.session.commit()
                flash(_("Your changes are saved.") if story.is_published else
                      _("Your changes are saved. A community manager looks at it first."),
                      "success")
                return redirect(url_for("stories.detail", post_id=story.id))
    return _render_form(form, story, warning, upload)


@upload_forms.when_too_large("stories.edit")
def _edit_too_large(message):
    story = stories.get(request.view_args.get("post_id", 0))
    if story is None or not permissions.can_edit(current_user, story):
        return None
    form = _form(formdata=None, obj=story)
    form.topic.data = story.topic.slug if story.topic else ""
    form.media.errors = [message]
    return render_template("stories/form.html", form=form, story=story, warning=None,
                           upload=story.upload, accept_media=upload_forms.ACCEPT_MEDIA)


# --- actions -----------------------------------------------------------------------------

@bp.route("/stories/<int:post_id>/withdraw", methods=["POST"])
@login_required
def withdraw(post_id):
    return withdraw_post(post_or_404(stories.get, post_id, allowed=permissions.can_withdraw),
                         stories.withdraw,
                         done=_("Your story is withdrawn. Nobody sees it any more."),
                         gone=url_for("stories.index"))


@bp.route("/stories/<int:post_id>/feature", methods=["POST"])
@login_required
def feature(post_id):
    story = post_or_404(stories.get, post_id, allowed=permissions.can_feature)
    stories.feature(story)
    db.session.commit()
    flash(_("This story is now on the front page."), "success")
    return redirect(url_for("stories.detail", post_id=post_id))


@bp.route("/stories/<int:post_id>/unfeature", methods=["POST"])
@login_required
def unfeature(post_id):
    story = post_or_404(stories.get, post_id, allowed=lambda user, story:
                        permissions.is_manager_of(user, story.neighbourhood_id))
    stories.unfeature(story)
    db.session.commit()
    flash(_("This story is no longer on the front page."), "success")
    return redirect(url_for("stories.detail", post_id=post_id))


@bp.route("/stories/<int:post_id>/flag", methods=["POST"])
@login_required
def flag(post_id):
    story = post_or_404(stories.get, post_id)
    return flag_from_form(story, back=url_for("stories.detail", post_id=post_id),
                          gone=url_for("stories.index"))
