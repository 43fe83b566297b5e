"""A copy of the site to put back after a broken disk or a bad upgrade: one .tar.gz with
the SQLite database (through SQLite's online backup, safe while the site runs), the
uploaded photos and videos, and a manifest. On PostgreSQL the database is pg_dump's work;
the archive then holds the uploads and says so.
"""
import json
import shutil
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from buurt.core import clock, storage
from buurt.core.extensions import db
from buurt.people.models import User
from buurt.posts.models import Post

DATABASE_NAME = "buurt.sqlite"
UPLOADS_NAME = "uploads"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class Backup:
    path: Path
    manifest: dict


def _sqlite_path() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def pg_dump_command() -> str:
    """How to dump the PostgreSQL database (the password, if any, is not printed)."""
    url = db.engine.url.set(drivername="postgresql")
    return f"pg_dump --format=custom --file=buurt.pgdump '{url.render_as_string(hide_password=True)}'"


def pg_restore_command() -> str:
    url = db.engine.url.set(drivername="postgresql")
    return (f"pg_restore --clean --if-exists --no-owner "
            f"--dbname='{url.render_as_string(hide_password=True)}' buurt.pgdump")


def _revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # a database made by create_all (tests) has no Alembic table
        db.session.rollback()
        return None


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write to `source`."""
    with closing(sqlite3.connect(source)) as read, closing(sqlite3.connect(target)) as write:
        read.backup(write)


def create(folder: Path) -> Backup:
    """Write buurt-backup-<UTC time>.tar.gz into `folder` and return it with its manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    uploads = storage.get().folder
    source = _sqlite_path()
    manifest = {
        "created_at": clock.now().isoformat(timespec="seconds") + "Z",
        "database": "sqlite" if source else db.engine.url.get_backend_name(),
        "schema_revision": _revision(),
        "residents": db.session.scalar(db.select(db.func.count(User.id))),
        "posts": db.session.scalar(db.select(db.func.count(Post.id))),
        "uploads": sum(1 for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else 0,
    }
    db.session.rollback()   # end the read transaction before SQLite copies the file
    target = folder / f"buurt-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=folder) as work:
        work = Path(work)
        if source:
            _copy_sqlite(source, work / DATABASE_NAME)
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2))
        partial = work / "partial.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST_NAME, MANIFEST_NAME)
            if source:
                archive.add(work / DATABASE_NAME, DATABASE_NAME)
            if uploads.exists():
                archive.add(uploads, UPLOADS_NAME)
        partial.replace(target)   # never a half-written archive under the final name
    return Backup(target, manifest)


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST_NAME)
            return json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{path} is not a backup made by `buurt backup`: {exc}") from None


def restore(path: Path) -> dict:
    """Put a backup back: the SQLite database (on SQLite) and the uploads folder.

    Stop the web workers and the mail worker first: the database and the files are
    replaced under them. Rebuild the search index afterwards (the command does).
    """
    path = Path(path)
    manifest = read_manifest(path)
    target = _sqlite_path()
    if manifest["database"] == "sqlite" and target is None:
        raise BackupError("This backup holds an SQLite database, but the site runs on "
                          f"{db.engine.url.get_backend_name()}.")
    uploads = storage.get().folder
    uploads.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads.parent) as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        if manifest["database"] == "sqlite":
            db.session.remove()
            db.engine.dispose()
            _copy_sqlite(work / DATABASE_NAME, target)
        restored = work / UPLOADS_NAME
        if not restored.exists():
            restored.mkdir()
        old = work / "uploads-before-restore"
        if uploads.exists():
            uploads.replace(old)
        restored.replace(uploads)
        shutil.rmtree(old, ignore_errors=True)
    return manifest


def default_folder() -> Path:
    return Path(current_app.instance_path) / "backups"
