"""Fixtures for data exports: a fixed moment, two neighbours who each did one of
everything, and a way to open a resident's export as a zip."""
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import time_machine

from buurt.announcements import services as announcements
from buurt.care import services as care
from buurt.core import clock
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.decide import services as decisions
from buurt.export import exports
from buurt.export.models import DataExport, ExportState
from buurt.ideas import services as ideas
from buurt.info import events, initiatives
from buurt.lend import items, loans
from buurt.market import posting, responses
from buurt.messages import conversations
from buurt.moderation import flags
from buurt.people import directory, passwords
from buurt.stories import services as stories
from tests.fixtures.english import client, make_user, text  # noqa: F401
from tests.uploads.media import jpeg_with_gps

# Monday 1 March 2027, 10:00 in Amsterdam (UTC+1), as the database stores it.
NOW = datetime(2027, 3, 1, 9, 0)


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@dataclass
class Zip:
    """An export opened as the resident would: its files and data.json."""
    files: dict[str, bytes]

    @property
    def data(self) -> dict:
        return json.loads(self.files["data.json"])

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8-sig")

    def everything(self) -> str:
        """Every text file of the zip together, to look for a word anywhere in it."""
        return "\n".join(self.text(name) for name in self.files
                         if name.endswith((".json", ".csv", ".html")))


def open_zip(data: bytes) -> Zip:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return Zip({name: archive.read(name) for name in archive.namelist()})


@pytest.fixture
def export_of():
    """Ask for the user's export, let the worker make it, and open the zip."""
    def make(user) -> Zip:
        exports.ask(user)
        db.session.commit()
        exports.make_waiting()
        db.session.commit()
        export = db.session.scalar(db.select(DataExport).filter_by(
            user_id=user.id, state=ExportState.READY))
        with exports.files().open(export.file_name) as handle:
            return open_zip(handle.read())
    return make


@dataclass
class Neighbour:
    """A resident and the texts only they wrote, to look for in the exports."""
    user: object
    message: str
    post_title: str


def _one_of_everything(me, manager, topics, *, tag: str) -> tuple[Neighbour, dict]:
    """A profile with a photo, an initiative, and one post of every kind, by `me`."""
    directory.set_listing(me, in_directory=True, about=f"I like {tag} gardening.")
    directory.set_photo(me, uploads.save_image(jpeg_with_gps((600, 600)), me))
    me.street = f"{tag}straat"
    request = posting.create_request(me, title=f"Help moving a cupboard ({tag})",
                                     body="A heavy cupboard must go to the first floor.",
                                     topic=topics["klussen"])
    posting.create_offer(me, title=f"I fix bicycles ({tag})",
                         body="Flat tyres, brakes and lights on Saturday morning.",
                         topic=topics["klussen"])
    soon = clock.now() + timedelta(days=3)
    event = events.create_event(me, title=f"Soup evening ({tag})", topic=topics["koken"],
                                body="We cook soup together and eat at the long table.",
                                starts_at=soon, ends_at=soon + timedelta(hours=2),
                                address="Dorpsstraat 12")
    item = items.create_item(me, title=f"Ladder ({tag})", topic=topics["klussen"],
                             body="An aluminium ladder of three metres.", condition="good",
                             deposit=10, pickup_times="Evenings",
                             upload=uploads.save_image(jpeg_with_gps((800, 600)), me))
    idea = ideas.create_idea(me, title=f"A bench by the playground ({tag})",
                             body="A bench by the speeltuin, so parents can sit.",
                             topic=topics["tuin"], estimated_cost=800)
    initiative = initiatives.propose(me, name=f"Repair Café {tag}",
                                     description="We repair lamps and bikes together.")
    initiatives.approve(initiative, manager)
    announcements.create(me, title=f"Street clean-up on Saturday ({tag})",
                         body="We clean the street together on Saturday at ten.",
                         initiative=initiative)
    stories.create(me, title=f"Our street has a garden again ({tag})",
                   body="Twelve neighbours planted flowers in the empty plot.",
                   owed_to="Anja, who asked the council.", advice="Just start.")
    db.session.flush()
    return Neighbour(me, message="", post_title=request.title), {
        "request": request, "event": event, "item": item, "idea": idea}


def _act_on(me: Neighbour, mine: dict, theirs: dict, other, round_, option, *, tag: str):
    """`me` reacts to, borrows, supports, joins, flags and votes on `other`'s things."""
    user = me.user
    today = clock.today()
    response = responses.response_of(theirs["request"], user)
    me.message = f"I bring the trolley of uncle {tag}."
    conversations.reply(response.conversation, user, me.message)
    # Help on my own request: accepted, done, thanked, and did it work out.
    theirs_on_mine = responses.response_of(mine["request"], other)
    responses.accept(theirs_on_mine, user)
    responses.mark_done(theirs_on_mine, user)
    responses.thank(theirs_on_mine, user, f"Thank you so much ({tag})!", share_publicly=False)
    responses.give_feedback(theirs_on_mine, user, True)
    ideas.add_comment(theirs["idea"], user, f"Good plan, I would sit there ({tag}).")
    ideas.support(theirs["idea"], user)
    events.rsvp(theirs["event"], user)
    loans.request_loan(theirs["item"], user, starts_on=today + timedelta(days=1),
                       ends_on=today + timedelta(days=2), message=f"For my shelves ({tag}).")
    flags.flag_post(theirs["idea"], user, "other", note=f"Is this the right place? ({tag})")
    decisions.vote(round_, user, {option.id: 1})


@pytest.fixture
def two_neighbours(make_user, manager, centrum, topics):
    """Ria and Bart, who each did one of everything, partly on each other's posts; a care
    request of Bart's with a task Ria took, and a password reset mail for Ria."""
    ria = make_user("Ria", email="ria@example.com", seek=["tuin"], offer=["klussen"])
    bart = make_user("Bart", email="bart@example.com", seek=["koken"], offer=["vervoer"])
    round_ = decisions.open_round(
        manager, centrum, question="What do we do first in the park?", method="approval",
        closes_at=clock.now() + timedelta(days=7),
        options=[decisions.OptionInput(title="Benches of oak wood", cost=None),
                 decisions.OptionInput(title="A fountain with frogs", cost=None)])
    ria_n, ria_posts = _one_of_everything(ria, manager, topics, tag="Ria")
    bart_n, bart_posts = _one_of_everything(bart, manager, topics, tag="Bart")
    # Each responds to the other's request first, so each has a response on their own.
    responses.respond(ria_posts["request"], bart, "I can help on Saturday (Bart).")
    responses.respond(bart_posts["request"], ria, "I can help on Saturday (Ria).")
    _act_on(ria_n, ria_posts, bart_posts, bart, round_, round_.options[0], tag="Ria")
    _act_on(bart_n, bart_posts, ria_posts, ria, round_, round_.options[1], tag="Bart")
    care_request = posting.create_request(bart, title="Care for my mother", need="care",
                                          body="Groceries for my mother every week.",
                                          topic=topics["zorg"], for_whom="my mother")
    task = care.add_task(care_request, title="Groceries on Tuesday", weekday=1)
    care.sign_up(task, ria)
    passwords.request_reset(ria.email)
    db.session.commit()
    return ria_n, bart_n
