"""Kill the mail deliverer in the middle of a batch and count what the residents receive.

    .venv/bin/python bench/deliver_kill.py [--database sqlite|postgres|both] [--mails 1000]
                                           [--kill-after 275 [510 …]] [--batch-size 50]
                                           [--before-answer]

Queues N mails in a fresh outbox (an SQLite file in a temporary folder, or a PostgreSQL
database buurt_deploy_kill_<pid>, dropped at the end), starts a real SMTP server (aiosmtpd,
on 127.0.0.1) and `flask --app wsgi buurt deliver` in a subprocess, and SIGKILLs the
deliverer once the server has received K mails: in the middle of a batch, with mails
claimed under its lease and not yet sent. Then:

  1. a new deliverer runs at once: it must send every mail except those the dead one still
     holds (their lease has not run out, so nobody may take them yet);
  2. the lease is made to run out (claimed_until moved into the past, as five minutes of
     waiting would do) and a deliverer runs again: it takes the dead one's mails back.

Prints mails queued, received, lost (never received), received twice, and the outbox
states at the end. A mail the SMTP server accepted just before the kill, whose "sent" the
dead deliverer could not commit, is sent again (at least once, never lost); it keeps its
Message-ID, so a receiving mail server can drop the copy.

Not a test: CI never runs it.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.marketplace import CountingHandler, SmtpServer  # noqa: E402


class KillingHandler(CountingHandler):
    """Counts like the benchmark's handler; with `victim` set, SIGKILLs that process group
    on the K-th message after storing it and before answering 250: the message has
    arrived, and the deliverer never learns it did."""

    victim = None
    kill_at = 0

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.victim is not None and self.count >= self.kill_at:
            os.killpg(self.victim, signal.SIGKILL)   # the session this script started
            self.victim = None
        return answer

FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
# Runs the Python on standard input in an app context of the configured app.
IN_APP = [sys.executable, "-c",
          "import sys\nfrom wsgi import app\nwith app.app_context(): exec(sys.stdin.read())"]
PG = dict(host="127.0.0.1", port=5432, user="postgres")

QUEUE_SCRIPT = """
from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail
count = {mails}
db.session.add_all([OutboxEmail(kind="bench", to_address=f"buur{{n}}@example.org",
                                subject=f"Bericht {{n}}", body_text=f"Hallo buur {{n}}.",
                                body_html=f"<p>Hallo buur {{n}}.</p>") for n in range(count)])
db.session.commit()
print(db.session.scalar(db.select(db.func.count(OutboxEmail.id))))
"""

STATES_SCRIPT = """
from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail
for state, n in db.session.execute(db.select(OutboxEmail.state, db.func.count())
                                   .group_by(OutboxEmail.state)):
    print(state, n)
"""

EXPIRE_SCRIPT = """
from datetime import timedelta
from buurt.core import clock
from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail, OutboxState
rows = db.session.execute(db.update(OutboxEmail)
    .where(OutboxEmail.state == OutboxState.SENDING)
    .values(claimed_until=clock.now() - timedelta(seconds=1)))
db.session.commit()
print(rows.rowcount)
"""


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--mails", type=int, default=1000)
    p.add_argument("--kill-after", type=int, nargs="+", default=[275],
                   help="SIGKILL the deliverer once the SMTP server has this many mails "
                        "(several values: one fresh round each)")
    p.add_argument("--batch-size", type=int, default=50)
    p.add_argument("--before-answer", action="store_true",
                   help="kill inside the SMTP server, after it stored the K-th mail and "
                        "before its 250 answer (the worst moment: sent, not recorded)")
    return p.parse_args(argv)


class Outbox:
    def __init__(self, kind: str, workdir: Path, smtp: SmtpServer):
        self.kind = kind
        self.pg_name = None
        if kind == "sqlite":
            url = f"sqlite:///{workdir / 'buurt.sqlite'}"
        else:
            self.pg_name = f"buurt_deploy_kill_{os.getpid()}"
            self.psql(f"DROP DATABASE IF EXISTS {self.pg_name}")
            self.psql(f"CREATE DATABASE {self.pg_name}")
            url = f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{self.pg_name}"
        self.env = {**os.environ, "DATABASE_URL": url, "BUURT_ENV": "production",
                    "SECRET_KEY": "bench-deliver-kill", "MAIL_SERVER": "127.0.0.1",
                    "MAIL_PORT": str(smtp.port), "MAIL_DEFAULT_SENDER": "buurt@example.org",
                    "SEARCH_INDEX_DIR": str(workdir / "search-index"),
                    "UPLOAD_FOLDER": str(workdir / "uploads")}
        for name in ("MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS"):
            self.env.pop(name, None)

    def psql(self, sql: str) -> None:
        subprocess.run(["psql", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
                        "-d", "postgres", "-qAt", "-c", sql], check=True,
                       stdout=subprocess.DEVNULL, timeout=60,
                       env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"})

    def flask(self, *command, stdin: str | None = None, timeout: float = 600) -> str:
        argv = IN_APP if command == ("shell",) else FLASK + list(command)
        done = subprocess.run(argv, env=self.env, cwd=REPO, input=stdin,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def states(self) -> dict[str, int]:
        out = self.flask("shell", stdin=STATES_SCRIPT)
        return {line.split()[0]: int(line.split()[1]) for line in out.splitlines()
                if len(line.split()) == 2 and line.split()[1].isdigit()}

    def drop(self) -> None:
        if self.pg_name:
            self.psql(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")


def run_once(kind: str, kill_after: int, args, workdir: Path) -> dict:
    smtp = SmtpServer()
    smtp.handler = smtp.controller.handler = KillingHandler()
    smtp.start()
    outbox = Outbox(kind, workdir, smtp)
    deliverer = None
    try:
        print(f"\n[{kind}] queueing {args.mails} mails ...", flush=True)
        outbox.flask("db", "upgrade")
        queued = int(outbox.flask("shell", stdin=QUEUE_SCRIPT.format(mails=args.mails))
                     .split()[-1])
        command = FLASK + ["buurt", "deliver", "--batch-size", str(args.batch_size)]
        deliverer = subprocess.Popen(command, env=outbox.env, cwd=REPO, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        if args.before_answer:
            smtp.handler.kill_at, smtp.handler.victim = kill_after, deliverer.pid
        deadline = time.monotonic() + 300
        while smtp.handler.count < kill_after:
            if deliverer.poll() is not None and not args.before_answer:
                raise SystemExit(f"The deliverer ended before {kill_after} mails:\n"
                                 + deliverer.stdout.read())
            if time.monotonic() > deadline:
                raise SystemExit("The deliverer did not reach the kill point in 300 s.")
            time.sleep(0.002)
        if deliverer.poll() is None:
            os.killpg(deliverer.pid, signal.SIGKILL)   # the session this script started
        deliverer.wait(timeout=10)
        deliverer.stdout.close()
        time.sleep(0.5)   # let the SMTP server finish a message that was on its way
        at_kill = smtp.handler.count
        states_at_kill = outbox.states()
        print(f"[{kind}] SIGKILL after {at_kill} received; outbox: {states_at_kill}", flush=True)

        out = outbox.flask("buurt", "deliver", "--batch-size", str(args.batch_size))
        after_restart = smtp.handler.count
        states_restart = outbox.states()
        print(f"[{kind}] a new deliverer at once: {out.strip().splitlines()[-1]}; "
              f"outbox: {states_restart}", flush=True)

        expired = int(outbox.flask("shell", stdin=EXPIRE_SCRIPT).split()[-1])
        out = outbox.flask("buurt", "deliver", "--batch-size", str(args.batch_size))
        states_end = outbox.states()
        print(f"[{kind}] lease of {expired} held mail(s) run out, deliverer again: "
              f"{out.strip().splitlines()[-1]}; outbox: {states_end}", flush=True)

        ids = smtp.handler.ids
        return {"database": kind, "moment": "before 250" if args.before_answer else "after",
                "queued": queued, "at_kill": at_kill,
                "held": states_at_kill.get("sending", 0),
                "after_restart": after_restart, "received": smtp.handler.count,
                "unique": len(ids),
                "lost": sum(1 for n in range(1, queued + 1) if n not in ids),
                "twice": sorted(i for i, c in ids.items() if c > 1),
                "states_end": states_end}
    finally:
        if deliverer is not None and deliverer.poll() is None:
            os.killpg(deliverer.pid, signal.SIGKILL)
            deliverer.wait(timeout=10)
        smtp.stop()
        outbox.drop()


def main(argv=None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = []
    with tempfile.TemporaryDirectory(prefix="buurt-kill-") as tmp:
        for kind in kinds:
            for kill_after in args.kill_after:
                workdir = Path(tmp) / f"{kind}-{kill_after}"
                workdir.mkdir()
                results.append(run_once(kind, kill_after, args, workdir))
    print(f"\n{'database':<10}{'kill':>11}{'queued':>8}{'at kill':>9}{'held':>6}{'received':>10}"
          f"{'unique':>8}{'lost':>6}{'twice':>7}  outbox at the end")
    for r in results:
        print(f"{r['database']:<10}{r['moment']:>11}{r['queued']:>8}{r['at_kill']:>9}{r['held']:>6}"
              f"{r['received']:>10}{r['unique']:>8}{r['lost']:>6}{len(r['twice']):>7}  "
              f"{r['states_end']}")
        if r["twice"]:
            print(f"  received twice: outbox ids {r['twice'][:20]}")
    print("(held: mails in 'sending' under the dead deliverer's lease right after the kill)")
    return 1 if any(r["lost"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
