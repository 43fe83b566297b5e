"""Form pieces every blueprint shares: topic checkboxes, dates, messages in our words."""
import re
from datetime import date, time

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, RadioField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.moderation.models import FlagReason


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


class WholeNumberField(StringField):
    """A whole number (euros, points), or empty; "€ 1.200" is read as 1200. Wrong input
    gets a plain message and stays in the box."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        cleaned = "".join(self.raw.replace("€", "").replace(".", "").split())
        if cleaned.endswith(",-"):
            cleaned = cleaned[:-2]
        if not cleaned:
            self.data = None
            return
        if not cleaned.isdigit() or len(cleaned) > 9:
            self.data = None
            raise ValueError(_l("Write a whole number, for example 10."))
        self.data = int(cleaned)

    def _value(self):
        if self.data is not None:
            return str(self.data)
        return getattr(self, "raw", "") or ""


class TimeOfDayField(StringField):
    """A time of day as the browser's time input sends it (19:30); 19.30 is fine too."""

    PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:.]\s*([0-5]\d)\s*$")

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        if not self.raw.strip():
            self.data = None
            return
        match = self.PATTERN.match(self.raw)
        if match is None:
            self.data = None
            raise ValueError(_l("Write the time like this: 19:30."))
        self.data = time(int(match.group(1)), int(match.group(2)))

    def _value(self):
        if self.data is not None:
            return self.data.strftime("%H:%M")
        return getattr(self, "raw", "") or ""


def choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into choices for a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


def topic_choices(topics, locale: str, *, placeholder=None) -> list[SelectChoice]:
    pairs = [(t.slug, t.name(locale)) for t in topics]
    return choices(([("", placeholder)] + pairs) if placeholder else pairs)


def put_on_form(form, error: DomainError, *, fallback=None, renamed=None) -> None:
    """Show a service's refusal where the person looks: under the field it names, else
    under `fallback` (a field of the form), else as a flash message on the page.

    `renamed` maps the service's field names to this form's, where they differ.
    """
    name = (renamed or {}).get(error.field, error.field)
    field = form[name] if name and name in form else fallback
    if field is None:
        flash(str(error), "error")
    else:
        field.errors = list(field.errors) + [str(error)]


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
