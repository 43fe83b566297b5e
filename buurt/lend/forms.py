"""Forms for lending: an item, asking to borrow it, and saying no."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from buurt.lend.models import ItemCondition
from buurt.web.forms import ChoiceField, DayField, RadioChoiceField, WholeNumberField, choices
from buurt.web.upload_forms import MediaField

CONDITION_LABELS = {
    ItemCondition.NEW: _l("New"),
    ItemCondition.GOOD: _l("As good as new"),
    ItemCondition.USED: _l("Used, works well"),
    ItemCondition.WORN: _l("Worn, still works"),
}


def _at_most(n):
    return [Optional(), Length(max=n, message=_l("Use at most %(max)d characters.", max=n))]


class ItemForm(FlaskForm):
    title = StringField(_l("What do you lend?"), validators=[
        InputRequired(message=_l("Write a short title.")),
        Length(min=3, max=140, message=_l("Use between %(min)d and %(max)d characters.",
                                          min=3, max=140))],
        description=_l("For example: Drill, party tent, ladder."))
    body = TextAreaField(_l("About the item"), validators=[
        InputRequired(message=_l("Tell your neighbours a little more.")),
        Length(max=4000, message=_l("Use at most %(max)d characters.", max=4000))],
        description=_l("What is it, and what should a borrower know? Do not write your "
                       "address or phone number here."))
    topic = ChoiceField(_l("Topic"), validators=[InputRequired(message=_l("Choose a topic."))])
    condition = RadioChoiceField(_l("What condition is it in?"), choices=choices(
        CONDITION_LABELS.items()), validators=[InputRequired(message=_l("Choose one."))])
    deposit = WholeNumberField(_l("Deposit in euros (optional)"), description=_l(
        "Money the borrower gives you and gets back with the item. Leave it empty for none."))
    pickup_times = TextAreaField(_l("When can it be picked up and brought back? (optional)"),
                                 validators=_at_most(300),
                                 description=_l("For example: weekday evenings after 18:00."))
    photo = MediaField(_l("A photo (optional)"))
    # The photo of an earlier try, so a second try does not need the file again.
    kept_photo = HiddenField()


class BorrowForm(FlaskForm):
    # The field names are the public contract: `from` and `to`, ISO dates.
    starts_on = DayField(_l("From"), name="from", validators=[
        InputRequired(message=_l("Fill in the first day."))])
    ends_on = DayField(_l("To"), name="to", validators=[
        InputRequired(message=_l("Fill in the last day."))],
        description=_l("The day you bring it back."))
    message = TextAreaField(_l("A message to the owner (optional)"), validators=_at_most(1000),
                            description=_l("For example, what you need it for."))


class DeclineForm(FlaskForm):
    answer = TextAreaField(_l("Why not? (optional)"), validators=_at_most(1000),
                           description=_l("Your neighbour reads this."))
