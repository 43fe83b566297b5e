"""Forms for ideas: posting one, a manager's status, a comment."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.ideas.models import IdeaStatus
from buurt.web.forms import ChoiceField, RadioChoiceField, WholeNumberField, choices

STATUS_LABELS = {
    IdeaStatus.NEW: _l("New"),
    IdeaStatus.DISCUSSION: _l("Under discussion"),
    IdeaStatus.ADOPTED: _l("Adopted"),
    IdeaStatus.REALISED: _l("Realised"),
    IdeaStatus.NOT_FEASIBLE: _l("Not feasible"),
}


class IdeaForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Write a short title.")),
        Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=5, max=140))],
        description=_l("For example: A bench under the big tree on the square."))
    body = TextAreaField(_l("What is your idea?"), validators=[
        InputRequired(message=_l("Tell your neighbours a little more.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))],
        description=_l("What would you like to change, and why is it good for the "
                       "neighbourhood?"))
    topic = ChoiceField(_l("Topic"), validators=[InputRequired(message=_l("Choose a topic."))])
    place = ChoiceField(_l("Where? (optional)"), validators=[Optional()])
    estimated_cost = WholeNumberField(_l("What would it cost, about? (optional)"),
                                      description=_l("In whole euros, for example 1200."))


class StatusForm(FlaskForm):
    status = RadioChoiceField(_l("Where does this idea stand?"), choices=choices(
        STATUS_LABELS.items()), validators=[InputRequired(message=_l("Choose one."))])
    note = TextAreaField(_l("Explanation"), validators=[
        InputRequired(message=_l("Explain it in a few words. Everyone can read it.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("Everyone can read this, and the neighbour who had the idea hears it."))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        InputRequired(message=_l("Write your comment first.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("Everyone can read comments. Do not write your address or phone "
                       "number here."))
