"""Initiatives: the list, one initiative, proposing, editing, approving, who runs it."""
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.info import initiatives
from buurt.info.forms import DeclineForm, InitiativeForm, RunnerForm
from buurt.info.routes import act, bp, chosen_topic, cursors, filter_args, page_size
from buurt.people import access as permissions, topics
from buurt.people.models import User
from buurt.posts.views import post_or_404
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import choices, topic_choices

TEXT_FIELDS = ("name", "description", "contact", "opening_hours")


@bp.route("/initiatives")
def initiative_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    topic, all_topics = chosen_topic()
    page = initiatives.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                               topic=topic, size=page_size(), **cursors())
    return render_template("info/initiatives.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, topic=topic, topics=all_topics,
                           waiting=initiatives.waiting_for(current_user),
                           args=filter_args(neighbourhood, topic))


_initiative_or_404 = partial(post_or_404, initiatives.get,
                             visible=permissions.can_view_initiative)


def _runner_form(initiative) -> RunnerForm:
    form = RunnerForm(prefix="runner")
    form.user.choices = choices(
        [("", _("Choose a neighbour"))]
        + [(str(u.id), u.display_name) for u in initiatives.runner_candidates(initiative)])
    return form


def _detail(initiative, *, decline_form=None, runner_form=None, status=200):
    can_edit = permissions.can_edit_initiative(current_user, initiative)
    return render_template(
        "info/initiative.html", initiative=initiative, can_edit=can_edit,
        can_decide=(initiative.is_proposed
                    and permissions.can_decide_initiative(current_user, initiative)),
        show_names=permissions.can_see_names(current_user),
        decline_form=decline_form or DeclineForm(prefix="decline"),
        runner_form=runner_form or (_runner_form(initiative) if can_edit else None)), status


@bp.route("/initiatives/<int:initiative_id>")
def initiative_detail(initiative_id):
    return _detail(_initiative_or_404(initiative_id))


def _form(**kwargs) -> InitiativeForm:
    form = InitiativeForm(**kwargs)
    form.topics.choices = topic_choices(topics.all_topics(), str(get_locale()))
    return form


@bp.route("/initiatives/new", methods=["GET", "POST"])
@login_required
def initiative_new():
    form = _form()
    if form.validate_on_submit():
        try:
            initiative = initiatives.propose(
                current_user, topics=topics.by_slugs(form.topics.data),
                **{f: form[f].data for f in TEXT_FIELDS})
        except initiatives.InitiativeError as error:
            form.name.errors = list(form.name.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Thank you! A community manager looks at it first. Until then only you "
                    "can see it."), "success")
            return redirect(url_for("info.initiative_detail", initiative_id=initiative.id))
    return render_template("info/initiative_form.html", form=form, initiative=None)


@bp.route("/initiatives/<int:initiative_id>/edit", methods=["GET", "POST"])
@login_required
def initiative_edit(initiative_id):
    initiative = _initiative_or_404(initiative_id, allowed=permissions.can_edit_initiative)
    form = _form(obj=initiative)
    if not form.is_submitted():
        form.topics.data = [t.slug for t in initiative.topics]
    if form.validate_on_submit():
        try:
            initiatives.update(initiative, topics=topics.by_slugs(form.topics.data),
                               **{f: form[f].data for f in TEXT_FIELDS})
        except initiatives.InitiativeError as error:
            form.name.errors = list(form.name.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("info.initiative_detail", initiative_id=initiative.id))
    return render_template("info/initiative_form.html", form=form, initiative=initiative)


@bp.route("/initiatives/<int:initiative_id>/approve", methods=["POST"])
@login_required
def initiative_approve(initiative_id):
    initiative = _initiative_or_404(initiative_id, allowed=permissions.can_decide_initiative)
    act(lambda: initiatives.approve(initiative, current_user), initiatives.InitiativeError,
        _("Approved. Everyone can see it now."))
    return redirect(url_for("info.initiative_detail", initiative_id=initiative_id))


@bp.route("/initiatives/<int:initiative_id>/decline", methods=["POST"])
@login_required
def initiative_decline(initiative_id):
    initiative = _initiative_or_404(initiative_id, allowed=permissions.can_decide_initiative)
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _detail(initiative, decline_form=form, status=200)
    act(lambda: initiatives.decline(initiative, current_user, form.note.data),
        initiatives.InitiativeError, _("Declined. The neighbour who proposed it can read why."))
    return redirect(url_for("info.initiative_detail", initiative_id=initiative_id))


@bp.route("/initiatives/<int:initiative_id>/runners", methods=["POST"])
@login_required
def initiative_add_runner(initiative_id):
    initiative = _initiative_or_404(initiative_id, allowed=permissions.can_edit_initiative)
    form = _runner_form(initiative)
    if not form.validate_on_submit():
        return _detail(initiative, runner_form=form, status=200)
    try:
        initiatives.add_runner(initiative, db.session.get(User, int(form.user.data)))
    except initiatives.InitiativeError as error:
        form.user.errors = [str(error)]
        return _detail(initiative, runner_form=form, status=200)
    db.session.commit()
    flash(_("Added. They can change this page now."), "success")
    return redirect(url_for("info.initiative_detail", initiative_id=initiative_id))


@bp.route("/initiatives/<int:initiative_id>/runners/<int:user_id>/remove", methods=["POST"])
@login_required
def initiative_remove_runner(initiative_id, user_id):
    initiative = _initiative_or_404(initiative_id, allowed=permissions.can_edit_initiative)
    act(lambda: initiatives.remove_runner(initiative, user_id), initiatives.InitiativeError,
        _("Done. That neighbour no longer runs it."))
    if user_id == current_user.id and not permissions.can_view_initiative(current_user,
                                                                          initiative):
        return redirect(url_for("info.initiative_list"))
    return redirect(url_for("info.initiative_detail", initiative_id=initiative_id))
