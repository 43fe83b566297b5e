"""The queue and its decisions, flags, claiming, suspension, the managers' digest."""
from datetime import timedelta

import pytest
import time_machine

from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.market import posting
from buurt.moderation import case_decisions, cases, flags, managers, review, suspensions, word_lists
from buurt.moderation.models import CaseState, ModerationAction
from buurt.moderation.cases import ModerationError
from buurt.notifications.models import Notification
from buurt.ops import lifecycle
from buurt.posts import services as posts
from buurt.posts.models import PostState


def kinds(user):
    return [n.kind for n in db.session.scalars(
        db.select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def case_for(post):
    return cases.open_case_for("post", post.id)


def test_an_offensive_post_waits_in_the_queue_with_its_reasons(held_post, make_manager,
                                                               make_user):
    assert held_post.state == PostState.PENDING and held_post.screening_label == "offensive"
    case = case_for(held_post)
    assert case.state == CaseState.OPEN and case.source == "screening"
    assert any(r["category"] == "offensive" for r in cases.reasons_of(case))
    manager = make_manager()
    assert [c.id for c in review.queue(manager).items] == [case.id]
    assert review.queue(make_user()).items == []          # not a manager: nothing


def test_a_clear_post_goes_online_and_in_no_queue(make_user, topics, make_manager):
    post = posting.create_request(make_user(), title="Kliko buitenzetten",
                                  body="Wie kan dinsdag mijn kliko aan de straat zetten?",
                                  topic=topics["klussen"])
    assert post.is_published and case_for(post) is None
    assert review.queue(make_manager()).items == []


def test_approve_publishes_and_tells_matching_neighbours(held_post, make_manager, make_user):
    helper = make_user(offer=["klussen"])
    case_decisions.decide(case_for(held_post), make_manager(), "approve")
    assert held_post.is_published and kinds(helper) == ["match"]
    assert kinds(held_post.author) == []                       # the author is not bothered


def test_clarify_then_an_edit_is_screened_again(held_post, make_manager):
    case = case_for(held_post)
    case_decisions.decide(case, make_manager(), "clarify",
                          "Kun je dit zonder scheldwoorden zeggen?")
    assert held_post.state == PostState.NEEDS_CLARIFICATION and case.state == CaseState.WAITING
    assert kinds(held_post.author) == ["moderation_clarify"]
    posts.update(held_post, body="De buren van nummer 12 maken veel lawaai. Wie kan "
                 "zaterdag helpen met geluidsisolatie in mijn slaapkamer?")
    assert held_post.is_published
    assert case.state == CaseState.DECIDED


def test_clarify_then_an_edit_that_still_fails_returns_to_the_queue(held_post, make_manager):
    case = case_for(held_post)
    case_decisions.decide(case, make_manager(), "clarify", "Zonder scheldwoorden graag.")
    posts.update(held_post, body="Die kankerlijer blijft herrie maken")
    assert held_post.state == PostState.PENDING and case.state == CaseState.OPEN


def test_remove_and_advise_need_a_message_and_reach_the_author(held_post, make_manager):
    manager = make_manager()
    case = case_for(held_post)
    with pytest.raises(ModerationError):
        case_decisions.decide(case, manager, "remove", "  ")
    case_decisions.decide(case, manager, "remove", "Schelden mag hier niet.")
    assert held_post.state == PostState.REMOVED
    note = db.session.scalar(db.select(Notification.note).filter_by(
        user_id=held_post.author_id, kind="moderation_remove"))
    assert note == "Schelden mag hier niet."


def test_a_decision_is_made_once_whoever_is_first(held_post, make_manager):
    first, second = make_manager("Fatima"), make_manager("Joost")
    case = case_for(held_post)
    case_decisions.decide(case, first, "approve")
    with pytest.raises(ModerationError, match="Fatima"):
        case_decisions.decide(case, second, "remove", "Weg ermee")
    assert held_post.is_published
    actions = db.session.scalars(db.select(ModerationAction.action).filter_by(
        case_id=case.id, actor_id=second.id)).all()
    assert actions == []


def test_claiming_keeps_a_second_manager_away(held_post, make_manager):
    first, second = make_manager("Fatima"), make_manager("Joost")
    case = case_for(held_post)
    cases.claim(case, first)
    with pytest.raises(ModerationError, match="Fatima"):
        cases.claim(case, second)
    with pytest.raises(ModerationError, match="Fatima"):
        case_decisions.decide(case, second, "approve")
    case_decisions.decide(case, first, "approve")


def test_flags_hide_a_post_at_the_threshold_and_reporters_hear_the_outcome(
        make_post, make_user, make_manager, centrum):
    settings.set_value(centrum, "flag_threshold", 2)
    post = make_post("request", title="Gewone vraag")
    first, second = make_user(), make_user()
    flags.flag_post(post, first, "spam")
    assert post.is_published
    with pytest.raises(ModerationError):
        flags.flag_post(post, first, "offensive")        # one flag per resident
    with pytest.raises(ModerationError):
        flags.flag_post(post, post.author, "spam")       # not your own
    flags.flag_post(post, second, "offensive")
    assert post.state == PostState.HIDDEN and post.hidden_reason == "flags"
    case = case_for(post)
    assert case.source == "flags"
    case_decisions.decide(case, make_manager(), "approve")
    assert post.is_published
    assert kinds(first)[-1] == "report_outcome" and kinds(second)[-1] == "report_outcome"


def test_flags_on_a_managers_own_post_go_to_another_manager(make_post, make_user,
                                                            make_manager):
    manager, colleague = make_manager("Fatima"), make_manager("Joost")
    post = make_post("request", author=manager)
    flags.flag_post(post, make_user(), "offensive")
    case = case_for(post)
    assert review.queue(manager).items == []
    assert [c.id for c in review.queue(colleague).items] == [case.id]
    assert not managers.can_decide(manager, case) and managers.can_decide(colleague, case)


def test_managers_see_only_their_neighbourhoods(held_post, make_manager, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    assert review.queue(make_manager("Ali", neighbourhood=oost)).items == []
    assert not managers.can_decide(make_manager("Ali2", neighbourhood=oost),
                                   case_for(held_post))


def test_suspension_hides_content_until_it_ends(make_post, make_user, make_manager):
    author = make_user()
    visible = make_post("request", author=author)
    manager = make_manager()
    with pytest.raises(ModerationError):
        suspensions.suspend(author, manager, until=clock.now() + timedelta(days=7), reason=" ")
    suspensions.suspend(author, manager, until=clock.now() + timedelta(days=7),
                        reason="Herhaaldelijk schelden")
    db.session.refresh(visible)
    assert visible.state == PostState.HIDDEN and visible.hidden_reason == "suspension"
    assert author.is_suspended(clock.now())
    with time_machine.travel(clock.now() + timedelta(days=7, minutes=1), tick=False):
        assert lifecycle.tick()["suspensions_ended"] == 1
        db.session.refresh(visible)
        assert visible.is_published and not author.is_suspended(clock.now())


def test_the_managers_digest_says_what_waits(held_post, make_manager):
    manager = make_manager()
    assert lifecycle.tick()["managers_told"] == 1
    assert lifecycle.tick()["managers_told"] == 0               # once a day
    note = db.session.scalar(db.select(Notification.note).filter_by(user_id=manager.id,
                                                                    kind="queue_waiting"))
    assert note.startswith("1:")


def test_the_managers_digest_counts_the_initiatives_that_wait_in_their_neighbourhoods(
        client, login, make_manager, make_user, make_neighbourhood):
    from buurt.info.models import Initiative, InitiativeState
    oost = make_neighbourhood("oost", ["1091"])
    mila, olaf = make_manager("Mila"), make_manager("Olaf", neighbourhood=oost)
    for name in ("Boekenruil", "Repair Café"):
        db.session.add(Initiative(neighbourhood_id=mila.neighbourhood_id, name=name,
                                  state=InitiativeState.PROPOSED))
    db.session.add(Initiative(neighbourhood_id=oost.id, name="Oost kookt",
                              state=InitiativeState.APPROVED))
    db.session.commit()
    assert lifecycle.tick()["managers_told"] == 1             # nothing waits in Oost
    assert lifecycle.tick()["managers_told"] == 0             # once a day
    assert kinds(mila) == ["initiatives_waiting"] and kinds(olaf) == []
    db.session.commit()                    # the page writes what was read: let it
    login(mila)
    page = client.get("/notifications").get_data(as_text=True)
    assert '<a href="/initiatives">2 initiatives wait for your approval.</a>' in page


def test_a_new_members_first_posts_wait_when_the_neighbourhood_asks(make_user, topics,
                                                                    centrum):
    settings.set_value(centrum, "new_member_hold_posts", 1)
    author = make_user()
    clear = dict(title="Kliko buitenzetten", topic=topics["klussen"],
                 body="Wie kan dinsdag mijn kliko aan de straat zetten?")
    first = posting.create_request(author, **clear)
    assert first.state == PostState.PENDING and case_for(first).source == "new_member"
    case_decisions.decide(case_for(first), make_user(role="admin"), "approve")
    second = posting.create_request(author, **clear | {"title": "Nog een vraag"})
    assert second.is_published


def test_vague_posts_wait_or_go_online_with_a_queue_entry(make_user, topics, centrum):
    vague = dict(title="Help nodig", body="Iemand?", topic=topics["klussen"])
    held = posting.create_request(make_user(), **vague)
    assert held.state == PostState.PENDING and held.screening_label == "vague"
    settings.set_value(centrum, "hold_vague_posts", False)
    online = posting.create_request(make_user(), **vague)
    assert online.is_published and case_for(online).state == CaseState.OPEN


def test_a_neighbourhood_word_list_blocks_and_allows(make_user, topics, centrum, make_manager):
    manager = make_manager()
    word_lists.add_word(centrum, manager, "Fietsendief", "block")
    text = dict(title="Fiets gestolen", topic=topics["klussen"],
                body="Die fietsendief heeft dinsdag mijn fiets uit de Lindengracht gehaald.")
    assert posting.create_request(make_user(), **text).state == PostState.PENDING
    with pytest.raises(ModerationError):
        word_lists.add_word(centrum, manager, "fietsendief", "block")


def test_every_decision_is_in_the_log(held_post, make_manager):
    manager = make_manager()
    case_decisions.decide(case_for(held_post), manager, "approve")
    actions = [a.action for a in review.log_page(manager).items]
    assert "approve" in actions and "queued:screening" in actions


def test_reposting_once_is_fine_the_same_text_again_and_again_is_spam(make_user, topics):
    author = make_user()
    text = dict(title="Kliko buitenzetten", topic=topics["klussen"],
                body="Wie kan dinsdag mijn kliko aan de straat zetten?")
    first, second = (posting.create_request(author, **text) for _ in range(2))
    assert first.is_published and second.is_published     # a post is not its own repeat
    posts.update(second, body=text["body"])                # nor is an edit
    assert second.is_published
    third = posting.create_request(author, **text)
    assert third.state == PostState.PENDING and third.screening_label == "spam"
