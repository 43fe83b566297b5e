"""Deliver the e-mail outbox through SMTP (or to the log), safely with several deliverers.

Unlike other services this one commits: a claim must be visible to other deliverers at
once, and each mail's outcome must be stored as soon as the SMTP server has answered.
"""
import logging
import os
import secrets
import smtplib
import socket
import ssl
import threading
from dataclasses import dataclass, fields
from datetime import timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import and_, or_, select, update

from buurt.core import clock
from buurt.core.extensions import db
from buurt.notifications.models import OutboxEmail, OutboxState

mail_log = logging.getLogger("buurt.mail")
log = logging.getLogger(__name__)

# The wait after the 1st, 2nd, … failed attempt; after one more failure a mail has failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(hours=2), timedelta(hours=12))
LEASE = timedelta(minutes=5)
SMTP_TIMEOUT = 30  # seconds for each network step of the SMTP conversation
WORKER_LENGTH = OutboxEmail.claimed_by.type.length


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __add__(self, other: "DeliveryReport") -> "DeliveryReport":
        return DeliveryReport(*(getattr(self, f.name) + getattr(other, f.name)
                                for f in fields(self)))

    def summary(self) -> str:
        return f"Sent {self.sent}, retried {self.retried}, failed {self.failed}."


def worker_id() -> str:
    """Name this deliverer: host, process and a random suffix, unique among its peers."""
    suffix = f"-{os.getpid()}-{secrets.token_hex(4)}"
    return socket.gethostname()[:WORKER_LENGTH - len(suffix)] + suffix


def _due(now):
    # A mail in `sending` whose lease ran out belongs to a deliverer that died: retake it.
    return or_(and_(OutboxEmail.state == OutboxState.QUEUED, OutboxEmail.send_after <= now),
               and_(OutboxEmail.state == OutboxState.SENDING, OutboxEmail.claimed_until < now))


def claim(*, worker: str, batch_size: int, lease: timedelta = LEASE) -> list[OutboxEmail]:
    """Take up to batch_size due mails for this worker, commit, and return them."""
    db.session.commit()  # the claim must be the first statement of its own transaction
    now = clock.now()
    # SKIP LOCKED lets PostgreSQL deliverers pass each other's rows by; SQLite ignores it
    # and runs one writer at a time. The candidates are a materialised CTE because
    # PostgreSQL may rescan a plain IN (subquery), and a rescan of a locking subquery
    # skips the rows this very statement has just claimed and returns more of them. The
    # due condition is repeated outside because PostgreSQL re-checks only that one
    # against a row another deliverer changed meanwhile.
    candidates = (select(OutboxEmail.id).where(_due(now)).order_by(OutboxEmail.id)
                  .limit(batch_size).with_for_update(skip_locked=True)
                  .cte("due_mail").prefix_with("MATERIALIZED", dialect="postgresql"))
    db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(select(candidates.c.id)), _due(now))
        .values(state=OutboxState.SENDING, claimed_by=worker, claimed_until=now + lease)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.claimed_by == worker, OutboxEmail.state == OutboxState.SENDING)
        .order_by(OutboxEmail.id)))


def build_message(mail: OutboxEmail) -> EmailMessage:
    """Make the multipart/alternative message (text and HTML) for one outbox row."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(clock.now().replace(tzinfo=timezone.utc))
    # The same Message-ID on every attempt lets mail servers drop a duplicate, should a
    # deliverer die between the server's answer and the commit that records it.
    message["Message-ID"] = f"<outbox.{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"
    message["X-Buurt-Outbox-Id"] = str(mail.id)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body_text)
    message.add_alternative(mail.body_html, subtype="html")
    return message


class ConnectFailed(Exception):
    """The SMTP server could not be reached (or refused us); no mail of the batch can go."""


class SmtpConnection:
    """One SMTP connection for a batch, opened on first use and again after it breaks."""

    def __init__(self, config):
        self.config = config
        self.smtp = None

    def _connect(self):
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                            timeout=SMTP_TIMEOUT)
        try:
            if config.get("MAIL_USE_TLS"):
                # smtplib's default would accept any certificate; check it as browsers do.
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            try:
                self.smtp = self._connect()
            except (smtplib.SMTPException, OSError) as exc:
                raise ConnectFailed(_describe(exc)) from exc
        self.smtp.send_message(message)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def _mark_sent(mail: OutboxEmail) -> None:
    mail.state = OutboxState.SENT
    mail.sent_at = clock.now()
    mail.claimed_until = None


def _retry_later(mail: OutboxEmail, error: str, report: DeliveryReport, *,
                 give_up: bool = False) -> None:
    """Count a failed attempt: queue the mail again after its back-off, or give up."""
    mail.attempts += 1
    mail.last_error = error
    mail.claimed_by = mail.claimed_until = None
    if give_up or mail.attempts > len(BACKOFF):
        mail.state = OutboxState.FAILED
        report.failed += 1
        log.warning("Gave up on mail %s to %s after %s attempts: %s",
                    mail.id, mail.to_address, mail.attempts, error)
    else:
        mail.state = OutboxState.QUEUED
        mail.send_after = clock.now() + BACKOFF[mail.attempts - 1]
        report.retried += 1


def _release(mails) -> None:
    """Give unsent mails back to the queue without counting an attempt."""
    for mail in mails:
        mail.state = OutboxState.QUEUED
        mail.claimed_by = mail.claimed_until = None


def _send_batch(mails, report: DeliveryReport, margin: timedelta) -> None:
    connection = SmtpConnection(current_app.config)
    try:
        for index, mail in enumerate(mails):
            # Stop while the lease still holds: after it, another deliverer may take the rest.
            if clock.now() + margin >= mail.claimed_until:
                _release(mails[index:])
                db.session.commit()
                return
            try:
                message = build_message(mail)
            except ValueError as exc:  # e.g. a line break in the address: no retry helps
                _retry_later(mail, _describe(exc), report, give_up=True)
                db.session.commit()
                continue
            try:
                connection.send(message)
            except ConnectFailed as exc:
                for unsent in mails[index:]:
                    _retry_later(unsent, str(exc), report)
                db.session.commit()
                return
            except (smtplib.SMTPException, OSError) as exc:
                _retry_later(mail, _describe(exc), report)
                if not isinstance(exc, (smtplib.SMTPResponseException,
                                        smtplib.SMTPRecipientsRefused)):
                    connection.close()  # the connection broke: open a new one for the next
            else:
                _mark_sent(mail)
                report.sent += 1
            db.session.commit()
    finally:
        connection.close()


def _log_batch(mails, report: DeliveryReport) -> None:
    for mail in mails:
        mail_log.info("Mail to %s\nSubject: %s\n\n%s", mail.to_address, mail.subject,
                      mail.body_text)
        _mark_sent(mail)
        report.sent += 1
        db.session.commit()


def deliver_due(*, worker: str, batch_size: int = 50, lease: timedelta = LEASE) -> DeliveryReport:
    """Claim one batch of due mails, send them and record each outcome."""
    mails = claim(worker=worker, batch_size=batch_size, lease=lease)
    report = DeliveryReport(claimed=len(mails))
    if not mails:
        return report
    if current_app.config.get("MAIL_SERVER"):
        # Leave time for one slow mail before the lease ends.
        margin = min(lease / 2, timedelta(seconds=2 * SMTP_TIMEOUT))
        _send_batch(mails, report, margin)
    else:
        _log_batch(mails, report)  # development: no mail server, so the log is the inbox
    return report


def deliver_all(*, worker: str, batch_size: int = 50, lease: timedelta = LEASE,
                stop: threading.Event | None = None) -> DeliveryReport:
    """Deliver batch after batch until nothing is due (or stop is set)."""
    total = DeliveryReport()
    while stop is None or not stop.is_set():
        report = deliver_due(worker=worker, batch_size=batch_size, lease=lease)
        total += report
        if not report.claimed:
            break
    return total


def run_loop(*, worker: str, interval_seconds: float, stop: threading.Event | None = None,
             wait=None, tick=None, batch_size: int = 50,
             lease: timedelta = LEASE) -> DeliveryReport:
    """Deliver what is due and call tick, round after round, until stop is set."""
    stop = stop or threading.Event()
    wait = wait or stop.wait
    total = DeliveryReport()
    while not stop.is_set():
        try:
            report = deliver_all(worker=worker, batch_size=batch_size, lease=lease, stop=stop)
            total += report
            if report.claimed:
                log.info("%s (worker %s)", report.summary(), worker)
            if tick is not None:
                tick()
        except Exception:
            # A deployment's deliverer must outlive a database restart or a bad round;
            # the mails it held come back when their lease ends.
            db.session.rollback()
            log.exception("A delivery round failed; trying again in %s s", interval_seconds)
        wait(interval_seconds)
    return total
