"""Forms for care tasks: adding a task and signing up (every POST is CSRF-protected by the app)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from buurt.web.forms import ChoiceField, DayField, RadioChoiceField, choices, not_in_the_past

WEEKLY = "weekly"
ONCE = "once"


class TaskForm(FlaskForm):
    title = StringField(_l("What needs to be done?"), validators=[
        InputRequired(message=_l("Write what needs to be done.")),
        Length(min=2, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=2, max=140))],
        description=_l("For example: groceries, a walk, a ride to the hospital."))
    repeat = RadioChoiceField(_l("How often?"), default=WEEKLY, choices=choices([
        (WEEKLY, _l("Every week")),
        (ONCE, _l("Once, on a date")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    # The view fills in the day names in the reader's language.
    weekday = ChoiceField(_l("Day of the week (if every week)"))
    on_date = DayField(_l("Date (if once)"))
    time_of_day = StringField(_l("Time (optional)"), validators=[
        Optional(), Length(max=40, message=_l("Use at most %(max)d characters.", max=40))],
        description=_l("For example: 10.00, or in the morning."))

    def validate_weekday(self, field):
        if self.repeat.data == WEEKLY and not field.data:
            raise ValidationError(_l("Choose a day of the week."))

    def validate_on_date(self, field):
        if self.repeat.data != ONCE:
            # A weekly task ignores the date, so a half-typed one is no reason to refuse.
            field.errors.clear()
            raise StopValidation()
        if field.data is None and not field.errors:
            raise ValidationError(_l("Choose a date."))
        not_in_the_past(self, field)


class SignupForm(FlaskForm):
    # Empty: the whole task; an ISO date: only that day of a weekly task.
    occurrence = DayField()
