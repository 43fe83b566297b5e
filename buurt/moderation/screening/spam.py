"""Spam: too many or shortened links, advertising phrases, junk typing (repeated letters or
words, keyboard mash) and the author's own text posted repeatedly."""
import re
from collections import Counter
from typing import Iterable

from buurt.moderation.screening.text import (STOPWORDS, Post, Reason, fold_text,
                                             load_spam_phrases, phrase_re)

# "Beyond a small number" of links: a municipal page plus a form is still normal.
MAX_LINKS = 2
# A commercial score from spam_phrases.txt at or above this makes a post spam.
SPAM_SCORE = 3
# A resident may re-post an unanswered request once; the third copy of the same text among
# the author's recent posts is flooding.
REPEAT_LIMIT = 2

_PHONE_RE = re.compile(r"(?<!\d)(?:\+31[\s-]?|0)(?:\d[\s-]?){8,9}(?!\d)")
_SHORTENERS = ("bit.ly", "tinyurl.", "t.co/", "goo.gl", "ow.ly", "is.gd", "cutt.ly", "rb.gy",
               "shorturl.", "tiny.cc", "buff.ly", "t.ly")

_SPAM_PHRASES = load_spam_phrases()
_REPEATED_CHARS = re.compile(r"([^\s\d.\-_=*~#])\1{9,}")
_RUN4 = re.compile(r"([^\s\d])\1{3,}")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYBOARD_RUNS = frozenset(row[i:i + 5] for row in _KEYBOARD + tuple(r[::-1] for r in _KEYBOARD)
                           for i in range(len(row) - 4))
_VOWELS = frozenset("aeiouy")
_KEYBOARD_ROWS = _KEYBOARD + tuple(row[::-1] for row in _KEYBOARD)
_REPEATED_UNIT = re.compile(r"(.{2,4})\1+")


def _on_one_row(letters: str) -> bool:
    return any(letters in row for row in _KEYBOARD_ROWS)


def _is_mash(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    if len(letters) >= 4 and _on_one_row(letters):
        return True        # "asdf", "qwer", "hjkl": a run along one row of the keyboard
    unit = _REPEATED_UNIT.fullmatch(letters)
    if len(letters) >= 4 and unit and _on_one_row(unit.group(1)):
        return True        # "asdasd", "sdsd"; not "haha" or "jaja"
    if len(letters) < 5:
        return False
    if any(letters[i:i + 5] in _KEYBOARD_RUNS for i in range(len(letters) - 4)):
        return True
    return len(letters) >= 6 and not set(letters) & _VOWELS


def _text_key(text: str) -> tuple[str, ...]:
    return tuple(m.group() for m in re.finditer(r"[^\W_]+", fold_text(text)))


def reasons(post: Post, recent_texts: Iterable[str]) -> list[Reason]:
    """Links, advertising, junk typing, and the same text posted again and again (against
    the author's recent post texts)."""
    reasons = []
    links = [post.original_text(*span) for span in post.urls]
    short = [link for link in links if any(s in link.lower() for s in _SHORTENERS)]
    if short:
        reasons.append(Reason("spam", "shortener", tuple(short)))
    if len(links) > MAX_LINKS:
        reasons.append(Reason("spam", "links", tuple(links),
                              (("count", len(links)), ("most", MAX_LINKS))))

    found: dict[str, int] = {}
    for text in (post.canon, post.plain):
        for _, payloads in _SPAM_PHRASES.finditer(text):
            for phrase, weight in payloads:
                found[phrase] = weight
    score = sum(found.values())
    if score:
        score += len(links) + len(_PHONE_RE.findall(post.masked))
    if score >= SPAM_SCORE:
        reasons.append(Reason("spam", "commercial", tuple(_spans(post, list(found)))))

    runs = [m.group() for m in _REPEATED_CHARS.finditer(post.original)]
    dense = sum(len(m.group()) for m in _RUN4.finditer(post.masked))
    visible = sum(not c.isspace() for c in post.masked)
    if runs or (visible >= 8 and dense / visible >= 0.3):
        shown = runs or [m.group() for m in _RUN4.finditer(post.original)]
        reasons.append(Reason("spam", "repeated_chars", tuple(shown[:3])))

    words = [w for w, _ in post.canon_words if any(c.isalpha() for c in w)]
    counts = Counter(w for w in words if w not in STOPWORDS and len(w) > 2)
    if counts:
        top, n = counts.most_common(1)[0]
        if n >= 5 and n / len(words) >= 0.3:
            reasons.append(Reason("spam", "repeated_words", (top,), (("count", n),)))
            counts = None
    if counts is not None and words:
        # A short word or a stop word counts too when it is nearly all there is: "xx xx xx".
        top, n = Counter(words).most_common(1)[0]
        if n >= 5 and n / len(words) >= 0.6:
            reasons.append(Reason("spam", "repeated_words", (top,), (("count", n),)))
    mash = [post.word_text(i) for i, w in enumerate(post.words) if _is_mash(w.text)]
    if mash and len(mash) * 2 >= len(words):
        reasons.append(Reason("spam", "gibberish", tuple(mash[:3])))

    key = _text_key(post.original)
    if key:
        copies = sum(1 for text in recent_texts if _same_text(key, _text_key(text)))
        if copies >= REPEAT_LIMIT:
            reasons.append(Reason("spam", "repeated_text", (post.original.split("\n")[0],),
                                  (("count", copies),)))
    return reasons


def _same_text(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5:
        return False
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) >= 0.9


def _spans(post: Post, phrases: list[str]) -> list[str]:
    """The phrases as the author wrote them, where they can be found."""
    out = []
    for phrase in phrases:
        m = phrase_re(phrase).search(post.canon)
        if m:
            first, last = post.canon_span(m)
            idx = sorted({post.canon_words[k][1] for k in range(first, last + 1)})
            out.append(post.original_text(post.words[idx[0]].start, post.words[idx[-1]].end))
        else:
            out.append(phrase)
    return out

