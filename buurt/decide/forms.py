"""Forms for opening a decision round and for voting."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.decide.models import Method
from buurt.decide.services import MAX_OPTIONS
from buurt.web.forms import (ChoiceField, DayField, RadioChoiceField, TimeOfDayField,
                             WholeNumberField, choices)


class OptionRow(Form):
    """One option: an idea from the list, or a title of its own; a cost for a budget."""

    idea = ChoiceField(_l("An idea from the list"), validators=[Optional()])
    title = StringField(_l("Or write the option"), validators=[
        Optional(), Length(max=140, message=_l("Use at most %(max)d characters.", max=140))])
    cost = WholeNumberField(_l("Cost in euros (for a budget)"))


class RoundForm(FlaskForm):
    question = StringField(_l("Question"), validators=[
        InputRequired(message=_l("Write the question the neighbours decide on.")),
        Length(min=5, max=200, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=5, max=200))],
        description=_l("For example: What do we do first with the neighbourhood budget?"))
    description = TextAreaField(_l("More about it (optional)"), validators=[
        Optional(), Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))])
    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[Optional()],
                                description=_l("Residents of this neighbourhood can vote."))
    method = RadioChoiceField(_l("How do the neighbours vote?"), default=Method.APPROVAL,
                              choices=choices([
        (Method.APPROVAL, _l("Tick: everyone ticks every option they agree with")),
        (Method.POINTS, _l("Points: everyone divides a number of points over the options")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    points = WholeNumberField(_l("Points per neighbour (for points)"), default=10)
    budget = WholeNumberField(_l("Budget in euros (optional)"), description=_l(
        "Fill this in for a neighbourhood budget. Then every option needs its cost, and the "
        "result shows what fits in the budget."))
    opens_date = DayField(_l("Opens on (optional)"), validators=[Optional()],
                          description=_l("Leave the day and time empty to open it now."))
    opens_time = TimeOfDayField(_l("Opens at (optional)"))
    closes_date = DayField(_l("Closes on"), validators=[
        InputRequired(message=_l("Fill in the day it closes."))])
    closes_time = TimeOfDayField(_l("Closes at"), default=None, validators=[
        InputRequired(message=_l("Fill in when it closes."))],
        description=_l("Dutch time, for example 20:00."))
    options = FieldList(FormField(OptionRow), min_entries=MAX_OPTIONS,
                        max_entries=MAX_OPTIONS)
