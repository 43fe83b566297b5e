"""Forms for signing up, logging in (also its second step), the profile, my account, a
forgotten password and deleting the account."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, HiddenField, PasswordField, StringField,
                     TextAreaField)
from wtforms.validators import (DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                ValidationError)
from wtforms.widgets import PasswordInput

from buurt.people import neighbourhoods
from buurt.web.forms import ChoiceField, MultiCheckboxField, RadioChoiceField, choices
from buurt.web.upload_forms import MediaField

NAME = dict(validators=[InputRequired(message=_l("Fill in your name.")),
                        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])


def _password_length(form, field):
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(_l("Use at least %(num)d characters.", num=minimum))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _neighbourhood_for(postcode, not_found):
    """The neighbourhood of the postcode typed in this field (`1234`, `1234AB`, `1234 ab`),
    or None with a message on the field."""
    if not (postcode.data or "").strip():
        postcode.errors.append(_l("Fill in your postcode."))
        return None
    area = neighbourhoods.postcode_area(postcode.data)
    if area is None:
        postcode.errors.append(_l("This is not a Dutch postcode. It looks like 1015 AB."))
        return None
    found = neighbourhoods.for_postcode(area)
    if found is None:
        postcode.errors.append(not_found)
    return found


class SignupForm(FlaskForm):
    display_name = StringField(_l("Your name"), description=_l(
        "Your first name is enough. Neighbours who are logged in see this name."), **NAME)
    email = EmailField(_l("E-mail address"), validators=[
        InputRequired(message=_l("Fill in your e-mail address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("This is not an e-mail address. It looks like name@example.com."),
              check_deliverability=False)])
    # The signup page is never cached (no-store), so the password may come back after a
    # mistake elsewhere on the form: nothing the person typed is lost.
    password = PasswordField(_l("Password"), widget=PasswordInput(hide_value=False),
                             validators=[InputRequired(message=_l("Choose a password.")),
                                         _password_length],
                             description=_l("At least 8 characters. A short sentence is easy "
                                            "to remember."))
    postcode = StringField(_l("Postcode"), validators=[Optional()], description=_l(
        "For example 1015 AB. We only use it to find your neighbourhood."))
    neighbourhood = ChoiceField(_l("Or choose your neighbourhood"), validators=[Optional()])
    seek_topics = MultiCheckboxField(_l("I would like help with"))
    offer_topics = MultiCheckboxField(_l("I can help with"))
    in_directory = BooleanField(_l("Put me in the people directory"), description=_l(
        "Neighbours who are logged in can then find you and what you can help with. You "
        "can change this later in your profile."))

    def validate(self, extra_validators=None):
        """Check the fields, then find the neighbourhood from the slug or the postcode."""
        valid = super().validate(extra_validators)
        self.found_neighbourhood = None
        if self.neighbourhood.data and not self.neighbourhood.errors:
            self.found_neighbourhood = neighbourhoods.by_slug(self.neighbourhood.data)
            if self.found_neighbourhood is None:
                self.neighbourhood.errors.append(_l("Choose from the list."))
                return False
            return valid
        self.found_neighbourhood = _neighbourhood_for(self.postcode, _l(
            "Your postcode is not in one of our neighbourhoods yet. Choose your "
            "neighbourhood from the list."))
        return valid and self.found_neighbourhood is not None


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail address or username"), validators=[
        InputRequired(message=_l("Fill in your e-mail address or username."))])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(message=_l("Fill in your password."))])
    next = HiddenField()


class ProfileForm(FlaskForm):
    seek_topics = MultiCheckboxField(_l("I would like help with"))
    offer_topics = MultiCheckboxField(_l("I can help with"))
    in_directory = BooleanField(_l("Put me in the people directory"), description=_l(
        "Neighbours who are logged in then see your name, your street (if you filled it "
        "in), the text below and what you can help with. Never your e-mail address."))
    about = TextAreaField(_l("A few words about yourself (optional)"), validators=[
        Optional(), Length(max=500, message=_l("Use at most %(max)d characters.", max=500))],
        description=_l("For example: I have lived here for 20 years and I like to cook."))
    photo = MediaField(_l("A photo of yourself (optional)"))
    # The photo of an earlier try, so a second try does not need the file again.
    kept_photo = HiddenField()


class DetailsForm(FlaskForm):
    """My account: name, street and language."""

    display_name = StringField(_l("Your name"), description=_l(
        "Your first name is enough. Neighbours who are logged in see this name."), **NAME)
    street = StringField(_l("Street (optional)"), validators=[
        Optional(), Length(max=120, message=_l("Use at most %(max)d characters.", max=120))],
        description=_l("Only the street name, never your house number."))
    language = RadioChoiceField(_l("Language"),
                                choices=choices([("nl", "Nederlands"), ("en", "English")]),
                                validators=[InputRequired(message=_l("Choose a language."))])


class NeighbourhoodForm(FlaskForm):
    """My account: move to another neighbourhood, found from the postcode."""

    postcode = StringField(_l("Your new postcode"), description=_l(
        "For example 1015 AB. We only use it to find your neighbourhood."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.found_neighbourhood = _neighbourhood_for(self.postcode, _l(
            "None of our neighbourhoods has this postcode yet. Check the postcode, or ask "
            "a community manager."))
        return valid and self.found_neighbourhood is not None


class EmailForm(FlaskForm):
    """My account: a new e-mail address, or a first one for a login card's account."""

    # Phones often add a space after an address they fill in.
    email = EmailField(_l("New e-mail address"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in your new e-mail address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("This is not an e-mail address. It looks like name@example.com."),
              check_deliverability=False)],
        description=_l("We send a link to this address. Your address changes when you "
                       "open it."))


class ChangePasswordForm(FlaskForm):
    """My account: a new password, for whoever knows the current one."""

    # Pages for a logged-in resident are never cached (no-store), so what was typed may
    # come back after a mistake elsewhere on the form.
    current_password = PasswordField(_l("Your current password"),
                                     widget=PasswordInput(hide_value=False),
                                     validators=[InputRequired(message=_l(
                                         "Fill in your current password."))])
    password = PasswordField(_l("New password"), widget=PasswordInput(hide_value=False),
                             validators=[InputRequired(message=_l("Choose a password.")),
                                         _password_length],
                             description=_l("At least 8 characters. A short sentence is easy "
                                            "to remember."))
    confirm = PasswordField(_l("New password again"), widget=PasswordInput(hide_value=False),
                            validators=[
                                InputRequired(message=_l("Fill in your new password again.")),
                                EqualTo("password",
                                        message=_l("The two passwords are not the same."))])


class ResendForm(FlaskForm):
    """Send the link that confirms my address once more; back to the page it came from."""

    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    # Phones often add a space after an address they fill in.
    email = EmailField(_l("E-mail address"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in your e-mail address.")),
        Email(message=_l("This is not an e-mail address. It looks like name@example.com."),
              check_deliverability=False)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[
        InputRequired(message=_l("Choose a password.")), _password_length],
        description=_l("At least 8 characters. A short sentence is easy to remember."))
    confirm = PasswordField(_l("New password again"), validators=[
        InputRequired(message=_l("Fill in your new password again.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[
        InputRequired(message=_l("Fill in your password."))],
        description=_l("So we know that it is really you."))
    confirm = BooleanField(_l("Yes, delete my account for good"), validators=[
        DataRequired(message=_l("Tick the box if you really want to delete your account."))])


class TwoFactorSetupForm(FlaskForm):
    """Confirm the set-up of two-step log-in with the first code from the app."""
    code = StringField(_l("The code from your app"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the 6 digits from your app."))],
        description=_l("6 digits, for example 123 456. A new code comes every 30 seconds."))


class LoginCodeForm(FlaskForm):
    """The second step of a log-in, and the code that new recovery codes ask for."""
    code = StringField(_l("Code"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the code from your app or a recovery code."))],
        description=_l("The 6 digits that your app shows now, or one of your recovery codes."))


class TwoFactorOffForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[
        InputRequired(message=_l("Fill in your password."))])
    code = StringField(_l("Code"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the code from your app or a recovery code."))],
        description=_l("The 6 digits that your app shows now, or one of your recovery codes."))
