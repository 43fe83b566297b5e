"""Routes for sign-up, log-in (with its second step), log-out, the profile, my account, a
forgotten password and deleting the account. The settings of two-step log-in are in
two_factor_views."""
from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import get_locale, gettext as _, ngettext, refresh
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from buurt.ambassador import cards, events, roles
from buurt.core import clock
from buurt.core.extensions import db, limiter
from buurt.people import (accounts, addresses, deletion, directory as people, neighbourhoods,
                          passwords, privacy, tokens, topics, two_factor)
from buurt.people.forms import (ChangePasswordForm, DeleteAccountForm, DetailsForm, EmailForm,
                                ForgotPasswordForm, LoginCodeForm, LoginForm, NeighbourhoodForm,
                                ProfileForm, ResendForm, ResetPasswordForm, SignupForm)
from buurt.people.models import TokenPurpose
from buurt.web import upload_forms
from buurt.web.forms import choices, put_on_form, topic_choices
from buurt.web.safety import safe_next

bp = Blueprint("auth", __name__, template_folder="templates")

# What someone who logged in with a login card may open before choosing a password.
BEFORE_A_PASSWORD = {"auth.choose_password", "auth.logout", "auth.confirm_email", "static",
                     "main.set_language", "main.healthz", "main.robots", "main.favicon"}
# What a manager or admin may open before setting up two-step log-in, when it is required.
BEFORE_TWO_FACTOR = BEFORE_A_PASSWORD - {"auth.choose_password"} | {
    "auth.two_factor", "auth.two_factor_setup"}


@bp.record_once
def _check_two_factor_setting(state):
    """A mistyped TWO_FACTOR_FOR_STAFF stops the start, rather than leaving it optional."""
    two_factor.check_setting(state.app.config["TWO_FACTOR_FOR_STAFF"])


@bp.before_app_request
def choose_a_password_first():
    """After a log-in with a login card, every page asks for a password of their own; when
    the site requires two-step log-in of managers and admins, every page asks one who has
    not set it up to do so."""
    if request.endpoint is None or request.endpoint in BEFORE_A_PASSWORD:
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.must_choose_password:
        return redirect(url_for("auth.choose_password"))
    if request.endpoint not in BEFORE_TWO_FACTOR and two_factor.must_set_up(current_user):
        return redirect(url_for("auth.two_factor"))
    return None


def _with_topic_choices(form):
    choices = topic_choices(topics.all_topics(), str(get_locale()))
    form.seek_topics.choices = choices
    form.offer_topics.choices = choices
    return form


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"], methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = _with_topic_choices(SignupForm())
    # A link or QR code from an ambassador's event credits them and the event.
    event = events.event_for_signup(request.args.get("event"))
    all_neighbourhoods = neighbourhoods.all_neighbourhoods()
    form.neighbourhood.choices = choices([("", _("Find it from my postcode"))] + [
        (n.slug, n.name) for n in all_neighbourhoods])
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                display_name=form.display_name.data, email=form.email.data,
                password=form.password.data, neighbourhood=form.found_neighbourhood,
                language=str(get_locale()), seek=form.seek_topics.data,
                offer=form.offer_topics.data)
        except accounts.EmailTaken:
            form.email.errors.append(_(
                "There is already an account with this e-mail address. Log in, or use "
                "another address."))
        else:
            # Signing up is accepting the privacy statement and the house rules, as the
            # sentence by the button says.
            privacy.record_acceptance(user)
            people.set_listing(user, in_directory=form.in_directory.data, about=None)
            if event is not None:
                events.credit_signup(user, event)
            addresses.send_confirmation(user)
            db.session.commit()
            login_user(user, remember=True)
            return redirect(url_for("main.welcome"))
    return render_template("auth/signup.html", form=form, event=event,
                           show_neighbourhoods=len(all_neighbourhoods) > 1)


def _login_account() -> str:
    """The account a log-in tries, as typed (case and spaces aside): its own counter."""
    return "login-account:" + " ".join((request.form.get("email") or "").split()).casefold()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
# Per account, from every address together, and only the attempts that fail: someone who
# tries many passwords from many addresses is stopped, the owner who logs in is not counted.
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], key_func=_login_account,
               methods=["POST"], deduct_when=lambda response: response.status_code != 302)
def login():
    form = LoginForm(next=request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(safe_next(form.next.data, url_for("main.home")))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        card = None
        if user is None:
            try:
                card = cards.find_card(form.email.data, form.password.data)
            except roles.OnboardingError as error:  # the card's code is used or expired
                form.password.errors.append(str(error))
                return render_template("auth/login.html", form=form)
            user = card.user if card is not None else None
        if user is not None and user.is_suspended(clock.now()):
            return render_template("auth/suspended.html", user=user), 403
        if user is not None and two_factor.is_on(user):
            # Not logged in yet: the code from their app comes first (a card's code is
            # used once that step is done too).
            two_factor.start_login(session, user, next=form.next.data,
                                   card_id=card.id if card is not None else None)
            return redirect(url_for("auth.login_code"))
        if user is not None:
            try:
                if card is not None:
                    cards.use_card(card.id)
            except roles.OnboardingError as error:  # used in another tab a moment ago
                db.session.rollback()
                form.password.errors.append(str(error))
                return render_template("auth/login.html", form=form)
            db.session.commit()
            return _logged_in(user, with_card=card is not None, next_page=form.next.data)
        form.password.errors.append(_(
            "This e-mail address or username and password do not match. Try again."))
    return render_template("auth/login.html", form=form)


def _logged_in(user, *, with_card: bool, next_page: str | None):
    """Log the user in ("remember me" on) and send them on: a login card's neighbour to
    choose a password, everyone else to the page they came for."""
    login_user(user, remember=True)
    if with_card:
        return redirect(url_for("auth.choose_password"))
    return redirect(safe_next(next_page, url_for("main.home")))


def _two_factor_account() -> str:
    """Codes are counted per account: the one whose log-in waits for its code, or the one
    logged in (on the settings page), from every address together."""
    if current_user.is_authenticated:
        return f"two-factor:{current_user.id}"
    waiting = session.get(two_factor.SESSION_KEY) or {}
    return "two-factor:" + str(waiting.get("user", "")).partition(":")[0]


def _code_refused(response) -> bool:
    return bool(g.get("two_factor_code_refused"))


def refuse_code(form, error: two_factor.TwoFactorError) -> None:
    """Show why a code does not work, and count it against the account's limit."""
    g.two_factor_code_refused = True
    put_on_form(form, error)


# One count per account for every page that checks a code (the log-in's second step and
# the settings), and only refused codes count, so the owner who types right is never stopped.
limit_codes = limiter.shared_limit(lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"],
                                   scope="two-factor-codes", key_func=_two_factor_account,
                                   methods=["POST"], deduct_when=_code_refused)


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limit_codes
def login_code():
    """The second step of a log-in: the code from the app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    try:
        waiting = two_factor.half_done_login(session)
    except two_factor.LoginExpired as error:
        flash(str(error), "error")
        return redirect(url_for("auth.login"))
    if waiting is None:
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        user = waiting.user
        if user.is_suspended(clock.now()):
            two_factor.end_login(session)
            return render_template("auth/suspended.html", user=user), 403
        try:
            kind = two_factor.check_code(user, form.code.data, clock.now())
            if waiting.card_id is not None:
                cards.use_card(waiting.card_id)
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            refuse_code(form, error)
        except roles.OnboardingError as error:   # the card was used or expired meanwhile
            db.session.rollback()
            two_factor.end_login(session)
            flash(str(error), "error")
            return redirect(url_for("auth.login"))
        else:
            db.session.commit()
            two_factor.end_login(session)
            if kind == "recovery":
                flash(_("You logged in with a recovery code. Each recovery code works once: "
                        "you have %(count)d left.",
                        count=two_factor.recovery_codes_left(user)), "success")
            return _logged_in(user, with_card=waiting.card_id is not None,
                              next_page=waiting.next)
    return render_template("auth/login_code.html", form=form)


@bp.route("/password/choose", methods=["GET", "POST"])
@login_required
def choose_password():
    """The first page after a log-in with a login card: a password of their own."""
    if not current_user.must_choose_password:
        return redirect(url_for("main.home"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        cards.choose_password(current_user, form.password.data)
        db.session.commit()
        flash(_("Your password is saved. Next time you log in with it."), "success")
        return redirect(url_for("main.welcome"))
    return render_template("auth/choose_password.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    two_factor.end_login(session)
    two_factor.end_setup(session)
    flash(_("You are logged out. See you soon!"), "success")
    return redirect(url_for("main.home"))


def _profile_form(**kwargs) -> ProfileForm:
    form = _with_topic_choices(ProfileForm(**kwargs))
    form.photo.description = upload_forms.file_hint(with_video=False)
    return form


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = _profile_form(obj=user)
    if request.method == "GET":
        form.seek_topics.data = [t.slug for t in user.seek_topics]
        form.offer_topics.data = [t.slug for t in user.offer_topics]
    photo = user.photo
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        photo, refused = upload_forms.form_photo(form, user.photo, user, editing=True)
        if valid and not refused:
            accounts.update_topics(user, seek=form.seek_topics.data,
                                   offer=form.offer_topics.data)
            people.set_listing(user, in_directory=form.in_directory.data,
                               about=form.about.data)
            people.set_photo(user, photo)
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, photo=photo,
                           remove_photo=bool(request.form.get("remove_photo")))


@upload_forms.when_too_large("auth.profile")
def _profile_too_large(message):
    if not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    form = _profile_form(formdata=None, obj=user)
    form.seek_topics.data = [t.slug for t in user.seek_topics]
    form.offer_topics.data = [t.slug for t in user.offer_topics]
    form.photo.errors = [message]
    return render_template("auth/profile.html", form=form, photo=user.photo)


def _account_page(failed=None, **forms):
    """My account, with the form that was sent (and failed) as it was typed and the other
    forms as they stand."""
    user = current_user._get_current_object()
    forms = {"details": DetailsForm(formdata=None, obj=user),
             "place": NeighbourhoodForm(formdata=None),
             "email": EmailForm(formdata=None),
             "password": ChangePasswordForm(formdata=None), **forms}
    return render_template("auth/account.html", failed=failed, **forms,
                           pending=addresses.pending_change(user),
                           several_neighbourhoods=neighbourhoods.several(),
                           two_factor_on=two_factor.is_on(user))


@bp.route("/account")
@login_required
def account():
    return _account_page()


@bp.route("/account/details", methods=["POST"])
@login_required
def account_details():
    form = DetailsForm()
    if not form.validate_on_submit():
        return _account_page(form, details=form)
    accounts.update_details(current_user, display_name=form.display_name.data,
                            street=form.street.data, language=form.language.data)
    db.session.commit()
    refresh()  # the language may have changed: say it in the new one
    flash(_("Your name, street and language are saved."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/neighbourhood", methods=["POST"])
@login_required
def account_neighbourhood():
    form = NeighbourhoodForm()
    if form.validate_on_submit():
        try:
            old = accounts.move(current_user, form.found_neighbourhood)
        except accounts.AccountError as error:
            put_on_form(form, error)
        else:
            db.session.commit()
            flash(_("You now live in %(new)s. What you posted stays in %(old)s.",
                    new=form.found_neighbourhood.name, old=old.name), "success")
            return redirect(url_for("auth.account"))
    return _account_page(form, place=form)


@bp.route("/account/email", methods=["POST"])
@login_required
def account_email():
    form = EmailForm()
    if form.validate_on_submit():
        try:
            link = addresses.request_change(current_user, form.email.data)
        except addresses.AddressError as error:
            put_on_form(form, error)
        else:
            db.session.commit()
            flash(ngettext("We sent a link to %(email)s. Open it within %(num)d hour to use "
                           "this address. Until then your address stays the same.",
                           "We sent a link to %(email)s. Open it within %(num)d hours to use "
                           "this address. Until then your address stays the same.",
                           tokens.valid_hours(TokenPurpose.EMAIL), email=link.email),
                  "success")
            return redirect(url_for("auth.account"))
    return _account_page(form, email=form)


@bp.route("/account/email/again", methods=["POST"])
@login_required
def resend_confirmation():
    form = ResendForm()
    back = safe_next(form.next.data, url_for("auth.account"))
    if not form.validate_on_submit():
        return redirect(back)
    try:
        sent = addresses.send_confirmation(current_user, again=True)
    except addresses.AddressError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        if sent is not None:
            flash(_("We sent the link again to %(email)s.", email=sent.email), "success")
    return redirect(back)


def _invalid_email_link(message=None):
    return render_template("auth/email_link_invalid.html", message=message,
                           hours=tokens.valid_hours(TokenPurpose.EMAIL))


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """The link in the mail: a page with one button, so that a mail program that opens
    links to check them does not use it up."""
    link = addresses.find_link(token)
    if link is None:
        return _invalid_email_link()
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            user = addresses.confirm(token)
        except tokens.InvalidToken:   # used in another tab a moment ago
            return _invalid_email_link()
        except addresses.AddressError as error:
            db.session.rollback()
            return _invalid_email_link(str(error))
        db.session.commit()
        flash(_("Thank you! Your e-mail address %(email)s is confirmed.", email=user.email),
              "success")
        if current_user.is_authenticated and current_user.id == user.id:
            return redirect(url_for("auth.account"))
        return redirect(url_for("auth.login"))
    return render_template("auth/email_confirm.html", form=form, link=link, token=token,
                           new_address=link.email != link.user.email)


@bp.route("/account/password", methods=["POST"])
@login_required
# Someone at an open session could try passwords here: as many tries as at the log-in.
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def account_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            passwords.change_password(user, current=form.current_password.data,
                                      new=form.password.data)
        except passwords.PasswordError as error:
            put_on_form(form, error)
            form.current_password.data = ""   # a wrong password is no use to keep
        else:
            db.session.commit()
            # The other sessions ended with the old session version; this one goes on.
            login_user(user, remember=True)
            flash(_("Your new password is saved. On other devices you are logged out."),
                  "success")
            return redirect(url_for("auth.account"))
    return _account_page(form, password=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        passwords.request_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account: it reveals nothing.
        return render_template("auth/password_forgot_sent.html", email=form.email.data,
                               hours=passwords.valid_hours())
    return render_template("auth/password_forgot.html", form=form)


def _invalid_reset_link():
    return render_template("auth/password_reset_invalid.html", hours=passwords.valid_hours())


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def reset_password(token):
    if passwords.find_reset(token) is None:
        return _invalid_reset_link()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = passwords.reset_with_token(token, form.password.data)
        except passwords.InvalidToken:  # used in another tab a moment ago
            return _invalid_reset_link()
        db.session.commit()
        if two_factor.is_on(user):
            # The link proves the mailbox, not the phone: the code from the app still counts.
            two_factor.start_login(session, user)
            flash(_("Your new password is saved. Now type the code from your app."), "success")
            return redirect(url_for("auth.login_code"))
        login_user(user, remember=True)
        flash(_("Your new password is saved. You are logged in."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/password_reset.html", form=form, token=token)




@bp.route("/account/delete", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@login_required
def delete_account():
    """The resident deletes their own account, with their password; it cannot be undone."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            deletion.delete_account(current_user._get_current_object(),
                                    password=form.password.data)
        except deletion.DeletionError as error:
            put_on_form(form, error)
        else:
            db.session.commit()
            logout_user()
            flash(_("Your account is deleted. Thank you for all you did for your "
                    "neighbourhood. Goodbye!"), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/delete_account.html", form=form)


from buurt.people import two_factor_views  # noqa: E402,F401
