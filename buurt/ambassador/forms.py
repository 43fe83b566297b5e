"""Forms for ambassadors: appointing them, events, assisted sign-up, posting for a neighbour,
deleting a neighbour's account."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from buurt.core import clock
from buurt.market.models import Need, Urgency
from buurt.people import neighbourhoods
from buurt.web.forms import (ChoiceField, DayField, MultiCheckboxField, RadioChoiceField, choices,
                             not_in_the_past)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AppointForm(FlaskForm):
    login = StringField(_l("E-mail address or username of the resident"), filters=[_strip],
                        validators=[InputRequired(message=_l(
                            "Fill in the e-mail address or username."))])
    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[
        InputRequired(message=_l("Choose one."))])


class FindNeighbourForm(FlaskForm):
    """Whom a new login card is for: the username on their old card (or e-mail address)."""

    login = StringField(_l("Username or e-mail address of the neighbour"), filters=[_strip],
                        validators=[InputRequired(message=_l(
                            "Fill in the username or e-mail address."))],
                        description=_l("The username is on their old login card."))


class EventForm(FlaskForm):
    name = StringField(_l("Name of the event"), filters=[_strip], validators=[
        InputRequired(message=_l("Give the event a name.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120))],
        description=_l("For example: Street party Dapperstraat."))
    day = DayField(_l("Date"), default=clock.today, validators=[
        InputRequired(message=_l("Choose the date.")), not_in_the_past])
    place = StringField(_l("Place"), filters=[_strip], validators=[
        InputRequired(message=_l("Say where it is.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120))],
        description=_l("For example: community centre De Meeuw."))
    neighbourhood = ChoiceField(_l("Neighbourhood"), validators=[
        InputRequired(message=_l("Choose one."))])


class AssistedSignupForm(FlaskForm):
    """One neighbour after another on the ambassador's phone; e-mail is optional."""

    display_name = StringField(_l("Name of the neighbour"), filters=[_strip], validators=[
        InputRequired(message=_l("Fill in the neighbour's name.")),
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))],
        description=_l("The first name is enough. Neighbours who are logged in see it."))
    email = EmailField(_l("E-mail address (optional)"), filters=[_strip], validators=[
        Optional(),
        Length(max=254, message=_l("Use at most %(max)d characters.", max=254)),
        Email(message=_l("This is not an e-mail address. It looks like name@example.com."),
              check_deliverability=False)],
        description=_l("No e-mail address? Leave it empty: the neighbour gets a login card."))
    postcode = StringField(_l("Postcode (optional)"), filters=[_strip],
                           validators=[Optional()],
                           description=_l("Only to find the neighbourhood."))
    neighbourhood = ChoiceField(_l("Or choose the neighbourhood"), validators=[Optional()])
    event = ChoiceField(_l("Event"), validators=[Optional()])
    seek_topics = MultiCheckboxField(_l("Would like help with"))
    offer_topics = MultiCheckboxField(_l("Can help with"))
    consent = BooleanField(_l("The neighbour agrees"), validators=[DataRequired(message=_l(
        "Without the neighbour's consent we do not make an account."))])

    def validate(self, extra_validators=None):
        """Check the fields, then place the neighbour in a neighbourhood the ambassador
        serves: the one chosen, the postcode's, the event's, or the only one."""
        valid = super().validate(extra_validators)
        served = {n.slug: n for n in self.served}
        self.found_event = self.events.get(self.event.data) if self.event.data else None
        self.found_neighbourhood = None
        if self.neighbourhood.errors or self.postcode.errors:
            return False
        if self.neighbourhood.data:
            self.found_neighbourhood = served.get(self.neighbourhood.data)
        elif self.postcode.data:
            area = neighbourhoods.postcode_area(self.postcode.data)
            if area is None:
                self.postcode.errors.append(_l(
                    "This is not a Dutch postcode. It looks like 1015 AB."))
                return False
            found = neighbourhoods.for_postcode(area)
            if found is None or found.slug not in served:
                self.postcode.errors.append(_l(
                    "This postcode is not in a neighbourhood where you sign people up. The "
                    "neighbour can sign up on the website themselves."))
                return False
            self.found_neighbourhood = found
        elif self.found_event is not None:
            self.found_neighbourhood = self.found_event.neighbourhood
        elif len(served) == 1:
            self.found_neighbourhood = next(iter(served.values()))
        else:
            self.postcode.errors.append(_l("Fill in the postcode, or choose the neighbourhood."))
            return False
        return valid and self.found_neighbourhood is not None


class RequestForNeighbourForm(FlaskForm):
    """A help request an ambassador writes for a neighbour, with their consent."""

    need = RadioChoiceField(_l("What do you need?"), default=Need.HELP, choices=choices([
        (Need.HELP, _l("Help with something")),
        (Need.CARE, _l("Help to organise my care (or the care of someone close to me)")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    title = StringField(_l("Title"), validators=[
        InputRequired(message=_l("Write a short title.")),
        Length(min=5, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=5, max=140))], description=_l(
        "For example: Who can do my shopping on Tuesday? Or: Help me organise my care."))
    body = TextAreaField(_l("What do you need, and when?"), validators=[
        InputRequired(message=_l("Tell your neighbours a little more.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))],
        description=_l("Say what you need, when, and where. Do not write your address or "
                       "phone number here."))
    topic = ChoiceField(_l("Topic"), validators=[InputRequired(message=_l("Choose a topic."))])
    urgency = RadioChoiceField(_l("How soon?"), default=Urgency.ANY, choices=choices([
        (Urgency.SOON, _l("Soon: within 1 or 2 days")),
        (Urgency.WEEK, _l("This week")),
        (Urgency.ANY, _l("No hurry")),
    ]), validators=[InputRequired(message=_l("Choose one."))])
    consent = BooleanField(_l("My neighbour agrees that I post this for them"),
                           validators=[DataRequired(message=_l(
                               "Ask your neighbour first. Without their consent you cannot "
                               "post for them."))])


class DeleteNeighbourForm(FlaskForm):
    """Deleting the account of a neighbour without e-mail, at their wish."""

    consent = BooleanField(_l("The neighbour wants this"), validators=[DataRequired(message=_l(
        "Only delete the account when the neighbour wants it. Tick the box when they have "
        "said so."))])
