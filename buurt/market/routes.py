"""Routes for requests and offers: lists, detail pages, new, edit and withdraw.

Both kinds share one set of views; each is registered under its own URL and endpoint
(`market.request_detail`, `market.offer_list`, ...).
"""
from functools import partial, wraps

from flask import Blueprint, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.care import services as care, visibility
from buurt.core.extensions import db
from buurt.market import posting, responses
from buurt.market.forms import OfferForm, RequestForm, RespondForm
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, topics
from buurt.posts import kinds, services as posts
from buurt.posts.flagging import flag_from_form
from buurt.posts.views import post_or_404, warning_before_posting, withdraw_post
from buurt.web.filters import chosen_neighbourhood, post_url
from buurt.web.forms import FlagForm, topic_choices

bp = Blueprint("market", __name__, template_folder="templates")

FORMS = {"request": RequestForm, "offer": OfferForm}
PATHS = {"request": "/requests", "offer": "/offers"}


def _form(kind, **kwargs):
    form = FORMS[kind](**kwargs)
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("Choose a topic"))
    return form


def _fields(kind, form) -> dict:
    fields = dict(title=form.title.data, body=form.body.data,
                  topic=topics.by_slug(form.topic.data))
    if kind == "request":
        fields.update(need=form.need.data, urgency=form.urgency.data,
                      needed_by=form.needed_by.data, for_whom=form.for_whom.data)
    return fields


def _draft(kind, form):
    """The typed post as the screening reads it (warning_before_posting)."""
    return kinds.model(kind)(title=form.title.data, body=form.body.data)


def get_or_404(kind, post_id, **checks):
    """The request or offer for the logged-in user (see post_or_404)."""
    return post_or_404(partial(posts.get, kind), post_id, **checks)


def list_posts(kind):
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    all_topics = topics.all_topics()
    topic = next((t for t in all_topics if t.slug == request.args.get("topic")), None)
    page = posts.feed(kind, neighbourhood_id=neighbourhood.id if neighbourhood else None,
                      topic=topic, older=request.args.get("older"),
                      newer=request.args.get("newer"), size=current_app.config["PAGE_SIZE"],
                      where=(visibility.listed_for_visitors(kinds.model(kind)),)
                      if kind == "request" and visibility.is_visitor(current_user) else ())
    return render_template("market/list.html", kind=kind, page=page, topics=all_topics,
                           topic=topic, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods)


def detail_page(kind, post, *, respond_form=None):
    """Render a post's page: for its author (or who acts as its author) with the
    responses, for others the reply."""
    is_author = permissions.can_act_as_author(current_user, post)
    own_response = None if is_author else responses.response_of(post, current_user)
    # The author always sees why a post is not (or no longer) online, and what to do.
    case = (cases.open_case_for("post", post.id)
            if is_author and not post.is_published and not post.is_closed else None)
    return render_template(
        "market/detail.html", kind=kind, post=post, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        flag_form=FlagForm(),
        show_names=permissions.can_see_names(current_user),
        can_edit=permissions.can_edit(current_user, post),
        own_post=current_user.is_authenticated and current_user.id == post.author_id,
        can_answer=is_author and permissions.can_answer_responses(current_user, post),
        post_responses=responses.responses_on([post]).get(post.id, []) if is_author else [],
        own_response=own_response,
        respond_form=respond_form or RespondForm(),
        occurrences=care.schedule(post) if kind == "request" and post.is_care else [],
        renewal=posting.renewal(post) if is_author and kind == "request" else None,
        can_respond=(current_user.is_authenticated and not is_author and own_response is None
                     and post.is_published))


def detail(kind, post_id):
    post = get_or_404(kind, post_id)
    if visibility.must_log_in(current_user, post):
        # As every page behind a log-in: to /login, and back here afterwards.
        return current_app.login_manager.unauthorized()
    return detail_page(kind, post)


def _saved_message(kind, post):
    if post.state == "pending":
        return _("Thank you! A community manager looks at it first. You can see why on "
                 "this page.")
    return (_("Thank you! Your request is online.") if kind == "request"
            else _("Thank you! Your offer is online."))


@login_required
def new(kind):
    form = _form(kind)
    warning = None
    if form.validate_on_submit():
        warning = warning_before_posting(_draft(kind, form))
        if warning is None:
            create = posting.create_request if kind == "request" else posting.create_offer
            post = create(current_user, **_fields(kind, form))
            db.session.commit()
            flash(_saved_message(kind, post), "success")
            return redirect(post_url(post))
    return render_template("market/form.html", kind=kind, form=form, post=None,
                           warning=warning)


@login_required
def edit(kind, post_id):
    post = get_or_404(kind, post_id, allowed=permissions.can_edit)
    form = _form(kind, obj=post)
    if request.method == "GET":
        form.topic.data = post.topic.slug if post.topic else ""
    warning = None
    if form.validate_on_submit():
        warning = warning_before_posting(_draft(kind, form), post.author)
        if warning is None:
            posts.update(post, **_fields(kind, form))
            db.session.commit()
            flash(_("Your changes are saved.") if post.is_published else
                  _("Your changes are saved. A community manager looks at it first."),
                  "success")
            return redirect(post_url(post))
    return render_template("market/form.html", kind=kind, form=form, post=post,
                           warning=warning)


@login_required
def flag(kind, post_id):
    post = get_or_404(kind, post_id)
    return flag_from_form(post, back=post_url(post), gone=url_for(f"market.{kind}_list"))


@login_required
def withdraw(kind, post_id):
    post = get_or_404(kind, post_id, allowed=permissions.can_withdraw)
    done = (_("Your request is withdrawn. Nobody sees it any more.") if kind == "request"
            else _("Your offer is withdrawn. Nobody sees it any more."))
    return withdraw_post(post, posts.withdraw, done=done, gone=url_for(f"market.{kind}_list"))


def for_kind(view, kind):
    """Bind a shared view to one kind, keeping its name (CSRF and url_map use it)."""
    @wraps(view)
    def bound(**kwargs):
        return view(kind, **kwargs)
    bound.__name__ = f"{view.__name__}_{kind}"
    return bound


for _kind, _path in PATHS.items():
    bp.add_url_rule(_path, f"{_kind}_list", for_kind(list_posts, _kind))
    bp.add_url_rule(f"{_path}/new", f"{_kind}_new", for_kind(new, _kind),
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{_path}/<int:post_id>", f"{_kind}_detail", for_kind(detail, _kind))
    bp.add_url_rule(f"{_path}/<int:post_id>/edit", f"{_kind}_edit", for_kind(edit, _kind),
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{_path}/<int:post_id>/flag", f"{_kind}_flag", for_kind(flag, _kind),
                    methods=["POST"])
    bp.add_url_rule(f"{_path}/<int:post_id>/withdraw", f"{_kind}_withdraw",
                    for_kind(withdraw, _kind), methods=["POST"])


# The response routes are added to bp there.
from buurt.market import response_views  # noqa: E402,F401
