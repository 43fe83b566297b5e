"""Benchmark publishing a request (matching and notifying neighbours) and `buurt deliver`.

    .venv/bin/python bench/marketplace.py [--residents 5000] [--posts 20000] [--mails 1000]
                                          [--repeat 20] [--delivery-rounds 3] [--keep]
                                          [--database-url postgresql://127.0.0.1/buurt_bench]
                                          [--history 0] [--explain]

Seeds a fresh database (SQLite in bench/out/, or the EMPTY PostgreSQL database named by
--database-url; its tables are dropped again at the end unless --keep) through the real
migrations and setup.ensure_defaults(), with one neighbourhood of residents who each seek
and offer 1-3 topics (10% mailed immediately, the rest daily, weekly or never) and
requests and offers, inserted in bulk with one precomputed password hash. Then:

  publishing  posting.create_request(...) + commit for requests in the most popular topics,
              timed in-process with the SQL statements it runs (a before_cursor_execute
              listener), each next to a plain INSERT + commit of the same kind of post
              without notifying anyone (the floor); checks that everyone who matches was
              notified and that everyone of them mailed immediately got a queued mail;
  delivery    --mails real rendered mails (mail.queue_many) sent by a real
              `flask --app wsgi buurt deliver` subprocess to an aiosmtpd server on
              127.0.0.1, then by two such processes at once, checking that the server got
              each mail exactly once; next to bare smtplib loops over one connection (the
              floors) and the deliverer's start-up with an empty outbox.

--history seeds past match notifications, as a site that has run a while has them;
--explain prints the query plan of every statement of a publish and of the claim.
With --keep a kept database is reused when the counts match (what earlier runs published
stays in it). Not a test: CI never runs it.
"""
import argparse
import asyncio
import hashlib
import json
import math
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import app_version, load_note  # noqa: E402

OUT = REPO / "bench" / "out"
FLASK = str(Path(sys.executable).parent / "flask")
SMTP_HOST = "127.0.0.1"
SECRET_KEY = "bench-secret-key-not-for-production"
SENDER = "Buurt <buurt@buurt.test>"
# Share of residents per e-mail frequency (the rest of the defaults of the issue).
FREQUENCIES = [("immediately", 0.10), ("daily", 0.45), ("weekly", 0.30), ("never", 0.15)]
WARMUP_PUBLISHES = 2
POPULAR_TOPICS = 4  # the publishes cycle through the topics with the most helpers


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--residents", type=int, default=5_000, help="residents to seed")
    p.add_argument("--posts", type=int, default=20_000, help="requests and offers to seed")
    p.add_argument("--mails", type=int, default=1_000, help="mails to queue and deliver")
    p.add_argument("--repeat", type=int, default=20,
                   help="timed publishes (after %d untimed warm-up ones)" % WARMUP_PUBLISHES)
    p.add_argument("--delivery-rounds", type=int, default=3,
                   help="rounds of the delivery measurements (median shown)")
    p.add_argument("--immediate-share", type=float, default=0.10,
                   help="share of residents with email_frequency=immediately")
    p.add_argument("--history", type=int, default=0,
                   help="past match notifications to seed (for the seeded posts, to the "
                        "residents they matched; those of residents who get no e-mail keep "
                        "emailed_at empty, as on a site that has run a while)")
    p.add_argument("--database-url", default=None,
                   help="an EMPTY PostgreSQL database (postgresql://...) instead of SQLite")
    p.add_argument("--keep", action="store_true",
                   help="keep the seeded database and reuse it next time when the counts match")
    p.add_argument("--explain", action="store_true",
                   help="print the query plan of every statement of one publish and of the "
                        "deliverer's claim")
    args = p.parse_args(argv)
    if args.database_url and not args.database_url.startswith(("postgresql://", "postgres://")):
        p.error("--database-url must be a postgresql:// URL (leave it out for SQLite)")
    if args.repeat < 1 or args.mails < 1 or args.residents < 10:
        p.error("--repeat and --mails must be at least 1, --residents at least 10")
    if args.mails > args.residents:
        p.error("--mails goes to as many different residents: at most --residents")
    return args


# --- the database -----------------------------------------------------------------------


class Database:
    """Where the benchmark's data lives: an SQLite file in bench/out/ or a PostgreSQL URL."""

    def __init__(self, url: str | None):
        OUT.mkdir(parents=True, exist_ok=True)
        if url:
            self.kind, self.url = "postgresql", url
            name = url.rsplit("/", 1)[-1].split("?")[0]
            self.label = f"PostgreSQL ({name})"
            digest = hashlib.sha1(url.encode()).hexdigest()[:8]
            self.meta_path = OUT / f"marketplace-pg-{name}-{digest}.json"
            self.path = None
            self.owned = False  # True once the benchmark created or reuses the schema
        else:
            self.kind = "sqlite"
            self.path = OUT / "marketplace.sqlite"
            self.url = "sqlite:///" + str(self.path)
            self.label = f"SQLite ({self.path.relative_to(REPO)})"
            self.meta_path = OUT / "marketplace.json"
            self.owned = True

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def app(self):
        """The app as a production install runs it, on this database (in this process)."""
        from bench.app import build

        return build(str(self.path or "unused"), SQLALCHEMY_DATABASE_URI=self.url,
                     MAIL_SERVER=None, MAIL_DEFAULT_SENDER=SENDER)

    def remove(self) -> None:
        if self.is_sqlite:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)

    def table_names(self, app) -> list[str]:
        import sqlalchemy as sa

        from buurt.core.extensions import db

        with app.app_context():
            names = sa.inspect(db.engine).get_table_names()
            db.engine.dispose()
        return names

    def drop_schema(self, app) -> None:
        """Leave the PostgreSQL database as empty as it was given to us."""
        import sqlalchemy as sa

        from buurt.core.extensions import db

        with app.app_context():
            db.session.remove()
            tables = sa.MetaData()
            tables.reflect(db.engine)  # what the migrations made, alembic_version too
            tables.drop_all(db.engine)
            db.engine.dispose()


def prepare(database: Database, args) -> dict:
    """Seed the database, or reuse a kept one seeded with the same counts."""
    counts = {"residents": args.residents, "posts": args.posts,
              "immediate_share": args.immediate_share, "history": args.history}
    kept = database.meta_path.exists() and (
        database.path.exists() if database.is_sqlite
        else "user" in database.table_names(database.app()))
    if args.keep and kept:
        meta = json.loads(database.meta_path.read_text())
        if all(meta.get(k) == v for k, v in counts.items()):
            print(f"Reusing the kept database (seeded in {meta['seconds']} s); leave out "
                  "--keep or delete it to seed afresh.")
            database.owned = True
            return meta
        print("The kept database has other counts: seeding afresh.")
    if database.is_sqlite:
        database.remove()
    else:
        if kept:  # this benchmark's own kept schema: start again from nothing
            database.drop_schema(database.app())
        tables = database.table_names(database.app())
        if tables:
            raise SystemExit(f"{database.url} is not empty ({len(tables)} tables, e.g. "
                             f"{', '.join(sorted(tables)[:3])}); give the benchmark a fresh "
                             "database (psql -c 'CREATE DATABASE ...').")
        database.owned = True
    print(f"Seeding {args.residents:,} residents and {args.posts:,} posts into "
          f"{database.label} ...")
    meta = seed(database, counts)
    database.meta_path.write_text(json.dumps(meta, indent=2))
    return meta


def seed(database: Database, counts: dict, seed_value: int = 42) -> dict:
    """The real migrations and defaults, then residents, topics and posts in bulk."""
    import logging

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from bench.seed import (BODIES, FIRST_NAMES, LAST_NAMES, OTHER_STATES, PASSWORD,
                            STREETS, TOPIC_TEXT, _chunks, _email)
    from buurt.core import clock
    from buurt.core.extensions import db
    from buurt.notifications.models import Notification
    from buurt.ops import setup
    from buurt.people import accounts, neighbourhoods
    from buurt.people.models import Neighbourhood, Topic, User, UserTopic
    from buurt.posts.models import Post

    rng = random.Random(seed_value)
    residents, posts = counts["residents"], counts["posts"]
    immediate = counts["immediate_share"]
    frequencies = [("immediately", immediate)] + [
        (name, share * (1 - immediate) / (1 - FREQUENCIES[0][1]))
        for name, share in FREQUENCIES[1:]]
    started = time.perf_counter()
    app = database.app()
    with app.app_context():
        logging.disable(logging.INFO)  # alembic's "Running upgrade ..." lines
        try:
            upgrade()  # the real migrations, as `flask db upgrade` runs them
        finally:
            logging.disable(logging.NOTSET)
        setup.ensure_defaults()
        db.session.commit()
        print(f"  schema and defaults       {time.perf_counter() - started:6.1f} s")

        hood = db.session.scalar(db.select(Neighbourhood).filter_by(
            slug=neighbourhoods.DEFAULT_SLUG))
        hood_id = hood.id
        topics = {t.slug: t.id for t in db.session.scalars(db.select(Topic))}
        topic_slugs = [s for s in TOPIC_TEXT if s in topics]
        topic_weights = [TOPIC_TEXT[s][0] for s in topic_slugs]
        password_hash = accounts.hash_password(PASSWORD)  # once, for every resident
        now = clock.now()

        def pick_topics(count):
            chosen = set()
            while len(chosen) < count:
                chosen.add(rng.choices(topic_slugs, topic_weights)[0])
            return sorted(chosen)

        t0 = time.perf_counter()
        first_id = (db.session.scalar(db.select(sa.func.max(User.id))) or 0) + 1
        users, links = [], []
        for n in range(residents):
            uid = first_id + n
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append(dict(
                id=uid, display_name=f"{first} {last}", email=_email(first, last, uid),
                email_verified_at=now,
                password_hash=password_hash, role="resident", neighbourhood_id=hood_id,
                street=f"{rng.choice(STREETS['centrum'])} {rng.randint(1, 250)}",
                language="en" if rng.random() < 0.08 else "nl",
                in_directory=rng.random() < 0.3, onboarded_by_id=None,
                created_at=now - timedelta(days=365 + rng.uniform(0, 365)),
                email_frequency=rng.choices([f for f, _ in frequencies],
                                            [s for _, s in frequencies])[0],
                last_digest_at=None))
            for direction in ("seek", "offer"):
                links += [dict(user_id=uid, topic_id=topics[s], direction=direction)
                          for s in pick_topics(rng.randint(1, 3))]
        for chunk in _chunks(users):
            db.session.execute(sa.insert(User.__table__), chunk)
        for chunk in _chunks(links):
            db.session.execute(sa.insert(UserTopic.__table__), chunk)
        db.session.commit()
        print(f"  {residents:,} residents ({len(links):,} topic links) "
              f"{time.perf_counter() - t0:6.1f} s")

        t0 = time.perf_counter()
        first_post = (db.session.scalar(db.select(sa.func.max(Post.id))) or 0) + 1
        rows = []
        for n in range(posts):
            kind = "request" if rng.random() < 0.6 else "offer"
            slug = rng.choices(topic_slugs, topic_weights)[0]
            _weight, request_titles, offer_titles = TOPIC_TEXT[slug]
            age = timedelta(seconds=365 * 24 * 3600 * rng.random() ** 1.4)
            created = (now - age).replace(microsecond=rng.randrange(1_000_000))
            state, roll = "published", rng.random()
            for other, share in OTHER_STATES:
                if roll < share:
                    state = other
                    break
                roll -= share
            row = dict(
                id=first_post + n, kind=kind, author_id=first_id + rng.randrange(residents),
                neighbourhood_id=hood_id, topic_id=topics[slug],
                title=rng.choice(request_titles if kind == "request" else offer_titles),
                body=" ".join(rng.sample(BODIES, rng.randint(1, 3))), state=state,
                created_at=created, updated_at=created, active_since=created,
                closed_at=None, closed_reason=None, need=None, urgency=None, needed_by=None,
                for_whom=None)
            if state == "closed":
                row["closed_at"] = min(now, created + timedelta(days=rng.uniform(1, 30)))
                row["closed_reason"] = rng.choice(["done", "done", "expired", "withdrawn"])
            if kind == "request":
                care = rng.random() < (0.7 if slug == "zorg" else 0.03)
                row["need"] = "care" if care else "help"
                row["urgency"] = rng.choices(["soon", "week", "any"], [2, 3, 5])[0]
                if rng.random() < 0.3:
                    row["needed_by"] = (created + timedelta(days=rng.randint(1, 21))).date()
            rows.append(row)
        for chunk in _chunks(rows):
            db.session.execute(sa.insert(Post.__table__), chunk)
        db.session.commit()
        requests = sum(1 for r in rows if r["kind"] == "request")
        print(f"  {posts:,} posts ({requests:,} requests, {posts - requests:,} offers) "
              f"{time.perf_counter() - t0:6.1f} s")
        if counts["history"]:
            t0 = time.perf_counter()
            count = seed_history(db, Notification, rows, users, links, counts["history"],
                                 rng, now)
            print(f"  {count:,} past match notifications     "
                  f"{time.perf_counter() - t0:6.1f} s")

        if database.is_sqlite:
            db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        else:
            # Explicit ids bypass the sequences: move them past the seeded rows. ANALYZE
            # does now what autovacuum would do a minute after a bulk load.
            for table in ("user", "post"):
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"(SELECT max(id) FROM \"{table}\"))"))
            db.session.commit()
            with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("ANALYZE"))
        db.session.commit()
        shares = dict(db.session.execute(
            sa.select(User.email_frequency, sa.func.count()).group_by(User.email_frequency)
        ).all())
        db.session.remove()
        db.engine.dispose()
    seconds = round(time.perf_counter() - started, 1)
    print(f"Seeding took {seconds:.1f} s; e-mail frequencies: "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(shares.items())))
    return {**counts, "neighbourhood_id": hood_id, "first_user_id": first_id,
            "frequencies": shares, "seconds": seconds}


def seed_history(db, Notification, posts, users, links, limit, rng, now) -> int:
    """Match notifications of past posts (a random sample of them), as notify would have
    made them; emailed_at as the resident's frequency would have set it by now (never, for
    residents who get no e-mail)."""
    import sqlalchemy as sa

    from bench.seed import _chunks

    frequency = {u["id"]: u["email_frequency"] for u in users}
    wanted = {}  # (topic, direction) -> residents
    for link in links:
        wanted.setdefault((link["topic_id"], link["direction"]), []).append(link["user_id"])
    period = {"immediately": timedelta(0), "daily": timedelta(days=1),
              "weekly": timedelta(days=7)}
    count, rows = 0, []
    for post in rng.sample(posts, len(posts)):
        if count >= limit:
            break
        if post["state"] == "pending":  # never published: nobody heard of it
            continue
        direction = "offer" if post["kind"] == "request" else "seek"
        for user_id in wanted.get((post["topic_id"], direction), []):
            if user_id == post["author_id"] or count >= limit:
                continue
            created = post["created_at"]
            mailed = None
            if frequency[user_id] in period:
                mailed = created + period[frequency[user_id]] * rng.random()
                mailed = mailed if mailed <= now else None
            read = created + timedelta(hours=rng.uniform(1, 240))
            rows.append(dict(user_id=user_id, kind="match", post_id=post["id"],
                             dedupe_key=f"match:{post['id']}", created_at=created,
                             read_at=read if read <= now and rng.random() < 0.6 else None,
                             emailed_at=mailed, actor_id=None, subject_id=None))
            count += 1
        if len(rows) >= 50_000:
            for chunk in _chunks(rows):
                db.session.execute(sa.insert(Notification.__table__), chunk)
            rows = []
    for chunk in _chunks(rows):
        db.session.execute(sa.insert(Notification.__table__), chunk)
    db.session.commit()
    return count


# --- SQL statements, counted and timed ----------------------------------------------------


class StatementLog:
    """Every statement the engine runs, with its parameters and its time at the cursor
    (for a SELECT on SQLite, rows fetched later are not in it), and the connection
    checkouts from the pool (each one a pre-ping round trip with pool_pre_ping)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.engine = engine
        self.entries: list[tuple[str, object, float, bool]] = []
        self.checkouts = 0
        self.active = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "checkout", self._checkout)

    def _checkout(self, dbapi_connection, connection_record, connection_proxy):
        if self.active:
            self.checkouts += 1

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if self.active:
            ms = (time.perf_counter() - conn.info.pop("bench_t0")) * 1000
            self.entries.append((statement, parameters, ms, executemany))

    def start(self):
        self.entries = []
        self.checkouts = 0
        self.active = True

    def stop(self) -> list:
        self.active = False
        return self.entries

    def remove(self):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)
        event.remove(self.engine, "checkout", self._checkout)


def one_line(statement: str, width: int = 110) -> str:
    text = " ".join(statement.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def plan(connection, dialect: str, statement: str, parameters) -> list[str]:
    """The query plan; on PostgreSQL EXPLAIN ANALYZE inside a transaction rolled back."""
    if isinstance(parameters, list):  # executemany: explain the first row
        parameters = parameters[0] if parameters else ()
    if dialect == "sqlite":
        lines = [row[3] for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters)]
        if statement.lstrip().upper().startswith("SELECT"):
            samples = []
            for _ in range(5):
                t0 = time.perf_counter()
                rows = connection.exec_driver_sql(statement, parameters).fetchall()
                samples.append((time.perf_counter() - t0) * 1000)
            lines.append(f"(re-run with fetch: {len(rows)} rows, median "
                         f"{statistics.median(samples):.2f} ms)")
        return lines
    transaction = connection.begin()
    try:
        rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return [row[0] for row in rows]
    finally:
        transaction.rollback()


# --- publishing ---------------------------------------------------------------------------


def pct(values, q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def bench_publish(database: Database, meta: dict, args) -> dict:
    """Time create_request + commit against a plain INSERT + commit, interleaved."""
    import sqlalchemy as sa

    from bench.seed import BODIES, TOPIC_TEXT
    from buurt.core.extensions import db
    from buurt.market import posting
    from buurt.market.models import Request
    from buurt.notifications.models import Notification, OutboxEmail
    from buurt.people.models import Topic, User, UserTopic

    rng = random.Random(7)
    app = database.app()
    results = {"publish": [], "floor": [], "runs": []}
    with app.app_context():
        engine = db.engine
        log = StatementLog(engine)
        hood = meta["neighbourhood_id"]
        helpers = sa.select(UserTopic.topic_id, sa.func.count()).join(
            User, User.id == UserTopic.user_id).where(
            UserTopic.direction == "offer", User.neighbourhood_id == hood).group_by(
            UserTopic.topic_id).order_by(sa.func.count().desc())
        popular = db.session.execute(helpers.limit(POPULAR_TOPICS)).all()
        topic_ids = [topic_id for topic_id, _count in popular]
        slugs = {t.id: t.slug for t in db.session.scalars(sa.select(Topic))}
        print("Popular topics (residents offering them): "
              + ", ".join(f"{slugs[t]} {c:,}" for t, c in popular))
        user_ids = list(db.session.scalars(
            sa.select(User.id).where(User.neighbourhood_id == hood).order_by(User.id)))
        authors = rng.sample(user_ids, WARMUP_PUBLISHES + args.repeat)

        def expected(topic_id, author_id):
            base = (sa.select(sa.func.count()).select_from(UserTopic)
                    .join(User, User.id == UserTopic.user_id)
                    .where(UserTopic.topic_id == topic_id, UserTopic.direction == "offer",
                           User.neighbourhood_id == hood, User.id != author_id))
            return (db.session.scalar(base),
                    db.session.scalar(base.where(User.email_frequency == "immediately")))

        def fresh(author_id, topic_id):
            """Author and topic loaded before the clock starts (a commit expires them)."""
            author, topic = db.session.get(User, author_id), db.session.get(Topic, topic_id)
            author.neighbourhood_id, topic.slug  # noqa: B018 - loads the expired rows
            return author, topic

        def texts(topic_id):
            titles = TOPIC_TEXT[slugs[topic_id]][1]
            return rng.choice(titles), " ".join(rng.sample(BODIES, 2))

        def floor(author_id, topic_id):
            author, topic = fresh(author_id, topic_id)
            title, body = texts(topic_id)
            t0 = time.perf_counter()
            db.session.add(Request(author=author, neighbourhood_id=author.neighbourhood_id,
                                   topic=topic, title=title, body=body, need="help",
                                   urgency="any", state="published"))
            db.session.commit()
            return (time.perf_counter() - t0) * 1000

        def publish(author_id, topic_id):
            title, body = texts(topic_id)
            outbox_before = db.session.scalar(sa.select(sa.func.count(OutboxEmail.id)))
            want_notified, want_mails = expected(topic_id, author_id)
            db.session.commit()
            author, topic = fresh(author_id, topic_id)
            log.start()
            t0 = time.perf_counter()
            request = posting.create_request(author, title=title, body=body, topic=topic,
                                             need="help")
            t1 = time.perf_counter()
            db.session.commit()
            t2 = time.perf_counter()
            statements = log.stop()
            checkouts = log.checkouts
            post_id = request.id
            notified = db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
                Notification.dedupe_key == f"match:{post_id}"))
            mails = db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))) - outbox_before
            db.session.commit()
            # The SELECTs again, with their rows fetched (on SQLite the cursor time above
            # leaves the fetching out): they find no one left to mail, but search as much.
            rerun = 0.0
            with engine.connect() as connection:
                for statement, params, _ms, _many in statements:
                    if statement.lstrip().upper().startswith("SELECT"):
                        t3 = time.perf_counter()
                        connection.exec_driver_sql(statement, params).fetchall()
                        rerun += (time.perf_counter() - t3) * 1000
            if (notified, mails) != (want_notified, want_mails):
                raise SystemExit(f"Publish of post {post_id}: notified {notified}, queued "
                                 f"{mails} mails; expected {want_notified} and {want_mails}.")
            return {"ms": (t2 - t0) * 1000, "commit_ms": (t2 - t1) * 1000,
                    "checkouts": checkouts, "select_rerun_ms": rerun,
                    "sql_ms": sum(s[2] for s in statements), "statements": statements,
                    "notified": notified, "mails": mails, "topic": slugs[topic_id],
                    "post_id": post_id, "author": author_id}

        print(f"\nPublishing: {WARMUP_PUBLISHES} warm-up publishes, then {args.repeat} timed, "
              "each next to a plain INSERT + commit (alternating which goes first) ...")
        for n in range(WARMUP_PUBLISHES):
            publish(authors[n], topic_ids[n % len(topic_ids)])
            floor(authors[n], topic_ids[n % len(topic_ids)])
        for n in range(args.repeat):
            author, topic_id = authors[WARMUP_PUBLISHES + n], topic_ids[n % len(topic_ids)]
            if n % 2:
                results["floor"].append(floor(author, topic_id))
                run = publish(author, topic_id)
            else:
                run = publish(author, topic_id)
                results["floor"].append(floor(author, topic_id))
            results["publish"].append(run["ms"])
            results["runs"].append(run)

        print(f"  {'#':>3} {'topic':<14}{'notified':>9}{'mails':>7}{'SQL':>5}"
              f"{'publish':>10}{'of which SQL':>14}{'commit':>8}{'floor':>8}"
              f"{'SELECT again':>14}")
        for n, (run, floor_ms) in enumerate(zip(results["runs"], results["floor"]), 1):
            print(f"  {n:>3} {run['topic']:<14}{run['notified']:>9,}{run['mails']:>7,}"
                  f"{len(run['statements']):>5}{run['ms']:>8.1f}ms{run['sql_ms']:>12.1f}ms"
                  f"{run['commit_ms']:>6.1f}ms{floor_ms:>6.1f}ms{run['select_rerun_ms']:>12.1f}ms")
        print("  (of which SQL: at the cursor; SELECT again: the publish's SELECT re-run "
              "afterwards with its rows fetched, untimed in 'publish')")

        # The statements of one publish, with the median time of each over all publishes.
        shapes = [tuple(one_line(s[0], 60) for s in run["statements"])
                  for run in results["runs"]]
        same = all(shape == shapes[0] for shape in shapes)
        median_run = sorted(results["runs"], key=lambda r: r["ms"])[len(results["runs"]) // 2]
        print(f"\nStatements of a publish (post {median_run['post_id']}, the median one; "
              + ("ms: median over all publishes" if same else "ms: this publish only;"
                 " the publishes ran different statements")
              + (", at the cursor: SQLite fetches a SELECT's rows after it" if
                 database.is_sqlite else "") + "):")
        for i, (statement, params, ms, many) in enumerate(median_run["statements"]):
            if same:
                ms = statistics.median(run["statements"][i][2] for run in results["runs"])
            rows = f" ×{len(params)} rows" if many else ""
            print(f"  {i + 1:>2}. {ms:7.2f} ms  {one_line(statement)}{rows}")
        if args.explain:
            print("\nQuery plans of that publish's statements:")
            with engine.connect() as connection:
                for i, (statement, params, _ms, _many) in enumerate(median_run["statements"]):
                    print(f"-- {i + 1}. {one_line(statement, 400)}")
                    try:
                        for line in plan(connection, engine.dialect.name, statement, params):
                            print(f"     {line}")
                    except Exception as exc:  # noqa: BLE001 - a plan is a nicety
                        print(f"     (no plan: {type(exc).__name__}: {exc})")
        log.remove()
        db.session.remove()
        engine.dispose()
    return results


# --- the SMTP server ----------------------------------------------------------------------

OUTBOX_ID = re.compile(rb"^X-Buurt-Outbox-Id: *(\d+)", re.M | re.I)


class CountingHandler:
    """Accepts every message; counts them, their outbox ids and the connections."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.count = 0
            self.ids = Counter()
            self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        match = OUTBOX_ID.search(envelope.content)
        with self.lock:
            self.count += 1
            self.sessions.add(id(session))
            if match:
                self.ids[int(match.group(1))] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((SMTP_HOST, 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname=SMTP_HOST, port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        try:
            self.controller.stop()
        except (AssertionError, RuntimeError, asyncio.CancelledError):
            pass


# --- delivery -----------------------------------------------------------------------------


class Deliverers:
    """`flask --app wsgi buurt deliver` processes, each in its own session."""

    running: list = []

    def __init__(self, database: Database, smtp: SmtpServer, batch_size: int | None = None):
        self.env = {**os.environ, "DATABASE_URL": database.url, "BUURT_ENV": "production",
                    "SECRET_KEY": SECRET_KEY, "MAIL_SERVER": SMTP_HOST,
                    "MAIL_PORT": str(smtp.port), "MAIL_DEFAULT_SENDER": SENDER}
        for name in ("MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS"):
            self.env.pop(name, None)
        self.command = [FLASK, "--app", "wsgi", "buurt", "deliver"]
        if batch_size:
            self.command += ["--batch-size", str(batch_size)]

    def run(self, processes: int, timeout: float = 600) -> tuple[float, list[str]]:
        """Start the processes at once; return the seconds until the last exits, outputs."""
        started = time.perf_counter()
        procs = [subprocess.Popen(self.command, cwd=REPO, env=self.env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  start_new_session=True) for _ in range(processes)]
        Deliverers.running += procs
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=max(1, timeout - (time.perf_counter() - started)))
            if proc.returncode != 0:
                raise SystemExit(f"`{' '.join(self.command)}` exited with {proc.returncode}:\n"
                                 f"{out}\n{err}")
            outputs.append(out + err)
        seconds = time.perf_counter() - started
        Deliverers.running = [p for p in Deliverers.running if p.poll() is None]
        return seconds, outputs

    @classmethod
    def kill_all(cls):
        for proc in cls.running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # the session this script started
                proc.wait(timeout=5)
        cls.running = []


SENT = re.compile(r"Sent (\d+), retried (\d+), failed (\d+)\.")

FLOOR_SCRIPT = r"""
import smtplib, sys, time
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
smtp = smtplib.SMTP(host, port)
for i in range(count):
    smtp.sendmail("buurt@buurt.test", ["floor@buurt.test"],
                  "Subject: floor %d\r\n\r\nfloor\r\n" % i)
smtp.quit()
print(time.perf_counter() - t0)
"""


def smtp_floor(smtp: SmtpServer, count: int) -> float:
    """Seconds to send count minimal messages over one connection (a separate process)."""
    smtp.handler.reset()
    out = subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, SMTP_HOST, str(smtp.port),
                          str(count)], capture_output=True, text=True, check=True, timeout=600)
    if smtp.handler.count != count:
        raise SystemExit(f"The smtplib floor: the server got {smtp.handler.count} of {count}.")
    return float(out.stdout.strip())


def built_floor(database: Database, smtp: SmtpServer, ids: list[int]) -> tuple[float, float]:
    """Seconds to send the queued mails, built as the deliverer builds them, over one
    connection without touching the database (a separate process: see _built_floor_main),
    and the seconds it took to build them (delivery.build_message) beforehand."""
    smtp.handler.reset()
    ids_file = OUT / "marketplace-ids.json"
    ids_file.write_text(json.dumps(ids))
    try:
        out = subprocess.run([sys.executable, __file__, "_built_floor", database.url,
                              str(smtp.port), str(ids_file)], capture_output=True, text=True,
                             timeout=600, cwd=REPO)
    finally:
        ids_file.unlink(missing_ok=True)
    if out.returncode != 0:
        raise SystemExit("The built-message floor failed:\n" + out.stdout + out.stderr)
    if sorted(smtp.handler.ids.elements()) != sorted(ids):
        raise SystemExit("The built-message floor: the server did not get every mail once.")
    lines = out.stdout.strip().splitlines()
    return float(lines[-1]), float(lines[-2].split()[1])


def _built_floor_main(url: str, port: str, ids_file: str) -> int:
    import smtplib

    import sqlalchemy as sa

    from buurt.core.extensions import db
    from buurt.notifications import delivery
    from buurt.notifications.models import OutboxEmail

    database = Database(None if url.startswith("sqlite") else url)
    ids = json.loads(Path(ids_file).read_text())
    with database.app().app_context():
        mails = db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.id.in_(ids))).all()
        t0 = time.perf_counter()
        messages = [delivery.build_message(m) for m in mails]
        print(f"build {time.perf_counter() - t0}")
        t0 = time.perf_counter()
        smtp = smtplib.SMTP(SMTP_HOST, int(port))
        for message in messages:
            smtp.send_message(message)
        smtp.quit()
        print(time.perf_counter() - t0)
    return 0


def queue_mails(database: Database, meta: dict, count: int, rng: random.Random) -> list[int]:
    """Queue count real, rendered match mails through mail.queue_many; return their ids."""
    import sqlalchemy as sa

    from buurt.core.extensions import db
    from buurt.market.models import Request
    from buurt.notifications import mail
    from buurt.notifications.models import OutboxEmail
    from buurt.people.models import User

    app = database.app()
    with app.app_context():
        last = db.session.scalar(sa.select(sa.func.max(OutboxEmail.id))) or 0
        user_ids = list(db.session.scalars(sa.select(User.id).where(
            User.neighbourhood_id == meta["neighbourhood_id"], User.email.is_not(None))))
        if len(user_ids) < count:
            raise SystemExit(f"--mails {count}: only {len(user_ids)} residents have e-mail.")
        chosen = rng.sample(user_ids, count)
        users = db.session.scalars(sa.select(User).where(User.id.in_(chosen))).all()
        post = db.session.scalars(sa.select(Request).where(Request.state == "published")
                                  .order_by(Request.id.desc()).limit(1)).one()
        queued = mail.queue_many(users, "notification:match", "match", post=post)
        db.session.commit()
        ids = list(db.session.scalars(sa.select(OutboxEmail.id).where(
            OutboxEmail.id > last, OutboxEmail.state == "queued").order_by(OutboxEmail.id)))
        db.session.remove()
        db.engine.dispose()
    if queued != count or len(ids) != count:
        raise SystemExit(f"Queued {queued} mails ({len(ids)} rows); expected {count}.")
    return ids


def outbox_states(database: Database, ids: list[int]) -> tuple[Counter, int]:
    import sqlalchemy as sa

    from buurt.core.extensions import db
    from buurt.notifications.models import OutboxEmail

    app = database.app()
    with app.app_context():
        rows = db.session.execute(sa.select(OutboxEmail.state, OutboxEmail.claimed_by)
                                  .where(OutboxEmail.id.in_(ids))).all()
        db.engine.dispose()
    return Counter(r[0] for r in rows), len({r[1] for r in rows})


def settle_outbox(database: Database) -> int:
    """Mark what the publishes queued as sent long ago: it stays as the outbox's history."""
    import sqlalchemy as sa

    from buurt.core import clock
    from buurt.core.extensions import db
    from buurt.notifications.models import OutboxEmail

    app = database.app()
    with app.app_context():
        result = db.session.execute(
            sa.update(OutboxEmail).where(OutboxEmail.state.in_(["queued", "sending"]))
            .values(state="sent", sent_at=clock.now(), claimed_by=None, claimed_until=None)
            .execution_options(preserve_rowcount=True))
        db.session.commit()
        count = result.rowcount
        db.engine.dispose()
    return count


def deliver_in_process(database: Database, meta: dict, smtp: SmtpServer, count: int,
                       rng: random.Random, explain: bool) -> dict:
    """One batch through delivery.deliver_due in this process, to count its statements
    and see where a mail's time goes."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from buurt.core.extensions import db
    from buurt.notifications import delivery

    commits = []  # seconds from Session.commit() (flush included) to its end

    def before_commit(session):
        session.info["bench_commit_t0"] = time.perf_counter()

    def after_commit(session):
        t0 = session.info.pop("bench_commit_t0", None)
        if t0 is not None:
            commits.append(time.perf_counter() - t0)

    ids = queue_mails(database, meta, count, rng)
    app = database.app()
    app.config.update(MAIL_SERVER=SMTP_HOST, MAIL_PORT=smtp.port, MAIL_USE_TLS=False,
                      MAIL_USERNAME=None)
    smtp.handler.reset()
    with app.app_context():
        log = StatementLog(db.engine)
        log.start()
        event.listen(Session, "before_commit", before_commit)
        event.listen(Session, "after_commit", after_commit)
        t0 = time.perf_counter()
        try:
            report = delivery.deliver_due(worker=delivery.worker_id(), batch_size=count)
        finally:
            seconds = time.perf_counter() - t0
            event.remove(Session, "before_commit", before_commit)
            event.remove(Session, "after_commit", after_commit)
        statements = log.stop()
        checkouts = log.checkouts
        if explain:
            claim = next((s for s in statements if "due_mail" in s[0]), None)
            if claim:
                print("\nQuery plan of the deliverer's claim (after this batch was sent):")
                print(f"-- {one_line(claim[0], 400)}")
                with db.engine.connect() as connection:
                    for line in plan(connection, db.engine.dialect.name, claim[0], claim[1]):
                        print(f"     {line}")
        log.remove()
        db.session.remove()
        db.engine.dispose()
    if report.sent != count or smtp.handler.count != count:
        raise SystemExit(f"In-process delivery sent {report.sent}, the server got "
                         f"{smtp.handler.count}; expected {count}.")
    kinds = Counter(s[0].lstrip().split()[0].upper() for s in statements)
    return {"seconds": seconds, "statements": len(statements), "kinds": kinds, "ids": ids,
            "checkouts": checkouts, "commits": len(commits), "commit_s": sum(commits),
            "select_s": sum(s[2] for s in statements
                            if s[0].lstrip().upper().startswith("SELECT")) / 1000}


def bench_delivery(database: Database, meta: dict, args) -> dict:
    rng = random.Random(11)
    results = {"single": [], "double": [], "splits": [], "floor": [], "built": [],
               "build": [], "startup": [], "connections": []}
    settled = settle_outbox(database)
    print(f"\nDelivery: {settled:,} mails the publishes queued are marked sent (history); "
          f"starting an aiosmtpd server on {SMTP_HOST} ...")
    smtp = SmtpServer()
    smtp.start()
    try:
        print(f"  SMTP server on port {smtp.port}")
        deliverers = Deliverers(database, smtp)
        diag = deliver_in_process(database, meta, smtp, 50, rng, args.explain)
        results["diag"] = diag
        per_mail = diag["statements"] / 50
        print(f"  in-process deliver_due of one batch of 50: {diag['seconds'] * 1000:.0f} ms, "
              f"{diag['statements']} statements ({per_mail:.1f} a mail: "
              + ", ".join(f"{k} {v}" for k, v in diag["kinds"].most_common())
              + f"; {diag['checkouts']} pool checkouts, each with a pre-ping)")
        print(f"    a mail: {diag['seconds'] * 1000 / 50:.2f} ms, of which "
              f"{diag['commit_s'] * 1000 / 50:.2f} ms in {diag['commits'] / 50:.1f} commit(s) "
              f"(flush + COMMIT), {diag['select_s'] * 1000 / 50:.2f} ms in SELECTs at the "
              "cursor; the rest builds and sends the message")
        for r in range(args.delivery_rounds):
            print(f"  round {r + 1}/{args.delivery_rounds}:")
            smtp.handler.reset()
            seconds, outputs = deliverers.run(1)
            if smtp.handler.count:
                raise SystemExit(f"The deliverer sent {smtp.handler.count} mails from an "
                                 "outbox that should be empty.")
            results["startup"].append(seconds)
            print(f"    deliverer with an empty outbox (start-up)     {seconds:7.2f} s")

            results["floor"].append(smtp_floor(smtp, args.mails))
            print(f"    smtplib, {args.mails:,} minimal messages, 1 connection "
                  f"{results['floor'][-1]:7.2f} s")

            for processes, key in ((1, "single"), (2, "double")):
                t0 = time.perf_counter()
                ids = queue_mails(database, meta, args.mails, rng)
                queued_s = time.perf_counter() - t0
                if processes == 1:
                    send_s, build_s = built_floor(database, smtp, ids)
                    results["built"].append(send_s)
                    results["build"].append(build_s)
                    print(f"    smtplib, the {args.mails:,} queued mails as built, 1 connection,"
                          f" no database {send_s:7.2f} s (building them: {build_s:.2f} s)")
                smtp.handler.reset()
                seconds, outputs = deliverers.run(processes)
                sent = [tuple(int(x) for x in SENT.search(out).groups()) for out in outputs]
                received = smtp.handler.ids
                states, workers = outbox_states(database, ids)
                problems = []
                if smtp.handler.count != args.mails:
                    problems.append(f"the server got {smtp.handler.count} messages")
                if sorted(received) != sorted(ids) or any(v != 1 for v in received.values()):
                    twice = sum(1 for v in received.values() if v > 1)
                    problems.append(f"{len(set(received) & set(ids))} of the mails arrived, "
                                    f"{twice} more than once")
                if states != Counter({"sent": args.mails}):
                    problems.append(f"outbox states {dict(states)}")
                if sum(s[0] for s in sent) != args.mails or any(s[1] or s[2] for s in sent):
                    problems.append(f"the deliverers reported {sent}")
                if problems:
                    raise SystemExit(f"{processes} deliverer(s): " + "; ".join(problems))
                results[key].append(seconds)
                results["connections"].append(len(smtp.handler.sessions))
                if processes == 2:
                    results["splits"].append([s[0] for s in sent])
                if processes == 2 and not all(s[0] for s in sent):
                    print("    NOTE: one deliverer sent nothing (the other had claimed every "
                          "batch before it started): raise --mails to see both at work.")
                print(f"    {processes} deliverer(s): {args.mails:,} mails in {seconds:6.2f} s "
                      f"= {args.mails / seconds:6.0f} mails/s; exactly once each, "
                      f"{len(smtp.handler.sessions)} SMTP connections, "
                      + (f"split {' + '.join(str(s[0]) for s in sent)}, " if processes == 2
                         else "")
                      + f"{workers} worker id(s); (queueing took {queued_s:.1f} s)")
    finally:
        smtp.stop()
    return results


# --- the run ------------------------------------------------------------------------------




def database_note(database: Database) -> str:
    if database.is_sqlite:
        import sqlite3

        return (f"SQLite {sqlite3.sqlite_version}, WAL, synchronous=NORMAL "
                "(the app's pragmas)")
    from buurt.core.extensions import db

    app = database.app()
    with app.app_context():
        with db.engine.connect() as connection:
            version = connection.exec_driver_sql("SHOW server_version").scalar()
            settings = {name: connection.exec_driver_sql(f"SHOW {name}").scalar()
                        for name in ("synchronous_commit", "fsync", "shared_buffers")}
        db.engine.dispose()
    return f"PostgreSQL {version}, " + ", ".join(f"{k}={v}" for k, v in settings.items())


def report(meta: dict, publish: dict, delivery: dict, args, database: Database) -> None:
    runs = publish["runs"]
    statements = [len(r["statements"]) for r in runs]
    ratio = statistics.median(p / f for p, f in zip(publish["publish"], publish["floor"]))
    print(f"\nSummary: {database.label}; {meta['residents']:,} residents in one neighbourhood "
          f"({meta['frequencies'].get('immediately', 0):,} mailed immediately), "
          f"{meta['posts']:,} posts, {meta.get('history', 0):,} past notifications; "
          f"app at commit {app_version()}.")
    head = f"{'measurement':<52}{'min':>9}{'median':>9}{'p95':>9}   note"
    print(head)
    print("-" * (len(head) + 30))

    def row(label, values, unit, note=""):
        fmt = (lambda v: f"{v:.1f}") if unit == "ms" else (lambda v: f"{v:.2f}")
        print(f"{label:<52}{fmt(min(values)):>9}{fmt(statistics.median(values)):>9}"
              f"{fmt(pct(values, 0.95)):>9}   {note}")

    row(f"publish request + commit (ms, n={len(runs)})", publish["publish"], "ms",
        f"{statistics.median(r['notified'] for r in runs):,.0f} notified, "
        f"{statistics.median(r['mails'] for r in runs):,.0f} mails queued (median); "
        f"{min(statements)}-{max(statements)} SQL statements, "
        f"{max(r['checkouts'] for r in runs)} pool checkout(s)")
    row("  of which in SQL statements (ms)", [r["sql_ms"] for r in runs], "ms",
        "at the cursor" + ("; SQLite fetches a SELECT's rows after it" if database.is_sqlite
                           else ""))
    row("  of which the commit (ms)", [r["commit_ms"] for r in runs], "ms")
    row("  its SELECTs re-run afterwards, rows fetched (ms)",
        [r["select_rerun_ms"] for r in runs], "ms",
        "e.g. the mail recipients' SELECT; grows with un-mailed notifications")
    row("floor: INSERT one post + commit, no notifying (ms)", publish["floor"], "ms",
        f"publish ÷ floor: {ratio:.0f}× (median of paired ratios)")
    n = args.mails
    d = delivery

    def srow(label, values, note=""):
        print(f"{label:<52}{min(values):>9.2f}{statistics.median(values):>9.2f}"
              f"{max(values):>9.2f}   {note}")

    print(f"{'':<52}{'min':>9}{'median':>9}{'max':>9}   (seconds; {args.delivery_rounds} "
          f"round(s))")
    single, double = statistics.median(d["single"]), statistics.median(d["double"])
    startup = statistics.median(d["startup"])
    srow(f"buurt deliver, 1 process, {n:,} mails (s)", d["single"],
         f"{n / single:.0f} mails/s; {(single - startup) * 1000 / n:.2f} ms a mail after "
         "start-up")
    srow(f"buurt deliver, 2 processes at once, {n:,} mails (s)", d["double"],
         f"{n / double:.0f} mails/s; split "
         + ", ".join("+".join(map(str, s)) for s in d["splits"]))
    srow("buurt deliver, empty outbox: start-up (s)", d["startup"])
    srow(f"floor: smtplib, {n:,} minimal messages (s)", d["floor"],
         f"{n / statistics.median(d['floor']):.0f} messages/s")
    srow(f"floor: smtplib, the {n:,} built mails, no DB (s)", d["built"],
         f"{n / statistics.median(d['built']):.0f} mails/s")
    srow(f"  building those {n:,} mails: build_message (s)", d["build"],
         f"{statistics.median(d['build']) * 1000 / n:.2f} ms a mail")
    diag = d["diag"]
    print(f"{'deliver_due in-process: ms a mail (50 mails)':<52}"
          f"{diag['seconds'] * 1000 / 50:>9.2f}{'':>18}   "
          f"{diag['commit_s'] * 1000 / 50:.2f} ms in flush + COMMIT, "
          f"{diag['select_s'] * 1000 / 50:.2f} ms in SELECTs at the cursor")
    print(f"{'deliver_due in-process: SQL statements a mail':<52}"
          f"{diag['statements'] / 50:>9.1f}{'':>18}   "
          + ", ".join(f"{k} {v}" for k, v in diag["kinds"].most_common())
          + f" and {diag['checkouts']} pool checkouts (pre-pings) for 50 mails")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_built_floor"]:
        return _built_floor_main(*argv[1:])
    args = parse_args(argv)
    if not os.path.exists(FLASK):
        print(f"{FLASK} is missing: install the project into this virtualenv "
              f"({sys.executable} -m pip install -e '.[test]').", file=sys.stderr)
        return 2
    import buurt

    if Path(buurt.__file__).resolve().parent.parent != REPO:
        print(f"WARNING: buurt is imported from {Path(buurt.__file__).parent}, not from "
              f"{REPO}: the figures are not of this checkout.", file=sys.stderr)
    started = time.perf_counter()
    database = Database(args.database_url)
    signal.signal(signal.SIGTERM, _interrupt)  # e.g. `timeout`: clean up as on Ctrl-C
    try:
        print(f"{database_note(database)}; {load_note()}")
        meta = prepare(database, args)
        publish = bench_publish(database, meta, args)
        delivery = bench_delivery(database, meta, args)
        report(meta, publish, delivery, args, database)
        print(f"After the runs: {load_note()}")
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the deliverers and the SMTP server.", file=sys.stderr)
        return 130
    finally:
        Deliverers.kill_all()
        if not args.keep and database.owned:
            if not database.is_sqlite:
                database.drop_schema(database.app())
            database.remove()
        print(f"\nTotal time: {time.perf_counter() - started:.0f} s"
              + (f"; database kept ({database.label})" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
