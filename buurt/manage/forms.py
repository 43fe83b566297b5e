"""Forms for the dashboard's period, the paper's week, the neighbourhood settings and the
admin pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from buurt.core import clock
from buurt.manage.period import MAX_DAYS
from buurt.people.models import Role
from buurt.web.forms import ChoiceField, DayField, RadioChoiceField, WholeNumberField, choices

PERIODS = ("30", "90", "365")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PeriodForm(FlaskForm):
    """Which neighbourhoods and which days the dashboard shows (a GET form)."""

    class Meta:
        csrf = False

    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[Optional()])
    days = ChoiceField(_l("Period"), validators=[Optional()], choices=choices([
        ("30", _l("The last 30 days")), ("90", _l("The last 90 days")),
        ("365", _l("The last 365 days"))]))
    start = DayField(_l("From"), validators=[Optional()],
                     description=_l("Or choose your own days: from and to."))
    end = DayField(_l("To"), validators=[Optional()])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        start, end = self.start.data, self.end.data
        if (start is None) != (end is None):
            (self.end if end is None else self.start).errors.append(
                _l("Fill in both dates, or neither."))
            return False
        if start is None:
            return True
        problem = (_l("The last day comes before the first day.") if end < start
                   else _l("Choose today or an earlier day.") if end > clock.today()
                   else _l("Choose at most three years.")
                   if (end - start).days + 1 > MAX_DAYS else None)
        if problem is not None:
            self.end.errors.append(problem)
            return False
        return True


class PaperForm(FlaskForm):
    """Which neighbourhood and which week the paper shows (a GET form)."""

    class Meta:
        csrf = False

    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[Optional()])
    week = DayField(_l("Week"), validators=[Optional()],
                    description=_l("Choose any day of the week. The paper starts on its "
                                   "Monday."))

    def validate_week(self, field):
        if field.data is not None and not 2000 <= field.data.year <= 2999:
            field.data = None
            raise ValidationError(_l("Choose a day from the year 2000 to 2999."))


class CalendarForm(FlaskForm):
    """Which neighbourhoods the content calendar shows (a GET form)."""

    class Meta:
        csrf = False

    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[Optional()])


class NeighbourhoodSettingsForm(FlaskForm):
    """What community managers choose for their neighbourhood (manage.neighbourhood_settings)."""

    care_visible_to_visitors = BooleanField(
        _l("Show visitors that there are care requests"),
        description=_l("Visitors who are not logged in then see a line such as “A care "
                       "request in Centrum” in the lists and on the paper. They never see "
                       "what it says or who asks. Off: visitors see no care requests."))
    retention_months = WholeNumberField(
        _l("How many months do we keep conversations and notifications?"),
        description=_l("After this many months we remove a conversation, counted from its "
                       "last message, and older notifications and sent e-mails. Normal: 24 "
                       "months (two years)."))


class NeighbourhoodForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[
        InputRequired(message=_l("Give the neighbourhood a name.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120))])
    slug = StringField(_l("Short name for links"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in a short name.")),
        Length(max=64, message=_l("Use at most %(max)d characters.", max=64))],
        description=_l("Small letters, digits and dashes, for example oost-west. It cannot "
                       "change later."))
    postcodes = StringField(_l("Postcode areas"), filters=[_strip], validators=[
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("The 4 digits of each postcode, with commas between them, for "
                       "example 1091, 1092."))


class TopicForm(FlaskForm):
    slug = StringField(_l("Short name for links"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in a short name.")),
        Length(max=40, message=_l("Use at most %(max)d characters.", max=40))],
        description=_l("In Dutch, small letters, digits and dashes, for example "
                       "boodschappen. It cannot change later."))
    name_nl = StringField(_l("Name in Dutch"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the Dutch name.")),
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])
    name_en = StringField(_l("Name in English"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the English name.")),
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])
    position = WholeNumberField(_l("Position in lists"), validators=[Optional()],
                                description=_l("Lower numbers come first."))


class RoleForm(FlaskForm):
    login = StringField(_l("E-mail address or username"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the e-mail address or username."))])
    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[
        InputRequired(message=_l("Choose one."))])
    role = RadioChoiceField(_l("Role"), default=Role.AMBASSADOR, choices=choices([
        (Role.MANAGER, _l("Community manager")), (Role.AMBASSADOR, _l("Ambassador"))]),
        validators=[InputRequired(message=_l("Choose a role."))])
