"""Screen a post for offensive language, spam and vagueness, with reasons a manager can read.

screen() reads the post once (text.Post) and asks each kind of rule in turn: offensive.py,
spam.py and, only when those find nothing, vague.py. It is pure: the caller passes what
comes from the database (the neighbourhood's own words, the author's recent posts).
"""
from dataclasses import dataclass
from typing import Iterable

from buurt.moderation.screening import offensive, spam, vague
from buurt.moderation.screening.text import Post, Reason

LABELS = ("ok", "vague", "spam", "offensive")   # from least to most serious


@dataclass(frozen=True)
class Verdict:
    label: str             # "ok", "vague", "offensive" or "spam" (the worst found)
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]   # for vague posts: what the author should add: what, when, where


def screen(*, title: str, body: str, kind: str, extra_block: Iterable[str] = (),
           extra_allow: Iterable[str] = (), recent_texts: Iterable[str] = ()) -> Verdict:
    """Screen a post; pure (no database): the caller passes the neighbourhood's own
    word additions and the author's recent post texts (for repeated-text spam)."""
    post = Post(title or "", body or "")
    reasons = offensive.reasons(post, extra_block, extra_allow)
    reasons += spam.reasons(post, recent_texts)
    missing: tuple[str, ...] = ()
    if not reasons:
        # Junk is spam, not vague, and an offensive post is not asked to add detail.
        vague_reasons, missing = vague.reasons(post, kind)
        reasons += vague_reasons
        if not vague_reasons:
            missing = ()
    label = max((r.category for r in reasons), key=LABELS.index, default="ok")
    return Verdict(label, tuple(reasons), missing if label == "vague" else ())
