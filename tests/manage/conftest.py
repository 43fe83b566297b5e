"""A fixed moment and a hand-made neighbourhood whose dashboard figures are worked out by
hand in test_dashboard.py."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import insert

from buurt.ambassador.models import Onboarding, OnboardingEvent
from buurt.core.extensions import db
from buurt.info.models import Event, Initiative, InitiativeState, Place
from buurt.market.models import (Conversation, ConversationMember, Message, Offer, Request,
                                 Response, ResponseState)
from buurt.moderation.models import CaseState, ModerationCase
from buurt.people.models import Membership, Role
from buurt.posts.models import Post, PostState
from tests.fixtures.english import client, text  # noqa: F401

# A Friday in November, 12:00 UTC (13:00 in Amsterdam, winter time).
NOW = datetime(2026, 11, 20, 12, 0, 0)
LONG_AGO = NOW - timedelta(days=400)


def ago(days=0, hours=0):
    return NOW - timedelta(days=days, hours=hours)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person(make_user):
    """A user who joined long ago (so they are not a new resident), unless `joined` says."""
    def make(name=None, *, joined=LONG_AGO, **kwargs):
        kwargs.setdefault("language", "en")
        user = make_user(name, **kwargs)
        user.created_at = joined
        db.session.commit()
        return user
    return make


@pytest.fixture
def manager_of(person):
    def make(neighbourhood, name="Mila", **kwargs):
        manager = person(name, role=Role.MANAGER, neighbourhood=neighbourhood, **kwargs)
        db.session.add(Membership(user=manager, neighbourhood=neighbourhood, role=Role.MANAGER))
        db.session.commit()
        return manager
    return make


def add_post(cls, *, author, topic=None, created, state=PostState.PUBLISHED, title=None,
             body="Graag, het is dichtbij.", **fields):
    if cls is Request:
        fields.setdefault("need", "help")
        fields.setdefault("urgency", "any")
    post = cls(author=author, neighbourhood=author.neighbourhood, topic=topic,
               title=title or f"{cls.__name__} {created:%d-%m %H:%M}", body=body, state=state,
               created_at=created, updated_at=created, active_since=created, **fields)
    db.session.add(post)
    db.session.flush()
    return post


def raw_post(kind, *, author, created, state=PostState.PUBLISHED, title="Iets"):
    """A post of a kind by its kind column only (items, ideas, announcements, stories)."""
    db.session.execute(insert(Post.__table__).values(
        kind=kind, author_id=author.id, neighbourhood_id=author.neighbourhood_id,
        title=title, body="", state=state, created_at=created, updated_at=created,
        active_since=created))


def respond(post, responder, *, at, state=ResponseState.OFFERED, decided=None):
    response = Response(post=post, responder=responder, state=state, created_at=at,
                        decided_at=decided)
    db.session.add(response)
    db.session.flush()
    return response


@pytest.fixture
def dataset(topics, centrum, person, manager_of, make_neighbourhood):
    """Centrum (managed by Mila) and Oost (not hers). The figures for Centrum over the last
    30 days (22 October to 20 November 2026) are worked out in test_dashboard.py."""
    oost = make_neighbourhood("oost", ["1091"])
    mila = manager_of(centrum)
    amina = person("Amina", role=Role.AMBASSADOR, neighbourhood=centrum)
    db.session.add(Membership(user=amina, neighbourhood=centrum, role=Role.AMBASSADOR))
    bert = person("Bert", neighbourhood=centrum)
    helper = person("Hanna", offer=["klussen"], neighbourhood=centrum)
    other_helper = person("Henk", neighbourhood=centrum)
    oost_person = person("Olga", offer=["computerhulp"], neighbourhood=oost)

    # New residents: one on her own, two at the street party, one by Amina at the door,
    # one before the period, and one in Oost.
    street_party = OnboardingEvent(neighbourhood=centrum, ambassador=amina, name="Straatfeest",
                                   day=date(2026, 11, 10), place="Dapperstraat", token="feest1")
    db.session.add(street_party)
    new = {}
    new["own"] = person("Nina", joined=ago(5), neighbourhood=centrum)
    for key, days in (("party1", 10), ("party2", 10)):
        new[key] = person(joined=ago(days), neighbourhood=centrum)
        new[key].onboarded_by = amina
        db.session.add(Onboarding(user=new[key], event=street_party, assisted=True))
    new["door"] = person(joined=ago(2), neighbourhood=centrum)
    new["door"].onboarded_by = amina
    db.session.add(Onboarding(user=new["door"], assisted=True))
    person(joined=ago(40), neighbourhood=centrum)
    person(joined=ago(3), neighbourhood=oost)

    t = topics
    # Requests in Centrum, with their first responses.
    q1 = add_post(Request, author=bert, topic=t["klussen"], created=ago(20))
    respond(q1, helper, at=ago(20) + timedelta(hours=2), state=ResponseState.ACCEPTED,
            decided=ago(19))
    respond(q1, other_helper, at=ago(20) + timedelta(hours=30), state=ResponseState.DECLINED,
            decided=ago(19))
    q2 = add_post(Request, author=bert, topic=t["zorg"], created=ago(15))
    respond(q2, helper, at=ago(15) + timedelta(days=4))
    q3 = add_post(Request, author=bert, topic=t["tuin"], created=ago(10),
                  state=PostState.CLOSED, closed_reason="done")
    respond(q3, helper, at=ago(10) + timedelta(hours=24), state=ResponseState.DONE,
            decided=ago(9))
    q4 = add_post(Request, author=bert, topic=t["computerhulp"], created=ago(6),
                  title="Printer doet het niet")
    q5 = add_post(Request, author=other_helper, topic=t["computerhulp"], created=ago(1),
                  title="Hulp met mijn telefoon")
    q6 = add_post(Request, author=bert, topic=t["vervoer"], created=ago(40),
                  title="Rit naar het ziekenhuis")
    add_post(Request, author=bert, topic=t["vervoer"], created=ago(5),
             state=PostState.REMOVED)
    q8 = add_post(Request, author=bert, topic=t["klussen"], created=ago(50),
                  state=PostState.CLOSED, closed_reason="done")
    respond(q8, helper, at=ago(49), state=ResponseState.ACCEPTED, decided=ago(45))
    # Offers: one answered in the period, an open one on care, a paused one on computers.
    f1 = add_post(Offer, author=helper, topic=t["tuin"], created=ago(8))
    respond(f1, bert, at=ago(8), state=ResponseState.ACCEPTED, decided=ago(7))
    add_post(Offer, author=helper, topic=t["zorg"], created=ago(50))
    add_post(Offer, author=other_helper, topic=t["computerhulp"], created=ago(35),
             state=PostState.PAUSED)
    # Information: an event, a meeting place, an approved and a proposed initiative, an
    # announcement; resources: an item just after local midnight and a removed one; ideas:
    # one from long ago.
    add_post(Event, author=helper, topic=t["koken"], created=ago(3),
             starts_at=NOW + timedelta(days=3), ends_at=NOW + timedelta(days=3, hours=2))
    db.session.add(Place(neighbourhood=centrum, name="Buurthuis", address="Dorpsstraat 1",
                         created_at=ago(12)))
    db.session.add(Initiative(neighbourhood=centrum, name="Repair Café",
                              state=InitiativeState.APPROVED, created_at=ago(20)))
    db.session.add(Initiative(neighbourhood=centrum, name="Boekenruil",
                              state=InitiativeState.PROPOSED, created_at=ago(2)))
    raw_post("announcement", author=mila, created=ago(25))
    raw_post("item", author=bert, created=datetime(2026, 11, 19, 23, 30))
    raw_post("item", author=bert, created=ago(4), state=PostState.REMOVED)
    raw_post("idea", author=bert, created=ago(70))

    # A private conversation with something nobody else may read.
    conversation = Conversation(post=q1, created_at=ago(20))
    db.session.add(conversation)
    db.session.flush()
    db.session.add_all([ConversationMember(conversation_id=conversation.id, user_id=bert.id),
                        ConversationMember(conversation_id=conversation.id,
                                           user_id=helper.id)])
    db.session.add(Message(conversation_id=conversation.id, author=bert,
                           body="Geheim: mijn sleutel ligt onder de mat", created_at=ago(20)))

    # The moderation queue: two open cases and a decided and a waiting one in Centrum, an
    # older open one in Oost.
    cases = {}
    for key, state, days in (("c1", CaseState.OPEN, 2), ("c2", CaseState.OPEN, 5),
                             ("c3", CaseState.DECIDED, 10), ("c4", CaseState.WAITING, 1)):
        cases[key] = ModerationCase(neighbourhood=centrum, target_type="post",
                                    target_id=q4.id, author_id=bert.id, source="flags",
                                    state=state, opened_at=ago(days))
    cases["oost"] = ModerationCase(neighbourhood=oost, target_type="post", target_id=q4.id,
                                   source="flags", state=CaseState.OPEN, opened_at=ago(30))
    db.session.add_all(cases.values())

    # Oost: a request without a response and a match, neither of them Centrum's.
    oost_request = add_post(Request, author=oost_person, topic=t["vervoer"], created=ago(2))
    oost_offer = add_post(Offer, author=oost_person, topic=t["computerhulp"], created=ago(2))
    respond(oost_offer, bert, at=ago(2), state=ResponseState.ACCEPTED, decided=ago(1))
    db.session.commit()
    return {"centrum": centrum, "oost": oost, "mila": mila, "amina": amina, "bert": bert,
            "street_party": street_party, "q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5,
            "q6": q6, "f1": f1, "cases": cases, "oost_request": oost_request,
            "new": new, "helper": helper}
