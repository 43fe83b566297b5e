"""Residents at work on a production set-up: gunicorn, real forms, CSRF, and a check that
no acknowledged write is lost or stored twice.

    .venv/bin/python bench/load.py [--database sqlite|postgres|both] [--residents 50]
                                   [--seconds 120] [--workers 4] [--restart-workers]

For each database it starts gunicorn with deploy/gunicorn.conf.py (production settings:
CSRF on, rate limits in Redis db 5, PROXY_COUNT=1) on a fresh database (an SQLite file in a
temporary folder, or a PostgreSQL database buurt_deploy_load_<pid> that is dropped at the
end), seeds a neighbourhood with a few requests, and lets N simulated residents (threads)
sign up, post requests, respond to others' requests, send messages in their conversations
and flag posts, for D seconds, all through the HTML forms with their CSRF tokens.

Each resident writes down every write the site acknowledged: the redirect to the new
thing (a request's page, a conversation), or the success message after a flag. Every
text it sends carries a unique marker, so afterwards the database can be asked whether
each acknowledged write is there exactly once. Requests whose connection broke are
counted apart (not acknowledged: the resident cannot know whether they were stored).

--restart-workers sends SIGHUP (graceful reload) to the gunicorn master at 1/3 and 2/3 of
the run. Prints a table: requests, 5xx, connection errors, p50/p99 ms, acknowledged writes,
lost and duplicate writes, "database is locked" lines in the server log.

Not a test: CI never runs it. Only 127.0.0.1 is contacted; every process, folder and
database it makes is removed at the end.
"""
import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN = str(BIN / "gunicorn")
FLASK = [str(BIN / "flask"), "--app", "wsgi"]
# Runs the Python on standard input in an app context of the configured app.
IN_APP = [sys.executable, "-c",
          "import sys\nfrom wsgi import app\nwith app.app_context(): exec(sys.stdin.read())"]
PG = dict(host="127.0.0.1", port=5432, user="postgres")
USER_AGENT = "buurt-load/1"
# A browser waits longer than this; past it the request counts as a broken connection.
CLIENT_TIMEOUT = 60
PASSWORD = "een lange zin om te onthouden"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REQUEST_LINK = re.compile(r'href="/requests/(\d+)"')
TOPICS = ["boodschappen", "vervoer", "klussen", "tuin", "computerhulp", "gezelschap"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--residents", type=int, default=50, help="simulated residents (threads)")
    p.add_argument("--seconds", type=float, default=120.0, help="length of the run")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--think", type=float, default=1.0,
                   help="mean pause in seconds between two actions of a resident")
    p.add_argument("--restart-workers", action="store_true",
                   help="SIGHUP the gunicorn master at 1/3 and 2/3 of the run")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep-log", action="store_true",
                   help="keep the server log (kept anyway after errors), in the temp folder")
    return p.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the site --------------------------------------------------------------------------


class Site:
    """A fresh database and gunicorn serving it, in a session of its own."""

    def __init__(self, kind: str, workdir: Path, args):
        self.kind, self.workdir, self.args = kind, workdir, args
        self.port = free_port()
        self.log = workdir / f"gunicorn-{kind}.log"
        self.pg_name = None
        if kind == "sqlite":
            self.url = f"sqlite:///{workdir / 'buurt.sqlite'}"
        else:
            self.pg_name = f"buurt_deploy_load_{os.getpid()}"
            self._psql(f"DROP DATABASE IF EXISTS {self.pg_name}")
            self._psql(f"CREATE DATABASE {self.pg_name}")
            self.url = (f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{self.pg_name}")
        self.env = {
            **os.environ,
            "BUURT_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
            "SESSION_COOKIE_SECURE": "false", "PROXY_COUNT": "1",
            "DATABASE_URL": self.url, "RATELIMIT_STORAGE_URI": args.redis_url,
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(args.workers),
            "UPLOAD_FOLDER": str(workdir / "uploads"),
            "SEARCH_INDEX_DIR": str(workdir / "search-index"),
            "LOG_LEVEL": "info",
        }
        for name in ("MAIL_SERVER", "FLASK_APP"):
            self.env.pop(name, None)   # mail stays in the outbox
        self.proc = None

    def _psql(self, sql: str) -> None:
        subprocess.run(["psql", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
                        "-d", "postgres", "-qAt", "-c", sql], check=True,
                       stdout=subprocess.DEVNULL, timeout=60,
                       env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"})

    def flask(self, *command, stdin: str | None = None) -> str:
        argv = IN_APP if command == ("shell",) else FLASK + list(command)
        done = subprocess.run(argv, env=self.env, cwd=REPO, input=stdin,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def prepare(self) -> None:
        self.flask("db", "upgrade")
        self.flask("buurt", "init")
        self.flask("buurt", "neighbourhood", "create", "--slug", "load", "--name", "Load",
                   "--postcodes", "1091,1092")
        # A neighbour who asked for help before the run: something to respond to at once.
        self.flask("shell", stdin=SEED_SCRIPT)

    def start(self) -> None:
        self.logfile = open(self.log, "w")
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", str(REPO / "deploy" / "gunicorn.conf.py"), "wsgi:app"],
            env=self.env, cwd=REPO, stdout=self.logfile, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                con.request("GET", "/healthz")
                if con.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer in 60 s:\n{self.tail()}")

    def reload(self) -> None:
        os.kill(self.proc.pid, signal.SIGHUP)   # the master this script started

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)   # the session started here
                self.proc.wait(timeout=10)
        if self.proc is not None:
            self.logfile.close()

    def drop(self) -> None:
        if self.pg_name:
            self._psql(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one read on the database, with ? placeholders."""
        if self.kind == "sqlite":
            con = sqlite3.connect(self.url[len("sqlite:///"):])
            try:
                return con.execute(sql, params).fetchall()
            finally:
                con.close()
        import psycopg
        with psycopg.connect(host=PG["host"], port=PG["port"], user=PG["user"],
                             dbname=self.pg_name) as con:
            return con.execute(sql.replace("?", "%s"), params).fetchall()


SEED_SCRIPT = """
from buurt.core.extensions import db
from buurt.market import posting
from buurt.people import accounts, neighbourhoods, topics
n = neighbourhoods.by_slug("load")
u = accounts.create_user(display_name="Els", email="els@example.org",
                         password="een lange zin om te onthouden", neighbourhood=n,
                         email_verified=True)
db.session.commit()
for i, slug in enumerate(["boodschappen", "vervoer", "klussen", "tuin", "computerhulp"] * 2):
    posting.create_request(u, title=f"Wie helpt mij deze week met {slug}? ({i})",
                           body="Ik zoek een buur die een uurtje tijd heeft, liefst op dinsdag.",
                           topic=topics.by_slug(slug), need="help", urgency="week",
                           needed_by=None, for_whom=None)
db.session.commit()
"""


# --- one resident ------------------------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list = field(default_factory=list)        # (ms, status)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: Counter = field(default_factory=Counter)
    writes_in_flight: list = field(default_factory=list)   # (kind, marker) of broken writes
    acked: list = field(default_factory=list)            # (kind, details)
    refused: Counter = field(default_factory=Counter)    # writes answered but not taken
    server_errors: list = field(default_factory=list)    # (status, method, path)
    refusals: list = field(default_factory=list)         # examples of refused writes

    def record(self, ms: float, status: int, method: str, path: str) -> None:
        with self.lock:
            self.samples.append(ms)
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append((status, method, path))


class Broken(Exception):
    """The connection broke (reset, refused, timed out) before an answer came."""


class Resident:
    def __init__(self, number: int, run: str, site: Site, stats: Stats, rng: random.Random,
                 deadline: float, think: float):
        self.number, self.site, self.stats, self.rng = number, site, stats, rng
        self.deadline, self.think = deadline, think
        self.email = f"load-{run}-{number}@example.org"
        # The proxy in front would send the resident's own address (PROXY_COUNT=1).
        self.ip = f"10.{(number >> 8) & 255}.{number & 255}.{rng.randrange(1, 250)}"
        self.cookies: dict[str, str] = {}
        self.conversations: list[int] = []
        self.responded: set[int] = set()
        self.flagged: set[int] = set()
        self.own: set[int] = set()
        self.known_posts: set[int] = set()
        self.serial = 0

    # HTTP ------------------------------------------------------------------------------

    def http(self, method: str, path: str, form: dict | None = None):
        headers = {"User-Agent": USER_AGENT, "X-Forwarded-For": self.ip,
                   "X-Forwarded-Proto": "http", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        con = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=CLIENT_TIMEOUT)
        try:
            con.request(method, path, body=body, headers=headers)
            response = con.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            with self.stats.lock:
                self.stats.connection_errors[type(exc).__name__] += 1
            raise Broken(f"{method} {path}: {exc!r}") from None
        finally:
            con.close()
        ms = (time.perf_counter() - started) * 1000
        self.stats.record(ms, response.status, method, path)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, val = value.split(";", 1)[0].partition("=")
                if val.strip('"'):
                    self.cookies[key.strip()] = val
                else:
                    self.cookies.pop(key.strip(), None)
        location = response.getheader("Location") or ""
        return response.status, urllib.parse.urlsplit(location).path, text

    def form_token(self, path: str) -> tuple[str, str]:
        status, _, html = self.http("GET", path)
        match = CSRF.search(html)
        if status != 200 or not match:
            raise Broken(f"GET {path}: HTTP {status} without a form")
        self.known_posts.update(int(i) for i in REQUEST_LINK.findall(html))
        return match.group(1), html

    def write(self, kind: str, marker: str, path: str, form: dict):
        """POST a form; a broken connection makes it a write in flight (not acknowledged)."""
        try:
            return self.http("POST", path, form)
        except Broken:
            with self.stats.lock:
                self.stats.writes_in_flight.append((kind, marker))
            raise

    def marker(self) -> str:
        self.serial += 1
        return f"[{self.email.split('@')[0]}-{self.serial}]"

    def ack(self, kind: str, **details) -> None:
        with self.stats.lock:
            self.stats.acked.append((kind, details))

    def refused(self, kind: str, status: int = 0, where: str = "", html: str = "") -> None:
        why = re.search(r'<p class="(?:error|flash error|warning)[^"]*"[^>]*>([^<]+)', html)
        if os.environ.get("LOAD_DUMP_REFUSED") and html:
            Path(os.environ["LOAD_DUMP_REFUSED"]).write_text(html)
        with self.stats.lock:
            self.stats.refused[kind] += 1
            if len(self.stats.refusals) < 30:
                self.stats.refusals.append((kind, status, where,
                                            why.group(1).strip()[:120] if why else ""))

    # actions ---------------------------------------------------------------------------

    def sign_up(self) -> bool:
        token, _ = self.form_token("/signup")
        status, where, html = self.write("user", self.email, "/signup", {
            "csrf_token": token, "display_name": f"Buur {self.number}", "email": self.email,
            "password": PASSWORD, "postcode": "1091 AB",
            "offer_topics": self.rng.sample(TOPICS, 2)})
        if status == 302 and where == "/welcome":
            self.ack("user", email=self.email)
            return True
        self.refused("user", status, where, html)
        return False

    def post_request(self) -> None:
        token, _ = self.form_token("/requests/new")
        marker = self.marker()
        topic = self.rng.choice(TOPICS)
        title = f"Wie helpt mij met {topic} deze week? {marker}"
        form = {
            "csrf_token": token, "need": "help", "title": title,
            "body": "Ik zoek een buur die op dinsdag of donderdag een uurtje tijd heeft. "
                    "Ik woon vlak bij het plein.",
            "topic": topic, "urgency": self.rng.choice(["soon", "week", "any"])}
        status, where, html = self.write("post", title, "/requests/new", form)
        if status == 200 and 'name="confirmed"' in html:
            # The screening asks first ("not clear enough"); this resident posts anyway.
            form["csrf_token"] = CSRF.search(html).group(1)
            form["confirmed"] = "1"
            status, where, html = self.write("post", title, "/requests/new", form)
        match = re.fullmatch(r"/requests/(\d+)", where)
        if status == 302 and match:
            post_id = int(match.group(1))
            self.own.add(post_id)
            self.ack("post", id=post_id, title=title)
        else:
            self.refused("post", status, where, html)

    def _others(self, exclude: set[int]) -> list[int]:
        return sorted(self.known_posts - self.own - exclude)

    def respond(self) -> None:
        self.form_token("/requests")
        candidates = self._others(self.responded)
        if not candidates:
            return
        post_id = self.rng.choice(candidates)
        self.responded.add(post_id)
        token, html = self.form_token(f"/requests/{post_id}")
        if f'action="/requests/{post_id}/respond"' not in html:
            return   # closed, or already answered
        marker = self.marker()
        text = f"Ik kan je dinsdag helpen, zeg maar hoe laat. {marker}"
        status, where, html = self.write("response", text, f"/requests/{post_id}/respond",
                                      {"csrf_token": token, "message": text})
        match = re.fullmatch(r"/conversations/(\d+)", where)
        if status == 302 and match:
            self.conversations.append(int(match.group(1)))
            self.ack("response", post_id=post_id, text=text)
        else:
            self.refused("response", status, where, html)

    def send_message(self) -> None:
        status, _, html = self.http("GET", "/messages")
        found = {int(i) for i in re.findall(r'href="/conversations/(\d+)', html)}
        self.conversations = sorted(set(self.conversations) | found)
        if not self.conversations:
            return
        conversation = self.rng.choice(self.conversations)
        token, _ = self.form_token(f"/conversations/{conversation}")
        marker = self.marker()
        text = f"Dank je, tot dinsdag! {marker}"
        status, where, html = self.write("message", text, f"/conversations/{conversation}",
                                      {"csrf_token": token, "body": text})
        if status == 302 and where == f"/conversations/{conversation}":
            self.ack("message", conversation=conversation, text=text)
        else:
            self.refused("message", status, where, html)

    def flag(self) -> None:
        candidates = self._others(self.flagged)
        if not candidates:
            return
        post_id = self.rng.choice(candidates)
        self.flagged.add(post_id)
        token, html = self.form_token(f"/requests/{post_id}")
        if f'action="/requests/{post_id}/flag"' not in html:
            return
        status, where, _ = self.write("flag", (self.email, post_id), f"/requests/{post_id}/flag", {
            "csrf_token": token, "reason": "wrong_place", "note": self.marker()})
        if status != 302:
            self.refused("flag")
            return
        # Success and refusal both go back to a page: the flashed message tells which.
        _, _, page = self.http("GET", where)
        if 'class="flash success"' in page:
            self.ack("flag", post_id=post_id, email=self.email)
        else:
            self.refused("flag", status, where, page)

    def browse(self) -> None:
        self.http("GET", self.rng.choice(["/", "/requests", "/offers", "/messages"]))

    def run(self) -> None:
        try:
            if not self.sign_up():
                return
        except Broken:
            return
        actions = [(self.post_request, 20), (self.respond, 25), (self.send_message, 25),
                   (self.flag, 5), (self.browse, 25)]
        choices, weights = zip(*actions)
        while time.monotonic() < self.deadline:
            action = self.rng.choices(choices, weights)[0]
            try:
                action()
            except Broken:
                time.sleep(0.2)
            time.sleep(self.rng.expovariate(1 / self.think) if self.think else 0)


# --- checking the database ---------------------------------------------------------------


def verify(site: Site, stats: Stats) -> dict:
    """Count acknowledged writes missing from the database, and those stored twice."""
    lost, twice = Counter(), Counter()
    users = dict(site.query('SELECT email, id FROM "user"'))
    user_counts = Counter(email for (email,) in site.query('SELECT email FROM "user"'))
    titles = Counter(t for (t,) in site.query("SELECT title FROM post"))
    bodies = Counter(b for (b,) in site.query("SELECT body FROM message"))
    flags = Counter(site.query(
        "SELECT reporter_id, target_id FROM flag WHERE target_type = 'post'"))
    post_ids = dict(site.query("SELECT title, id FROM post"))
    for kind, d in stats.acked:
        if kind == "user":
            n = user_counts[d["email"]]
        elif kind == "post":
            n = titles[d["title"]]
            if n and post_ids[d["title"]] != d["id"]:
                n = 0   # stored, but not as the post the redirect named
        elif kind in ("response", "message"):
            n = bodies[d["text"]]
        else:
            n = flags[(users.get(d["email"]), d["post_id"])]
        if n == 0:
            lost[kind] += 1
        elif n > 1:
            twice[kind] += 1
    # Writes whose answer never came: stored or not, each at most once.
    in_flight_stored = 0
    for kind, marker in stats.writes_in_flight:
        if kind == "flag":
            n = flags[(users.get(marker[0]), marker[1])]
        else:
            n = {"user": user_counts, "post": titles}.get(kind, bodies)[marker]
        in_flight_stored += n > 0
        if n > 1:
            twice[kind] += 1
    return {"lost": lost, "twice": twice, "in_flight_stored": in_flight_stored}


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def run_once(kind: str, args, workdir: Path) -> dict:
    site = Site(kind, workdir, args)
    try:
        print(f"\n[{kind}] preparing a fresh database ...", flush=True)
        site.prepare()
        site.start()
        stats = Stats()
        run = secrets.token_hex(3)
        started = time.monotonic()
        deadline = started + args.seconds
        rng = random.Random(args.seed)
        residents = [Resident(i, run, site, stats, random.Random(rng.random()), deadline,
                              args.think) for i in range(args.residents)]
        threads = [threading.Thread(target=r.run, daemon=True) for r in residents]
        print(f"[{kind}] {args.residents} residents for {args.seconds:g} s on "
              f"{args.workers} gunicorn workers"
              + (" with 2 graceful reloads (SIGHUP)" if args.restart_workers else ""), flush=True)
        for t in threads:
            t.start()
            time.sleep(0.05)   # not every sign-up in the same millisecond
        reloads = []
        if args.restart_workers:
            for at in (args.seconds / 3, 2 * args.seconds / 3):
                time.sleep(max(0.0, started + at - time.monotonic()))
                site.reload()
                reloads.append(round(time.monotonic() - started, 1))
                print(f"[{kind}] SIGHUP to the gunicorn master at {reloads[-1]} s", flush=True)
        for t in threads:
            t.join(timeout=max(1.0, deadline - time.monotonic() + 40))
        stuck = sum(t.is_alive() for t in threads)
        elapsed = time.monotonic() - started
        site.stop()
        log = site.log.read_text(errors="replace")
        result = verify(site, stats)
        result.update(
            database=kind, reloads=reloads, stuck=stuck, elapsed=elapsed, stats=stats,
            locked=log.count("database is locked"),
            tracebacks=log.count("Traceback (most recent call last)"),
            log=site.log, workdir=workdir)
        if (result["locked"] or result["tracebacks"] or stats.connection_errors
                or stats.server_errors or args.keep_log):
            kept = Path(tempfile.gettempdir()) / f"buurt-load-{kind}-{os.getpid()}.log"
            shutil.copy(site.log, kept)
            result["log"] = kept
        return result
    finally:
        site.stop()
        site.drop()


def report(results: list[dict]) -> None:
    print()
    head = (f"{'database':<9}{'reloads':>8}{'requests':>10}{'req/s':>7}{'5xx':>5}{'conn.err':>9}"
            f"{'p50 ms':>8}{'p99 ms':>8}{'acked':>7}{'lost':>6}{'twice':>6}{'locked':>7}")
    print(head)
    print("-" * len(head))
    for r in results:
        s = r["stats"]
        fives = sum(n for status, n in s.statuses.items() if status >= 500)
        print(f"{r['database']:<9}{len(r['reloads']):>8}{len(s.samples):>10}"
              f"{len(s.samples) / r['elapsed']:>7.1f}{fives:>5}"
              f"{sum(s.connection_errors.values()):>9}"
              f"{percentile(s.samples, 50):>8.0f}{percentile(s.samples, 99):>8.0f}"
              f"{len(s.acked):>7}{sum(r['lost'].values()):>6}{sum(r['twice'].values()):>6}"
              f"{r['locked']:>7}")
    for r in results:
        s = r["stats"]
        acked = Counter(kind for kind, _ in s.acked)
        print(f"\n[{r['database']}] acknowledged: "
              + ", ".join(f"{k} {n}" for k, n in sorted(acked.items()))
              + (f"; answered but refused by the app: "
                 + ", ".join(f"{k} {n}" for k, n in sorted(s.refused.items()))
                 if s.refused else ""))
        print(f"[{r['database']}] statuses: "
              + ", ".join(f"{k}: {n}" for k, n in sorted(s.statuses.items())))
        if s.connection_errors:
            print(f"[{r['database']}] connection errors: {dict(s.connection_errors)}; writes in "
                  f"flight: {len(s.writes_in_flight)} (stored anyway: {r['in_flight_stored']})")
        for kind, status, where, why in s.refusals[:5]:
            print(f"[{r['database']}] refused {kind}: HTTP {status} {where} {why}")
        if r["lost"] or r["twice"]:
            print(f"[{r['database']}] LOST {dict(r['lost'])}, TWICE {dict(r['twice'])}")
        for status, method, path in s.server_errors[:10]:
            print(f"[{r['database']}] HTTP {status}: {method} {path}")
        if r["log"].parent != r["workdir"]:
            print(f"[{r['database']}] server log ({r['tracebacks']} traceback(s), "
                  f"{r['locked']} 'database is locked'), kept: {r['log']}")
        if r["stuck"]:
            print(f"[{r['database']}] {r['stuck']} resident thread(s) still waiting at the end")


def main(argv=None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = []
    with tempfile.TemporaryDirectory(prefix="buurt-load-") as tmp:
        for kind in kinds:
            workdir = Path(tmp) / kind
            workdir.mkdir()
            results.append(run_once(kind, args, workdir))
    report(results)
    bad = any(r["lost"] or r["twice"] or r["locked"] or
              any(st >= 500 for st in r["stats"].statuses) for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
