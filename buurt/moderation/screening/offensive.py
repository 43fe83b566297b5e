"""Offensive language: listed words and phrases (with the neighbourhood's own additions),
threats, discrimination of groups, and the target rules (targets.py); a slur quoted to
condemn it is counter-speech and passes."""
import re
from dataclasses import dataclass
from functools import lru_cache

from buurt.moderation.screening import targets
from buurt.moderation.screening.text import (SUFFIXES, Entry, PhraseSet, Post, Reason, add_allow,
                                             fold_text, load_allow, load_discrimination,
                                             load_lexicon, load_threats, readings)

# How far (in words) an exclusion cue may stand from a group noun.
GROUP_WINDOW = 8

_WORDS, _STARTS, _ENDS, _CURSES, _PHRASES = load_lexicon()
_ALLOW_EXACT, _ALLOW_STEMS, _ALLOW_PHRASES = load_allow()
_THREATS = load_threats()
_GROUPS, _GROUP_CUES, _GROUP_PHRASES = load_discrimination()

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
def _lexicon_entry(form: str) -> tuple[Entry | None, bool]:
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


def _is_curse_context(post: Post, i: int) -> bool:
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


def _streets(post: Post) -> set[str]:
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


def _is_aimed(post: Post, i: int, term: str = "") -> bool:
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


def _lexicon_hits(post: Post, allow_exact, allow_stems, block_words: set,
                  block_phrases: PhraseSet) -> list[_Hit]:
    hits = []
    streets = _streets(post)   # the same name also counts in the title, without "aan de"
    for i, word in enumerate(post.words):
        if len(word.text) >= 3 and len(set(word.text)) == 1:
            continue   # "kkkkk" is junk typing, not the abbreviation "kk"
        forms = readings(word.text)
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


def _threat_hits(post: Post) -> list[_Hit]:
    hits = []
    for _, pattern in _THREATS:
        for m in pattern.finditer(post.plain):
            hits.append(_Hit("threat", "threat", post.words_between(*m.span()),
                             post.original_text(*m.span())))
    return hits


def _discrimination_hits(post: Post) -> list[_Hit]:
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


def _is_counter_speech(post: Post, hit: _Hit) -> bool:
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


def reasons(post: Post, extra_block, extra_allow) -> list[Reason]:
    """What is offensive in the post, most serious first; extra_block and extra_allow
    are the neighbourhood's own additions to the word lists."""
    allow_exact, allow_stems, allow_phrases = set(_ALLOW_EXACT), list(_ALLOW_STEMS), \
        list(_ALLOW_PHRASES)
    for entry in extra_allow:
        add_allow(entry, allow_exact, allow_stems, allow_phrases)
    block_words, block_phrases = set(), []
    for entry in extra_block:
        folded = fold_text(entry).strip()
        if " " in folded:
            block_phrases.append((folded, None))
        elif folded:
            block_words.update(folded.replace("-", "") + suffix
                               for suffix in SUFFIXES["nl"] + SUFFIXES["en"])
    allowed_words = set()
    for pattern in allow_phrases:
        for m in pattern.finditer(post.canon):
            first, last = post.canon_span(m)
            allowed_words.update(post.canon_words[k][1] for k in range(first, last + 1))

    allow_stems = re.compile("|".join(map(re.escape, allow_stems))) if allow_stems else None
    targeted = [_Hit(t.rule, t.rule, list(t.words), t.text) for t in targets.hits(post)]
    covered = [set(h.words) for h in targeted]
    # A target rule says more precisely what a word, threat or discrimination hit inside
    # its words says.
    general = [h for h in _lexicon_hits(post, allow_exact, allow_stems, block_words,
                                        PhraseSet(block_phrases))
               + _threat_hits(post) + _discrimination_hits(post)
               if h.rule == "neighbourhood_word"
               or not any(set(h.words) <= words for words in covered)]
    hits = general + targeted
    hits = [h for h in hits
            if not (h.words and all(i in allowed_words for i in h.words))
            and (h.rule == "threat" or h.rule in targets.THREAT_RULES
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
