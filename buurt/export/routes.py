"""The export page (/account/export): ask for a copy of your data, then download it."""
from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from buurt.core.extensions import db
from buurt.export import exports

bp = Blueprint("export", __name__, template_folder="templates")


class ExportForm(FlaskForm):
    """Only the CSRF token: the button asks for the export."""


@bp.route("/account/export", methods=["GET", "POST"])
@login_required
def index():
    form = ExportForm()
    if form.validate_on_submit():
        try:
            exports.ask(current_user)
        except exports.AlreadyWaiting:
            flash(_("We are already preparing your data. It is ready in a few minutes."),
                  "info")
        else:
            db.session.commit()
            flash(_("Thank you. We are preparing your data. It is ready in a few minutes."),
                  "success")
        return redirect(url_for("export.index"))
    return render_template("export/index.html", form=form, status=exports.status(current_user),
                           days=exports.valid_days())


@bp.route("/account/export/<token>")
@login_required
def download(token):
    export = exports.for_download(current_user, token)
    if export is None:
        abort(404)
    try:
        handle = exports.files().open(export.file_name)
    except FileNotFoundError:
        abort(404)
    response = send_file(handle, mimetype="application/zip", as_attachment=True,
                         download_name=f"buurt-{export.ready_at:%Y-%m-%d}.zip",
                         etag=False, conditional=False, max_age=0)
    # The resident's data: never kept in a cache on the way, nor in the browser's.
    response.headers["Cache-Control"] = "private, no-store"
    return response
