"""Forms for moderation decisions, word lists and suspensions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.moderation.models import WordListKind
from buurt.web.forms import DayField, RadioChoiceField, choices


class NoteForm(FlaskForm):
    message = TextAreaField(_l("Message to the author"), validators=[
        Optional(), Length(max=1000, message=_l("Use at most %(max)d characters.", max=1000))])
    reason = TextAreaField(_l("Reason the author sees"), validators=[
        Optional(), Length(max=1000, message=_l("Use at most %(max)d characters.", max=1000))])


class WordForm(FlaskForm):
    word = StringField(_l("Word or short phrase"), validators=[
        InputRequired(message=_l("Write one word or a short phrase.")),
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])
    kind = RadioChoiceField(_l("What should happen?"), choices=choices([
        (WordListKind.BLOCK, _l("Hold posts with this word for a manager")),
        (WordListKind.ALLOW, _l("Never hold a post for this word (a street name, for example)")),
    ]), default=WordListKind.BLOCK, validators=[InputRequired(message=_l("Choose one."))])


class SuspendForm(FlaskForm):
    until = DayField(_l("Suspended until"), validators=[
        InputRequired(message=_l("Choose the last day."))])
    reason = TextAreaField(_l("Reason the resident sees"), validators=[
        InputRequired(message=_l("Write the reason. The resident sees it.")),
        Length(max=1000, message=_l("Use at most %(max)d characters.", max=1000))])
