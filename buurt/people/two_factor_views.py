"""The settings page of two-step log-in: set it up, get new recovery codes, turn it off."""
from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.core import clock
from buurt.core.extensions import db
from buurt.people import two_factor
from buurt.people.forms import LoginCodeForm, TwoFactorOffForm, TwoFactorSetupForm
from buurt.people.routes import bp, limit_codes, refuse_code
from buurt.web.qr import qr_svg


def _setup_page(form):
    user = current_user._get_current_object()
    secret = two_factor.setup_secret(session, user)
    return render_template(
        "auth/two_factor_setup.html", form=form, secret=two_factor.grouped(secret),
        qr=qr_svg(two_factor.setup_link(user, secret),
                  _("QR code to set up two-step log-in in your app")),
        required=two_factor.required_for_staff() and two_factor.is_staff(user))


def _settings_page(codes_form=None, off_form=None):
    user = current_user._get_current_object()
    return render_template(
        "auth/two_factor.html", two_factor=two_factor.settings_for(user),
        codes_left=two_factor.recovery_codes_left(user),
        codes_form=codes_form or LoginCodeForm(formdata=None),
        off_form=off_form or TwoFactorOffForm(formdata=None, prefix="off"),
        required=two_factor.required_for_staff() and two_factor.is_staff(user))


def _recovery_codes_page(codes, *, first_time: bool):
    """The recovery codes, shown this once: they are kept only as hashes."""
    return render_template("auth/two_factor_codes.html", codes=codes, first_time=first_time)


# The endpoint is auth.two_factor: the header, the dashboard and the required set-up link it.
@bp.route("/account/two-factor", endpoint="two_factor")
@login_required
def two_factor_page():
    """Two-step log-in: the set-up when it is off, its settings when it is on."""
    if two_factor.is_on(current_user):
        return _settings_page()
    return _setup_page(TwoFactorSetupForm(formdata=None))


@bp.route("/account/two-factor/setup", methods=["POST"])
@login_required
@limit_codes
def two_factor_setup():
    user = current_user._get_current_object()
    if two_factor.is_on(user):
        return redirect(url_for("auth.two_factor"))
    form = TwoFactorSetupForm()
    if not form.validate_on_submit():
        return _setup_page(form)
    try:
        codes = two_factor.enable(user, two_factor.setup_secret(session, user), form.code.data,
                                  clock.now())
    except two_factor.TwoFactorError as error:
        refuse_code(form, error)
        return _setup_page(form)
    db.session.commit()
    two_factor.end_setup(session)
    return _recovery_codes_page(codes, first_time=True)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
@limit_codes
def two_factor_new_codes():
    user = current_user._get_current_object()
    if not two_factor.is_on(user):
        return redirect(url_for("auth.two_factor"))
    form = LoginCodeForm()
    if not form.validate_on_submit():
        return _settings_page(codes_form=form)
    try:
        codes = two_factor.replace_recovery_codes(user, form.code.data, clock.now())
    except two_factor.TwoFactorError as error:
        db.session.rollback()
        refuse_code(form, error)
        return _settings_page(codes_form=form)
    db.session.commit()
    return _recovery_codes_page(codes, first_time=False)


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
@limit_codes
def two_factor_off():
    user = current_user._get_current_object()
    if not two_factor.is_on(user):
        return redirect(url_for("auth.two_factor"))
    form = TwoFactorOffForm(prefix="off")
    if not form.validate_on_submit():
        return _settings_page(off_form=form)
    try:
        two_factor.disable(user, form.password.data, form.code.data, clock.now())
    except two_factor.TwoFactorError as error:
        db.session.rollback()
        refuse_code(form, error)
        return _settings_page(off_form=form)
    db.session.commit()
    if two_factor.required_for_staff() and two_factor.is_staff(user):
        flash(_("Two-step log-in is off. This site asks it of managers and admins: set it "
                "up again, for example on your new phone."), "success")
    else:
        flash(_("Two-step log-in is off. From now on you log in with your password only."),
              "success")
    return redirect(url_for("auth.two_factor"))
