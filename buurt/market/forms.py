"""Forms for requests and offers; field names follow the public contract."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.market.models import Need, Urgency
from buurt.web.forms import ChoiceField, DayField, RadioChoiceField, choices, not_in_the_past

TITLE = [InputRequired(message=_l("Write a short title.")),
         Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                           min=5, max=140))]
BODY = [InputRequired(message=_l("Tell your neighbours a little more.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))]
TOPIC = [InputRequired(message=_l("Choose a topic."))]


class RequestForm(FlaskForm):
    need = RadioChoiceField(_l("What do you need?"), default=Need.HELP, choices=choices([
        (Need.HELP, _l("Help with something")),
        (Need.CARE, _l("Help to organise my care (or the care of someone close to me)")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    title = StringField(_l("Title"), validators=TITLE, description=_l(
        "For example: Who can do my shopping on Tuesday? Or: Help me organise my care."))
    body = TextAreaField(_l("What do you need, and when?"), validators=BODY, description=_l(
        "Say what you need, when, and where. Do not write your address or phone number here."))
    topic = ChoiceField(_l("Topic"), validators=TOPIC)
    urgency = RadioChoiceField(_l("How soon?"), default=Urgency.ANY, choices=choices([
        (Urgency.SOON, _l("Soon: within 1 or 2 days")),
        (Urgency.WEEK, _l("This week")),
        (Urgency.ANY, _l("No hurry")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    needed_by = DayField(_l("Needed before (optional)"), validators=[not_in_the_past])
    for_whom = StringField(_l("For whom? (optional)"), validators=[
        Optional(), Length(max=120, message=_l("Use at most %(max)d characters.", max=120))],
        description=_l("Fill this in when you ask for someone else, for example: my father "
                       "Jan. Only the first name, please."))


class OfferForm(FlaskForm):
    title = StringField(_l("Title"), validators=TITLE, description=_l(
        "For example: I can help with computers and phones."))
    body = TextAreaField(_l("What can you do, and when?"), validators=BODY, description=_l(
        "Say what you offer and when you have time. Do not write your address or phone "
        "number here."))
    topic = ChoiceField(_l("Topic"), validators=TOPIC)


class RespondForm(FlaskForm):
    message = TextAreaField(_l("Your message"), validators=[
        InputRequired(message=_l("Write a short message to your neighbour.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("Say when you can help. Your e-mail address stays private."))


class ThanksForm(FlaskForm):
    body = TextAreaField(_l("Your thank-you"), validators=[
        InputRequired(message=_l("Write a few words of thanks.")),
        Length(max=500, message=_l("Use at most %(max)d characters.", max=500))])
    share_publicly = BooleanField(_l("Neighbours may read this thank-you as a story "
                                     "(without your street)"))


class FeedbackForm(FlaskForm):
    worked_out = RadioChoiceField(_l("Did it work out?"), choices=choices([
        ("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[InputRequired(message=_l("Choose one."))])
