"""Dutch lemmas beside the stems: `ziekenhuizen` -> `ziekenhuis`, `liep` -> `lopen`.

The Dutch stemmer joins regular forms (`fietsen` -> `fiets`) but not irregular plurals
(`schepen`, `steden`, `kinderen`), plurals in -s (`boormachines`) or strong and irregular
verbs (`liep`, `gekocht`). A lemmatiser's word list does: simplemma ships one (from
Wiktionary) in its wheel, read offline. Both backends call `lemma` for the words they
index and search, so a post and a query meet on the lemma as well as on the stem.

Words arrive folded (lowercase, accents off); the list is folded the same way.

The list maps each form to one lemma and also links some base forms to a different base
form: the other sex (`koe` -> `bul`, `kat` -> `kater`, `god` -> `godin`) or a verb of the
same letters (`las` -> `lassen`). So a word that is itself the lemma of other forms (a
headword) keeps its own lemma unless it looks inflected: the stemmer takes an ending off
(`schepen`, `steden`, `huizen`), or it ends in -d or -t and its lemma is a verb
(`verzorgd` -> `verzorgen`). A word with no entry has no lemma.
"""
import re
import threading
import unicodedata
from functools import lru_cache

from whoosh.lang import stemmer_for_language, stopwords_for_language

LANGUAGE = "nl"
_stem = stemmer_for_language(LANGUAGE)
_STOPWORDS = frozenset(stopwords_for_language(LANGUAGE))
_WORD = re.compile(r"[^\W_]+")
_lock = threading.Lock()
_table = None       # (the list, folded extra forms, headwords), read on first use


def normal(word: str) -> str:
    """Lowercase, accents off, compound marks out (`op_vangen` -> `opvangen`)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower())
                    if not unicodedata.combining(c))
    return plain.replace("_", "").replace("-", "")


def _load():
    """The word list, with folded forms added for the entries written with capitals or
    accents (`Australiërs` -> `australiers`), and the set of headwords."""
    global _table
    with _lock:
        if _table is None:
            from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
            entries = DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANGUAGE)
            # simplemma keeps the list as bytes: reading them as they are takes a tenth
            # of the time of going through the decoding mapping.
            raw = getattr(entries, "_dict", None)
            pairs = (((k.decode(), v.decode()) for k, v in raw.items()) if isinstance(raw, dict)
                     else entries.items())
            extra, headwords = {}, set()
            for form, found in pairs:
                headwords.add(found if _plain(found) else normal(found))
                if not _plain(form):
                    folded = normal(form)
                    if folded not in extra and entries.get(folded) is None:
                        extra[folded] = found
            _table = entries, extra, frozenset(headwords)
    return _table


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha() and word.islower()


def _looks_inflected(word: str, found: str) -> bool:
    """Whether the stemmer takes an ending off (`steden` -> `sted`, not `beer` -> `ber`,
    which only undoubles a vowel), or the word is a past participle of its lemma."""
    stem = _stem(word)
    undoubled = any(word == stem[:i] + stem[i - 1] + stem[i:] for i in range(1, len(stem)))
    return (stem != word and not undoubled) or (word.endswith(("d", "t"))
                                               and found.endswith("en"))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str | None:
    """The lemma of one folded, lowercase word, when it has one other than itself."""
    if not word or not word.isalpha():
        return None
    entries, extra, headwords = _table or _load()
    found = entries.get(word) or extra.get(word)
    if found is None:
        return None
    found = normal(found)
    if found == word or not found.isalpha() or found in _STOPWORDS:
        return None
    if word in headwords and not _looks_inflected(word, found):
        return None
    return found


@lru_cache(maxsize=65536)
def _lemma_as_written(word: str) -> str | None:
    return lemma(normal(word))


def lemma_text(text: str | None) -> str:
    """The lemmas of a text's words, once each, as text to index or search beside it."""
    seen = []
    for word in _WORD.findall((text or "").lower()):
        found = _lemma_as_written(word)
        if found and found not in seen:
            seen.append(found)
    return " ".join(seen)
