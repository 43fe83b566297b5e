"""Deleting an account: the personal data goes, what it had open ends, the neighbours on
the other side hear it, and what others still need (conversations, ballots, the log) keeps
its shape without a link to the person."""
from datetime import date, datetime, timedelta

import pyotp
import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select

from buurt.ambassador.models import LoginCard
from buurt.care import services as care
from buurt.core import search, storage
from buurt.core.extensions import db
from buurt.core.media import uploads
from buurt.core.media.models import Upload
from buurt.decide import services as decisions
from buurt.decide.models import Ballot
from buurt.info import events, initiatives
from buurt.info.models import InitiativeMember, Rsvp
from buurt.lend import items, loans
from buurt.lend.models import LoanDay, LoanState
from buurt.market import posting, responses
from buurt.market.models import Need, ResponseState
from buurt.moderation import case_decisions, cases
from buurt.moderation.models import CaseState, Decision, ModerationAction
from buurt.notifications import mail, notify
from buurt.notifications.models import Notification, OutboxEmail
from buurt.people import access, accounts, deletion, directory as people, passwords, two_factor
from buurt.people.models import (AccountDeletion, AccountToken, Membership, RecoveryCode, Role,
                                 TwoFactor, User, UserTopic)
from buurt.posts import kinds
from buurt.posts.models import CloseReason, Post, PostState
from tests.fixtures.builders import PASSWORD
from tests.uploads.media import jpeg_with_gps

# Monday 1 March 2027, 10:00 in Amsterdam, as the database stores it (naive UTC).
NOW = datetime(2027, 3, 1, 9, 0)
TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


def delete(user):
    record = deletion.delete_account(user, password=PASSWORD)
    db.session.commit()
    return record


def told(user, kind):
    """The notifications of this kind the user has, as (post id, note)."""
    return [(n.post_id, n.note) for n in db.session.scalars(
        select(Notification).filter_by(user_id=user.id, kind=kind).order_by(Notification.id))]


def test_the_personal_data_goes_and_the_row_stays(make_user, topics):
    ria = make_user("Ria de Vries", email="ria@example.com", offer=["tuin"], seek=["klussen"])
    ria.street, ria.language = "Lindengracht", "nl"
    people.set_listing(ria, in_directory=True, about="Ik tuinier graag.")
    people.set_photo(ria, uploads.save_image(jpeg_with_gps((600, 600)), ria))
    db.session.commit()
    photo = ria.photo
    files = photo.names
    assert all(storage.get().exists(name) for name in files)
    assert ria.display_name == "Ria de Vries" and ria.topic_links

    record = delete(ria)

    db.session.expire_all()
    ria = db.session.get(User, ria.id)
    assert ria is not None, "the row stays for what refers to it"
    assert ria.is_deleted and ria.deleted_at == NOW
    assert (ria.chosen_name, ria.email, ria.username, ria.street, ria.about) == \
        ("", None, None, None, None)
    assert not ria.in_directory and ria.photo_id is None and ria.role == Role.RESIDENT
    assert db.session.scalar(select(func.count()).select_from(UserTopic)
                             .where(UserTopic.user_id == ria.id)) == 0
    assert db.session.get(Upload, photo.id) is None
    assert not any(storage.get().exists(name) for name in files)
    assert ria.privacy_version is None and ria.suspension_reason is None
    assert ria.session_version == 1
    # No password opens it, not even the old one.
    assert not accounts.password_matches(ria, PASSWORD)
    # Its name is made in the reader's language when it is shown, never stored.
    with force_locale("nl"):
        assert str(ria.display_name) == "Oud-buurtbewoner"
    with force_locale("en"):
        assert str(ria.display_name) == "Former neighbour"
    assert (record.by_id, record.consent_at) == (ria.id, None)
    log = db.session.scalar(select(ModerationAction).filter_by(action="account_deleted"))
    assert (log.actor_id, log.target_type, log.target_id) == (ria.id, "user", ria.id)


def test_a_wrong_password_keeps_the_account(make_user):
    ria = make_user("Ria")
    with pytest.raises(deletion.DeletionError) as refused:
        deletion.delete_account(ria, password="not my password")
    assert refused.value.field == "password"
    with pytest.raises(deletion.DeletionError):
        deletion.delete_account(ria, password=None)
    db.session.rollback()
    ria = db.session.get(User, ria.id)
    assert not ria.is_deleted and ria.display_name == "Ria"
    delete(ria)
    assert ria.is_deleted
    with pytest.raises(deletion.DeletionError):
        deletion.delete_account(ria, password=PASSWORD)


def test_a_deletion_sent_twice_goes_on_once(make_user):
    from sqlalchemy.orm.attributes import set_committed_value
    ria = make_user("Ria")
    password_hash = ria.password_hash
    delete(ria)
    # The second submit read the account before the first was saved.
    set_committed_value(ria, "deleted_at", None)
    set_committed_value(ria, "password_hash", password_hash)
    with pytest.raises(deletion.DeletionError):
        deletion.delete_account(ria, password=PASSWORD)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AccountDeletion)) == 1


def test_the_only_admin_cannot_go_and_an_admin_with_another_can(make_user):
    ada = make_user("Ada", role=Role.ADMIN)
    with pytest.raises(deletion.DeletionError):
        deletion.delete_account(ada, password=PASSWORD)
    db.session.rollback()
    make_user("Bo", role=Role.ADMIN)
    delete(ada)
    assert ada.is_deleted and ada.role == Role.RESIDENT


def test_every_kind_of_open_post_closes_and_done_ones_stay(make_user, topics):
    """Each kind in the registry, in every state that is still open."""
    author, reader = make_user("Ria"), make_user("Bart")
    open_posts = []
    for kind in kinds.KINDS:
        for state in (PostState.PUBLISHED, PostState.PENDING, PostState.PAUSED):
            post = kind.model(author=author, neighbourhood=author.neighbourhood,
                              title=f"A {kind.name}", body="Something.", state=state)
            db.session.add(post)
            open_posts.append(post)
    done = posting.create_request(author, title="Shopping", body="On Friday.",
                                  topic=topics["boodschappen"])
    done.close(CloseReason.DONE)
    db.session.commit()
    assert all(access.can_view(reader, p) for p in open_posts if p.is_published)

    delete(author)

    for post in open_posts:
        db.session.refresh(post)
        assert post.is_closed, post
        if post.kind == "event" and post.closed_reason == CloseReason.CANCELLED:
            # An event that was online is called off: who would come can still read so.
            assert access.can_view(reader, post)
        else:
            assert post.closed_reason == CloseReason.ACCOUNT_DELETED, post
            assert not access.can_view(reader, post), "gone as if withdrawn"
    assert {p.closed_reason for p in open_posts if p.kind == "event"} == \
        {CloseReason.CANCELLED, CloseReason.ACCOUNT_DELETED}
    db.session.refresh(done)
    assert done.closed_reason == CloseReason.DONE and access.can_view(reader, done)
    assert str(done.author.display_name) == "Oud-buurtbewoner"


def test_helpers_and_authors_hear_that_the_account_went(make_user, make_post):
    ria = make_user("Ria")
    first, second, author = make_user("Henk"), make_user("Sanne"), make_user("Bart")
    own = make_post("request", author=ria, title="Fix my door")
    accepted = responses.respond(own, first, "I come on Saturday.")
    offered = responses.respond(make_post("offer", author=ria, title="I walk dogs"), second,
                                "My dog would love it.")
    responses.accept(accepted, ria)
    helping = responses.respond(make_post("request", author=author, title="Lift a sofa"), ria,
                                "I can help.")
    db.session.commit()

    delete(ria)

    assert told(first, notify.Kind.LEFT_POST) == [(own.id, None)]
    assert told(second, notify.Kind.LEFT_POST) == [(offered.post_id, None)]
    assert told(author, notify.Kind.LEFT_HELPER) == [(helping.post_id, None)]
    for response in (accepted, offered, helping):
        db.session.refresh(response)
    assert (accepted.state, offered.state, helping.state) == \
        (ResponseState.DECLINED, ResponseState.DECLINED, ResponseState.WITHDRAWN)


def test_care_tasks_end_and_both_sides_hear_it(make_user, make_post, traveller):
    ria, mother_care, helper = make_user("Ria"), make_user("Joke"), make_user("Henk")
    # Ria does the shopping for Joke every week, and did a one-off ride last week.
    jokes = make_post("request", author=mother_care, topic="zorg", need=Need.CARE)
    weekly = care.add_task(jokes, title="Shopping", weekday=1)
    ride = care.add_task(jokes, title="Ride", on_date=TODAY + timedelta(days=1))
    ria_weekly = care.sign_up(weekly, ria)
    ria_ride = care.sign_up(ride, ria)
    # Ria's own care request, whose weekly task Henk took; he also reacted to it.
    rias = make_post("request", author=ria, topic="zorg", need=Need.CARE)
    own_task = care.add_task(rias, title="Company", weekday=3)
    henks = care.sign_up(own_task, helper)
    responses.respond(rias, helper, "I like to visit.")
    db.session.commit()
    traveller.shift(timedelta(days=2))   # the ride was yesterday

    delete(ria)

    assert told(mother_care, notify.Kind.LEFT_CARE) == [(jokes.id, None)], "once a request"
    assert told(helper, notify.Kind.LEFT_POST) == [(rias.id, None)], "once, not per task"
    for signup in (ria_weekly, ria_ride, henks):
        db.session.refresh(signup)
    assert ria_weekly.cancelled_at is not None
    assert ria_ride.cancelled_at is None, "what is past stays in the schedule"
    assert henks.cancelled_at is not None and own_task.removed_at is not None
    assert care.signups_of(helper) == []


def test_loans_end_and_the_other_side_hears_it(make_user, topics):
    owner, ria = make_user("Olga"), make_user("Ria")
    lent, asked = make_user("Bart"), make_user("Sanne")

    def item_of(author, title):
        return items.create_item(author, title=title, body="Works well.",
                                 topic=topics["klussen"], condition="good", deposit=None,
                                 pickup_times="Evenings")
    # Ria lends a ladder: Bart has it now, Sanne asked for next week.
    ladder = item_of(ria, "Ladder")
    bart_loan = loans.request_loan(ladder, lent, starts_on=TODAY, ends_on=TODAY + timedelta(2))
    loans.agree(bart_loan, ria)
    sanne_loan = loans.request_loan(ladder, asked, starts_on=TODAY + timedelta(7),
                                    ends_on=TODAY + timedelta(8))
    # Ria has Olga's drill now, and asked for her tent.
    drill, tent = item_of(owner, "Drill"), item_of(owner, "Tent")
    has_it = loans.request_loan(drill, ria, starts_on=TODAY, ends_on=TODAY + timedelta(1))
    loans.agree(has_it, owner)
    wants = loans.request_loan(tent, ria, starts_on=TODAY + timedelta(3),
                               ends_on=TODAY + timedelta(4))
    db.session.commit()

    delete(ria)

    assert told(lent, notify.Kind.LEFT_LOAN) == [(ladder.id, "owner")]
    assert told(asked, notify.Kind.LEFT_LOAN) == [(ladder.id, "owner")]
    assert told(owner, notify.Kind.LEFT_LOAN) == [(drill.id, "borrower_has_it"),
                                                 (tent.id, "borrower")]
    for loan in (bart_loan, sanne_loan, has_it, wants):
        db.session.refresh(loan)
    assert bart_loan.state == sanne_loan.state == wants.state == LoanState.CANCELLED
    assert db.session.scalar(select(func.count()).select_from(LoanDay)
                             .where(LoanDay.item_id == ladder.id)) == 0
    # Olga can still say that her drill is back.
    assert has_it.state == LoanState.AGREED
    loans.confirm_return(has_it, owner)
    db.session.commit()
    assert has_it.state == LoanState.RETURNED


def test_a_secret_ballot_keeps_counting_without_its_voter(make_user, manager, centrum,
                                                         traveller):
    voters = [make_user("Ria", email="ria@example.com"), make_user("Bart"), make_user("Sanne")]
    round_ = decisions.open_round(
        manager, centrum, question="What first?", method="approval",
        closes_at=NOW + timedelta(days=7),
        options=[decisions.OptionInput(title="Benches"), decisions.OptionInput(title="Trees")])
    benches, trees = [o.id for o in round_.options]
    for voter, marks in zip(voters, ({benches: 1}, {benches: 1, trees: 1}, {trees: 1})):
        decisions.vote(round_, voter, marks)
    db.session.commit()
    ria = voters[0]
    before = decisions.count(round_)
    assert db.session.scalar(select(func.count()).select_from(Ballot)
                             .where(Ballot.voter_id == ria.id)) == 1

    delete(ria)

    assert decisions.count(round_) == before and decisions.turnout(round_) == 3
    assert db.session.scalar(select(func.count()).select_from(Ballot)
                             .where(Ballot.voter_id == ria.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Ballot)
                             .where(Ballot.voter_id.is_(None))) == 1
    # Whoever signs up with the address again is a new resident, with a ballot of their own.
    again = accounts.create_user(display_name="Ria", email="ria@example.com",
                                 password=PASSWORD, neighbourhood=centrum)
    decisions.vote(round_, again, {trees: 1})
    db.session.commit()
    assert decisions.turnout(round_) == 4
    traveller.shift(timedelta(days=8))
    assert decisions.results(round_) is not None


def test_events_are_called_off_and_places_freed(make_user, topics):
    ria, guest, host = make_user("Ria"), make_user("Bart"), make_user("Sanne")
    soon = NOW + timedelta(days=3)
    rias = events.create_event(ria, title="Soup evening", body="We cook.", topic=None,
                               starts_at=soon, ends_at=soon + timedelta(hours=2),
                               address="Dorpsstraat 1")
    events.rsvp(rias, guest)
    sannes = events.create_event(host, title="Walk in the park", topic=None,
                                 body="We walk together through the park and drink coffee.",
                                 starts_at=soon, ends_at=soon + timedelta(hours=1),
                                 address="Parkweg 2", capacity=5)
    events.rsvp(sannes, ria)
    db.session.commit()
    assert sannes.rsvp_count == 1

    delete(ria)

    db.session.refresh(rias)
    db.session.refresh(sannes)
    assert rias.is_cancelled and access.can_view(guest, rias)
    assert told(guest, notify.Kind.EVENT_CANCELLED) == [(rias.id, None)]
    assert sannes.rsvp_count == 0 and sannes.is_published
    assert db.session.scalar(select(func.count()).select_from(Rsvp)
                             .where(Rsvp.user_id == ria.id)) == 0


def test_it_runs_no_initiative_and_its_cards_and_tokens_go(make_user, manager):
    ria, other = make_user("Ria", email="ria@example.com"), make_user("Bart")
    initiative = initiatives.propose(ria, name="Repair Café", description="We repair.")
    db.session.add(InitiativeMember(initiative_id=initiative.id, user_id=other.id))
    db.session.add(LoginCard(user_id=ria.id, code_hash="x", expires_at=NOW))
    passwords.request_reset("ria@example.com")
    secret = two_factor.new_secret()
    two_factor.enable(ria, secret, pyotp.TOTP(secret).at(NOW), NOW)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)
                             .where(OutboxEmail.user_id == ria.id)) == 1
    for model in (TwoFactor, RecoveryCode):   # there before the deletion
        assert db.session.scalar(select(func.count()).select_from(model)
                                 .where(model.user_id == ria.id)) > 0, model
    # A notification Ria caused for Bart stays his, and names her no more.
    notify.notify(other, notify.Kind.MESSAGE, actor=ria)
    notify.notify(ria, notify.Kind.MESSAGE, actor=other)
    db.session.commit()

    delete(ria)

    db.session.expire_all()
    assert db.session.get(type(initiative), initiative.id).member_ids == {other.id}
    for model in (LoginCard, AccountToken, TwoFactor, RecoveryCode, OutboxEmail, Notification):
        assert db.session.scalar(select(func.count()).select_from(model)
                                 .where(model.user_id == ria.id)) == 0, model
    kept = db.session.scalar(select(Notification).filter_by(user_id=other.id))
    assert kept.actor_id == ria.id and kept.actor.display_name == "Oud-buurtbewoner"
    # And nothing new reaches the deleted account.
    assert notify.notify(db.session.get(User, ria.id), notify.Kind.MESSAGE) is None
    assert mail.queue(db.session.get(User, ria.id), "x", "password_reset") is None


def test_its_cases_close_and_a_manager_cannot_bring_its_posts_back(make_user, manager,
                                                                  topics, make_manager):
    ria = make_user("Ria")
    held = posting.create_request(ria, title="Noise", topic=topics["klussen"],
                                  body="Die kankerlijer van nummer 12 moet oprotten")
    db.session.commit()
    case = cases.open_case_for("post", held.id)
    assert held.is_pending and case.is_open
    # A manager who deletes their account leaves the cases they took on to the others.
    other_case_post = posting.create_request(
        make_user("Bart"), title="Rude", topic=topics["klussen"],
        body="Die kankerlijer van nummer 12 moet oprotten")
    leaving = make_manager("Lou", language=None)
    other_case = cases.open_case_for("post", other_case_post.id)
    cases.claim(other_case, leaving)
    db.session.commit()

    delete(ria)
    deletion.delete_account(leaving, password=PASSWORD)
    db.session.commit()

    db.session.refresh(case)
    db.session.refresh(other_case)
    assert case.state == CaseState.DECIDED and case.decision == Decision.DISMISS
    with pytest.raises(cases.ModerationError):
        case_decisions.decide(case, manager, Decision.APPROVE)
    db.session.rollback()
    assert db.session.get(Post, held.id).closed_reason == CloseReason.ACCOUNT_DELETED
    assert other_case.is_open and other_case.claimed_by_id is None
    case_decisions.decide(other_case, manager, Decision.APPROVE)
    assert db.session.scalar(select(func.count()).select_from(Membership)
                             .where(Membership.user_id == leaving.id)) == 0


def test_the_people_search_and_directory_no_longer_find_it(make_user, topics):
    ria = make_user("Ria Jansen", offer=["computerhulp"])
    people.set_listing(ria, in_directory=True, about="Ik help met de computer.")
    db.session.commit()
    residents = (search.PUBLIC, search.RESIDENTS)
    assert search.search("ria", audience=residents).keys == [("person", ria.id)]
    assert people.listed(ria.id) is ria

    delete(ria)

    assert search.search("ria", audience=residents).keys == []
    assert search.search("computer", audience=residents, kind="person").keys == []
    assert people.listed(ria.id) is None
    assert people.directory(neighbourhood_id=None).items == []
    # Rebuilding the index does not bring it back.
    search.reindex()
    assert search.search("ria", audience=residents).keys == []


def test_every_area_registers_its_step():
    assert set(deletion.registered()) == {
        "market", "care", "lend", "info.events", "info.initiatives", "stories", "decide",
        "ambassador", "export"}
