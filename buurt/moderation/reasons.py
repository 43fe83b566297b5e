"""The sentence a manager reads for each reason on a moderation case, in the reader's
language.

A case stores its reasons as data (category, rule id, words, params; see
moderation.reason_list and moderation.flag_summary); this is the one place that turns them
into words, at display time. Reasons stored before the sentences lived here carry an English
`detail` and may name a rule this map does not know: those get a general sentence for their
category, never the stored English.
"""
import re

from flask_babel import lazy_gettext as _l

# For reasons stored without the number of links allowed (screening.spam.MAX_LINKS then).
_MOST_LINKS = 2

_LEXICON = {
    "curse_disease": _l("Uses a disease as a curse word."),
    "profanity": _l("Contains swearing."),
    "insult": _l("Contains an insult."),
    "sexual": _l("Contains a sexual insult."),
    "slur_ethnic": _l("Contains an ethnic or racial slur."),
    "slur_lgbt": _l("Contains a slur against gay, lesbian or trans people."),
    "slur_disability": _l("Contains a slur about disability."),
    "threat": _l("Contains a threat, or urges someone to harm themselves or others."),
    "defamation": _l("Accuses a neighbour who can be recognised of a serious crime."),
}

_RULES = {
    ("offensive", "threat"): _LEXICON["threat"],
    ("offensive", "defamation"): _LEXICON["defamation"],
    ("offensive", "discrimination"): _l("Excludes or looks down on a group of people."),
    ("offensive", "neighbourhood_word"):
        _l("Contains a word the managers of this neighbourhood have blocked."),
    ("offensive", "pet_threat"): _l("Threatens to harm a neighbour's pet."),
    ("offensive", "sexual_remark"):
        _l("Makes sexual remarks about a neighbour who can be recognised."),
    ("offensive", "neighbour_death_wish"): _l("Wishes a neighbour dead or harmed."),
    ("offensive", "neighbour_insult"): _l("Calls neighbours animals or scum."),
    ("offensive", "nationality_hostility"):
        _l("Is hostile towards people of a nationality."),
    ("offensive", "group_generalisation"):
        _l("Says something bad about a whole group of people."),
    ("offensive", "group_curse"): _l("Curses at neighbours as a group, for example "
                                     "\"scum\"."),
    ("spam", "shortener"): _l("Contains a shortened link that hides where it leads."),
    ("spam", "commercial"): _l("Reads like advertising or a money scheme."),
    ("spam", "repeated_chars"): _l("Consists mostly of repeated characters."),
    ("spam", "gibberish"): _l("Looks like random typing, not words."),
    ("vague", "empty"): _l("The post has nothing to read."),
    ("vague", "no_when_where"): _l("Says what it is about, but not when or where."),
}

_NO_WHAT = {
    "request": _l("Does not say what is needed: no clear task or thing found."),
    "comment": _l("Does not say what is needed: no clear task or thing found."),
    "offer": _l("Does not say what is offered: no clear task or thing found."),
    "item": _l("Does not say which item it is about: no clear thing found."),
    "idea": _l("Does not say what the idea is: no clear thing found."),
    "announcement": _l("Does not say what the news is: no clear thing found."),
    "event": _l("Does not say what the event is: no clear thing found."),
}

_MISSING = {"what": _l("what"), "when": _l("when"), "where": _l("where")}

_GENERAL = {
    "offensive": _l("Contains language that can hurt or offend."),
    "spam": _l("Looks like spam."),
    "vague": _l("Is not clear enough yet."),
    "flags": _l("Reported by residents."),
}

_COUNT_IN_DETAIL = re.compile(r"^\s*(\d+)")


def describe(reason: dict):
    """The sentence for one stored reason (a lazy string, in the reader's language)."""
    category, rule = reason.get("category"), reason.get("rule")
    params = reason.get("params") or {}
    words = reason.get("words") or []
    if category == "flags":
        return _flag_sentence(rule, _count(reason, params))
    if (category, rule) in _RULES:
        return _RULES[(category, rule)]
    if category == "offensive" and rule == "lexicon" and params.get("kind") in _LEXICON:
        return _LEXICON[params["kind"]]
    if category == "spam" and rule == "links":
        return _l("Contains %(count)d links; more than %(most)d is unusual for a "
                  "neighbourhood post.", count=params.get("count", len(words)),
                  most=params.get("most", _MOST_LINKS))
    if category == "spam" and rule == "repeated_words":
        if "count" in params:
            return _l("Repeats a word %(count)d times.", count=params["count"])
        return _l("Repeats a word many times.")
    if category == "spam" and rule == "repeated_text":
        if "count" in params:
            return _l("The author posted the same text %(count)d times recently.",
                      count=params["count"])
        return _l("The author posted the same text several times recently.")
    if category == "vague" and rule == "no_what":
        return _NO_WHAT.get(params.get("kind"),
                            _l("Does not say what it is about: no clear task or thing "
                               "found."))
    if category == "vague" and rule == "missing" and words \
            and all(w in _MISSING for w in words):
        return _l("Missing: %(items)s", items=", ".join(str(_MISSING[w]) for w in words))
    return _GENERAL.get(category, _l("The check found something to look at."))


def shown_words(reason: dict) -> list[str]:
    """The words from the post to show after the sentence (a "missing" reason's words are
    codes, already in its sentence)."""
    if reason.get("rule") == "missing" or reason.get("category") == "flags":
        return []
    return list(reason.get("words") or [])


def _count(reason: dict, params: dict) -> int:
    if "count" in params:
        return int(params["count"])
    m = _COUNT_IN_DETAIL.match(str(reason.get("detail") or ""))   # stored as "2× spam"
    return int(m.group(1)) if m else 1


def _flag_sentence(rule: str, count: int):
    if rule == "offensive":
        return _l("%(count)d× reported as offensive", count=count)
    if rule == "spam":
        return _l("%(count)d× reported as spam", count=count)
    if rule == "wrong_place":
        return _l("%(count)d× reported as in the wrong place", count=count)
    if rule == "other":
        return _l("%(count)d× reported for another reason", count=count)
    return _l("%(count)d× reported", count=count)
