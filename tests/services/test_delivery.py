"""Delivering the outbox to a real SMTP server: retries, crashed deliverers, the log, and
two deliverers at once."""
import logging
import os
import re
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from buurt.core import clock
from buurt.core.extensions import db
from buurt.notifications import delivery, mail
from buurt.notifications.models import OutboxEmail, OutboxState
from tests.smtp import free_port, wait_in_executor

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def queue_mails(make_user):
    """Queue n password-reset mails, spread over a few residents, and commit."""
    def queue(n, *, users=None):
        users = users or [make_user(language="en"), make_user(language="nl")]
        queued = [mail.queue(users[i % len(users)], "password_reset", "password_reset",
                             name=f"Buur {i}", link=f"https://buurt.example/r/{i}", hours=2)
                  for i in range(n)]
        db.session.commit()
        return queued
    return queue


def state_of(mails):
    for m in mails:
        db.session.refresh(m)
    return [m.state for m in mails]


def test_a_queued_mail_arrives_with_text_html_and_the_right_headers(smtp_server, make_user):
    user = make_user("Ann", email="ann@example.com", language="en")
    queued = mail.queue(user, "password_reset", "password_reset", name="Ann & <Bob>",
                        link="https://buurt.example/r/1", hours=2)
    db.session.commit()

    report = delivery.deliver_due(worker="test-worker")

    assert (report.claimed, report.sent, report.retried, report.failed) == (1, 1, 0, 0)
    [received] = smtp_server.messages
    message = received.message
    assert received.rcpt_tos == ["ann@example.com"]
    assert received.mail_from == "buurt@buurt.test"
    assert message["To"] == "ann@example.com"
    assert message["From"] == "Buurt <buurt@buurt.test>"
    assert message["Subject"] == "Choose a new password for Buurt"
    assert message["X-Buurt-Outbox-Id"] == str(queued.id)
    assert message["Message-ID"].startswith(f"<outbox.{queued.id}.")
    assert message["Message-ID"].endswith("@buurt.test>")
    assert message.get_content_type() == "multipart/alternative"
    assert received.text.startswith("Hello Ann & <Bob>,")
    assert "https://buurt.example/r/1" in received.text
    assert "<p>Hello Ann &amp; &lt;Bob&gt;,</p>" in received.html
    assert "/notifications/settings" in received.text and "/notifications/settings" in received.html
    db.session.refresh(queued)
    assert queued.state == OutboxState.SENT and queued.sent_at is not None
    assert queued.claimed_by == "test-worker" and queued.attempts == 0


def test_the_deliverer_logs_in_when_a_user_name_is_set(smtp_server, app, queue_mails):
    app.config.update(MAIL_USERNAME="buurt", MAIL_PASSWORD=smtp_server.password)
    queue_mails(2)
    assert delivery.deliver_due(worker="w").sent == 2
    assert smtp_server.logins == ["buurt"] and len(smtp_server.messages) == 2


def test_a_wrong_mail_password_retries_the_batch(smtp_server, app, queue_mails):
    app.config.update(MAIL_USERNAME="buurt", MAIL_PASSWORD="wrong")
    queued = queue_mails(2)
    report = delivery.deliver_due(worker="w")
    assert (report.sent, report.retried) == (0, 2)
    assert all("SMTPAuthenticationError" in m.last_error for m in queued)
    assert smtp_server.messages == [] and smtp_server.logins == []


def test_with_tls_required_nothing_goes_out_in_the_clear(smtp_server, app, queue_mails):
    app.config["MAIL_USE_TLS"] = True   # the test server offers no STARTTLS
    [queued] = queue_mails(1)
    assert delivery.deliver_due(worker="w").retried == 1
    assert "STARTTLS" in queued.last_error and smtp_server.messages == []


def test_a_batch_goes_over_one_connection(smtp_server, queue_mails):
    queue_mails(5)
    assert delivery.deliver_due(worker="w", batch_size=3).sent == 3
    assert len({r.session_id for r in smtp_server.messages}) == 1
    assert delivery.deliver_all(worker="w", batch_size=3).sent == 2
    assert len({r.session_id for r in smtp_server.messages}) == 2


def test_deliver_all_sends_everything_that_is_due_in_batches(smtp_server, queue_mails):
    queued = queue_mails(7)
    later = queue_mails(1)[0]
    later.send_after = clock.now() + timedelta(hours=1)
    db.session.commit()
    report = delivery.deliver_all(worker="w", batch_size=3)
    assert (report.claimed, report.sent) == (7, 7)
    assert sorted(smtp_server.outbox_ids()) == [m.id for m in queued]
    assert state_of([later]) == [OutboxState.QUEUED]


def test_a_refusing_server_means_retries_with_back_off_then_failed(smtp_server, queue_mails):
    smtp_server.reply = "451 4.3.0 Try again later"
    with time_machine.travel(START, tick=False) as traveller:
        [queued] = queue_mails(1)
        for attempt, wait in enumerate(delivery.BACKOFF, start=1):
            report = delivery.deliver_due(worker="w")
            assert (report.sent, report.retried, report.failed) == (0, 1, 0)
            db.session.refresh(queued)
            assert queued.state == OutboxState.QUEUED and queued.attempts == attempt
            assert queued.send_after == clock.now() + wait
            assert "451" in queued.last_error and queued.claimed_by is None
            traveller.shift(wait - timedelta(seconds=1))
            assert delivery.deliver_due(worker="w").claimed == 0   # not due yet
            traveller.shift(timedelta(seconds=1))

        report = delivery.deliver_due(worker="w")
        assert (report.sent, report.retried, report.failed) == (0, 0, 1)
        db.session.refresh(queued)
        assert queued.state == OutboxState.FAILED
        assert queued.attempts == len(delivery.BACKOFF) + 1
        traveller.shift(timedelta(days=7))
        assert delivery.deliver_due(worker="w").claimed == 0
    assert smtp_server.messages == []


def test_a_mail_that_failed_once_goes_out_on_the_next_try(smtp_server, queue_mails):
    smtp_server.reply = "451 4.3.0 Try again later"
    with time_machine.travel(START, tick=False) as traveller:
        [queued] = queue_mails(1)
        assert delivery.deliver_due(worker="w").retried == 1
        smtp_server.reply = None
        traveller.shift(delivery.BACKOFF[0])
        assert delivery.deliver_due(worker="w").sent == 1
    db.session.refresh(queued)
    assert queued.state == OutboxState.SENT and queued.attempts == 1
    assert smtp_server.outbox_ids() == [queued.id]


def test_a_refused_recipient_does_not_stop_the_rest_of_the_batch(smtp_server, make_user,
                                                                 queue_mails):
    good, bad = make_user(email="good@example.com"), make_user(email="bad@example.com")
    smtp_server.refused.add("bad@example.com")
    queued = queue_mails(3, users=[good, bad])
    report = delivery.deliver_due(worker="w")
    assert (report.sent, report.retried) == (2, 1)
    assert state_of(queued) == [OutboxState.SENT, OutboxState.QUEUED, OutboxState.SENT]
    assert "550" in queued[1].last_error
    assert len({r.session_id for r in smtp_server.messages}) == 1


def test_a_mail_that_cannot_be_built_fails_at_once_and_the_rest_goes(smtp_server,
                                                                     queue_mails):
    queued = queue_mails(3)
    queued[1].to_address = "kees@example.com\nBcc: someone@example.com"
    db.session.commit()
    report = delivery.deliver_due(worker="w")
    assert (report.sent, report.retried, report.failed) == (2, 0, 1)
    assert state_of(queued) == [OutboxState.SENT, OutboxState.FAILED, OutboxState.SENT]
    assert "ValueError" in queued[1].last_error
    assert [r.rcpt_tos for r in smtp_server.messages] == [[queued[0].to_address],
                                                         [queued[2].to_address]]


def test_an_unreachable_server_retries_the_whole_batch(app, queue_mails):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port("127.0.0.1"))
    queued = queue_mails(3)
    report = delivery.deliver_due(worker="w")
    assert (report.sent, report.retried, report.failed) == (0, 3, 0)
    assert state_of(queued) == [OutboxState.QUEUED] * 3
    assert all(m.attempts == 1 and "ConnectionRefusedError" in m.last_error for m in queued)


def test_mails_of_a_crashed_deliverer_come_back_when_its_lease_ends(smtp_server, queue_mails):
    with time_machine.travel(START, tick=False) as traveller:
        orphan, held = queue_mails(2)
        for m in (orphan, held):
            m.state, m.claimed_by = OutboxState.SENDING, "crashed-worker"
        orphan.claimed_until = clock.now() - timedelta(seconds=1)
        held.claimed_until = clock.now() + timedelta(minutes=3)
        db.session.commit()

        report = delivery.deliver_due(worker="next-worker")
        assert (report.claimed, report.sent) == (1, 1)
        assert smtp_server.outbox_ids() == [orphan.id]
        assert state_of([orphan, held]) == [OutboxState.SENT, OutboxState.SENDING]
        assert orphan.claimed_by == "next-worker"

        traveller.shift(timedelta(minutes=3, seconds=1))
        assert delivery.deliver_due(worker="next-worker").sent == 1
        assert smtp_server.outbox_ids() == [orphan.id, held.id]


def test_claims_of_two_deliverers_do_not_overlap(app, queue_mails):
    queue_mails(5)
    first = delivery.claim(worker="a", batch_size=3)
    second = delivery.claim(worker="b", batch_size=3)
    assert len(first) == 3 and len(second) == 2
    assert not {m.id for m in first} & {m.id for m in second}
    assert {m.claimed_by for m in first} == {"a"} and {m.claimed_by for m in second} == {"b"}
    assert delivery.claim(worker="c", batch_size=3) == []


def test_without_a_mail_server_mails_go_to_the_log(app, queue_mails, caplog):
    app.config["MAIL_SERVER"] = None
    caplog.set_level(logging.INFO, logger="buurt.mail")
    queued = queue_mails(2)
    report = delivery.deliver_due(worker="w")
    assert (report.sent, report.retried) == (2, 0)
    assert state_of(queued) == [OutboxState.SENT] * 2
    records = [r for r in caplog.records if r.name == "buurt.mail"]
    assert len(records) == 2 and all(r.levelno == logging.INFO for r in records)
    first = records[0].getMessage()
    assert queued[0].to_address in first
    assert "Subject: Choose a new password for Buurt" in first
    assert "https://buurt.example/r/0" in first and queued[0].body_text.strip() in first


def test_the_loop_delivers_round_after_round_and_calls_tick(smtp_server, queue_mails):
    queue_mails(1)
    stop = threading.Event()
    ticks, waits = [], []

    def wait(seconds):
        waits.append(seconds)
        if len(waits) == 1:
            queue_mails(2)   # new mail while the deliverer waits
        else:
            stop.set()

    report = delivery.run_loop(worker="w", interval_seconds=7, stop=stop, wait=wait,
                               tick=lambda: ticks.append(1))
    assert waits == [7, 7] and len(ticks) == 2
    assert report.sent == 3 and len(smtp_server.messages) == 3


def test_the_loop_outlives_a_failing_round(smtp_server, queue_mails, caplog):
    queue_mails(1)
    stop = threading.Event()
    rounds = []

    def tick():
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("the periodic work broke")

    def wait(seconds):
        if len(rounds) == 2:
            stop.set()

    with caplog.at_level(logging.ERROR):
        delivery.run_loop(worker="w", interval_seconds=1, stop=stop, wait=wait, tick=tick)
    assert len(rounds) == 2 and len(smtp_server.messages) == 1
    assert "A delivery round failed" in caplog.text


def test_worker_ids_are_unique_and_fit_the_column():
    ids = {delivery.worker_id() for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) <= 64 and f"-{os.getpid()}-" in i for i in ids)


def test_the_deliver_command_sends_and_summarises(smtp_server, queue_mails, runner):
    queue_mails(3)
    result = runner.invoke(args=["buurt", "deliver", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Sent 3, retried 0, failed 0.")
    assert len(smtp_server.messages) == 3


@pytest.fixture
def one_round(monkeypatch):
    """`deliver --loop` runs one round and stops; returns what the command passed in."""
    loop = delivery.run_loop
    seen = {}

    def one_round_only(**kwargs):
        seen.update(kwargs)
        stop = kwargs["stop"]
        return loop(**kwargs, wait=lambda seconds: stop.set())
    monkeypatch.setattr(delivery, "run_loop", one_round_only)
    return seen


def test_the_deliver_command_loops_until_stopped(smtp_server, queue_mails, runner, one_round):
    queue_mails(2)
    seen = one_round
    result = runner.invoke(args=["buurt", "deliver", "--loop", "--interval", "3"])
    assert result.exit_code == 0, result.output
    assert seen["interval_seconds"] == 3 and seen["batch_size"] == 50
    assert "Sent 2, retried 0, failed 0." in result.output
    assert len(smtp_server.messages) == 2
    assert seen["tick"] is not None       # one deliverer also does the periodic work


@pytest.mark.parametrize("flag, ticks", [("--tick", True), ("--no-tick", False)])
def test_only_one_of_several_deliverers_needs_to_tick(smtp_server, queue_mails, runner,
                                                      one_round, flag, ticks):
    queue_mails(1)
    seen = one_round
    result = runner.invoke(args=["buurt", "deliver", "--loop", flag])
    assert result.exit_code == 0, result.output
    assert (seen["tick"] is not None) == ticks
    assert len(smtp_server.messages) == 1


def test_two_deliverer_processes_at_once_send_every_mail_exactly_once(
        app, database_url, smtp_inbox, queue_mails):
    queued = queue_mails(40)
    # Hold the first message of the first connections until both deliverers have one in
    # flight: each process is then inside its send loop while the other is in its own.
    barrier = threading.Barrier(2)
    overlapped = threading.Event()
    held = set()

    async def meet_the_other_deliverer(session):
        if overlapped.is_set() or id(session) in held:
            return
        held.add(id(session))
        try:
            await wait_in_executor(barrier.wait, 60)
        except threading.BrokenBarrierError:
            return   # no overlap: the assert below says so
        overlapped.set()
    smtp_inbox.before_accept = meet_the_other_deliverer

    env = {**os.environ, "DATABASE_URL": database_url, "BUURT_ENV": "test",
           "MAIL_SERVER": smtp_inbox.host, "MAIL_PORT": str(smtp_inbox.port),
           "MAIL_DEFAULT_SENDER": "buurt@buurt.test"}
    for name in ("MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS"):
        env.pop(name, None)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "buurt", "deliver",
               "--batch-size", "5"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            outputs.append(out)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()

    assert overlapped.is_set(), "the two deliverers never had a mail in flight together"
    sent = [int(re.search(r"Sent (\d+), retried 0, failed 0\.", out).group(1))
            for out in outputs]
    assert all(n > 0 for n in sent) and sum(sent) == 40, outputs
    received = smtp_inbox.outbox_ids()
    assert sorted(received) == sorted(m.id for m in queued)   # each one, exactly once
    db.session.expire_all()
    rows = db.session.scalars(db.select(OutboxEmail)).all()
    assert {r.state for r in rows} == {OutboxState.SENT}
    assert len({r.claimed_by for r in rows}) == 2
