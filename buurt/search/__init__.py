"""Search over published posts: one small interface, the backend chosen by SEARCH_BACKEND.

The index follows the database. Changed posts are collected when the session flushes,
written to the index only after the commit, and forgotten on a rollback.
"""
import logging
import os

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import joinedload

from buurt.extensions import db
from buurt.models import Post, PostState
from buurt.search.results import Hit, Results
from buurt.search.whoosh_backend import SearchUnavailable, WhooshBackend

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
            "neighbourhood_id": post.neighbourhood_id,
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
    pending = db.session.info.setdefault(PENDING, {})
    posts = db.session.scalars(select(Post).where(Post.id.in_(ids))
                               .options(joinedload(Post.topic))
                               .execution_options(populate_existing=True))
    for post in posts:
        pending[post.id] = document(post) if post.state == PostState.PUBLISHED else None


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
    pending = session.info.setdefault(PENDING, {})
    for post_id, post in changed.items():
        pending[post_id] = document(post) if post.state == PostState.PUBLISHED else None


def _after_commit(session):
    pending = session.info.pop(PENDING, None)
    session.info.pop(CHANGED, None)
    if not pending or not has_app_context() or EXTENSION not in current_app.extensions:
        return
    docs = [doc for doc in pending.values() if doc is not None]
    removed = [post_id for post_id, doc in pending.items() if doc is None]
    try:
        _backend().apply(docs, removed)
    except Exception:  # the database is the truth; `buurt reindex` repairs the index
        log.exception("search index update failed for posts %s", sorted(pending))


def _after_rollback(session):
    session.info.pop(PENDING, None)
    session.info.pop(CHANGED, None)


_HOOKS = {"after_flush": _after_flush, "after_flush_postexec": _after_flush_postexec,
          "after_commit": _after_commit, "after_rollback": _after_rollback}


def _register_hooks() -> None:
    for name, fn in _HOOKS.items():
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


def init_app(app) -> None:
    """Pick the backend named by SEARCH_BACKEND and follow the session's commits."""
    name = app.config.get("SEARCH_BACKEND", "whoosh")
    if name == "whoosh":
        directory = app.config.get("SEARCH_INDEX_DIR") or os.path.join(app.instance_path,
                                                                        "search-index")
        app.config["SEARCH_INDEX_DIR"] = directory
        app.extensions[EXTENSION] = WhooshBackend(directory)
    elif name == "postgres":
        raise RuntimeError("SEARCH_BACKEND 'postgres' is not built yet; "
                           "use 'whoosh' (the default).")
    else:
        raise RuntimeError(f"Unknown SEARCH_BACKEND {name!r}; use 'whoosh'.")
    _register_hooks()
