"""The story form: three guided questions, a title, and a photo or a short video."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.web.forms import ChoiceField
from buurt.web.upload_forms import MediaField


def _at_most(n):
    return [Optional(), Length(max=n, message=_l("Use at most %(max)d characters.", max=n))]


class StoryForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Write a short title.")),
        Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=5, max=140))],
        description=_l("For example: Our street has a garden again."))
    body = TextAreaField(_l("What made you happy?"), validators=[
        InputRequired(message=_l("Tell your neighbours what made you happy.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("A few sentences are enough. Do not write addresses or phone "
                       "numbers here."))
    owed_to = TextAreaField(_l("Whom do you owe it to? (optional)"), validators=_at_most(1000),
                            description=_l("A neighbour, a group, an organisation. Only first "
                                           "names, please."))
    advice = TextAreaField(_l("What would you advise others? (optional)"),
                           validators=_at_most(1000))
    topic = ChoiceField(_l("Topic (optional)"), validators=[Optional()])
    media = MediaField(_l("A photo or a short video (optional)"))
    # The upload of an earlier try, so a second try does not need the file again.
    kept_media = HiddenField()
