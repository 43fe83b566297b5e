"""Search over what residents share: one small interface, the backend chosen by
SEARCH_BACKEND.

What is indexed are the sources the areas register (`sources`): published posts of every
kind, meeting places, approved initiatives and the residents in the people directory (found
by residents only).
Documents are keyed by (entity, id), e.g. ("post", 12) or ("place", 3).

The index follows the database. Changed objects are collected when the session flushes.
A transactional backend (PostgreSQL) writes their documents at once through the session's
own connection, so they commit or roll back with the change itself. For a backend outside
the database (Whoosh) the flush writes the keys to the search queue, in the same
transaction; after the commit, the process that gets the index's single writer lock
applies the whole queue (`drain`), and the others leave their rows to it.
"""
import logging
import os

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from buurt.core.extensions import db
from buurt.core.search import queue, sources
from buurt.core.search.postgres_backend import PostgresBackend
from buurt.core.search.results import Hit, Results, SearchUnavailable
from buurt.core.search.sources import PUBLIC, RESIDENTS
from buurt.core.search.whoosh_backend import WhooshBackend

__all__ = ["Hit", "Results", "SearchUnavailable", "PUBLIC", "RESIDENTS", "search", "reindex",
           "drain", "health", "init_app", "refresh", "refresh_posts"]

log = logging.getLogger(__name__)
EXTENSION = "buurt_search"
CHANGED = "search_changed"      # session.info key: key -> object seen in a flush, or None
DRAIN = "search_drain"          # session.info key: the transaction queued changes
QUEUED = "search_queued"        # session.info key: keys queued in this transaction
REINDEX_LOCK_SECONDS = 120      # how long a rebuild waits for a running index update


def _backend():
    return current_app.extensions[EXTENSION]


def search(q: str, *, kind=None, topic=None, neighbourhood_id=None,
           prefer_neighbourhood_id=None, audience=(PUBLIC,), page: int = 1,
           per_page: int = 20) -> Results:
    """Find what may be found; the own neighbourhood first when one is preferred.

    `kind` is one of kinds(), `topic` a topic slug; `audience` says what the searcher may
    see: PUBLIC for a visitor, also RESIDENTS for a resident who is logged in. Raises
    SearchUnavailable when the index cannot be read.
    """
    return _backend().search(q, kind=kind, topic=topic, neighbourhood_id=neighbourhood_id,
                             prefer_neighbourhood_id=prefer_neighbourhood_id,
                             audience=tuple(audience), page=page, per_page=per_page)


def reindex() -> int:
    """Rebuild the whole index from the database and swap it in; return the document count.

    The rebuild holds the writer lock, so changes committed meanwhile wait in the queue
    and are applied to the new index right after the swap.
    """
    backend = _backend()
    with backend.locked(timeout=REINDEX_LOCK_SECONDS) as held:
        if not held:
            raise SearchUnavailable("another process keeps the search index locked")
        count = backend.rebuild(_everything())
    drain()
    return count


def _everything():
    yield from sources.everything(db.session)


def drain(*, batch: int = 500) -> str:
    """Apply the queued changes to the index, unless another process is doing so.

    Returns "done" when the queue was empty after letting go of the writer lock, or
    "busy" when another process holds the lock. That process looks at the queue again
    after letting go, and our rows were committed before we tried the lock, so it will
    apply them: no change is lost and no request waits for the lock.
    """
    backend = _backend()
    if getattr(backend, "transactional", False):
        return "done"
    while True:
        with backend.locked() as held:
            if not held:
                return "busy"
            while _apply_queued(backend, batch):
                pass
        with db.engine.connect() as connection:
            if not queue.waiting(connection):
                return "done"


def _apply_queued(backend, batch: int) -> bool:
    """Apply the oldest queued changes; False when the queue is empty.

    The objects are read as they are now, so one queued twice gets its latest state, and
    only the rows read are removed: a row queued meanwhile stays for the next round.
    """
    with Session(db.engine) as session:     # its own connection: the caller may be committing
        rows = queue.take(session.connection(), batch)
        if not rows:
            return False
        docs, removed = sources.documents(session, sorted({key for _, key in rows}))
        backend.apply(docs, removed)
        queue.done(session.connection(), [row_id for row_id, _ in rows])
        session.commit()
    return True


def health() -> str:
    """Say whether search works: "ok" or "error".

    No index yet is fine while nothing can be found (the first document creates it);
    otherwise it means the index was lost and `buurt reindex` must rebuild it.
    """
    try:
        state = _backend().health()
        if state == "missing":
            state = "ok" if next(_everything(), None) is None else "error"
        return state
    except Exception:  # any failure here is what the health check reports
        log.exception("search health check failed")
        return "error"


def refresh(entity: str, ids) -> None:
    """Make the index follow objects changed by a bulk UPDATE, with the coming commit."""
    keys = sorted({(entity, i) for i in ids})
    if keys:
        _follow(db.session, {}, keys)


def refresh_posts(post_ids) -> None:
    refresh("post", post_ids)


def _transactional() -> bool:
    return (has_app_context() and EXTENSION in current_app.extensions
            and getattr(_backend(), "transactional", False))


def _follow(session, objects: dict, keys) -> None:
    """Bring the index along with the session's transaction.

    A transactional backend writes the documents now, through the session's connection;
    otherwise the keys go into the queue in the same transaction, to be applied after the
    commit. `objects` holds the objects the flush saw, by key (None when deleted).
    """
    if not has_app_context() or EXTENSION not in current_app.extensions:
        return
    if _transactional():
        docs, removed = [], []
        unseen = [key for key in keys if key not in objects]
        if unseen:
            docs, removed = sources.documents(session, unseen)
        for key, obj in objects.items():
            source = sources.SOURCES[key[0]]
            if obj is not None and source.findable(obj):
                docs.append(source.document(obj))
            else:
                removed.append(key)
        _backend().apply(docs, removed, connection=session.connection())
    else:
        # One row per key and transaction: the drain reads the state after the commit.
        queued = session.info.setdefault(QUEUED, set())
        new = [key for key in keys if key not in queued]
        if new:
            queue.add(session.connection(), new)
            queued.update(new)
        session.info[DRAIN] = True


# --- keeping the index in step with the database ---------------------------------------

def _after_flush(session, flush_context):
    changed = session.info.setdefault(CHANGED, {})
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        key = sources.key_of(obj, session)
        if key is None or key[1] is None:
            continue
        if obj in session.deleted and key[0] == sources.entity_of(obj):
            changed[key] = None
        elif sources.entity_of(obj) == key[0]:
            changed[key] = obj
        else:                       # a link row: read its owner when the flush is done
            changed.setdefault(key, ...)


def _after_flush_postexec(session, flush_context):
    # Documents are read here, while the session may still load related rows.
    changed = session.info.pop(CHANGED, {})
    if changed:
        objects = {key: obj for key, obj in changed.items() if obj is not ...}
        _follow(session, objects, sorted(changed))


def _after_commit(session):
    if session.in_nested_transaction():
        return      # a savepoint was released; the transaction itself goes on
    session.info.pop(CHANGED, None)
    session.info.pop(QUEUED, None)
    should_drain = session.info.pop(DRAIN, False)
    if not has_app_context() or EXTENSION not in current_app.extensions:
        return
    if hasattr(_backend(), "committed"):
        _backend().committed()
    if not should_drain:
        return
    try:
        drain()
    except Exception:  # the change is committed and queued; the next drain applies it
        log.exception("search index update failed; the queue keeps the change")


def _after_soft_rollback(session, previous_transaction):
    # Rows queued inside a rolled-back savepoint are gone: queue those keys again when
    # they change again. The outer transaction's rows still need a drain after its commit.
    session.info.pop(QUEUED, None)
    session.info.pop(CHANGED, None)
    if not previous_transaction.nested:
        session.info.pop(DRAIN, None)
    if has_app_context() and hasattr(current_app.extensions.get(EXTENSION), "rolled_back"):
        _backend().rolled_back()


_HOOKS = {"after_flush": _after_flush, "after_flush_postexec": _after_flush_postexec,
          "after_commit": _after_commit, "after_soft_rollback": _after_soft_rollback}


def _register_hooks() -> None:
    for name, fn in _HOOKS.items():
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


def default_backend(database_url) -> str:
    """PostgreSQL's own full-text search on PostgreSQL, else Whoosh."""
    return "postgres" if str(database_url or "").startswith("postgresql") else "whoosh"


def kinds() -> tuple[str, ...]:
    """What search(kind=...) takes: the kinds the sources registered."""
    return tuple(sources.KIND_WORDS)


def init_app(app) -> None:
    """Pick the backend named by SEARCH_BACKEND (by default the one the database suits)
    and follow the session's commits. The areas register what is found (sources)."""
    name = (app.config.get("SEARCH_BACKEND")
            or default_backend(app.config.get("SQLALCHEMY_DATABASE_URI")))
    app.config["SEARCH_BACKEND"] = name
    if name == "whoosh":
        directory = app.config.get("SEARCH_INDEX_DIR") or os.path.join(app.instance_path,
                                                                        "search-index")
        app.config["SEARCH_INDEX_DIR"] = directory
        app.extensions[EXTENSION] = WhooshBackend(directory)
    elif name == "postgres":
        if not default_backend(app.config.get("SQLALCHEMY_DATABASE_URI")) == "postgres":
            raise RuntimeError("SEARCH_BACKEND 'postgres' needs a PostgreSQL database.")
        app.extensions[EXTENSION] = PostgresBackend(db)
    else:
        raise RuntimeError(f"Unknown SEARCH_BACKEND {name!r}; use 'whoosh' or 'postgres'.")
    _register_hooks()
