"""A resident's data export: asking for it, the worker making it (`buurt tick`), the
download, and its end after EXPORT_DAYS.

Making one is a step of `buurt tick`, so `buurt deliver --loop` does it each round: the
zip is written to the exports storage, the export turns ready and a mail with the link
is queued, in the same transaction as the rest of the tick. The step is idempotent: an
export is made once, because only a waiting one is made and making it ends its waiting
(a conditional UPDATE, so two ticks at once cannot both finish the same export).
"""
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from buurt.core import clock, storage
from buurt.core.extensions import db
from buurt.export import archive, collect
from buurt.export.models import DataExport, ExportState
from buurt.notifications import mail
from buurt.people import deletion
from buurt.people.models import User

log = logging.getLogger(__name__)

# Exports made per tick at most, so one round of the mail worker stays short.
BATCH = 5


class AlreadyWaiting(Exception):
    """The resident's export is being made already."""


def valid_days() -> int:
    return int(current_app.config["EXPORT_DAYS"])


def files():
    return storage.get("exports")


def ask(user: User) -> DataExport:
    """Record the resident's request; AlreadyWaiting when one waits already."""
    export = DataExport(user_id=user.id, state=ExportState.WAITING,
                        token=secrets.token_urlsafe(32), created_at=clock.now())
    try:
        # The partial unique index allows one waiting export per resident.
        with db.session.begin_nested():
            db.session.add(export)
    except IntegrityError:
        raise AlreadyWaiting from None
    return export


@dataclass
class Status:
    """What the export page shows: a download that works, one being made, or a failure."""
    ready: DataExport | None
    waiting: DataExport | None
    failed: DataExport | None


def status(user: User, now: datetime | None = None) -> Status:
    """The resident's exports as the page shows them, in one statement."""
    now = now or clock.now()
    # One waiting, one ready and at most a failure or two: tick keeps it to that.
    exports = list(db.session.scalars(
        select(DataExport).where(DataExport.user_id == user.id)
        .order_by(DataExport.created_at.desc(), DataExport.id.desc()).limit(5)))
    ready = next((e for e in exports if e.is_ready and not e.has_expired(now)), None)
    waiting = next((e for e in exports if e.is_waiting), None)
    newest = exports[0] if exports else None
    failed = newest if newest is not None and newest.is_failed else None
    return Status(ready=ready, waiting=waiting, failed=failed)


def for_download(user: User, token: str, now: datetime | None = None) -> DataExport | None:
    """The resident's own ready export with this token, or None (someone else's, unknown,
    expired or not made yet: the page answers 404 to all of them alike)."""
    now = now or clock.now()
    return db.session.scalar(select(DataExport).where(
        DataExport.token == token, DataExport.user_id == user.id,
        DataExport.state == ExportState.READY, DataExport.expires_at > now))


def _language(user: User) -> str:
    if user.language in current_app.config["LANGUAGES"]:
        return user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _finish(export: DataExport, **values) -> bool:
    """End the export's waiting; False when another tick ended it first."""
    done = db.session.execute(
        update(DataExport)
        .where(DataExport.id == export.id, DataExport.state == ExportState.WAITING)
        .values(**values).execution_options(preserve_rowcount=True))
    return done.rowcount == 1


def _remove(export: DataExport) -> None:
    if export.file_name:
        files().delete(export.file_name)
    db.session.delete(export)


def make(export: DataExport, now: datetime) -> bool:
    """Make one waiting export: the zip, the ready state, the mail. True when made."""
    user = export.user
    expires = now + timedelta(days=valid_days())
    name = f"{secrets.token_hex(16)}.zip"
    with force_locale(_language(user)):
        try:
            # A savepoint, so a failing statement does not end the tick's transaction.
            with db.session.begin_nested():
                data = archive.build(collect.collect(user))
            files().save(name, data)
        except Exception:  # any fault in one resident's export must not stop the others
            log.exception("data export %s of user %s failed", export.id, user.id)
            _finish(export, state=ExportState.FAILED, expires_at=expires)
            return False
        if not _finish(export, state=ExportState.READY, file_name=name,
                       size_bytes=len(data), ready_at=now, expires_at=expires):
            files().delete(name)
            return False
        # One download at a time: the resident's older exports go.
        for old in db.session.scalars(select(DataExport).where(
                DataExport.user_id == user.id, DataExport.id != export.id,
                DataExport.state != ExportState.WAITING)):
            _remove(old)
        mail.queue(user, "data_export", "export_ready", name=user.display_name,
                   link=mail.absolute_url("export.download", token=export.token),
                   expires_at=expires)
    db.session.flush()
    return True


def make_waiting(now: datetime | None = None, limit: int = BATCH) -> int:
    """Make the exports that wait, oldest first; return how many were made."""
    now = now or clock.now()
    waiting = db.session.scalars(
        select(DataExport).where(DataExport.state == ExportState.WAITING)
        .order_by(DataExport.created_at, DataExport.id).limit(limit)
        # Another tick on PostgreSQL passes these by instead of waiting for them.
        .with_for_update(skip_locked=True, of=DataExport)
        .options(joinedload(DataExport.user))).all()
    return sum(make(export, now) for export in waiting)


def remove_expired(now: datetime | None = None) -> int:
    """Remove the exports (files and rows) whose time is over; return how many."""
    now = now or clock.now()
    expired = list(db.session.scalars(
        select(DataExport).where(DataExport.expires_at <= now)))
    for export in expired:
        _remove(export)
    db.session.flush()
    return len(expired)


def remove_for_deleted_account(user: User) -> None:
    """A deleted account's exports go at once, files and rows: they hold its data."""
    for export in db.session.scalars(select(DataExport).where(DataExport.user_id == user.id)):
        _remove(export)
    db.session.flush()


deletion.register("export", remove_for_deleted_account)
