"""The yardstick: a bare Flask page that lists the 20 newest of N rows by an index.

No ORM, no session, no log-in: one sqlite3 connection per worker process and one
indexed query a request, rendered with a small Jinja template. gunicorn loads
`bench.bare:create()` with BENCH_BARE_DB set to the file `seed()` filled.
"""
import os
import random
import sqlite3
from datetime import datetime, timedelta

from flask import Flask

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Nieuwste</title></head>
<body><h1>Nieuwste berichten</h1>
<ul>
{% for row in rows %}  <li><a href="/items/{{ row[0] }}">{{ row[1] }}</a> <time>{{ row[2] }}</time></li>
{% endfor %}</ul>
</body></html>
"""

NEWEST = "SELECT id, title, created_at FROM item ORDER BY created_at DESC, id DESC LIMIT 20"


def seed(path: str, rows: int, *, seed_value: int = 7) -> None:
    """Create the table with `rows` rows and an index on (created_at, id)."""
    if os.path.exists(path):
        os.remove(path)
    rng = random.Random(seed_value)
    now = datetime(2026, 11, 1, 12, 0, 0)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, title VARCHAR(140) NOT NULL, "
                    "created_at DATETIME NOT NULL)")
        con.execute("CREATE INDEX ix_item_created ON item (created_at, id)")
        batch = []
        for i in range(1, rows + 1):
            created = now - timedelta(seconds=rng.randrange(365 * 24 * 3600))
            batch.append((i, f"Bericht nummer {i}", created.isoformat(sep=" ")))
            if len(batch) == 10_000:
                con.executemany("INSERT INTO item VALUES (?, ?, ?)", batch)
                batch.clear()
        if batch:
            con.executemany("INSERT INTO item VALUES (?, ?, ?)", batch)
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def create(path: str | None = None) -> Flask:
    """gunicorn entry: `gunicorn 'bench.bare:create()'` with BENCH_BARE_DB set."""
    path = path or os.environ["BENCH_BARE_DB"]
    app = Flask(__name__)
    connections = {}

    def connection():
        # One connection per process (opened after gunicorn forks), as a pool would keep.
        pid = os.getpid()
        if pid not in connections:
            con = sqlite3.connect(path, check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            connections[pid] = con
        return connections[pid]

    # Compiled once: render_template_string would compile the template on every request.
    template = app.jinja_env.from_string(PAGE)

    @app.route("/")
    def newest():
        return template.render(rows=connection().execute(NEWEST).fetchall())

    return app
