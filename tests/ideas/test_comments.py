"""Comments under ideas: screened like posts, held ones in the managers' queue, flags that
hide a comment at the threshold, and the managers' decision on it."""
from buurt.core.extensions import db
from buurt.ideas import services as ideas
from buurt.ideas.models import Comment, CommentState
from buurt.moderation import case_decisions, cases, review
from buurt.moderation.models import CaseSource, Flag, ModerationCase
from tests.ideas.conftest import OFFENSIVE, text


def comments() -> list[Comment]:
    return list(db.session.scalars(db.select(Comment).order_by(Comment.id)))


def test_residents_comment_and_visitors_read_without_names(client, login, make_user,
                                                           make_idea):
    idea = make_idea()
    login(make_user("Ria"))
    response = client.post(f"/ideas/{idea.id}/comments",
                           data={"body": "Good plan, I would sit there every day."},
                           follow_redirects=True)
    page = text(response)
    assert "Thank you for your comment." in page
    assert "Good plan, I would sit there every day." in page and "Ria" in page
    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "  "})
    assert "Write your comment first." in text(response)
    assert len(comments()) == 1
    client.post("/logout")
    page = text(client.get(f"/ideas/{idea.id}"))
    assert "Good plan, I would sit there every day." in page and "Ria" not in page
    assert "Log in to comment." in page


def test_an_offensive_comment_waits_for_a_manager_who_decides(client, login, make_user,
                                                              make_idea, manager):
    idea = make_idea()
    kees = make_user("Kees")
    login(kees)
    response = client.post(f"/ideas/{idea.id}/comments", data={"body": OFFENSIVE},
                           follow_redirects=True)
    page = text(response)
    assert "Your comment is waiting for a community manager." in page
    assert OFFENSIVE in page and "Only you can see it." in page
    [comment] = comments()
    assert comment.state == CommentState.PENDING and comment.screening_label == "offensive"
    client.post("/logout")
    assert OFFENSIVE not in text(client.get(f"/ideas/{idea.id}"))
    login(manager)
    page = text(client.get("/moderation"))
    assert "Comment from Kees" in page
    case = db.session.scalar(db.select(ModerationCase).filter_by(target_type="comment"))
    page = text(client.get(f"/moderation/{case.id}"))
    assert OFFENSIVE in page and "Open the post it is under" in page
    assert "Ask for clarification" not in page      # a comment stays or goes
    response = client.post(f"/moderation/{case.id}/clarify", data={"message": "Why?"},
                           follow_redirects=True)
    assert "A comment can only be approved or removed." in text(response)
    client.post(f"/moderation/{case.id}/remove", data={"reason": "Not kind."})
    db.session.refresh(comment)
    assert comment.state == CommentState.REMOVED
    client.post("/logout")
    login(kees)
    assert OFFENSIVE not in text(client.get(f"/ideas/{idea.id}"))
    assert ('A community manager removed your comment under "A bench under the big tree". '
            "The reason: Not kind.") in text(client.get("/notifications"))


def test_a_held_comment_that_a_manager_approves_is_online(make_user, make_idea, manager):
    idea = make_idea()
    comment = ideas.add_comment(idea, make_user(), OFFENSIVE)
    db.session.commit()
    case = cases.open_case_for("comment", comment.id)
    case_decisions.decide(case, manager, "approve")
    db.session.commit()
    assert comment.state == CommentState.PUBLISHED
    assert [c.id for c in ideas.comments_on(idea, None).items] == [comment.id]


def test_flags_put_a_comment_in_the_queue_and_hide_it_at_the_threshold(
        client, login, make_user, make_idea, manager):
    idea = make_idea()
    writer = make_user("Wim")
    comment = ideas.add_comment(idea, writer, "Buy my old bike, very cheap, call me.")
    db.session.commit()
    assert comment.is_published
    reporters = [make_user(f"Reporter {k}") for k in range(3)]
    login(writer)
    response = client.post(f"/comments/{comment.id}/flag", data={"reason": "spam"},
                           follow_redirects=True)
    assert "You cannot report your own comment." in text(response)
    client.post("/logout")
    login(reporters[0])
    response = client.post(f"/comments/{comment.id}/flag", data={"reason": "spam"},
                           follow_redirects=True)
    assert "Thank you. A community manager will look at it" in text(response)
    response = client.post(f"/comments/{comment.id}/flag", data={"reason": "spam"},
                           follow_redirects=True)
    assert "You reported this already." in text(response)
    response = client.post(f"/comments/{comment.id}/flag", data={"reason": "because"},
                           follow_redirects=True)
    assert "Choose from the list." in text(response)
    case = cases.open_case_for("comment", comment.id)
    assert case.source == CaseSource.FLAGS and case.author_id == writer.id
    for reporter in reporters[1:]:
        ideas.flag_comment(comment, reporter, "spam")
    db.session.commit()
    assert comment.state == CommentState.HIDDEN
    assert "Buy my old bike" not in text(client.get(f"/ideas/{idea.id}"))
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 3
    # The manager lets it stay: it is back, and the reporters hear the outcome.
    case_decisions.decide(review.get_case(case.id), manager, "approve")
    db.session.commit()
    assert comment.state == CommentState.PUBLISHED
    assert "Buy my old bike" in text(client.get(f"/ideas/{idea.id}"))
    assert client.post("/comments/999/flag", data={"reason": "spam"}).status_code == 404
