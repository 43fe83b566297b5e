"""The PostgreSQL search backend: a `search_document` table with a Dutch tsvector.

Documents live in the database, so they are written in the same transaction as the
change that caused them. Each row keeps the text it was made from (for snippets) and is
keyed by (entity, id), so posts, places, initiatives and people share the table. The table is made by a migration; a database built with
`create_all` (the tests) gets the same table on first use.

Accents are folded in Python (no `unaccent` extension is needed): one character for one
character, so that `translate()` in SQL folds a post's text the same way and a snippet
made over the folded text maps back onto the original text by position.
"""
import logging
import re
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from buurt.core.search.lemmas import lemma, lemma_text
from buurt.core.search.results import Hit, Results, SearchUnavailable

log = logging.getLogger(__name__)

TABLE = "search_document"
# Kept identical to the migration that creates the table (tests compare the two).
CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS search_document (
    entity varchar(16) NOT NULL,
    entity_id integer NOT NULL,
    kind varchar(16) NOT NULL,
    neighbourhood_id integer NOT NULL,
    topic_ids integer[] NOT NULL,
    audience varchar(16) NOT NULL,
    created_at timestamp NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    document tsvector NOT NULL,
    CONSTRAINT pk_search_document PRIMARY KEY (entity, entity_id)
)"""
CREATE_INDEX = ("CREATE INDEX IF NOT EXISTS ix_search_document_document "
                "ON search_document USING gin (document)")

PREFIX_MIN = 4
MAX_WORDS = 12
START, STOP = "\ue000", "\ue001"      # snippet markers; folded away from any text
TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
BODY_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, ShortWord=3"


def _fold_table() -> tuple[str, str]:
    """Accented Latin letters and their plain letter.

    The snippet markers become spaces, and so do < and >: PostgreSQL's parser would take
    `<img ...>` for a tag and leave it out of a snippet, and residents' words in brackets
    stay searchable.
    """
    source, target = [START, STOP, "<", ">"], [" ", " ", " ", " "]
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char)
                       if not unicodedata.combining(c))
        if len(base) == 1 and base != char and base.isascii():
            source.append(char)
            target.append(base)
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_WORD = re.compile(r"[^\W_]+")


def fold(value: str | None) -> str:
    """Fold accents character for character, as `translate(x, FOLD_FROM, FOLD_TO)` does."""
    return (value or "").translate(_FOLD)


def _stopwords() -> frozenset:
    try:
        from whoosh.lang import stopwords_for_language
        return frozenset(stopwords_for_language("nl"))
    except Exception:  # the list only trims queries; PostgreSQL drops its own too
        return frozenset()


STOPWORDS = _stopwords()


def query_words(q: str) -> list[str]:
    """The folded, lowercased words of a query, without stop words and duplicates."""
    words = []
    for word in _WORD.findall(fold(unicodedata.normalize("NFC", q or "")).lower()):
        if len(word) >= 2 and word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _forms_query(param: str) -> list[str]:
    """A word's Dutch stem, the word itself and the stem undoubled ("boodschapp" ->
    "boodschap")."""
    return [f"websearch_to_tsquery('dutch', :{param})",
            f"websearch_to_tsquery('simple', :{param})",
            "websearch_to_tsquery('simple', coalesce(regexp_replace("
            f"(ts_lexize('dutch_stem', :{param}))[1], '([b-df-hj-np-tv-z])\\1$', '\\1'), ''))"]


def _word_query(param: str, word: str, lemma_param: str | None = None) -> str:
    """One word's tsquery: its forms, its lemma's forms (documents hold their words'
    lemmas too) and, from four letters, every word it starts."""
    parts = _forms_query(param)
    if lemma_param:
        parts += _forms_query(lemma_param)
    if len(word) >= PREFIX_MIN:
        parts.append(f"to_tsquery('simple', :{param} || ':*')")
    return "(" + " || ".join(parts) + ")"


def pieces(original: str | None, highlighted: str | None, *, trimmed: bool = False):
    """Turn a ts_headline result into (text, matched) pairs of the original text.

    The headline was made over the folded text; its pieces are cut from the original at
    the same positions, so accents survive and no markup is ever produced.
    """
    original = original or ""
    highlighted = highlighted or ""
    plain = highlighted.replace(START, "").replace(STOP, "")
    if not plain:
        return [(original, False)] if original and not trimmed else []
    at = fold(original).find(plain)
    source = original if at >= 0 else plain
    at = max(at, 0)
    result, index, matched = [], at, False
    for part in re.split(f"([{START}{STOP}])", highlighted):
        if part == START:
            matched = True
        elif part == STOP:
            matched = False
        elif part:
            result.append((source[index:index + len(part)], matched))
            index += len(part)
    if trimmed and at > 0:
        result.insert(0, ("… ", False))
    if trimmed and index < len(source.rstrip()):
        result.append((" …", False))
    return result


def _with_lemmas(folded: str) -> str:
    lemmas = lemma_text(folded)
    return f"{folded} {lemmas}" if lemmas else folded


class PostgresBackend:
    name = "postgres"
    REBUILD_BATCH = 500     # documents written per statement by a rebuild
    transactional = True    # documents are written through the session's own connection

    def __init__(self, db):
        self.db = db
        self._ready = False
        self._unconfirmed = False

    # --- the table -------------------------------------------------------------------

    def _connection(self, connection=None):
        return connection if connection is not None else self.db.session.connection()

    def ensure_table(self, connection, *, check=True) -> None:
        """Create the table and its index when missing (a database made by create_all)."""
        if self._ready:
            return
        if check and connection.execute(
                text("SELECT to_regclass('search_document') IS NOT NULL")).scalar():
            self._ready = True
            return
        connection.execute(text(CREATE_TABLE))
        connection.execute(text(CREATE_INDEX))
        self._ready, self._unconfirmed = True, True

    def committed(self) -> None:
        self._unconfirmed = False

    def rolled_back(self) -> None:
        """A table created in a transaction that was rolled back is gone again."""
        if self._unconfirmed:
            self._ready = self._unconfirmed = False

    # --- writing ---------------------------------------------------------------------

    @contextmanager
    def locked(self, *, timeout: float = 0.0):
        """Writers need no lock of their own: the database orders them."""
        yield True

    @staticmethod
    def _row(doc: dict) -> dict:
        title = unicodedata.normalize("NFC", doc["title"] or "")
        body = unicodedata.normalize("NFC", doc["body"] or "")
        return {"entity": doc["entity"], "entity_id": doc["id"], "kind": doc["kind"],
                "neighbourhood_id": doc["neighbourhood_id"], "topic_ids": doc["topic_ids"],
                "audience": doc["audience"],
                "created_at": datetime.fromtimestamp(doc["created"], timezone.utc)
                .replace(tzinfo=None),
                "title": title, "body": body,
                # The words' lemmas go beside the words ("ziekenhuizen ... ziekenhuis"):
                # forms the Dutch stemmer cannot join then meet on the lemma.
                "folded_title": _with_lemmas(fold(title)),
                "rest": _with_lemmas(fold(f"{doc['extra']} {body}"))}

    UPSERT = text("""
        INSERT INTO search_document (entity, entity_id, kind, neighbourhood_id, topic_ids,
                                     audience, created_at, title, body, document)
        VALUES (:entity, :entity_id, :kind, :neighbourhood_id, :topic_ids, :audience,
                :created_at, :title, :body,
                setweight(to_tsvector('dutch', :folded_title)
                          || to_tsvector('simple', :folded_title), 'A')
                || setweight(to_tsvector('dutch', :rest) || to_tsvector('simple', :rest), 'B'))
        ON CONFLICT (entity, entity_id) DO UPDATE SET
            kind = EXCLUDED.kind, neighbourhood_id = EXCLUDED.neighbourhood_id,
            topic_ids = EXCLUDED.topic_ids, audience = EXCLUDED.audience,
            created_at = EXCLUDED.created_at, title = EXCLUDED.title, body = EXCLUDED.body,
            document = EXCLUDED.document""")

    def _write(self, connection, docs, removed) -> None:
        by_entity = {}
        for entity, entity_id in removed:
            by_entity.setdefault(entity, []).append(entity_id)
        for entity, ids in by_entity.items():
            connection.execute(text("DELETE FROM search_document "
                                    "WHERE entity = :entity AND entity_id = ANY(:ids)"),
                               {"entity": entity, "ids": ids})
        if docs:
            connection.execute(self.UPSERT, [self._row(doc) for doc in docs])

    def apply(self, docs: list[dict], removed: list[tuple[str, int]], connection=None) -> None:
        """Add or replace these documents and drop these keys, in the caller's transaction.

        A failure (say the table was dropped) is logged and leaves the change itself
        alone: the database is the truth and `buurt reindex` repairs the index.
        """
        if not docs and not removed:
            return
        connection = self._connection(connection)
        self.ensure_table(connection)
        try:
            with connection.begin_nested():
                self._write(connection, docs, removed)
        except DBAPIError:
            log.exception("search index update failed for %s",
                          sorted([(d["entity"], d["id"]) for d in docs] + list(removed)))

    def rebuild(self, docs) -> int:
        """Refill the table in one transaction: an interrupted rebuild changes nothing."""
        session = self.db.session
        count = 0
        try:
            connection = session.connection()
            self._ready = False
            self.ensure_table(connection, check=False)
            connection.execute(text("DELETE FROM search_document"))
            batch = []
            for doc in docs:
                batch.append(doc)
                count += 1
                if len(batch) >= self.REBUILD_BATCH:
                    self._write(connection, batch, [])
                    batch = []
            self._write(connection, batch, [])
            session.commit()
        except BaseException:
            session.rollback()
            raise
        return count

    # --- reading ---------------------------------------------------------------------

    def health(self) -> str:
        """Say "ok", "missing" (no table yet, or dropped) or "error"."""
        try:
            connection = self.db.session.connection()
            if not connection.execute(
                    text("SELECT to_regclass('search_document') IS NOT NULL")).scalar():
                return "missing"
            connection.execute(text("SELECT 1 FROM search_document LIMIT 1")).all()
        except DBAPIError as exc:
            log.warning("search health: %s", exc)
            self.db.session.rollback()
            return "error"
        return "ok"

    def search(self, q, *, kind=None, topic=None, neighbourhood_id=None,
               prefer_neighbourhood_id=None, audience=("public",), page=1,
               per_page=20) -> Results:
        words = query_words(q)
        page = max(1, page)
        if not words:
            return Results(hits=[], total=0, page=1, per_page=per_page, words=[])
        params = {f"w{i}": word for i, word in enumerate(words)}
        lemmas = {f"l{i}": lemma(word) for i, word in enumerate(words) if lemma(word)}
        params.update(lemmas)
        query = " && ".join(_word_query(f"w{i}", word, f"l{i}" if f"l{i}" in lemmas else None)
                            for i, word in enumerate(words))
        where = ["d.document @@ q.query", "d.audience = ANY(:audience)"]
        params["audience"] = list(audience)
        if kind:
            where.append("d.kind = :kind")
            params["kind"] = kind
        if topic:
            where.append("(SELECT id FROM topic WHERE slug = :topic) = ANY(d.topic_ids)")
            params["topic"] = topic
        if neighbourhood_id:
            where.append("d.neighbourhood_id = :neighbourhood_id")
            params["neighbourhood_id"] = neighbourhood_id
        order = ["rank DESC", "d.created_at DESC", "d.entity", "d.entity_id DESC"]
        if prefer_neighbourhood_id:
            order.insert(0, "(d.neighbourhood_id = :prefer) DESC")
            params["prefer"] = prefer_neighbourhood_id
        params.update(fold_from=FOLD_FROM, fold_to=FOLD_TO, title_options=TITLE_OPTIONS,
                      body_options=BODY_OPTIONS, limit=per_page,
                      offset=(page - 1) * per_page)
        conditions = " AND ".join(where)
        sql = f"""
            WITH q AS (SELECT {query} AS query)
            SELECT d.entity, d.entity_id, d.kind, ts_rank(d.document, q.query) AS rank,
                   d.title, d.body,
                   ts_headline('dutch', translate(d.title, :fold_from, :fold_to), q.query,
                               :title_options) AS title_hl,
                   ts_headline('dutch', translate(d.body, :fold_from, :fold_to), q.query,
                               :body_options) AS body_hl,
                   count(*) OVER () AS total
            FROM search_document d, q
            WHERE {conditions}
            ORDER BY {", ".join(order)}
            LIMIT :limit OFFSET :offset"""
        session = self.db.session
        try:
            connection = session.connection()
            self.ensure_table(connection)
            rows = connection.execute(text(sql), params).all()
            if rows:
                total = rows[0].total
            elif page > 1:
                total = connection.execute(text(
                    f"WITH q AS (SELECT {query} AS query) SELECT count(*) "
                    f"FROM search_document d, q WHERE {conditions}"), params).scalar()
            else:
                total = 0
        except DBAPIError as exc:
            session.rollback()
            raise SearchUnavailable(f"the search table cannot be read: {exc}") from exc
        hits = [Hit(entity=row.entity, entity_id=row.entity_id, kind=row.kind,
                    title=pieces(row.title, row.title_hl),
                    snippet=pieces(row.body, row.body_hl, trimmed=True)) for row in rows]
        return Results(hits=hits, total=total, page=page, per_page=per_page, words=words)
