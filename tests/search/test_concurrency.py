"""Several processes write to the Whoosh index at once, and a rebuild dies half-way.

The processes are real (multiprocessing, spawned), share the test database and one index
folder, and are forced into the overlap the tests are about; each test asserts that the
overlap happened before it asserts the outcome.
"""
import multiprocessing
import os
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from buurt import create_app
from buurt.core import clock, search
from buurt.core.extensions import db
from buurt.core.search import queue
from buurt.core.search.postgres_backend import PostgresBackend
from buurt.core.search.whoosh_backend import WhooshBackend
from buurt.market import posting
from buurt.moderation import suspensions
from buurt.people.models import Topic, User
from buurt.posts.models import Post, PostState
from tests.conftest import test_settings

WAIT = 60   # seconds a process waits for the other side before the test fails
CONTEXT = multiprocessing.get_context("spawn")


@pytest.fixture
def app_settings(request, database_url):
    """Whoosh, whatever the database, unless a test asks for PostgreSQL's backend."""
    backend = getattr(request, "param", "whoosh")
    if backend == "postgres" and not database_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL backend needs a PostgreSQL database: set TEST_DATABASE_URL")
    return {"SEARCH_BACKEND": backend}


def process_config(app, database_url):
    """The settings of the test's app, for an app in another process."""
    return test_settings(database_url, SEARCH_BACKEND=app.config["SEARCH_BACKEND"],
                         SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"])


def queued() -> int:
    return db.session.scalar(select(func.count()).select_from(queue.search_queue))


# --- several writers ---------------------------------------------------------------------

def _tick_holding_the_lock(config, holding, release, result, at="start"):
    """Run `buurt tick`, and keep the writer lock for a while once its index update has it.

    It waits for `release` before its first batch (at="start"), or right after it found
    the queue empty and before it lets go of the lock (at="empty").
    """
    from buurt.ops import cli
    app = create_app(config)
    original = search._apply_queued
    state = {"waited": False}

    def wait_once():
        if not state["waited"]:
            state["waited"] = True
            holding.set()
            if not release.wait(WAIT):
                raise TimeoutError("the test never let the tick go on")

    def apply_after_release(backend, batch):
        if at == "start":
            wait_once()
        applied = original(backend, batch)
        if at == "empty" and not applied:
            wait_once()
        return applied

    search._apply_queued = apply_after_release
    with app.app_context():
        result.put(cli._tick_and_commit())


def _publish(config, name, author_id, count, start, outcomes):
    """Publish `count` offers, one commit each, and report what each index update did."""
    app = create_app(config)
    original = search.drain

    def recording_drain(**kwargs):
        outcome = original(**kwargs)
        outcomes.put(outcome)
        return outcome

    search.drain = recording_drain
    with app.app_context():
        author = db.session.get(User, author_id)
        topic = db.session.scalar(select(Topic).where(Topic.slug == "klussen"))
        start.wait(WAIT)
        for number in range(count):
            posting.create_offer(author, title=f"Gereedschap {name} nummer {number}",
                                 body="Boormachine en ladder te leen.", topic=topic)
            db.session.commit()


def test_writers_that_overlap_with_tick_lose_no_document(app, database_url, make_user,
                                                         make_post, topics):
    config = process_config(app, database_url)
    # A suspension that has just ended: tick brings back its hidden posts.
    manager = make_user("Mara", role="manager")
    suspended = make_user("Sem")
    returning = [make_post("offer", author=suspended, topic="klussen",
                           title=f"Gereedschap terug {n}") for n in range(3)]
    suspensions.suspend(suspended, manager, until=clock.now() + timedelta(days=1),
                        reason="Even pauze")
    db.session.commit()
    assert search.search("gereedschap").ids == []
    suspended.suspended_until = clock.now() - timedelta(minutes=1)
    db.session.commit()
    writers = [make_user(f"Schrijver {n}").id for n in range(3)]

    holding, release, start = CONTEXT.Event(), CONTEXT.Event(), CONTEXT.Event()
    outcomes, tick_result = CONTEXT.Queue(), CONTEXT.Queue()
    tick = CONTEXT.Process(target=_tick_holding_the_lock,
                           args=(config, holding, release, tick_result))
    tick.start()
    try:
        assert holding.wait(WAIT), "tick never took the writer lock"
        per_writer = 4
        publishers = [CONTEXT.Process(target=_publish,
                                      args=(config, n, author_id, per_writer, start, outcomes))
                      for n, author_id in enumerate(writers)]
        for process in publishers:
            process.start()
        start.set()
        for process in publishers:
            process.join(WAIT)
            assert process.exitcode == 0, "a publishing process failed"
        seen = [outcomes.get(timeout=WAIT) for _ in range(len(writers) * per_writer)]
        # The overlap happened: every publish found the lock taken by tick.
        assert seen == ["busy"] * len(seen)
        # Sem's posts, and Sem (a suspension's end also touches the people directory).
        assert queued() == len(seen) + len(returning) + 1
        assert search.search("gereedschap").ids == []
        db.session.rollback()
    finally:
        release.set()
        tick.join(WAIT)
    assert tick.exitcode == 0
    assert tick_result.get(timeout=WAIT)["suspensions_ended"] == 1

    db.session.rollback()   # read what the other processes committed
    published = db.session.scalars(select(Post.id).where(
        Post.state == PostState.PUBLISHED, Post.title.like("Gereedschap%"))).all()
    assert len(published) == len(writers) * per_writer + len(returning)
    found = search.search("gereedschap", per_page=100).ids
    assert sorted(found) == sorted(published)
    assert queued() == 0


def test_a_change_queued_while_the_holder_lets_go_is_applied(app, database_url, make_user,
                                                             make_post, topics):
    """The race of a single writer lock: the holder has found the queue empty, and before it
    lets go another process commits and finds the lock taken. The holder looks again."""
    config = process_config(app, database_url)
    make_post("offer", topic="klussen", title="Gereedschap vooraf")   # something for tick
    author_id = make_user("Schrijver").id
    holding, release, start = CONTEXT.Event(), CONTEXT.Event(), CONTEXT.Event()
    outcomes, tick_result = CONTEXT.Queue(), CONTEXT.Queue()
    tick = CONTEXT.Process(target=_tick_holding_the_lock,
                           args=(config, holding, release, tick_result, "empty"))
    tick.start()
    try:
        assert holding.wait(WAIT), "tick never held the lock with an empty queue"
        publisher = CONTEXT.Process(target=_publish,
                                    args=(config, "laat", author_id, 1, start, outcomes))
        publisher.start()
        start.set()
        publisher.join(WAIT)
        assert publisher.exitcode == 0
        assert outcomes.get(timeout=WAIT) == "busy"
        assert queued() == 1
        db.session.rollback()
    finally:
        release.set()
        tick.join(WAIT)
    assert tick.exitcode == 0
    assert queued() == 0
    db.session.rollback()
    published = db.session.scalars(select(Post.id).where(Post.title.like("Gereedschap%"))).all()
    assert len(published) == 2
    assert sorted(search.search("gereedschap").ids) == sorted(published)


def test_writers_started_together_lose_no_document(app, database_url, make_user, topics):
    config = process_config(app, database_url)
    writers = [make_user(f"Schrijver {n}").id for n in range(4)]
    start, outcomes = CONTEXT.Event(), CONTEXT.Queue()
    per_writer = 10
    processes = [CONTEXT.Process(target=_publish,
                                 args=(config, n, author_id, per_writer, start, outcomes))
                 for n, author_id in enumerate(writers)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(WAIT)
        assert process.exitcode == 0
    seen = [outcomes.get(timeout=WAIT) for _ in range(len(writers) * per_writer)]
    assert set(seen) <= {"done", "busy"}
    db.session.rollback()
    assert len(search.search("gereedschap", per_page=100).ids) == len(writers) * per_writer
    assert queued() == 0


# --- a rebuild killed half-way -----------------------------------------------------------

AFTER = 10  # documents the rebuild writes before it stops and waits to be killed


def _reindex_until_killed(config, written):
    """Rebuild the index, and stop dead once AFTER documents are in the new one."""
    app = create_app(config)
    count = {"n": 0}

    def wait_forever_once_written():
        if count["n"] >= AFTER:
            written.set()
            multiprocessing.Event().wait()   # until the test kills this process

    if config["SEARCH_BACKEND"] == "whoosh":
        original = WhooshBackend._add

        def add(writer, doc):
            wait_forever_once_written()
            original(writer, doc)
            count["n"] += 1
        WhooshBackend._add = staticmethod(add)
    else:
        PostgresBackend.REBUILD_BATCH = 5
        original = PostgresBackend._write

        def write(self, connection, docs, removed):
            original(self, connection, docs, removed)
            count["n"] += len(docs)
            wait_forever_once_written()
        PostgresBackend._write = write
    with app.app_context():
        search.reindex()


@pytest.mark.parametrize("app_settings",
                         ["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_reindex_killed_after_some_documents_leaves_an_index_that_answers(
        app, database_url, make_post, topics):
    config = process_config(app, database_url)
    backend = config["SEARCH_BACKEND"]
    old = [make_post("offer", topic="klussen", title=f"Ladder te leen {n}").id
           for n in range(AFTER + 15)]
    assert sorted(search.search("ladder", per_page=100).ids) == sorted(old)
    live = current_index(config)

    written = CONTEXT.Event()
    process = CONTEXT.Process(target=_reindex_until_killed, args=(config, written))
    process.start()
    try:
        assert written.wait(WAIT), "the rebuild never wrote its first documents"
        # Not before and not after: documents are written, the rebuild is not done.
        assert process.is_alive()
        assert current_index(config) == live
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.join(WAIT)
    assert process.exitcode == -signal.SIGKILL

    assert search.health() == "ok"
    assert sorted(search.search("ladder", per_page=100).ids) == sorted(old)
    # The writer lock died with the process: a new post is indexed at once.
    new = make_post("offer", topic="klussen", title="Nog een ladder")
    assert new.id in search.search("ladder", per_page=100).ids
    assert search.reindex() == len(old) + 1
    assert len(search.search("ladder", per_page=100).ids) == len(old) + 1
    if backend == "whoosh":
        folders = [p for p in Path(config["SEARCH_INDEX_DIR"]).iterdir() if p.is_dir()]
        assert len(folders) == 1, "the half-built index was cleared"


def current_index(config):
    """Which index generation is live (Whoosh), or how many documents there are."""
    if config["SEARCH_BACKEND"] == "whoosh":
        return (Path(config["SEARCH_INDEX_DIR"]) / "CURRENT").read_text()
    return db.session.execute(db.text("SELECT count(*) FROM search_document")).scalar()
