"""The form for replying in a conversation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[
        InputRequired(message=_l("Write a message first.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))])
