"""The Whoosh search backend: a Dutch index in a folder, rebuilt by swapping folders."""
import logging
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.query import And, Or, Prefix, Term
from whoosh.sorting import QueryFacet, ScoreFacet
from whoosh.support.charset import accent_map
from whoosh.util.filelock import FileLock

from buurt.core.search.lemmas import lemma
from buurt.core.search.results import Hit, Results, SearchUnavailable

log = logging.getLogger(__name__)

CURRENT = "CURRENT"          # names the folder that holds the live index
WRITELOCK = "WRITELOCK"      # one writer at a time, across generations and processes
PREFIX_MIN = 4               # a query word this long also finds longer words it starts
SNIPPET_CHARS = 160
_stem = stemmer_for_language("nl")
_DOUBLE_ENDINGS = tuple(c * 2 for c in "bcdfghjklmnpqrstvwxz")


def dutch_stem(word: str) -> str:
    """Stem a folded Dutch word, undoubling the end ("boodschapp" -> "boodschap")."""
    stem = _stem(word)
    if len(stem) > 3 and stem.endswith(_DOUBLE_ENDINGS):
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=65536)
def variants(word: str) -> frozenset[str]:
    """The terms a folded word is indexed and searched under.

    The stemmer alone leaves gaps ("fietsen" -> "fiets", but "fiets" -> "fiet"), so the
    word itself counts too: both forms of a pair then share at least one term. Irregular
    forms the stemmer cannot join ("ziekenhuizen", "liep") add their lemma and its stem
    ("ziekenhuis", "lopen" and "lop"), so they meet the lemma's own forms.
    """
    terms = {word, dutch_stem(word)}
    found = lemma(word)
    if found:
        terms.update((found, dutch_stem(found)))
    return frozenset(terms)


class DutchVariantsFilter(Filter):
    """Put the stem, the lemma and its stem at the same position as the unstemmed
    (folded) word: extra terms, so every word a post was found by before still finds it."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            yield token
            for term in sorted(variants(word) - {word}):
                token.text = term
                yield token


def _words_analyzer():
    return (RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=stopwords_for_language("nl"), minsize=2))


WORDS = _words_analyzer()
ANALYZER = _words_analyzer() | DutchVariantsFilter()


def make_schema() -> Schema:
    return Schema(id=ID(stored=True, unique=True),      # "post:12", "place:3", ...
                  kind=ID(stored=True), topic=KEYWORD, neighbourhood=ID, audience=ID,
                  created=NUMERIC(sortable=True),
                  # One searched field: each query word is then an OR of five terms at
                  # most (word, stem, lemma, the lemma's stem, prefix), not fifteen
                  # (scoring in Python is what a query costs).
                  text=TEXT(analyzer=ANALYZER),
                  title=STORED, body=STORED,
                  # The words as written (folded, not stemmed): what a suggestion offers.
                  words=TEXT(analyzer=WORDS))


def key(entity: str, entity_id: int) -> str:
    return f"{entity}:{entity_id}"


def split(value: str) -> tuple[str, int]:
    entity, _, entity_id = value.partition(":")
    return entity, int(entity_id)


def query_words(q: str) -> list[str]:
    """The folded words of a query, without stop words and duplicates."""
    seen = []
    for token in WORDS(q or ""):
        if token.text not in seen:
            seen.append(token.text)
    return seen[:12]


def segments(text: str, words: list[str], *, limit: int | None = None) -> list[tuple[str, bool]]:
    """Split text into (piece, matched) pairs around the query's words.

    Plain strings and flags, never markup: the template escapes every piece. With a limit,
    return a window of about that many characters around the first match.
    """
    wanted = set().union(*(variants(w) for w in words)) if words else set()
    prefixes = tuple(w for w in words if len(w) >= PREFIX_MIN)
    spans = []
    for token in WORDS(text, chars=True):
        word = token.text
        if variants(word) & wanted or (prefixes and word.startswith(prefixes)):
            spans.append((token.startchar, token.endchar))
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), start + limit)
        while end < len(text) and not text[end].isspace():
            end += 1
    pieces, index = [], start
    if start > 0:
        pieces.append(("… ", False))
    for s, e in spans:
        if s < index or e > end:
            continue
        if s > index:
            pieces.append((text[index:s], False))
        pieces.append((text[s:e], True))
        index = e
    if index < end:
        pieces.append((text[index:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return pieces


class WhooshBackend:
    name = "whoosh"

    def __init__(self, directory: str):
        self.root = Path(directory)

    # --- where the live index is ----------------------------------------------------

    def _current(self) -> Path | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def _open(self, *, create: bool = False):
        path = self._current()
        if path is None:
            if not create:
                raise SearchUnavailable(f"no search index in {self.root}")
            path = self._new_generation()
            self._swap_to(path)
        try:
            ix = whoosh_index.open_dir(str(path))
        except Exception as exc:  # an unreadable index is reported, not crashed on
            raise SearchUnavailable(f"the search index in {path} cannot be opened: {exc}")
        if set(ix.schema.names()) != set(make_schema().names()):
            raise SearchUnavailable(f"the search index in {path} has an older layout: "
                                    "run `buurt reindex`")
        return ix

    def _new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"index-{uuid.uuid4().hex[:12]}"
        path.mkdir()
        whoosh_index.create_in(str(path), make_schema())
        return path

    def _swap_to(self, path: Path) -> None:
        """Point CURRENT at a finished index in one atomic rename."""
        tmp = self.root / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        tmp.write_text(path.name)
        os.replace(tmp, self.root / CURRENT)

    # --- writing ---------------------------------------------------------------------

    @contextmanager
    def locked(self, *, timeout: float = 0.0):
        """Hold the writer lock; yield False instead when another writer keeps it.

        An operating-system lock: it is let go when its holder ends, even by a crash.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / WRITELOCK))
        deadline = time.monotonic() + timeout
        held = lock.acquire(blocking=False)
        while not held and time.monotonic() < deadline:
            time.sleep(0.05)
            held = lock.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                lock.release()

    @staticmethod
    def _add(writer, doc: dict) -> None:
        writer.update_document(
            id=key(doc["entity"], doc["id"]), kind=doc["kind"], topic=" ".join(doc["topics"]),
            neighbourhood=str(doc["neighbourhood_id"]), audience=doc["audience"],
            created=doc["created"],
            text=f"{doc['title']} {doc['extra']} {doc['body']}",
            title=doc["title"], body=doc["body"],
            words=f"{doc['title']} {doc['body']}")

    def apply(self, docs: list[dict], removed: list[tuple[str, int]]) -> None:
        """Add or replace these documents and drop these keys, in one Whoosh commit.

        The caller holds the writer lock (`locked`).
        """
        ix = self._open(create=True)
        writer = ix.writer(timeout=10.0)
        try:
            for entity, entity_id in removed:
                writer.delete_by_term("id", key(entity, entity_id))
            for doc in docs:
                self._add(writer, doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, docs) -> int:
        """Build a fresh index beside the live one and swap it in when it is complete.

        The caller holds the writer lock. An interrupted rebuild leaves the old index
        live; its half-built folder is cleared by the next rebuild.
        """
        path = self._new_generation()
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(timeout=10.0)
        count = 0
        try:
            for doc in docs:
                self._add(writer, doc)
                count += 1
        except BaseException:
            writer.cancel()
            shutil.rmtree(path, ignore_errors=True)
            raise
        writer.commit()
        self._swap_to(path)
        for old in self.root.iterdir():
            if old.is_dir() and old.name.startswith("index-") and old != path:
                shutil.rmtree(old, ignore_errors=True)
        return count

    # --- reading ---------------------------------------------------------------------

    def health(self) -> str:
        """Say "ok", "missing" (no index built yet, or deleted) or "error"."""
        if self._current() is None:
            return "missing"
        try:
            ix = self._open()
            with ix.searcher() as searcher:
                searcher.doc_count()
        except SearchUnavailable as exc:
            log.warning("search health: %s", exc)
            return "error"
        return "ok"

    def search(self, q, *, kind=None, topic=None, neighbourhood_id=None,
               prefer_neighbourhood_id=None, audience=("public",), page=1,
               per_page=20) -> Results:
        words = query_words(q)
        if not words:
            return Results(hits=[], total=0, page=1, per_page=per_page, words=[])
        clauses = []
        for word in words:
            terms = [Term("text", v) for v in sorted(variants(word))]
            if len(word) >= PREFIX_MIN:
                terms.append(Prefix("text", word, boost=0.5))
            clauses.append(Or(terms))
        query = And(clauses)
        filters = [Term(name, str(value)) for name, value in
                   (("kind", kind), ("topic", topic), ("neighbourhood", neighbourhood_id))
                   if value]
        filters.append(Or([Term("audience", value) for value in audience]))
        sortedby = None
        if prefer_neighbourhood_id:
            own = QueryFacet({0: Term("neighbourhood", str(prefer_neighbourhood_id))}, other=1)
            sortedby = [own, ScoreFacet()]
        ix = self._open()
        with ix.searcher() as searcher:
            hits = searcher.search_page(query, max(1, page), pagelen=per_page,
                                        filter=And(filters), sortedby=sortedby)
            total_pages = hits.pagecount
            found = [Hit(*split(hit["id"]), kind=hit["kind"],
                         title=segments(hit["title"], words),
                         snippet=segments(hit["body"], words, limit=SNIPPET_CHARS))
                     for hit in hits] if hits.pagenum == page else []
            suggestion = (self._suggest(searcher, words, filters)
                          if hits.total == 0 else None)
            return Results(hits=found, total=hits.total, page=page, per_page=per_page,
                           words=words, pages=total_pages, suggestion=suggestion)

    @staticmethod
    def _suggest(searcher, words: list[str], filters) -> str | None:
        """The query with its unknown words replaced by the nearest known ones, when that
        finds something ("bedoelde je …"); None otherwise."""
        corrector = searcher.corrector("words")
        reader = searcher.reader()
        corrected, changed = [], False
        for word in words:
            if any(reader.doc_frequency("text", term) for term in variants(word)):
                corrected.append(word)
                continue
            # The first letter is rarely the one mistyped, and keeps short words apart.
            found = corrector.suggest(word, limit=1, maxdist=1 if len(word) < 4 else 2,
                                      prefix=1)
            if not found:
                return None
            corrected.append(found[0])
            changed = True
        if not changed:
            return None
        query = And([Or([Term("text", v) for v in sorted(variants(w))]) for w in corrected])
        hits = searcher.search(query, limit=1, filter=And(filters))
        return " ".join(corrected) if hits.scored_length() else None
