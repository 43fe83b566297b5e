"""The announcement form; title, body and topic as every post, and its own fields."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.web.forms import ChoiceField, DayField, TimeOfDayField


class AnnouncementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Write a short title.")),
        Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=5, max=140))],
        description=_l("For example: The community centre is closed on Monday."))
    body = TextAreaField(_l("The news"), validators=[
        InputRequired(message=_l("Write the news.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))],
        description=_l("Short and clear: what happens, when and where."))
    topic = ChoiceField(_l("Topic (optional)"), validators=[Optional()])
    # Only for community managers who serve more than one neighbourhood.
    neighbourhood = ChoiceField(_l("For which neighbourhood?"), validators=[Optional()])
    organiser = ChoiceField(_l("Who is it from?"), validators=[Optional()])
    publish_date = DayField(_l("Publish on (optional)"), validators=[Optional()],
                            description=_l("Leave this empty to publish it now."))
    publish_time = TimeOfDayField(_l("At (optional)"), description=_l(
        "Dutch time, for example 9:00. Without a time: at 8:00 in the morning."))
    pinned_until = DayField(_l("Keep it on top until (optional)"), validators=[Optional()],
                            description=_l("It stays above the other news until the end "
                                           "of this day."))
