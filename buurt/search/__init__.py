"""Search over published posts: one small interface, the backend chosen by SEARCH_BACKEND.

The index follows the database. Changed posts are collected when the session flushes.
A backend outside the database (Whoosh) gets them only after the commit, and they are
forgotten on a rollback; a transactional backend (PostgreSQL) writes them at once through
the session's own connection, so they commit or roll back with the change itself.
"""
import logging
import os

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import joinedload

from buurt.extensions import db
from buurt.models import Post, PostState
from buurt.search.results import Hit, Results, SearchUnavailable
from buurt.search.postgres_backend import PostgresBackend
from buurt.search.whoosh_backend import WhooshBackend

__all__ = ["Hit", "Results", "SearchUnavailable", "index_post", "unindex_post", "search",
           "reindex", "health", "init_app", "refresh_posts"]

log = logging.getLogger(__name__)
EXTENSION = "buurt_search"
PENDING = "search_pending"      # session.info key: post id -> document, or None to remove
CHANGED = "search_changed"      # session.info key: post id -> Post seen in a flush

# Words a post's kind is also found by, in both languages.
KIND_WORDS = {"request": "hulpvraag vraag request", "offer": "aanbod offer"}
CARE_WORDS = "zorgvraag zorg care"


def _backend():
    return current_app.extensions[EXTENSION]


def document(post: Post) -> dict:
    """The text and facets the index keeps of a published post."""
    topic = post.topic
    extra = [KIND_WORDS.get(post.kind, post.kind)]
    if getattr(post, "need", None) == "care":
        extra.append(CARE_WORDS)
    if topic is not None:
        extra += [topic.name_nl, topic.name_en]
    return {"id": post.id, "kind": post.kind, "topic": topic.slug if topic else None,
            "topic_id": topic.id if topic else None, "neighbourhood_id": post.neighbourhood_id,
            "created": int(post.created_at.timestamp()) if post.created_at else 0,
            "title": post.title or "", "body": post.body or "", "extra": " ".join(extra)}


def index_post(post: Post) -> None:
    """Put a post in the index now if it is published, else take it out."""
    if post.state == PostState.PUBLISHED:
        _backend().apply([document(post)], [])
    else:
        _backend().apply([], [post.id])


def unindex_post(post_id: int) -> None:
    """Take a post out of the index now."""
    _backend().apply([], [post_id])


def search(q: str, *, kind=None, topic=None, neighbourhood_id=None,
           prefer_neighbourhood_id=None, page: int = 1, per_page: int = 20) -> Results:
    """Find published posts; the own neighbourhood first when one is preferred.

    `topic` is a topic slug. Raises SearchUnavailable when the index cannot be read.
    """
    return _backend().search(q, kind=kind, topic=topic, neighbourhood_id=neighbourhood_id,
                             prefer_neighbourhood_id=prefer_neighbourhood_id,
                             page=page, per_page=per_page)


def _published_posts():
    stmt = (select(Post).where(Post.state == PostState.PUBLISHED)
            .options(joinedload(Post.topic)).order_by(Post.id)
            .execution_options(yield_per=500))
    for post in db.session.scalars(stmt):
        yield document(post)


def reindex() -> int:
    """Rebuild the whole index from the database and swap it in; return the post count."""
    return _backend().rebuild(_published_posts())


def health() -> str:
    """Say whether search works: "ok" or "error".

    No index yet is fine while nothing is published (the first post creates it); with
    published posts it means the index was lost and `buurt reindex` must rebuild it.
    """
    try:
        state = _backend().health()
        if state == "missing":
            published = db.session.scalar(select(Post.id).where(
                Post.state == PostState.PUBLISHED).limit(1))
            state = "ok" if published is None else "error"
        return state
    except Exception:  # any failure here is what the health check reports
        log.exception("search health check failed")
        return "error"


def refresh_posts(post_ids) -> None:
    """Re-read posts changed by a bulk UPDATE, so the commit brings the index along."""
    ids = list(post_ids)
    if not ids:
        return
    pending = {}
    posts = db.session.scalars(select(Post).where(Post.id.in_(ids))
                               .options(joinedload(Post.topic))
                               .execution_options(populate_existing=True))
    for post in posts:
        pending[post.id] = document(post) if post.state == PostState.PUBLISHED else None
    _queue(db.session, pending)


def _transactional() -> bool:
    return (has_app_context() and EXTENSION in current_app.extensions
            and getattr(_backend(), "transactional", False))


def _split(pending: dict):
    docs = [doc for doc in pending.values() if doc is not None]
    removed = [post_id for post_id, doc in pending.items() if doc is None]
    return docs, removed


def _queue(session, pending: dict) -> None:
    """Write now through the session's connection, or keep for after the commit."""
    if not pending:
        return
    if _transactional():
        _backend().apply(*_split(pending), connection=session.connection())
    else:
        session.info.setdefault(PENDING, {}).update(pending)


# --- keeping the index in step with the database ---------------------------------------

def _after_flush(session, flush_context):
    changed = session.info.setdefault(CHANGED, {})
    pending = session.info.setdefault(PENDING, {})
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Post) and obj.id is not None:
            changed[obj.id] = obj
    for obj in session.deleted:
        if isinstance(obj, Post) and obj.id is not None:
            changed.pop(obj.id, None)
            pending[obj.id] = None


def _after_flush_postexec(session, flush_context):
    # Documents are read here, while the session may still load the topic.
    changed = session.info.pop(CHANGED, {})
    pending = session.info.pop(PENDING, {})
    for post_id, post in changed.items():
        pending[post_id] = document(post) if post.state == PostState.PUBLISHED else None
    _queue(session, pending)


def _after_commit(session):
    pending = session.info.pop(PENDING, None)
    session.info.pop(CHANGED, None)
    if not has_app_context() or EXTENSION not in current_app.extensions:
        return
    if hasattr(_backend(), "committed"):
        _backend().committed()
    if not pending:
        return
    docs, removed = _split(pending)
    try:
        _backend().apply(docs, removed)
    except Exception:  # the database is the truth; `buurt reindex` repairs the index
        log.exception("search index update failed for posts %s", sorted(pending))


def _after_rollback(session):
    session.info.pop(PENDING, None)
    session.info.pop(CHANGED, None)
    if has_app_context() and hasattr(current_app.extensions.get(EXTENSION), "rolled_back"):
        _backend().rolled_back()


_HOOKS = {"after_flush": _after_flush, "after_flush_postexec": _after_flush_postexec,
          "after_commit": _after_commit, "after_rollback": _after_rollback}


def _register_hooks() -> None:
    for name, fn in _HOOKS.items():
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


def default_backend(database_url) -> str:
    """PostgreSQL's own full-text search on PostgreSQL, else Whoosh."""
    return "postgres" if str(database_url or "").startswith("postgresql") else "whoosh"


def init_app(app) -> None:
    """Pick the backend named by SEARCH_BACKEND (by default the one the database suits)
    and follow the session's commits."""
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
