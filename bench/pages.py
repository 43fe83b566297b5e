"""Benchmark the list pages under gunicorn against a bare Flask page, in one run.

    .venv/bin/python bench/pages.py [--residents 10000] [--posts 100000] [--duration 10]
                                    [--rounds 3] [--connections 16] [--keep] [--explain]
                                    [--profile]

Seeds a fresh SQLite database (real migrations, bulk inserts), counts the SQL statements
of each page in-process, serves the app and a bare Flask page with gunicorn (2 workers
each), logs in a resident through the real log-in form and measures every page with
wrk, in interleaved rounds so that both sides see the same noise. Prints req/s, p50 and
p99 next to the bare page's, with PASS/FAIL against the targets of the issue:

    /requests: at least half the bare page's req/s, p99 under 50 ms,
    every page: at most 8 SQL statements.

Not a test: CI never runs it. `make bench` installs the `bench` extra and runs it.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import bare  # noqa: E402
from bench.common import app_version, load_note  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
OUT = REPO / "bench" / "out"
# Sent by every client here: Flask-Login ties the session to the user agent, so the
# log-in and wrk must send the same one (or the session would be rewritten each request).
USER_AGENT = "buurt-bench/1"

TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0
TARGET_STATEMENTS = 8

# (label, path, as the logged-in resident?)
PAGES = [("/requests", "/requests", True), ("/", "/", True), ("/welcome", "/welcome", True)]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--residents", type=int, default=10_000, help="residents to seed")
    p.add_argument("--posts", type=int, default=100_000,
                   help="requests and offers to seed (and rows of the bare page's table)")
    p.add_argument("--duration", type=float, default=10.0,
                   help="seconds wrk measures each page, in each round")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per page")
    p.add_argument("--rounds", type=int, default=3,
                   help="interleaved rounds; the table shows the median of the rounds")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    p.add_argument("--keep", action="store_true",
                   help=f"keep the databases in {OUT.relative_to(REPO)}/ and reuse them "
                        "(no seeding) when they were seeded with the same counts")
    p.add_argument("--explain", action="store_true",
                   help="print every statement of every page with its EXPLAIN QUERY PLAN")
    p.add_argument("--profile", action="store_true",
                   help="print a cProfile summary of each page (in-process, 50 requests)")
    return p.parse_args(argv)


# --- seeding -------------------------------------------------------------------------


def prepare(workdir: Path, args) -> dict:
    """Seed the app's and the bare page's databases, or reuse kept ones."""
    from bench import seed

    meta_path = workdir / "bench.json"
    db_path, bare_path = workdir / "buurt.sqlite", workdir / "bare.sqlite"
    if args.keep and meta_path.exists() and db_path.exists() and bare_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("residents"), meta.get("posts")) == (args.residents, args.posts):
            print(f"Reusing the kept databases in {workdir} (seeded in {meta['seconds']} s); "
                  "leave out --keep or delete them to seed afresh.")
            return meta
        print("The kept databases have other counts: seeding afresh.")
    print(f"Seeding {args.residents:,} residents and {args.posts:,} posts into {db_path} ...")
    started = time.perf_counter()
    meta = seed.seed(str(db_path), residents=args.residents, posts=args.posts)
    t0 = time.perf_counter()
    bare.seed(str(bare_path), args.posts)
    print(f"  bare page: {args.posts:,} rows     {time.perf_counter() - t0:6.1f} s")
    meta["seconds"] = round(time.perf_counter() - started, 1)
    print(f"Seeding took {meta['seconds']:.1f} s.")
    meta_path.write_text(json.dumps(meta, indent=2))
    return meta


# --- SQL statements per page, in-process ----------------------------------------------


def _rerun(db_path: Path, statement: str, params, times: int = 15) -> tuple[float, list[str]]:
    """Median ms of executing and fetching a statement on a raw connection, and its plan."""
    con = sqlite3.connect(str(db_path))
    try:
        samples = []
        for _ in range(times):
            t0 = time.perf_counter()
            con.execute(statement, params).fetchall()
            samples.append((time.perf_counter() - t0) * 1000)
        plan = [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + statement, params)]
    finally:
        con.close()
    return statistics.median(samples), plan


def _profile(client, label: str, path: str) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(50):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    print(f"\n== profile of {label} (50 requests in-process)\n" + out.getvalue().strip())


def count_statements(db_path: Path, meta: dict, *, explain: bool, profile: bool) -> dict:
    """Run each page through app.test_client() and count the statements it executes."""
    from sqlalchemy import event

    from bench.app import build
    from buurt.core.extensions import db

    app = build(str(db_path), WTF_CSRF_ENABLED=False)
    with app.app_context():
        engine = db.engine
    captured = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    resident = app.test_client()
    response = resident.post("/login", data={"email": meta["login_email"],
                                             "password": meta["password"]})
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise SystemExit(f"In-process log-in failed (HTTP {response.status_code}).")
    visitor = app.test_client()
    results = {}
    for label, path, as_resident in PAGES + [("/requests (visitor)", "/requests", False)]:
        client = resident if as_resident else visitor
        client.get(path)  # warm: the first request of a process compiles templates
        captured.clear()
        response = client.get(path)
        statements = list(captured)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} in-process.")
        samples = []
        for _ in range(20):
            t0 = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
        reruns = [_rerun(db_path, s, p) for s, p in statements]
        results[label] = {
            "statements": len(statements),
            "cards": response.get_data(as_text=True).count('<article class="card'),
            "inprocess_ms": statistics.median(samples),
            "sql_ms": sum(ms for ms, _plan in reruns),
            "detail": [(s, p, ms, plan) for (s, p), (ms, plan) in zip(statements, reruns)],
        }
        if profile:
            _profile(client, label, path)
    with app.app_context():
        db.engine.dispose()

    print("\nSQL per page (in-process, app.test_client(), same database):")
    print(f"  {'page':<22}{'statements':>11}{'SQL ms':>9}{'page ms':>9}{'cards':>7}")
    for label, r in results.items():
        print(f"  {label:<22}{r['statements']:>11}{r['sql_ms']:>9.2f}{r['inprocess_ms']:>9.1f}"
              f"{r['cards']:>7}")
    print("  (SQL ms: the page's statements re-run with fetch on a raw sqlite3 connection; "
          "page ms: whole request in-process, median of 20)")
    if results["/welcome"]["cards"] == 0:
        print("  WARNING: /welcome shows no matches for the log-in resident.")
    if explain:
        for label, r in results.items():
            print(f"\n== {label}: {r['statements']} statements")
            for n, (statement, params, ms, plan) in enumerate(r["detail"], 1):
                print(f"-- {n}. {ms:.2f} ms  params={params}")
                print("   " + " ".join(statement.split()))
                for line in plan:
                    print(f"     plan: {line}")
    return results


# --- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn master with its workers, in its own session so Ctrl-C reaches us first."""

    def __init__(self, name: str, target: str, env: dict, workdir: Path, workers: int):
        self.name, self.port = name, free_port()
        self.log = workdir / f"gunicorn-{name}.log"
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
               "--chdir", str(REPO), "--error-logfile", str(self.log), "--log-level", "warning",
               target]
        self.proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=REPO,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def wait_ready(self, path: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn ({self.name}) exited with {self.proc.returncode}:\n"
                                 + self.tail())
            try:
                status, _headers, _body = http_get(self.port, path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn ({self.name}) did not answer in {timeout:.0f} s:\n"
                         + self.tail())

    def tail(self) -> str:
        try:
            return "\n".join(self.log.read_text().splitlines()[-30:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the session this script started
            self.proc.wait(timeout=5)


def http_get(port: int, path: str, cookie: str | None = None, method: str = "GET",
             body: str | None = None, content_type: str | None = None):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"User-Agent": USER_AGENT}
        if cookie:
            headers["Cookie"] = cookie
        if content_type:
            headers["Content-Type"] = content_type
        con.request(method, path, body=body, headers=headers)
        response = con.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        con.close()


def _cookies(headers, jar: dict) -> dict:
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            jar[key.strip()] = val.strip()
    return jar


def log_in(server: Server, email: str, password: str) -> str:
    """Log in through the real form (CSRF token and all); return the Cookie header."""
    status, headers, html = http_get(server.port, "/login")
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    if status != 200 or not match:
        raise SystemExit(f"GET /login gave HTTP {status} without a csrf_token input.")
    jar = _cookies(headers, {})
    form = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": match.group(1)})
    status, headers, _html = http_get(
        server.port, "/login", cookie="; ".join(f"{k}={v}" for k, v in jar.items()),
        method="POST", body=form, content_type="application/x-www-form-urlencoded")
    location = dict((k.lower(), v) for k, v in headers).get("location", "")
    if status != 302 or "/login" in location:
        raise SystemExit(f"POST /login gave HTTP {status} (Location {location!r}): "
                         "the log-in did not succeed.")
    jar = _cookies(headers, jar)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def check_page(server: Server, path: str, cookie: str | None) -> None:
    """The page answers 200 (not a redirect to /login) and, with a cookie, as the resident."""
    status, _headers, html = http_get(server.port, path, cookie)
    if status != 200:
        raise SystemExit(f"{server.url}{path} gave HTTP {status}; expected 200.")
    if cookie and 'action="/logout"' not in html:
        raise SystemExit(f"{server.url}{path} does not show the logged-in resident.")


# --- wrk -------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (rps and p50 and p99):
        raise ValueError("unexpected wrk output:\n" + output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)
    return {"rps": float(rps.group(1)), "p50": _ms(p50.group(1)), "p99": _ms(p99.group(1)),
            "non2xx": int(errors.group(1)) if errors else 0,
            "timeouts": int(sockets.group(4)) if sockets else 0,
            "connect_errors": int(sockets.group(1)) if sockets else 0}


def wrk(url: str, cookie: str | None, seconds: float, args) -> dict:
    cmd = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds:g}s", "--latency",
           "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(url)
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


# --- the run ---------------------------------------------------------------------------


def fmt_ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def report(results: dict, statements: dict, args, meta: dict) -> bool:
    medians = {label: {key: statistics.median(r[key] for r in runs)
                       for key in ("rps", "p50", "p99")}
               for label, runs in results.items()}
    # Paired ratios: each page against the bare page of the same round (the bare page runs
    # right next to /requests), then the median over the rounds.
    paired = {label: [r["rps"] / b["rps"] for r, b in zip(runs, results["bare"])]
              for label, runs in results.items()}
    ratios = paired["/requests"]
    ratio = statistics.median(ratios)

    print(f"\nResults: median of {args.rounds} interleaved round(s) of {args.duration:g} s, "
          f"wrk -t{args.threads} -c{args.connections}, gunicorn -w {args.workers} (sync), "
          f"{meta['residents']:,} residents, {meta['posts']:,} posts; logged in as "
          f"{meta['login_email']}; app at commit {app_version()}.")
    head = (f"{'URL':<22}{'req/s':>9}{'vs bare':>9}{'p50':>10}{'p99':>10}{'SQL':>5}   "
            f"{'≥0.5×bare':<11}{'p99<50ms':<10}{'≤8 SQL':<8}")
    print(head)
    print("-" * len(head))
    b = medians["bare"]
    print(f"{'bare Flask (20 newest)':<22}{b['rps']:>9.0f}{'1.00':>9}{fmt_ms(b['p50']):>10}"
          f"{fmt_ms(b['p99']):>10}{1:>5}   {'':<11}{'':<10}{'':<8}")
    all_pass = True
    for label, _path, _resident in PAGES:
        m, count = medians[label], statements[label]["statements"]
        rel = statistics.median(paired[label])
        checks = []
        if label == "/requests":
            checks.append(rel >= TARGET_RATIO)
        p99_ok, sql_ok = m["p99"] < TARGET_P99_MS, count <= TARGET_STATEMENTS
        all_pass &= all(checks) and p99_ok and sql_ok
        ratio_cell = ("PASS" if checks[0] else "FAIL") if checks else "-"
        print(f"{label:<22}{m['rps']:>9.0f}{rel:>9.2f}{fmt_ms(m['p50']):>10}"
              f"{fmt_ms(m['p99']):>10}{count:>5}   {ratio_cell:<11}"
              f"{'PASS' if p99_ok else 'FAIL':<10}{'PASS' if sql_ok else 'FAIL':<8}")
    visitor = statements["/requests (visitor)"]["statements"]
    visitor_ok = visitor <= TARGET_STATEMENTS
    all_pass &= visitor_ok
    print(f"{'/requests (visitor)':<22}{'':>9}{'':>9}{'':>10}{'':>10}{visitor:>5}   "
          f"{'-':<11}{'-':<10}{'PASS' if visitor_ok else 'FAIL':<8}")
    print("-" * len(head))
    print(f"/requests req/s ÷ bare req/s: {ratio:.2f} (median of the rounds' paired ratios "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; target ≥ {TARGET_RATIO})")
    print(f"req/s, p50, p99: medians over the rounds; 'vs bare': median of the per-round "
          f"ratios. With {args.connections} connections on {args.workers} sync workers, a "
          f"request mostly waits its turn: p50 ≈ {args.connections} ÷ req/s.")

    print("\nPer round (req/s, p99):")
    for label in results:
        cells = "  ".join(f"{r['rps']:7.0f} {fmt_ms(r['p99']):>8}" for r in results[label])
        print(f"  {'bare' if label == 'bare' else label:<12}{cells}")
    problems = [f"{label}: {r['non2xx']} non-2xx/3xx, {r['timeouts']} timeouts, "
                f"{r['connect_errors']} connect errors"
                for label, runs in results.items() for r in runs
                if r["non2xx"] or r["timeouts"] or r["connect_errors"]]
    for line in problems:
        print(f"  WARNING {line}")
    req = medians["/requests"]
    verdict = (ratio >= TARGET_RATIO and req["p99"] < TARGET_P99_MS
               and statements["/requests"]["statements"] <= TARGET_STATEMENTS)
    print(f"\nTarget for /requests (≥ {TARGET_RATIO} × bare req/s, p99 < {TARGET_P99_MS:g} ms, "
          f"≤ {TARGET_STATEMENTS} statements): {'PASS' if verdict else 'FAIL'}; "
          f"all pages: {'PASS' if all_pass else 'FAIL'}")
    return verdict


def measure(app: Server, bare_server: Server, cookie: str, args) -> dict:
    targets = [("bare", bare_server.url + "/", None)] + [
        (label, app.url + path, cookie if resident else None) for label, path, resident in PAGES]
    print(f"\nWarm-up: {args.warmup:g} s a page ...")
    for _label, url, cook in targets:
        wrk(url, cook, args.warmup, args)
    results = {label: [] for label, _url, _cookie in targets}
    for n in range(args.rounds):
        # Alternate the order, so that no page always runs first or last in a round, and
        # keep the bare page next to /requests, whose ratio is the target.
        order = targets if n % 2 == 0 else targets[::-1]
        print(f"Round {n + 1}/{args.rounds}: " + ", ".join(t[0] for t in order), flush=True)
        for label, url, cook in order:
            results[label].append(wrk(url, cook, args.duration, args))
    return results


def _interrupt(signum, frame):
    raise KeyboardInterrupt




def main(argv=None) -> int:
    args = parse_args(argv)
    if not os.path.exists(WRK):
        print("wrk is not installed. Install it with:  apt-get install wrk   "
              "(or build it from https://github.com/wg/wrk)", file=sys.stderr)
        return 2
    if not os.path.exists(GUNICORN):
        print(f"gunicorn is not installed in {Path(sys.executable).parent}. Install it with:  "
              f"{sys.executable} -m pip install -e '.[bench]'  (or run `make bench`)",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.keep:
        OUT.mkdir(parents=True, exist_ok=True)
        workdir = OUT
    else:
        workdir = Path(tempfile.mkdtemp(prefix="buurt-bench-"))
    servers = []
    # SIGTERM (e.g. a CI kill or `timeout`) stops the servers like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        meta = prepare(workdir, args)
        statements = count_statements(workdir / "buurt.sqlite", meta, explain=args.explain,
                                      profile=args.profile)

        print(f"\nStarting gunicorn -w {args.workers} for the app and for the bare page ...")
        app = Server("app", "bench.app:create()", {"BENCH_DB": str(workdir / "buurt.sqlite")},
                     workdir, args.workers)
        servers.append(app)
        bare_server = Server("bare", "bench.bare:create()",
                             {"BENCH_BARE_DB": str(workdir / "bare.sqlite")}, workdir,
                             args.workers)
        servers.append(bare_server)
        app.wait_ready("/healthz")
        bare_server.wait_ready("/")
        print(f"  app  {app.url}\n  bare {bare_server.url}")
        cookie = log_in(app, meta["login_email"], meta["password"])
        for _label, path, resident in PAGES:
            check_page(app, path, cookie if resident else None)
        print(f"  logged in as {meta['login_email']} through the log-in form")

        print(f"  {load_note()}")
        results = measure(app, bare_server, cookie, args)
        for _label, path, resident in PAGES:  # still logged in after the runs?
            check_page(app, path, cookie if resident else None)
        report(results, statements, args, meta)
        print(f"After the runs: {load_note()}")
        for server in servers:
            errors = server.tail().strip()
            if errors and errors != "(no log)":
                print(f"\ngunicorn ({server.name}) logged:\n{errors}")
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        print(f"\nTotal time: {time.perf_counter() - started:.0f} s"
              + (f"; databases kept in {workdir}" if args.keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
