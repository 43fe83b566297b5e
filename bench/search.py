"""Benchmark search: query times on 100,000 posts and how fast each backend indexes.

    .venv/bin/python bench/search.py [--posts 100000] [--residents 10000] [--repeat 20]
                                     [--database-url postgresql://127.0.0.1/buurt_bench_search]
                                     [--keep]

Seeds a fresh database the way bench/marketplace.py does (the real migrations, then
residents and posts in bulk; about 95% of the posts published): an SQLite file in
bench/out/ for the Whoosh backend and, with --database-url, the EMPTY PostgreSQL database
named there for PostgreSQL's full-text search (the same data: the same random seed). Its
tables are dropped again at the end unless --keep. For each backend it then measures:

  rebuild   `buurt reindex` as the command runs it (search.reindex()): documents per second
  queue     the index following 1,000 changed posts at once (queued ids applied by
            search.drain(); PostgreSQL writes documents in the transaction itself, so
            there it is the same UPDATE of 1,000 posts with the documents written)
  publish   posting.create_offer(...) + commit, one at a time, with the index following,
            next to the same publish with the index not following (the floor)
  queries   a set of realistic queries (inflected words, several words, filters, the own
            neighbourhood first, a later page, a typo, nothing found), each --repeat
            times after one warm-up: median and 95th percentile per query and overall

Not a test: CI never runs it.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import app_version  # noqa: E402
from bench.marketplace import Database, pct, prepare  # noqa: E402

# (label, query, filters): what residents type, with the filters the page offers.
QUERIES = [
    ("one word", "boodschappen", {}),
    ("its singular", "boodschap", {}),
    ("plural -> singular", "fietsen", {}),
    ("singular -> plural", "fiets", {}),
    ("two words", "hulp computer", {}),
    ("a sentence", "wie kan mij helpen met de printer", {}),
    ("accent", "café", {}),
    ("prefix", "boorm", {}),
    ("kind + topic filter", "hulp", {"kind": "request", "topic": "computerhulp"}),
    ("own neighbourhood first", "koffie", {"prefer_neighbourhood_id": 1}),
    ("one neighbourhood only", "hond", {"neighbourhood_id": 1}),
    ("page 5", "hulp", {"page": 5}),
    ("typo", "boodshappen", {}),
    ("nothing found", "xylofoon", {}),
]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--posts", type=int, default=100_000, help="requests and offers to seed")
    p.add_argument("--residents", type=int, default=10_000, help="residents to seed")
    p.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    p.add_argument("--publishes", type=int, default=50, help="timed publishes per variant")
    p.add_argument("--database-url", help="an EMPTY PostgreSQL database for its backend")
    p.add_argument("--keep", action="store_true",
                   help="keep the seeded databases and reuse them next time")
    return p.parse_args(argv)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def measure(database: Database, backend: str, args) -> dict:
    import sqlalchemy as sa
    from sqlalchemy import event

    from bench.app import build
    from buurt.core import search
    from buurt.core.extensions import db
    from buurt.core.search import queue
    from buurt.market import posting
    from buurt.people.models import Topic, User
    from buurt.posts.models import Post, PostState

    index_dir = tempfile.mkdtemp(prefix="bench-search-")
    app = build(str(database.path or "unused"), SQLALCHEMY_DATABASE_URI=database.url,
                SEARCH_BACKEND=backend, SEARCH_INDEX_DIR=index_dir, MAIL_SERVER=None)
    result = {"backend": backend, "database": database.label}
    with app.app_context():
        published = db.session.scalar(sa.select(sa.func.count()).select_from(Post).where(
            Post.state == PostState.PUBLISHED))

        started = time.perf_counter()
        count = search.reindex()
        seconds = time.perf_counter() - started
        # Besides the posts: the residents in the people directory, places, initiatives.
        assert count >= published, (count, published)
        result["rebuild"] = {"documents": count, "seconds": round(seconds, 1),
                             "per_second": round(count / seconds)}
        print(f"  rebuild  {count:,} documents in {seconds:.1f} s "
              f"= {count / seconds:,.0f} documents/s")

        # 1,000 posts changed at once (an edit of their titles), the index following.
        ids = db.session.scalars(sa.select(Post.id).where(Post.state == PostState.PUBLISHED)
                                 .order_by(Post.id.desc()).limit(1000)).all()
        started = time.perf_counter()
        db.session.execute(sa.update(Post).where(Post.id.in_(ids))
                           .values(title=Post.title + " (bijgewerkt)"))
        search.refresh_posts(ids)
        db.session.commit()     # Whoosh: the commit drains the queue
        seconds = time.perf_counter() - started
        assert db.session.scalar(sa.select(sa.func.count()).select_from(
            queue.search_queue)) == 0
        assert search.search("bijgewerkt", per_page=1).total == len(ids)
        result["queue"] = {"posts": len(ids), "seconds": round(seconds, 2),
                           "per_second": round(len(ids) / seconds)}
        print(f"  queue    {len(ids):,} changed posts followed in {seconds:.2f} s "
              f"= {len(ids) / seconds:,.0f} posts/s")

        # One publish at a time, with and without the index following.
        author = db.session.scalar(sa.select(User).order_by(User.id).limit(1))
        topic = db.session.scalar(sa.select(Topic).where(Topic.slug == "klussen"))
        timings = {}
        for variant in ("floor", "indexed"):
            runs = []
            if variant == "floor":
                for name, fn in search._HOOKS.items():
                    event.remove(db.session, name, fn)
            for n in range(args.publishes + 2):
                started = time.perf_counter()
                posting.create_offer(author, title=f"Ladder te leen {variant} {n}",
                                     body="Een ladder van drie meter.", topic=topic)
                db.session.commit()
                runs.append(time.perf_counter() - started)
            if variant == "floor":
                search._register_hooks()
            timings[variant] = runs[2:]
        result["publish"] = {v: {"median_ms": ms(statistics.median(t)), "p95_ms": ms(pct(t, .95))}
                             for v, t in timings.items()}
        print(f"  publish  median {result['publish']['indexed']['median_ms']} ms with the index"
              f" following, {result['publish']['floor']['median_ms']} ms without "
              f"(p95 {result['publish']['indexed']['p95_ms']} / "
              f"{result['publish']['floor']['p95_ms']} ms)")
        search.reindex()    # the floor's posts were not indexed

        all_times, rows = [], []
        for label, q, filters in QUERIES:
            found = search.search(q, per_page=20, **filters)     # warm-up
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                search.search(q, per_page=20, **filters)
                times.append(time.perf_counter() - started)
                db.session.rollback()    # as a request ends
            all_times += times
            rows.append((label, q, found.total, found.suggestion, times))
        print(f"  {'query':<26} {'q':<36} {'hits':>7} {'median':>8} {'p95':>8}")
        for label, q, total, suggestion, times in rows:
            extra = f"  (did you mean: {suggestion})" if suggestion else ""
            print(f"  {label:<26} {q:<36} {total:>7,} {ms(statistics.median(times)):>6} ms"
                  f" {ms(pct(times, .95)):>6} ms{extra}")
        result["queries"] = {label: {"q": q, "hits": total, "suggestion": suggestion,
                                     "median_ms": ms(statistics.median(times)),
                                     "p95_ms": ms(pct(times, .95))}
                             for label, q, total, suggestion, times in rows}
        result["overall"] = {"median_ms": ms(statistics.median(all_times)),
                             "p95_ms": ms(pct(all_times, .95))}
        print(f"  all queries: median {result['overall']['median_ms']} ms, "
              f"p95 {result['overall']['p95_ms']} ms")
        db.session.remove()
        db.engine.dispose()
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    print(f"Search benchmark, {app_version()}")
    seed_args = SimpleNamespace(residents=args.residents, posts=args.posts,
                                immediate_share=0.10, history=0, keep=args.keep)
    runs = [(Database(None), "whoosh")]
    if args.database_url:
        runs.append((Database(args.database_url), "postgres"))
    results = []
    for database, backend in runs:
        # Its own file name, so the marketplace benchmark's kept database stays as it is.
        if database.is_sqlite:
            database.path = database.path.with_name("search.sqlite")
            database.url = "sqlite:///" + str(database.path)
            database.meta_path = database.meta_path.with_name("search.json")
            database.label = f"SQLite ({database.path.relative_to(REPO)})"
        prepare(database, seed_args)
        print(f"{backend} on {database.label}:")
        try:
            results.append(measure(database, backend, args))
        finally:
            if not args.keep:
                if database.is_sqlite:
                    database.remove()
                elif database.owned:
                    database.drop_schema(database.app())
    return 0


if __name__ == "__main__":
    sys.exit(main())
