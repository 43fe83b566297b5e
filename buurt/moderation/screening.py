"""Screen a post for offensive language, spam and vagueness, with reasons a manager can read."""
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from buurt.moderation import screening_targets

LABELS = ("ok", "vague", "spam", "offensive")   # from least to most serious

# "Beyond a small number" of links: a municipal page plus a form is still normal.
MAX_LINKS = 2
# A commercial score from spam_phrases.txt at or above this makes a post spam.
SPAM_SCORE = 3
# A resident may re-post an unanswered request once; the third copy of the same text among
# the author's recent posts is flooding.
REPEAT_LIMIT = 2
# A request or offer this long (in words that are not stop words) must name two things.
LONG_POST = 40
# How far (in words) an exclusion cue may stand from a group noun.
GROUP_WINDOW = 8


@dataclass(frozen=True)
class Reason:
    category: str          # "offensive", "spam" or "vague"
    rule: str              # a stable rule id, e.g. "lexicon", "threat", "links", "no_what"
    words: tuple[str, ...]  # the words or text spans that triggered it (as written in the post)
    # What the sentence for the manager needs besides the rule id and the words, as
    # (name, value) pairs, e.g. (("kind", "curse_disease"),); the sentence itself is written
    # at display time, in the reader's language (buurt/moderation/reasons.py).
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Verdict:
    label: str             # "ok", "vague", "offensive" or "spam" (the worst found)
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]   # for vague posts: what the author should add: what, when, where


# --- data files -----------------------------------------------------------------------

def _data_lines(name: str) -> list[str]:
    text = resources.files("buurt.moderation").joinpath("data", "screening", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _fields(line: str) -> list[str]:
    return [field.strip() for field in line.split(";")]


@dataclass(frozen=True)
class _Entry:
    term: str
    match: str
    category: str
    severity: int


_SUFFIXES = {"nl": ("", "s", "'s", "e", "en", "je", "jes", "tje", "tjes"),
             "en": ("", "s", "es", "ed", "ing", "in", "er", "ers")}


def _load_lexicon():
    words: dict[str, list[_Entry]] = {}
    starts, ends, curses, phrases = [], [], {}, []
    for lang in ("nl", "en"):
        for line in _data_lines(f"{lang}_offensive.txt"):
            term, match, category, severity = _fields(line)
            entry = _Entry(term, match, category, int(severity))
            if match == "word":
                for suffix in _SUFFIXES[lang]:
                    words.setdefault(term + suffix, []).append(entry)
            elif match == "phrase":
                phrases.append((term, entry))
            elif match == "curse":
                curses[term] = entry
            else:
                words.setdefault(term, []).append(entry)
                starts.append(entry)
                if match == "affix":
                    ends.append(entry)
    return words, starts, ends, curses, _PhraseSet(phrases)


def _phrase_re(phrase: str) -> re.Pattern:
    # Phrases run over the words of the post joined by single spaces.
    return re.compile(r"(?<!\S)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\S)")


class _PhraseSet:
    """Many phrases matched in one pass; each match carries what its phrase stands for."""

    def __init__(self, pairs: Iterable[tuple[str, object]]):
        self.payloads: dict[str, list] = {}
        for phrase, payload in pairs:
            self.payloads.setdefault(" ".join(phrase.split()), []).append(payload)
        # Longest first, so "buy followers" wins over "followers" at the same place.
        alternatives = sorted(self.payloads, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\S)(?:" + "|".join(
            r"\s+".join(map(re.escape, p.split())) for p in alternatives) + r")(?!\S)") \
            if alternatives else None

    def finditer(self, text: str):
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            yield m, self.payloads[" ".join(m.group().split())]


def _load_allow():
    exact, stems, phrases = set(), [], []
    for line in _data_lines("allow.txt"):
        _add_allow(line, exact, stems, phrases)
    return frozenset(exact), tuple(stems), tuple(phrases)


def _add_allow(entry: str, exact: set, stems: list, phrases: list) -> None:
    entry = _fold_text(entry).strip()
    if not entry:
        return
    if " " in entry:
        phrases.append(_phrase_re(entry))
    elif entry.endswith("*"):
        stems.append(entry[:-1])
    else:
        exact.add(entry.replace("-", ""))


def _load_spam_phrases():
    return _PhraseSet((phrase, (phrase, int(weight)))
                      for phrase, weight in map(_fields, _data_lines("spam_phrases.txt")))


def _load_threats():
    obj, obj_en = r"(?:je|jou|jullie|u|hem|haar)", r"(?:you|u|ya|him|her|them)"
    patterns = []
    for line in _data_lines("threats.txt"):
        rule_id, pattern = line.split(";", 1)
        pattern = pattern.strip().replace("OBJ_EN", obj_en).replace("OBJ", obj)
        patterns.append((rule_id.strip(), re.compile(pattern)))
    return tuple(patterns)


def _load_discrimination():
    groups, cues, phrases = set(), [], []
    for line in _data_lines("discrimination.txt"):
        kind, *items = _fields(line)
        for item in filter(None, items):
            if kind == "group":
                groups.add(item.replace("-", ""))
            elif kind == "phrase":
                phrases.append((item, None))
            else:
                cues.append((item, (item, kind)))
    return frozenset(groups), _PhraseSet(cues), _PhraseSet(phrases)


def _load_content_words():
    exact, whole, stems = set(), set(), []
    for line in _data_lines("vague_content_words.txt"):
        for word in line.split():
            if word.endswith("*"):
                stems.append(word[:-1])
                exact.add(word[:-1])     # also the head of a compound: buurt|borrel
            elif word.endswith("="):
                whole.add(word[:-1])
            else:
                exact.add(word.replace("-", ""))
    return frozenset(exact), frozenset(whole), tuple(stems)


def _load_when_where():
    found = {"when": set(), "where": set()}
    for line in _data_lines("vague_when_where.txt"):
        kind, words = _fields(line)
        found[kind].update(word.rstrip("*") for word in words.split())
    return frozenset(found["when"]), frozenset(found["where"])


# --- normalisation ----------------------------------------------------------------------

# Look-alike letters from other scripts, so "kаnker" with a Cyrillic а is still caught.
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "к": "k",
    "м": "m", "т": "t", "н": "h", "в": "b", "ј": "j", "ѕ": "s", "ԁ": "d", "ο": "o", "α": "a",
    "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
})
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_HOMOGLYPHS)


def _fold_text(text: str) -> str:
    return "".join(map(_fold_char, text))


_LEET_I = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                         "@": "a", "$": "s", "!": "i", "€": "e", "|": "l"})
_LEET_L = str.maketrans({"1": "l", "!": "i", "|": "i"})
_LEET_CHARS = frozenset("0134578@$!€|")
_RUN3 = re.compile(r"(.)\1{2,}")


def _squeeze(word: str, keep: int) -> str:
    """Collapse a letter repeated three or more times ("kuuuut") to `keep` letters."""
    return _RUN3.sub(lambda m: m.group(1) * keep, word)


def _is_mixed(word: str) -> bool:
    # Leetspeak is only read inside words that mix letters with digits or symbols, so that
    # "€10" and "06-12345678" stay as they are.
    return any(c.isalpha() for c in word) and any(c in _LEET_CHARS for c in word)


def _canonical(word: str) -> str:
    if _is_mixed(word):
        word = word.translate(_LEET_I)
    return _squeeze(word, 1)


def _forms(word: str) -> set[str]:
    """The readings of one word to look up: leetspeak, squeezed repeats, masked letters."""
    bases = [word.translate(_LEET_I), word.translate(_LEET_L).translate(_LEET_I)] \
        if _is_mixed(word) else [word]
    forms = set()
    for base in bases:
        for form in (base, _squeeze(base, 1), _squeeze(base, 2)):
            forms.update(_unmask(form))
    return forms


def _unmask(word: str) -> set[str]:
    # An asterisk hides one letter ("k*nker"); more than three hide too much to guess.
    stars = word.count("*")
    if not stars:
        return {word}
    if stars > 3 or sum(c.isalpha() for c in word) < 2:
        return {word}
    letters = "abcdefghijklmnopqrstuvwxyz" if stars <= 2 else "aeiouy"
    parts = word.split("*")
    return {"".join(itertools.chain.from_iterable(zip(parts, fill + ("",))))
            for fill in itertools.product(letters, repeat=stars)}


# --- the post as text, words and sentences -----------------------------------------------

_URL_RE = re.compile(
    r"\bhttps?://\S+|\bwww\.\S+|(?<![@\w.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:nl|com|net|org|be|eu|info|biz|io|ly|co|xyz|shop|online|site|example|de|uk|app|me|"
    r"tk|ru|gl|gd|cc|at|click|top|store)\b(?:/\S*)?")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?<!\d)(?:\+31[\s-]?|0)(?:\d[\s-]?){8,9}(?!\d)")
_SHORTENERS = ("bit.ly", "tinyurl.", "t.co/", "goo.gl", "ow.ly", "is.gd", "cutt.ly", "rb.gy",
               "shorturl.", "tiny.cc", "buff.ly", "t.ly")
_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$€*!|'\-])+")
_SENTENCE_END = re.compile(r"[.!?\n]+(?=\s|$)|\n")
_DESPACE_GAP = re.compile(r"[\s._\-]{1,3}")
_QUOTE_RE = re.compile(r"(?<![\w'])(['\"])(?![stn]\s)([^'\"\n]{1,80}?)\1(?!\w)")


@dataclass
class _Word:
    text: str          # folded, as written (leetspeak not yet read)
    start: int         # span in the folded text
    end: int
    sentence: int


class _Post:
    """The folded text of a post, its words and a map back to what the author wrote."""

    def __init__(self, title: str, body: str):
        self.original = f"{title.strip()}\n{body.strip()}"
        chars, index = [], []
        for i, char in enumerate(self.original):
            folded = _fold_char(char)
            chars.append(folded)
            index.extend([i] * len(folded))
        self.plain = "".join(chars)
        self._index = index
        self.urls = [(m.start(), m.end()) for m in _URL_RE.finditer(self.plain)
                     if not _EMAIL_RE.fullmatch(m.group())]
        self.emails = [(m.start(), m.end()) for m in _EMAIL_RE.finditer(self.plain)]
        masked = list(self.plain)
        for start, end in self.urls + self.emails:
            masked[start:end] = " " * (end - start)
        self.masked = "".join(masked)
        ends = [m.end() for m in _SENTENCE_END.finditer(self.plain)]
        self.words = self._despace(self._tokens(ends))
        self._build_canon()
        self.quotes = [(m.start(2), m.end(2)) for m in _QUOTE_RE.finditer(self.plain)]

    def _tokens(self, sentence_ends: list[int]) -> list[_Word]:
        words, sentence = [], 0
        for m in _TOKEN_RE.finditer(self.masked):
            start, end = m.span()
            text = m.group()
            while text and text[0] in "'-!|":
                text, start = text[1:], start + 1
            while text and text[-1] in "'-!|":
                text, end = text[:-1], end - 1
            if len(text) > 2 and text[0] == "*" and text[-1] == "*":   # *emphasis*
                text, start, end = text[1:-1], start + 1, end - 1
            if not text:
                continue
            while sentence < len(sentence_ends) and sentence_ends[sentence] <= start:
                sentence += 1
            words.append(_Word(text, start, end, sentence))
        return words

    def _despace(self, words: list[_Word]) -> list[_Word]:
        """Join runs of three or more single letters ("k u t", "h.o.e.r") into one word."""
        merged, i = [], 0
        while i < len(words):
            j = i
            while (j + 1 < len(words) and len(words[j].text) == 1 and len(words[j + 1].text) == 1
                   and _DESPACE_GAP.fullmatch(self.plain[words[j].end:words[j + 1].start])):
                j += 1
            if j - i >= 2 and len(words[i].text) == 1:
                merged.append(_Word("".join(w.text for w in words[i:j + 1]), words[i].start,
                                    words[j].end, words[i].sentence))
                i = j + 1
            else:
                merged.append(words[i])
                i += 1
        return merged

    def _build_canon(self) -> None:
        # The words again, read (leetspeak, repeats) and split at hyphens, joined by single
        # spaces: phrases and cues are matched on this string.
        pieces, self.canon_words, self._canon_at = [], [], {}
        position = 0
        for i, word in enumerate(self.words):
            for part in filter(None, _canonical(word.text).split("-")):
                self._canon_at[position] = len(self.canon_words)
                self.canon_words.append((part, i))
                pieces.append(part)
                position += len(part) + 1
        self.canon = " ".join(pieces)

    def canon_span(self, match: re.Match) -> tuple[int, int]:
        """The range of canon words that a match on `canon` covers."""
        first = self._canon_at[match.start()]
        last = first + match.group().count(" ")
        return first, last

    def original_text(self, start: int, end: int) -> str:
        """What the author wrote between two positions of the folded text."""
        if start >= end:
            return ""
        return self.original[self._index[start]:self._index[end - 1] + 1]

    def word_text(self, i: int) -> str:
        return self.original_text(self.words[i].start, self.words[i].end)

    def words_between(self, start: int, end: int) -> list[int]:
        return [i for i, w in enumerate(self.words) if w.start < end and w.end > start]

    def in_quotes(self, i: int) -> bool:
        w = self.words[i]
        return any(start <= w.start and w.end <= end for start, end in self.quotes)


# --- offensive ----------------------------------------------------------------------------

_WORDS, _STARTS, _ENDS, _CURSES, _PHRASES = _load_lexicon()
_ALLOW_EXACT, _ALLOW_STEMS, _ALLOW_PHRASES = _load_allow()
_THREATS = _load_threats()
_GROUPS, _GROUP_CUES, _GROUP_PHRASES = _load_discrimination()

# Who a mild word is aimed at: "die idioot", "jij sukkel", "vuile jood", "what a dick".
_TARGET_BEFORE = frozenset(
    "jij jou je jullie die dat deze vuile vieze smerige gore stomme domme vuil vies achterlijke "
    "debiele lelijke dikke ouwe vette gestoorde zieke kut kanker tering tyfus klere rot "
    "you your ya that this stupid dirty filthy fucking fat ugly little".split())
_TARGET_PAIRS = frozenset([("wat", "een"), ("is", "een"), ("bent", "een"), ("ben", "je"),
                           ("zijn", "het"), ("what", "a"), ("what", "an"), ("is", "a"),
                           ("is", "an"), ("are", "a"), ("are", "an"), ("youre", "a"),
                           ("you're", "a"), ("youre", "an"), ("you're", "an"), ("such", "a"),
                           ("such", "an")])
# ... or a mild curse word used as an adjective for people: "klote buren", "klotebuurman".
_PERSON_NOUNS = frozenset(
    "buren buurman buurvrouw buurjongen buurmeisje buurtbewoners bewoners mensen kinderen kind "
    "jongens meiden wijf vent kerel man vrouw honden hond eigenaar huisbaas verhuurder beheerder "
    "neighbour neighbours neighbor neighbors people kids guy guys woman man landlord".split())
_TARGET_AFTER = re.compile(r"^(?:van|op) (?:nummer|nr|huisnummer) \d|^op \d|^van hiernaast|"
                           r"^van de overkant|^van boven|^van beneden|^(?:at|from) number|"
                           r"^next door|^upstairs|^downstairs")
# Categories where a mild word counts once it is aimed at someone; profanity never does.
_AIMABLE = frozenset({"insult", "sexual", "slur_ethnic", "slur_lgbt", "slur_disability"})
_ADDRESS_RE = re.compile(r"\b(?:nummer|nr\.?|huisnummer|number|no\.)\s*\d+|"
                         r"\b\w+(?:straat|laan|gracht|plein|weg|kade|dijk|street|road)\s+\d+|"
                         r"\bop\s+\d+\b|\bbuurman\b|\bbuurvrouw\b|\bneighbou?r\b|\bnext door\b|"
                         r"\bvan hiernaast\b|\bde man van\b|\bde vrouw van\b")

# A bare disease word is a curse only in these contexts; otherwise it is the illness.
_CURSE_NEXT = frozenset(
    "op lijer lijers buurman buurvrouw buren buurt hond honden kind kinderen jongens mensen wijf "
    "vent zooi herrie druk veel lelijk mooi irritant vies dom stom slecht gek ziek hard traag "
    "mongool mongolen homo hoer".split())
_CURSE_BEFORE = frozenset("krijg krijgen jij jou jullie vuile".split())
_MEDICAL_BEFORE = frozenset(
    "heeft had hebben kreeg krijgt gekregen met aan tegen van over gehad behandeling "
    "diagnose ziekte soort vorm bij de".split())

# Reporting someone else's words: "werd ... genoemd", "op de muur gespoten", "riep".
_REPORT_RE = re.compile(
    r"\b(?:genoemd|noemde|noemden|noemt|noemen|geroepen|riep|riepen|roept|roepen|nageroepen|"
    r"uitgescholden|gescholden|schold|scheldt|gespoten|geschreven|gekalkt|geklad|briefje|"
    r"graffiti|called|calling|calls|shouted|yelled|sprayed|wrote|written|scrawled)\b")
# ... and condemning them: what makes a quoted slur counter-speech.
_CONDEMN_RE = re.compile(
    r"\b(?:aangifte|melding|gemeld|politie|schaam|niet namens|pikken we niet|accepteren we niet|"
    r"niet oke?|niet ok|niet acceptabel|onacceptabel|ongepast|racis\w*|discrimin\w*|haat|"
    r"verwijderd|schoonmaken|schoon|weghalen|overschilderen|steun|solidair|iedereen is welkom|"
    r"niet welkom|scheldwoord\w*|taalgebruik|geschrokken|verdrietig|wat kan ik doen|"
    r"wat moet ik doen|advies|reported|report|police|shame|not ok|not okay|unacceptable|hate|"
    r"removed|clean|support|everyone is welcome|slur|slurs|shocked|what can i do|advice)\b")

_COPULAS = frozenset("zijn is blijven blijft worden wordt waren are is were be".split())
_NEGATORS = frozenset("geen niet nooit niks niets not no never isnt isn't arent aren't tegen "
                      "against stop zonder".split())


@dataclass
class _Hit:
    category: str      # a lexicon category, or "discrimination" / "neighbourhood"
    rule: str
    words: list[int]   # indexes into post.words
    text: str          # as the author wrote it
    severity: int = 3


def _allowed(form: str, exact, stems: re.Pattern | None) -> bool:
    return form in exact or bool(stems and stems.match(form))


@lru_cache(maxsize=65536)
def _lexicon_entry(form: str) -> tuple[_Entry | None, bool]:
    """The most severe entry this reading of a word matches, and whether it is a bare curse."""
    found = list(_WORDS.get(form, ()))
    if form in _CURSES:
        return _CURSES[form], True
    for term, entry in _CURSES.items():
        if form.startswith(term):
            found.append(entry)
    for entry in _STARTS:
        if form.startswith(entry.term):
            found.append(entry)
    for entry in _ENDS:
        if form.endswith(entry.term):
            found.append(entry)
    return (max(found, key=lambda e: e.severity) if found else None), False


def _is_curse_context(post: _Post, i: int) -> bool:
    words = [w.text.replace("'", "") for w in post.words]
    before = words[max(0, i - 3):i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if before and before[-1] in _MEDICAL_BEFORE and "krijg" not in before:
        return False
    if after in _CURSE_NEXT or set(before) & _CURSE_BEFORE or before[-2:] == ["wat", "een"]:
        return True
    # "Kanker!" or "Tering, wat een herrie": an exclamation at the start of a sentence.
    w = post.words[i]
    first = i == 0 or post.words[i - 1].sentence != w.sentence
    return first and post.plain[w.end:w.end + 1] in (",", "!")


_STREET_NAME = re.compile(r"[A-Z][\w'-]*(?:straat|laan|gracht|steeg|weg|pad|plein|kade|dijk|"
                          r"singel|hof|dreef|wal|straatje|street|road|lane)")
_STREET_LEAD = frozenset("aan op in de het naar bij uit langs via on in at".split())


def _streets(post: _Post) -> set[str]:
    """Capitalised street names used as an address ("aan de Kutsteeg", "Hoerensteeg 4")."""
    found = set()
    for i, word in enumerate(post.words):
        if not _STREET_NAME.fullmatch(post.word_text(i)):
            continue
        before = post.words[i - 1].text if i else ""
        after = post.words[i + 1].text if i + 1 < len(post.words) else ""
        if before in _STREET_LEAD or after[:1].isdigit():
            found.add(word.text)
    return found


def _is_aimed(post: _Post, i: int, term: str = "") -> bool:
    words = [w.text.replace("'", "") for w in post.words]
    before = words[max(0, i - 2):i]
    if set(before) & _TARGET_BEFORE:
        return True
    rest = words[i][len(term):] if term and words[i].startswith(term) else ""
    if rest in _PERSON_NOUNS or (i + 1 < len(words) and words[i + 1] in _PERSON_NOUNS):
        return True
    if len(before) == 2 and (before[0], before[1]) in _TARGET_PAIRS:
        return True
    return bool(_TARGET_AFTER.match(" ".join(words[i + 1:i + 4])))


def _lexicon_hits(post: _Post, allow_exact, allow_stems, block_words: set,
                  block_phrases: _PhraseSet) -> list[_Hit]:
    hits = []
    streets = _streets(post)   # the same name also counts in the title, without "aan de"
    for i, word in enumerate(post.words):
        if len(word.text) >= 3 and len(set(word.text)) == 1:
            continue   # "kkkkk" is junk typing, not the abbreviation "kk"
        forms = _forms(word.text)
        joined = {f.replace("-", "") for f in forms}
        if any(_allowed(f, allow_exact, allow_stems) for f in joined) or word.text in streets:
            continue
        best, bare = None, False
        for form in joined:
            if form in block_words:
                hits.append(_Hit("neighbourhood", "neighbourhood_word", [i], post.word_text(i)))
                break
            entry, is_bare = _lexicon_entry(form)
            if entry and (best is None or entry.severity > best.severity):
                best, bare = entry, is_bare
        # The parts of "vuile-homo" or "kut-Marokkanen" are words of their own too.
        for form in forms:
            if "-" in form:
                for part in filter(None, form.split("-")):
                    if _allowed(part, allow_exact, allow_stems):
                        continue
                    for entry in _WORDS.get(part, ()):
                        if best is None or entry.severity > best.severity:
                            best, bare = entry, False
        if best is None:
            continue
        if bare and not _is_curse_context(post, i):
            continue
        if best.severity == 1:
            aimed = _is_aimed(post, i, best.term)
            if best.category == "defamation":
                if not (aimed or _ADDRESS_RE.search(post.plain)):
                    continue
            elif best.category not in _AIMABLE or not aimed:
                continue
        hits.append(_Hit(best.category, "lexicon", [i], post.word_text(i), best.severity))
    for phrases in (_PHRASES, block_phrases):
        for m, entries in phrases.finditer(post.canon):
            first, last = post.canon_span(m)
            idx = sorted({post.canon_words[k][1] for k in range(first, last + 1)})
            text = post.original_text(post.words[idx[0]].start, post.words[idx[-1]].end)
            entry = max(entries, key=lambda e: e.severity if e else 9)
            if entry is None:
                hits.append(_Hit("neighbourhood", "neighbourhood_word", idx, text))
            elif entry.severity >= 2 or (entry.category in _AIMABLE
                                         and _is_aimed(post, idx[0])):
                hits.append(_Hit(entry.category, "lexicon", idx, text, entry.severity))
    return hits


def _threat_hits(post: _Post) -> list[_Hit]:
    hits = []
    for _, pattern in _THREATS:
        for m in pattern.finditer(post.plain):
            hits.append(_Hit("threat", "threat", post.words_between(*m.span()),
                             post.original_text(*m.span())))
    return hits


def _discrimination_hits(post: _Post) -> list[_Hit]:
    canon = post.canon_words
    words = [w for w, _ in canon]
    # "niet alle buitenlanders zijn criminelen" generalises nothing.
    groups = [k for k, word in enumerate(words)
              if (word in _GROUPS or word.replace("'", "") in _GROUPS)
              and words[max(0, k - 2):k] not in (["niet", "alle"], ["not", "all"])]
    hits = []

    def add(first: int, last: int) -> None:
        idx = sorted({canon[k][1] for k in range(first, last + 1)})
        hits.append(_Hit("discrimination", "discrimination", idx,
                         post.original_text(post.words[idx[0]].start, post.words[idx[-1]].end)))

    for m, _ in _GROUP_PHRASES.finditer(post.canon):
        add(*post.canon_span(m))
    for k in groups:
        before = words[max(0, k - 2):k]
        # "Geen asielzoekers in onze buurt", "No immigrants", but not "wel of geen moslim".
        if before and before[-1] in ("geen", "no") and before[:1] != ["wel"]:
            add(k - 1, k)
    if not groups:
        return hits
    for m, payloads in _GROUP_CUES.finditer(post.canon):
        for cue, kind in payloads:
            first, last = post.canon_span(m)
            lead = set(words[max(0, first - 3):first])
            if lead & _NEGATORS and cue.split()[0] not in _NEGATORS:
                continue   # "Moslims zijn geen tuig", "geen plek voor haat"
            if kind == "adj":
                near = [k for k in groups if k == last + 1]
            elif kind == "pred":
                # The group is the subject: "moslims zijn (allemaal) ongedierte", but not
                # "de vluchtelingen in de opvang zijn ziek".
                near = [k for k in groups if k + 1 < first <= k + 4
                        and words[k + 1] in _COPULAS]
            else:
                near = [k for k in groups if abs(k - first) <= GROUP_WINDOW]
            if near:
                k = min(near, key=lambda k: abs(k - first))
                add(min(k, first), max(k, last))
    return hits


def _is_counter_speech(post: _Post, hit: _Hit) -> bool:
    """A slur quoted or reported in order to condemn it, as in a report to the manager."""
    if not _CONDEMN_RE.search(post.plain):
        return False
    if all(post.in_quotes(i) for i in hit.words):
        return True
    sentences = {post.words[i].sentence for i in hit.words}
    for s in sentences:
        text = " ".join(w.text for w in post.words if w.sentence == s)
        if _REPORT_RE.search(text):
            return True
    return False


def _offensive_reasons(post: _Post, extra_block, extra_allow) -> list[Reason]:
    allow_exact, allow_stems, allow_phrases = set(_ALLOW_EXACT), list(_ALLOW_STEMS), \
        list(_ALLOW_PHRASES)
    for entry in extra_allow:
        _add_allow(entry, allow_exact, allow_stems, allow_phrases)
    block_words, block_phrases = set(), []
    for entry in extra_block:
        folded = _fold_text(entry).strip()
        if " " in folded:
            block_phrases.append((folded, None))
        elif folded:
            block_words.update(folded.replace("-", "") + suffix
                               for suffix in _SUFFIXES["nl"] + _SUFFIXES["en"])
    allowed_words = set()
    for pattern in allow_phrases:
        for m in pattern.finditer(post.canon):
            first, last = post.canon_span(m)
            allowed_words.update(post.canon_words[k][1] for k in range(first, last + 1))

    allow_stems = re.compile("|".join(map(re.escape, allow_stems))) if allow_stems else None
    targeted = [_Hit(t.rule, t.rule, list(t.words), t.text)
                for t in screening_targets.hits(post)]
    covered = [set(h.words) for h in targeted]
    # A target rule says more precisely what a word, threat or discrimination hit inside
    # its words says.
    general = [h for h in _lexicon_hits(post, allow_exact, allow_stems, block_words,
                                        _PhraseSet(block_phrases))
               + _threat_hits(post) + _discrimination_hits(post)
               if h.rule == "neighbourhood_word"
               or not any(set(h.words) <= words for words in covered)]
    hits = general + targeted
    hits = [h for h in hits
            if not (h.words and all(i in allowed_words for i in h.words))
            and (h.rule == "threat" or h.rule in screening_targets.THREAT_RULES
                 or not _is_counter_speech(post, h))]

    grouped: dict[tuple[str, str], list[str]] = {}
    for hit in hits:
        key = (hit.rule, hit.category)
        if hit.category == "threat":
            key = ("threat", "threat")
        elif hit.category == "defamation":
            key = ("defamation", "defamation")
        texts = grouped.setdefault(key, [])
        folded = hit.text.casefold()
        if any(folded in t.casefold() for t in texts):
            continue
        texts[:] = [t for t in texts if t.casefold() not in folded] + [hit.text]
    reasons = [Reason("offensive", rule, tuple(texts),
                      (("kind", category),) if rule == "lexicon" else ())
               for (rule, category), texts in grouped.items()]
    order = ("threat", "pet_threat", "neighbour_death_wish", "sexual_remark",
             "nationality_hostility", "group_generalisation", "discrimination",
             "neighbour_insult", "group_curse", "defamation", "lexicon", "neighbourhood_word")
    return sorted(reasons, key=lambda r: order.index(r.rule))


# --- spam -------------------------------------------------------------------------------

_SPAM_PHRASES = _load_spam_phrases()
_REPEATED_CHARS = re.compile(r"([^\s\d.\-_=*~#])\1{9,}")
_RUN4 = re.compile(r"([^\s\d])\1{3,}")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYBOARD_RUNS = frozenset(row[i:i + 5] for row in _KEYBOARD + tuple(r[::-1] for r in _KEYBOARD)
                           for i in range(len(row) - 4))
_VOWELS = frozenset("aeiouy")
_STOPWORDS = frozenset(
    "de het een en van in op te is dat die voor met aan er niet zijn ik je jij u we wij ze zij "
    "hij mijn ons onze of ook als maar om bij naar dan wat wie nog wel geen heb heeft kan kunt "
    "the a an and of in on to is that for with it you i we my our or also but at be are "
    "this".split())


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
    return tuple(m.group() for m in re.finditer(r"[^\W_]+", _fold_text(text)))


def _spam_reasons(post: _Post, recent_texts: Iterable[str]) -> list[Reason]:
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
    counts = Counter(w for w in words if w not in _STOPWORDS and len(w) > 2)
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


def _spans(post: _Post, phrases: list[str]) -> list[str]:
    """The phrases as the author wrote them, where they can be found."""
    out = []
    for phrase in phrases:
        m = _phrase_re(phrase).search(post.canon)
        if m:
            first, last = post.canon_span(m)
            idx = sorted({post.canon_words[k][1] for k in range(first, last + 1)})
            out.append(post.original_text(post.words[idx[0]].start, post.words[idx[-1]].end))
        else:
            out.append(phrase)
    return out


# --- vague ------------------------------------------------------------------------------

_CONTENT, _CONTENT_WHOLE, _CONTENT_STEMS = _load_content_words()
_WHEN_WORDS, _WHERE_WORDS = _load_when_where()
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


def _vague(post: _Post, kind: str) -> tuple[list[Reason], tuple[str, ...]]:
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

    meaningful = [w for w in words if w.isalpha() and w not in _STOPWORDS]
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


# --- the screening ----------------------------------------------------------------------

def screen(*, title: str, body: str, kind: str, extra_block: Iterable[str] = (),
           extra_allow: Iterable[str] = (), recent_texts: Iterable[str] = ()) -> Verdict:
    """Screen a post; pure (no database): the caller passes the neighbourhood's own
    word additions and the author's recent post texts (for repeated-text spam)."""
    post = _Post(title or "", body or "")
    reasons = _offensive_reasons(post, extra_block, extra_allow)
    reasons += _spam_reasons(post, recent_texts)
    missing: tuple[str, ...] = ()
    if not reasons:
        # Junk is spam, not vague, and an offensive post is not asked to add detail.
        vague_reasons, missing = _vague(post, kind)
        reasons += vague_reasons
        if not vague_reasons:
            missing = ()
    label = max((r.category for r in reasons), key=LABELS.index, default="ok")
    return Verdict(label, tuple(reasons), missing if label == "vague" else ())
