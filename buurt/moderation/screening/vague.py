"""Vague posts: a request, offer or event that does not say what (a thing from
vague_content_words.txt), or a request or event that says neither when nor where."""
import re
from functools import lru_cache

from buurt.moderation.screening.text import (STOPWORDS, Post, Reason, load_content_words,
                                             load_when_where)

# A request or offer this long (in words that are not stop words) must name two things.
LONG_POST = 40

_CONTENT, _CONTENT_WHOLE, _CONTENT_STEMS = load_content_words()
_WHEN_WORDS, _WHERE_WORDS = load_when_where()
# "dinsdagochtend", "zomervakantie": a when-word of five letters or more may start a compound.
_WHEN_START = re.compile("|".join(sorted((w for w in _WHEN_WORDS if len(w) >= 5),
                                         key=len, reverse=True)))
_STREET_RE = re.compile(r"\w{2,}(?:straat|laan|gracht|plein|weg|kade|dijk|pad|steeg|hof|park|"
                        r"singel|markt|plantsoen|dreef|burgwal|wal|straatje|street|road|lane|"
                        r"avenue|square)$")
_MONTHS = (r"(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec|januari|februari|maart|"
           r"april|juni|juli|augustus|september|oktober|november|december|january|february|"
           r"march|may|june|july|august|october)\w*")
_WHEN_RE = re.compile(
    r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*(?:uur|u|h|am|pm)\b|\b\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b|"
    rf"\b\d{{1,2}}\s+{_MONTHS}|\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th|e|de|ste)\b|"
    r"\b(?:deze|volgende|komende|vorige|elke|iedere|this|next|every)\s+"
    r"(?:week|maand|keer|dag|ochtend|middag|avond|month|day|time|morning|evening)\b|"
    r"\bper\s+(?:week|dag|maand)\b|\bkeer\s+per\b|\b(?:once|twice)\s+a\b|"
    r"\b(?:na|voor|tot|vanaf|after|before|until|from)\s+\d{1,2}(?:[.:]\d{2})?\b|"
    r"\bs\s+(?:ochtends|middags|avonds|nachts)\b")
_WHERE_RE = re.compile(
    r"\b(?:nummer|nr\.?|huisnummer|number)\s*\d+|"
    r"\bbij\s+(?:mij|ons|me|jou|je|u)\b|\baan\s+huis\b|\b(?:at|to)\s+(?:my|our)\s+"
    r"(?:place|house|flat|home)\b|\b(?:mijn|onze|ons|my|our)\s+(?:\w+\s+)?(?:huis|tuin|woning|"
    r"flat|deur|voordeur|balkon|woonkamer|keuken|zolder|kelder|straat|portiek|house|garden|"
    r"home|door|street|kitchen|place|balcony)\b")
# On the text as written: "in de Jordaan", "naar het OLVG", "bij de Dirk", "to Amsterdam".
_PLACE_RE = re.compile(r"(?<![\w])(?:in|op|aan|bij|naar|uit|near|at|on|to)\s+"
                       r"(?:de\s+|het\s+|the\s+)?[A-Z][\w'-]{2,}")
_DETAIL_RE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:x\s*\d+|meter|m|cm|mm|km|kilo|kg|gram|liter|l|inch|jaar|jr|"
    r"maanden|stuks|personen|kinderen|euro|eur|%|minuten|keer|years?|months?|people|pieces|"
    r"size)\b|€\s*\d+|\bmaat\s+\d+|\bsize\s+\d+|\b\d+x\d+\b")
_PLACEHOLDERS = frozenset("iets dingen dingetjes dingetje ding spullen spulletjes klus klusje "
                          "klusjes hulp help something stuff things thing".split())
_INFLECTIONS = ("'s", "s", "en", "e", "je", "jes", "tje", "tjes", "es", "ing", "ed")
# Kinds that must also say when or where: a request (unless it is detailed) and an event.
_NEEDS_WHEN_OR_WHERE = frozenset({"request", "event"})


@lru_cache(maxsize=65536)
def _content_word(word: str) -> str | None:
    """The content word from vague_content_words.txt that this word is or ends/starts with."""
    word = word.replace("'", "").replace("-", "")
    if not word.isalpha() or word in _PLACEHOLDERS:
        return None
    candidates = [word] + [word[:-len(s)] for s in _INFLECTIONS
                           if word.endswith(s) and len(word) - len(s) >= 3]
    for form in candidates:
        if form in _CONTENT or form in _CONTENT_WHOLE:
            return form
    if _STREET_RE.match(word):
        return None    # Tuinstraat is a place, not a garden
    for form in candidates:
        for stem in _CONTENT_STEMS:
            if form.startswith(stem):
                return stem
        # A Dutch compound names its thing last (plafond|lamp) and often first
        # (boodschappen|lijst); parts shorter than three letters are prefixes (ge|, be|).
        for k in range(3, len(form) - 3):
            if form[k:] in _CONTENT:
                return form[k:]
        for k in range(len(form) - 1, 4, -1):
            if form[:k] in _CONTENT:
                return form[:k]
    return None


def reasons(post: Post, kind: str) -> tuple[list[Reason], tuple[str, ...]]:
    """Whether the post says what it is about, and (a request or an event) when or where;
    with what the author should add."""
    words = [w.replace("'", "") for w, _ in post.canon_words]
    content = {c for c in map(_content_word, words) if c}
    has_what = bool(content)
    has_when = bool(_WHEN_RE.search(post.masked)) or any(
        w in _WHEN_WORDS or _WHEN_START.match(w) for w in words)
    has_where = (bool(_WHERE_RE.search(post.masked)) or bool(_PLACE_RE.search(post.original))
                 or any(_STREET_RE.match(w) or w in _WHERE_WORDS for w in words))
    has_detail = len(content) >= 2 or bool(_DETAIL_RE.search(post.masked))
    placeholders = tuple(post.word_text(i) for i, w in enumerate(post.words)
                         if w.text in _PLACEHOLDERS)

    meaningful = [w for w in words if w.isalpha() and w not in STOPWORDS]
    if kind == "story":
        if meaningful:
            return [], ()
        return [Reason("vague", "empty", ())], ("what",)

    missing = []
    reasons = []
    # Length is not concreteness: a long text that names a single thing in passing
    # ("we wonen hier met de kinderen ...") still does not say what is needed.
    if has_what and len(meaningful) >= LONG_POST and len(content) < 2 \
            and kind in ("request", "offer"):
        has_what = False
    if not has_what:
        missing.append("what")
        reasons.append(Reason("vague", "no_what", placeholders, (("kind", kind),)))
    enough = has_when or has_where or (kind == "request" and has_detail)
    if kind in _NEEDS_WHEN_OR_WHERE and not enough:
        missing.extend(("when", "where"))
        if has_what:
            reasons.append(Reason("vague", "no_when_where", ()))
    return reasons, tuple(missing)

