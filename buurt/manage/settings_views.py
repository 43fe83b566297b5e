"""The neighbourhood settings page: what the community managers of a neighbourhood choose
for it themselves."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from buurt.core.extensions import db
from buurt.manage import neighbourhood_settings
from buurt.manage.forms import CalendarForm, NeighbourhoodSettingsForm
from buurt.manage.routes import bp, managed
from buurt.people import neighbourhoods
from buurt.web.forms import choices, put_on_form


def _chosen(mine, chooser):
    """?neighbourhood=slug among the user's, else their own (or the first)."""
    wanted = request.args.get("neighbourhood")
    if wanted:
        chosen = next((n for n in mine if n.slug == wanted), None)
        if chosen is None and request.method == "POST":
            abort(403 if neighbourhoods.by_slug(wanted) else 404)
        if chosen is None:
            chooser.neighbourhood.errors = [_("Choose one of your neighbourhoods.")]
        else:
            return chosen
    return next((n for n in mine if n.id == current_user.neighbourhood_id),
                mine[0] if mine else None)


@bp.route("/settings", methods=["GET", "POST"], endpoint="settings")
def settings_page():
    mine = neighbourhoods.among(managed())
    chooser = CalendarForm(formdata=None)
    chooser.neighbourhood.choices = choices([(n.slug, n.name) for n in mine])
    neighbourhood = _chosen(mine, chooser)
    if neighbourhood is None:
        abort(404)
    chooser.neighbourhood.data = neighbourhood.slug
    form = NeighbourhoodSettingsForm()
    if request.method == "GET":
        values = neighbourhood_settings.current(neighbourhood)
        form.care_visible_to_visitors.data = values["care_visible_to_visitors"]
        form.retention_months.data = values["retention_months"]
    elif form.validate_on_submit():
        try:
            neighbourhood_settings.change(
                neighbourhood, care_visible_to_visitors=form.care_visible_to_visitors.data,
                retention_months=form.retention_months.data)
        except neighbourhood_settings.SettingsError as error:
            db.session.rollback()
            put_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The settings of %(name)s are saved.", name=neighbourhood.name),
                  "success")
            return redirect(url_for("manage.settings", neighbourhood=neighbourhood.slug))
    return render_template("manage/settings.html", form=form, chooser=chooser,
                           neighbourhood=neighbourhood, several=len(mine) > 1)
