"""The post as the screening reads it: the word lists in buurt/moderation/data/screening/,
text folded to plain letters (accents, look-alikes, leetspeak, masked letters), and the post's
words and sentences with a map back to what the author wrote.

Every rule module (offensive, spam, vague, targets) reads the post through Post, so a trick
such as "k u t" or "kаnker" with a Cyrillic а is undone once, here, for all of them.
"""
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

# Words too common to say anything: neither a repeated word nor what a post is about.
STOPWORDS = frozenset(
    "de het een en van in op te is dat die voor met aan er niet zijn ik je jij u we wij ze zij "
    "hij mijn ons onze of ook als maar om bij naar dan wat wie nog wel geen heb heeft kan kunt "
    "the a an and of in on to is that for with it you i we my our or also but at be are "
    "this".split())


@dataclass(frozen=True)
class Reason:
    """One thing a rule found in a post; offensive, spam and vague each give a list of these."""

    category: str          # "offensive", "spam" or "vague"
    rule: str              # a stable rule id, e.g. "lexicon", "threat", "links", "no_what"
    words: tuple[str, ...]  # the words or text spans that triggered it (as written in the post)
    # What the sentence for the manager needs besides the rule id and the words, as
    # (name, value) pairs, e.g. (("kind", "curse_disease"),); the sentence itself is written
    # at display time, in the reader's language (buurt/moderation/reasons.py).
    params: tuple[tuple[str, object], ...] = ()


# --- data files -----------------------------------------------------------------------

def data_lines(name: str) -> list[str]:
    """The entries of one list: its lines without blank lines and # comments."""
    path = resources.files("buurt.moderation").joinpath("data", "screening", name)
    text = path.read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _fields(line: str) -> list[str]:
    return [field.strip() for field in line.split(";")]


@dataclass(frozen=True)
class Entry:
    term: str
    match: str
    category: str
    severity: int


SUFFIXES = {"nl": ("", "s", "'s", "e", "en", "je", "jes", "tje", "tjes"),
             "en": ("", "s", "es", "ed", "ing", "in", "er", "ers")}


def load_lexicon():
    words: dict[str, list[Entry]] = {}
    starts, ends, curses, phrases = [], [], {}, []
    for lang in ("nl", "en"):
        for line in data_lines(f"{lang}_offensive.txt"):
            term, match, category, severity = _fields(line)
            entry = Entry(term, match, category, int(severity))
            if match == "word":
                for suffix in SUFFIXES[lang]:
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
    return words, starts, ends, curses, PhraseSet(phrases)


def phrase_re(phrase: str) -> re.Pattern:
    # Phrases run over the words of the post joined by single spaces.
    return re.compile(r"(?<!\S)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\S)")


class PhraseSet:
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


def load_allow():
    exact, stems, phrases = set(), [], []
    for line in data_lines("allow.txt"):
        add_allow(line, exact, stems, phrases)
    return frozenset(exact), tuple(stems), tuple(phrases)


def add_allow(entry: str, exact: set, stems: list, phrases: list) -> None:
    entry = fold_text(entry).strip()
    if not entry:
        return
    if " " in entry:
        phrases.append(phrase_re(entry))
    elif entry.endswith("*"):
        stems.append(entry[:-1])
    else:
        exact.add(entry.replace("-", ""))


def load_spam_phrases():
    return PhraseSet((phrase, (phrase, int(weight)))
                      for phrase, weight in map(_fields, data_lines("spam_phrases.txt")))


def load_threats():
    obj, obj_en = r"(?:je|jou|jullie|u|hem|haar)", r"(?:you|u|ya|him|her|them)"
    patterns = []
    for line in data_lines("threats.txt"):
        rule_id, pattern = line.split(";", 1)
        pattern = pattern.strip().replace("OBJ_EN", obj_en).replace("OBJ", obj)
        patterns.append((rule_id.strip(), re.compile(pattern)))
    return tuple(patterns)


def load_discrimination():
    groups, cues, phrases = set(), [], []
    for line in data_lines("discrimination.txt"):
        kind, *items = _fields(line)
        for item in filter(None, items):
            if kind == "group":
                groups.add(item.replace("-", ""))
            elif kind == "phrase":
                phrases.append((item, None))
            else:
                cues.append((item, (item, kind)))
    return frozenset(groups), PhraseSet(cues), PhraseSet(phrases)


def load_content_words():
    exact, whole, stems = set(), set(), []
    for line in data_lines("vague_content_words.txt"):
        for word in line.split():
            if word.endswith("*"):
                stems.append(word[:-1])
                exact.add(word[:-1])     # also the head of a compound: buurt|borrel
            elif word.endswith("="):
                whole.add(word[:-1])
            else:
                exact.add(word.replace("-", ""))
    return frozenset(exact), frozenset(whole), tuple(stems)


def load_when_where():
    found = {"when": set(), "where": set()}
    for line in data_lines("vague_when_where.txt"):
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


def fold_text(text: str) -> str:
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


def readings(word: str) -> set[str]:
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
_TOKEN_RE = re.compile(r"(?:[^\W_]|[@$€*!|'\-])+")
_SENTENCE_END = re.compile(r"[.!?\n]+(?=\s|$)|\n")
_DESPACE_GAP = re.compile(r"[\s._\-]{1,3}")
_QUOTE_RE = re.compile(r"(?<![\w'])(['\"])(?![stn]\s)([^'\"\n]{1,80}?)\1(?!\w)")


@dataclass
class Word:
    text: str          # folded, as written (leetspeak not yet read)
    start: int         # span in the folded text
    end: int
    sentence: int


class Post:
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

    def _tokens(self, sentence_ends: list[int]) -> list[Word]:
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
            words.append(Word(text, start, end, sentence))
        return words

    def _despace(self, words: list[Word]) -> list[Word]:
        """Join runs of three or more single letters ("k u t", "h.o.e.r") into one word."""
        merged, i = [], 0
        while i < len(words):
            j = i
            while (j + 1 < len(words) and len(words[j].text) == 1 and len(words[j + 1].text) == 1
                   and _DESPACE_GAP.fullmatch(self.plain[words[j].end:words[j + 1].start])):
                j += 1
            if j - i >= 2 and len(words[i].text) == 1:
                merged.append(Word("".join(w.text for w in words[i:j + 1]), words[i].start,
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


