"""Offensive posts without a listed word: a target (a neighbour, a neighbour's pet, a
nationality, a group) together with a verb or cue, from buurt/moderation/data/screening/targets.txt.

offensive.py calls `hits(post)`; each hit names its rule id, the words it covers and the
text as the author wrote it.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from buurt.moderation.screening.text import data_lines

# The rules that threaten harm: like the threats in offensive.py, a quote of them is never
# counter-speech.
THREAT_RULES = frozenset({"pet_threat", "neighbour_death_wish"})
# Abbreviations whose full stop does not end a sentence ("de buurvrouw van nr. 12").
_ABBREVIATIONS = frozenset("nr no nrs ca bv mevr dhr st mr mrs ms".split())
_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014]")
_SENTENCE_MARK = re.compile(r"[.!?\n]")
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True)
class Hit:
    rule: str
    words: tuple[int, ...]   # indexes into the post's words
    text: str                # as the author wrote it


def _lines():
    for line in data_lines("targets.txt"):
        kind, name, value = (part.strip() for part in line.split(";", 2))
        yield kind, name, value


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, re.Pattern], ...]:
    pieces, rules = {}, []
    for kind, name, value in _lines():
        if kind == "set":
            words = sorted(value.split(), key=len, reverse=True)
            pieces[name] = "(?:" + "|".join(
                r"\s+".join(map(re.escape, w.split("_"))) for w in words) + ")"
        elif kind == "pattern":
            pieces[name] = f"(?:{value})"
        else:
            rules.append((name, value))

    def expand(expression: str, depth: int = 0) -> str:
        if depth > 3:
            raise ValueError(f"targets.txt: placeholders nest too deep in {expression}")
        return _PLACEHOLDER.sub(lambda m: expand(pieces[m.group(1)], depth + 1), expression)

    return tuple((rule, re.compile(expand(expression))) for rule, expression in rules)


def _sentences(post):
    """Per sentence: its text (words read as screening reads them, a clause mark as ",")
    and, for each position in that text, the index of the post word there."""
    current, owners, out = [], [], []
    previous = None
    for k, (part, i) in enumerate(post.canon_words):
        if previous is not None and previous != i:
            gap = post.plain[post.words[previous].end:post.words[i].start]
            ends = _SENTENCE_MARK.search(gap) and not (
                gap.strip() == "." and post.words[previous].text in _ABBREVIATIONS)
            if ends:
                out.append(("".join(current), owners))
                current, owners = [], []
            elif _CLAUSE_MARK.search(gap):
                current.append(" ,")
                owners.extend([None, None])
        if current:
            current.append(" ")
            owners.append(None)
        current.append(part)
        owners.extend([i] * len(part))
        previous = i
    if current:
        out.append(("".join(current), owners))
    return out


def hits(post) -> list[Hit]:
    """Every target rule that matches the post (a text.Post)."""
    found = []
    for text, owners in _sentences(post):
        for rule, pattern in _rules():
            for m in pattern.finditer(text):
                idx = sorted({owners[p] for p in range(m.start(), m.end())
                              if owners[p] is not None})
                if idx:
                    found.append(Hit(rule, tuple(idx), post.original_text(
                        post.words[idx[0]].start, post.words[idx[-1]].end)))
    return found
