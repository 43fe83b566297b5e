"""Forms for replying to and reporting messages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.forms import RadioChoiceField, choices
from buurt.models import FlagReason


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[
        InputRequired(message=_l("Write a message first.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))])


class FlagForm(FlaskForm):
    reason = RadioChoiceField(_l("Why do you report this?"), choices=choices([
        (FlagReason.OFFENSIVE, _l("It is rude, hurtful or threatening")),
        (FlagReason.SPAM, _l("It is advertising or spam")),
        (FlagReason.WRONG_PLACE, _l("It does not belong here")),
        (FlagReason.OTHER, _l("Something else")),
    ]), validators=[InputRequired(message=_l("Choose a reason from the list."))])
    note = TextAreaField(_l("Anything else the community manager should know? (optional)"),
                         validators=[Optional(), Length(max=1000, message=_l(
                             "Use at most %(max)d characters.", max=1000))])
