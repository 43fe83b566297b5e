"""Meeting places: the list, one place with its events, adding and changing a place."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.info import events, initiatives, places
from buurt.info.forms import PlaceForm
from buurt.info.routes import bp, cursors, filter_args, page_size
from buurt.moderation import managers
from buurt.people import access as permissions, neighbourhoods
from buurt.posts.views import post_or_404
from buurt.web import upload_forms
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import choices

PLACE_FIELDS = ("name", "address", "description", "opening_hours", "step_free",
                "accessible_toilet")


@bp.route("/places")
def place_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    page = places.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                          size=page_size(), **cursors())
    can_add = (current_user.is_authenticated
               and managers.managed_neighbourhood_ids(current_user) != set())
    return render_template("info/places.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, can_add=can_add,
                           args=filter_args(neighbourhood))


@bp.route("/places/<int:place_id>")
def place_detail(place_id):
    place = post_or_404(places.get, place_id, visible=None)
    return render_template("info/place.html", place=place, coming=events.at_place(place),
                           can_edit=permissions.can_edit_place(current_user, place))


def _render_form(form, place, upload, choose_neighbourhood=False):
    return render_template("info/place_form.html", form=form, place=place,
                           choose_neighbourhood=choose_neighbourhood, upload=upload,
                           remove_photo=bool(request.form.get("remove_photo")))


def _form(neighbourhood_id, *, manager: bool, **kwargs) -> PlaceForm:
    form = PlaceForm(**kwargs)
    form.photo.description = upload_forms.file_hint(with_video=False)
    if manager:
        form.initiatives.choices = choices(
            (str(i.id), i.name) for i in initiatives.approved_in(neighbourhood_id))
    else:
        del form.initiatives
    return form


@bp.route("/places/new", methods=["GET", "POST"])
@login_required
def place_new():
    managed = neighbourhoods.managed_by(current_user)
    if not managed:
        abort(403)
    form = PlaceForm()
    form.photo.description = upload_forms.file_hint(with_video=False)
    # More than one neighbourhood to choose from: the form asks which; else it is the one.
    form.neighbourhood.choices = choices((n.slug, n.name) for n in managed)
    chosen = next((n for n in managed if n.slug == form.neighbourhood.data), None)
    if chosen is None:
        chosen = next((n for n in managed if n.id == current_user.neighbourhood_id), managed[0])
    form.initiatives.choices = choices(
        (str(i.id), i.name) for i in initiatives.approved_in(chosen.id))
    upload = None
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(form, None, current_user, editing=False)
    if request.method == "POST" and valid and not refused:
        try:
            place = places.create(current_user, chosen,
                                  initiative_ids=form.initiatives.data or [], photo=upload,
                                  **{f: form[f].data for f in PLACE_FIELDS})
        except places.PlaceError as error:
            form.initiatives.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The place is added."), "success")
            return redirect(url_for("info.place_detail", place_id=place.id))
    if not form.is_submitted():
        form.neighbourhood.data = chosen.slug
    return _render_form(form, None, upload, choose_neighbourhood=len(managed) > 1)


@upload_forms.when_too_large("info.place_new")
def _new_too_large(message):
    managed = neighbourhoods.managed_by(current_user)
    if not managed:
        return None
    form = PlaceForm(formdata=None)
    form.neighbourhood.choices = choices((n.slug, n.name) for n in managed)
    chosen = next((n for n in managed if n.id == current_user.neighbourhood_id), managed[0])
    form.neighbourhood.data = chosen.slug
    form.initiatives.choices = choices(
        (str(i.id), i.name) for i in initiatives.approved_in(chosen.id))
    form.photo.description = upload_forms.file_hint(with_video=False)
    form.photo.errors = [message]
    return render_template("info/place_form.html", form=form, place=None,
                           choose_neighbourhood=len(managed) > 1, upload=None)


@bp.route("/places/<int:place_id>/edit", methods=["GET", "POST"])
@login_required
def place_edit(place_id):
    place = post_or_404(places.get, place_id, visible=None, allowed=permissions.can_edit_place)
    manager = permissions.is_manager_of(current_user, place.neighbourhood_id)
    form = _form(place.neighbourhood_id, manager=manager, obj=place)
    del form.neighbourhood
    if manager and not form.is_submitted():
        form.initiatives.data = [str(i.id) for i in place.initiatives]
    upload = place.photo
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(
            form, place.photo, current_user, editing=True)
    if request.method == "POST" and valid and not refused:
        try:
            places.update(place, initiative_ids=form.initiatives.data if manager else None,
                          photo=upload, **{f: form[f].data for f in PLACE_FIELDS})
        except places.PlaceError as error:
            (form.initiatives if manager else form.name).errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("info.place_detail", place_id=place.id))
    return _render_form(form, place, upload)


@upload_forms.when_too_large("info.place_edit")
def _edit_too_large(message):
    place = places.get(request.view_args.get("place_id", 0))
    if place is None or not permissions.can_edit_place(current_user, place):
        return None
    manager = permissions.is_manager_of(current_user, place.neighbourhood_id)
    form = _form(place.neighbourhood_id, manager=manager, formdata=None, obj=place)
    del form.neighbourhood
    if manager:
        form.initiatives.data = [str(i.id) for i in place.initiatives]
    form.photo.errors = [message]
    return render_template("info/place_form.html", form=form, place=place,
                           choose_neighbourhood=False, upload=place.photo)
