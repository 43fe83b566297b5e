"""Meeting places: the list, one place with its events, adding and changing a place."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.extensions import db
from buurt.forms import choices
from buurt.info.forms import PlaceForm
from buurt.info.routes import bp, chosen_neighbourhood, cursors, filter_args, page_size
from buurt.services import events, initiatives, moderation, neighbourhoods, permissions, places

PLACE_FIELDS = ("name", "address", "description", "opening_hours", "step_free",
                "accessible_toilet")


def _managed_neighbourhoods():
    """The neighbourhoods the current user may add places to (managers and admins)."""
    managed = moderation.managed_neighbourhood_ids(current_user)
    return [n for n in neighbourhoods.all_neighbourhoods() if managed is None or n.id in managed]


@bp.route("/places")
def place_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    page = places.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                          size=page_size(), **cursors())
    can_add = (current_user.is_authenticated
               and moderation.managed_neighbourhood_ids(current_user) != set())
    return render_template("info/places.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, can_add=can_add,
                           args=filter_args(neighbourhood))


def _get_or_404(place_id):
    place = places.get(place_id)
    if place is None:
        abort(404)
    return place


@bp.route("/places/<int:place_id>")
def place_detail(place_id):
    place = _get_or_404(place_id)
    return render_template("info/place.html", place=place, coming=events.at_place(place),
                           can_edit=permissions.can_edit_place(current_user, place))


def _form(neighbourhood_id, *, manager: bool, **kwargs) -> PlaceForm:
    form = PlaceForm(**kwargs)
    if manager:
        form.initiatives.choices = choices(
            (str(i.id), i.name) for i in initiatives.approved_in(neighbourhood_id))
    else:
        del form.initiatives
    return form


@bp.route("/places/new", methods=["GET", "POST"])
@login_required
def place_new():
    managed = _managed_neighbourhoods()
    if not managed:
        abort(403)
    form = PlaceForm()
    # More than one neighbourhood to choose from: the form asks which; else it is the one.
    form.neighbourhood.choices = choices((n.slug, n.name) for n in managed)
    chosen = next((n for n in managed if n.slug == form.neighbourhood.data), None)
    if chosen is None:
        chosen = next((n for n in managed if n.id == current_user.neighbourhood_id), managed[0])
    form.initiatives.choices = choices(
        (str(i.id), i.name) for i in initiatives.approved_in(chosen.id))
    if form.validate_on_submit():
        try:
            place = places.create(current_user, chosen,
                                  initiative_ids=form.initiatives.data or [],
                                  **{f: form[f].data for f in PLACE_FIELDS})
        except places.PlaceError as error:
            form.initiatives.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The place is added."), "success")
            return redirect(url_for("info.place_detail", place_id=place.id))
    if not form.is_submitted():
        form.neighbourhood.data = chosen.slug
    return render_template("info/place_form.html", form=form, place=None,
                           choose_neighbourhood=len(managed) > 1)


@bp.route("/places/<int:place_id>/edit", methods=["GET", "POST"])
@login_required
def place_edit(place_id):
    place = _get_or_404(place_id)
    if not permissions.can_edit_place(current_user, place):
        abort(403)
    manager = permissions.is_manager_of(current_user, place.neighbourhood_id)
    form = _form(place.neighbourhood_id, manager=manager, obj=place)
    del form.neighbourhood
    if manager and not form.is_submitted():
        form.initiatives.data = [str(i.id) for i in place.initiatives]
    if form.validate_on_submit():
        try:
            places.update(place, initiative_ids=form.initiatives.data if manager else None,
                          **{f: form[f].data for f in PLACE_FIELDS})
        except places.PlaceError as error:
            (form.initiatives if manager else form.name).errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("info.place_detail", place_id=place.id))
    return render_template("info/place_form.html", form=form, place=place,
                           choose_neighbourhood=False)
