"""Forms for meeting places, events, initiatives and the people directory."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.web.forms import ChoiceField, DayField, MultiCheckboxField, TimeOfDayField
from buurt.web.upload_forms import MediaField

TITLE = [InputRequired(message=_l("Write a short title.")),
         Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                           min=5, max=140))]
NAME = [InputRequired(message=_l("Write the name.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120))]


def _at_most(n):
    return [Optional(), Length(max=n, message=_l("Use at most %(max)d characters.", max=n))]


class CountField(StringField):
    """A whole number, or empty; wrong input gets our own plain message."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        if not self.raw.strip():
            self.data = None
            return
        try:
            self.data = int(self.raw.strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Write a number, for example 20.")) from None

    def _value(self):
        if self.data is not None:
            return str(self.data)
        return getattr(self, "raw", "") or ""


class PlaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=NAME, description=_l(
        "For example: Community centre De Boei."))
    address = StringField(_l("Address"), validators=[
        InputRequired(message=_l("Write the address of the place.")),
        Length(max=200, message=_l("Use at most %(max)d characters.", max=200))])
    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[Optional()])
    description = TextAreaField(_l("What happens there?"), validators=_at_most(4000))
    opening_hours = TextAreaField(_l("Opening hours"), validators=_at_most(500),
                                  description=_l("For example: Monday to Friday 9:00 to 17:00."))
    step_free = BooleanField(_l("The entrance has no steps (also for a wheelchair)"))
    accessible_toilet = BooleanField(_l("There is an accessible toilet"))
    initiatives = MultiCheckboxField(_l("Who runs this place?"), description=_l(
        "Neighbours who run one of these initiatives may change this page."))
    photo = MediaField(_l("A photo (optional)"))
    # The photo of an earlier try, so a second try does not need the file again.
    kept_photo = HiddenField()


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=TITLE, description=_l(
        "For example: Soup evening in the community centre."))
    body = TextAreaField(_l("What happens?"), validators=[
        InputRequired(message=_l("Tell your neighbours a little more.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))])
    topic = ChoiceField(_l("Topic (optional)"), validators=[Optional()])
    start_date = DayField(_l("Date"), validators=[
        InputRequired(message=_l("Fill in the date."))])
    start_time = TimeOfDayField(_l("Starts at"), validators=[
        InputRequired(message=_l("Fill in when it starts."))],
        description=_l("Dutch time, for example 19:30."))
    end_time = TimeOfDayField(_l("Ends at"), validators=[
        InputRequired(message=_l("Fill in when it ends."))])
    end_date = DayField(_l("Ends on another day? (optional)"), validators=[Optional()],
                        description=_l("Leave this empty when it ends on the same day."))
    place = ChoiceField(_l("Choose a meeting place"), validators=[Optional()])
    address = StringField(_l("Or write the address"), validators=_at_most(200),
                          description=_l("Only when it is not at one of the places above."))
    capacity = CountField(_l("How many people can come? (optional)"), description=_l(
        "Leave this empty when there is no limit."))
    organiser = ChoiceField(_l("Who organises it?"), validators=[Optional()])
    photo = MediaField(_l("A photo (optional)"))
    # The photo of an earlier try, so a second try does not need the file again.
    kept_photo = HiddenField()


class InitiativeForm(FlaskForm):
    name = StringField(_l("Name"), validators=NAME, description=_l(
        "For example: Repair Café Oost, or the library."))
    description = TextAreaField(_l("What do you do?"), validators=[
        InputRequired(message=_l("Tell your neighbours what the initiative does.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))])
    topics = MultiCheckboxField(_l("Topics"))
    contact = TextAreaField(_l("How can neighbours reach you?"), validators=_at_most(300),
                            description=_l("The phone number, e-mail address or website of "
                                           "the initiative. Everyone can read this."))
    opening_hours = TextAreaField(_l("Opening hours (optional)"), validators=_at_most(500))


class DeclineForm(FlaskForm):
    note = TextAreaField(_l("Why not? (optional)"), validators=_at_most(1000),
                         description=_l("The neighbour who proposed it reads this."))


class RunnerForm(FlaskForm):
    user = ChoiceField(_l("Add a neighbour who runs it"), validators=[
        InputRequired(message=_l("Choose a neighbour from the list."))],
        description=_l("Only neighbours who are in the people directory can be added."))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[
        InputRequired(message=_l("Write a message first.")),
        Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000))],
        description=_l("Your e-mail address stays private."))
