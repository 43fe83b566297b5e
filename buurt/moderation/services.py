"""Moderation on posting: screening a post with its neighbourhood's words and its author's
recent posts, holding it in the queue when the screening doubts, and the verdict as stored on
a case and explained to the author."""
import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from buurt.core import clock, settings
from buurt.core.extensions import db
from buurt.moderation import cases, screening, word_lists
from buurt.moderation.models import CaseSource, CaseState, Decision, ModerationCase
from buurt.people.models import User
from buurt.posts.models import Post, PostState

# How far back the author's own posts count for "the same text posted repeatedly".
REPEAT_WINDOW = timedelta(days=7)


def check_text(*, title: str, body: str, kind: str, author: User,
               post_id: int | None = None) -> screening.Verdict:
    """Screen a text as it would be screened on posting (also used to warn before).

    post_id is the post being screened, which must not count as its own repeat.
    """
    block, allow = word_lists.words_for(author.neighbourhood_id)
    since = clock.now() - REPEAT_WINDOW
    recent = [f"{t}\n{b}" for t, b in db.session.execute(
        select(Post.title, Post.body).where(Post.author_id == author.id,
                                            Post.created_at >= since,
                                            Post.id != (post_id or 0))
        .order_by(Post.created_at.desc()).limit(20))]
    return screening.screen(title=title, body=body, kind=kind, extra_block=block,
                            extra_allow=allow, recent_texts=recent)


def reason_list(verdict: screening.Verdict) -> list[dict]:
    """The verdict as stored on a case: its reasons, and what a vague post lacks. Data
    only; the sentence a manager reads is written when it is shown (reasons.describe)."""
    return [{"category": r.category, "rule": r.rule, "words": list(r.words),
             "params": dict(r.params)} for r in verdict.reasons] + (
        [{"category": "vague", "rule": "missing", "words": list(verdict.missing),
          "params": {}}] if verdict.missing else [])


@dataclass(frozen=True)
class Explanation:
    """What the author is told: which kinds of problem, the words, what is missing."""

    categories: frozenset
    words: tuple
    missing: tuple
    junk: bool = False      # spam for random typing or repetition, not for advertising


# Spam rules that are about junk text rather than advertising.
_JUNK_RULES = frozenset({"repeated_chars", "repeated_words", "gibberish", "repeated_text"})


def explain(reasons: list[dict]) -> Explanation:
    """Sum up stored reasons (or reason_list's) for the author's notice and warning."""
    spam = {r["rule"] for r in reasons if r["category"] == "spam"}
    return Explanation(
        junk=bool(spam) and spam <= _JUNK_RULES,
        categories=frozenset(r["category"] for r in reasons),
        words=tuple(w for r in reasons if r["category"] == "offensive" for w in r["words"]),
        missing=tuple(w for r in reasons if r["rule"] == "missing" for w in r["words"]))


def _is_new_member(author: User, post: Post) -> bool:
    hold = settings.get(author.neighbourhood, "new_member_hold_posts")
    if not hold:
        return False
    earlier = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == author.id, Post.id != post.id,
        Post.state.in_((PostState.PUBLISHED, PostState.CLOSED, PostState.PAUSED))))
    return earlier < hold


def screen_post(post: Post, *, first_time: bool) -> str:
    """Screen a new or edited post and set its state: published, or pending with a case.

    Offensive and spam posts wait for a manager; vague ones too unless the neighbourhood
    publishes them with a hint (they still go in the queue); a new member's first posts
    wait when the neighbourhood asks for that. Returns the screening label.
    """
    author = post.author
    verdict = check_text(title=post.title, body=post.text_for_screening, kind=post.kind,
                         author=author, post_id=post.id)
    post.screening_label = verdict.label
    hold_vague = settings.get(author.neighbourhood, "hold_vague_posts")
    held = verdict.label in ("offensive", "spam") or (verdict.label == "vague" and hold_vague)
    source = CaseSource.SCREENING
    if not held and first_time and _is_new_member(author, post):
        held, source = True, CaseSource.NEW_MEMBER
    # Let through: online, or (an announcement whose time has not come) scheduled.
    post.state = PostState.PENDING if held else post.state_when_approved(clock.now())
    db.session.flush()
    if held or verdict.label != "ok":
        cases.open_case("post", post.id, neighbourhood_id=post.neighbourhood_id,
                        author_id=author.id, source=source,
                        reasons=json.dumps(reason_list(verdict)))
    else:
        # An edit that now passes closes what waited for the author's clarification.
        _close_waiting("post", post.id)
    return verdict.label


def _close_waiting(target_type: str, target_id: int) -> None:
    for case in db.session.scalars(select(ModerationCase).filter_by(
            target_type=target_type, target_id=target_id, state=CaseState.WAITING)):
        case.state, case.decided_at, case.decision = (CaseState.DECIDED, clock.now(),
                                                      Decision.APPROVE)
        cases.log_action(case, None, "clarified", "The author's edit passed the screening.")
