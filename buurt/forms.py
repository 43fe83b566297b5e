"""Form pieces every blueprint shares: topic checkboxes, dates, messages in our words."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from buurt import clock
from buurt.models import FlagReason


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; the template wraps it in a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose from the list."))


class _OwnChoiceMessage:
    """A single choice whose wrong values get our own plain message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices or [] if choice.value}
        if self.data and self.data not in known:
            raise ValidationError(_l("Choose from the list."))


class ChoiceField(_OwnChoiceMessage, SelectField):
    """A select list."""


class RadioChoiceField(_OwnChoiceMessage, RadioField):
    """Radio buttons; the template wraps them in a fieldset with a legend."""


class DayField(DateField):
    """A date as the browser's date input sends it (YYYY-MM-DD), with a plain message."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = date.fromisoformat(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Write the date like this: 2026-03-12.")) from None


def not_in_the_past(form, field):
    if field.data and field.data < clock.today():
        raise ValidationError(_l("This date has passed. Choose today or a later day."))


def choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into choices for a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


def topic_choices(topics, locale: str, *, placeholder=None) -> list[SelectChoice]:
    pairs = [(t.slug, t.name(locale)) for t in topics]
    return choices(([("", placeholder)] + pairs) if placeholder else pairs)


class FlagForm(FlaskForm):
    """Report a post or a message to the community managers."""

    reason = RadioChoiceField(_l("Why do you report this?"), choices=choices([
        (FlagReason.OFFENSIVE, _l("It is rude, hurtful or threatening")),
        (FlagReason.SPAM, _l("It is advertising or spam")),
        (FlagReason.WRONG_PLACE, _l("It does not belong here")),
        (FlagReason.OTHER, _l("Something else")),
    ]), validators=[InputRequired(message=_l("Choose a reason from the list."))])
    note = TextAreaField(_l("Anything else the community manager should know? (optional)"),
                         validators=[Optional(), Length(max=1000, message=_l(
                             "Use at most %(max)d characters.", max=1000))])
