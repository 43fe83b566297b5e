"""Uploads that go: one replaced or deleted, unless something still shows it, and the files
of forms nobody finished (swept by `buurt tick`)."""
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from buurt.core import storage
from buurt.core.extensions import db
from buurt.core.media import references
from buurt.core.media.models import Upload


def delete(upload: Upload) -> None:
    """Remove an upload and its files."""
    files = storage.get()
    for name in upload.names:
        files.delete(name)
    db.session.delete(upload)
    db.session.flush()


def is_used(upload: Upload) -> bool:
    """Whether a post, a meeting place or a profile still shows this upload."""
    for column in references.COLUMNS:
        if db.session.scalar(select(column).where(column == upload.id).limit(1)) is not None:
            return True
    return False


def delete_if_unused(upload: Upload | None) -> None:
    """Remove an upload and its files, unless something still shows it."""
    if upload is not None and not is_used(upload):
        delete(upload)


# Passed as the photo to a service's update: leave the photo as it is.
KEEP = object()


def replace(thing, attribute: str, upload) -> None:
    """Put `upload` (or None) on thing.<attribute>; the one it had goes for good unless
    something else still shows it. `KEEP` changes nothing."""
    if upload is KEEP:
        return
    old = getattr(thing, attribute)
    setattr(thing, attribute, upload)
    db.session.flush()
    if old is not None and old is not upload:
        delete_if_unused(old)


# A file sent with a form that was never finished goes after this long (the form keeps it
# for a second try, which nobody takes a day over).
ABANDONED_AFTER = timedelta(days=1)
# At most this many files go per run of `buurt tick`.
SWEEP_BATCH = 500


def sweep_abandoned(now: datetime) -> int:
    """Remove uploads that nothing shows and that were sent more than ABANDONED_AFTER ago
    (for `buurt tick`); returns how many went."""
    abandoned = db.session.scalars(
        select(Upload).where(Upload.created_at < now - ABANDONED_AFTER,
                             *(~exists().where(column == Upload.id)
                               for column in references.COLUMNS))
        .order_by(Upload.id).limit(SWEEP_BATCH)).all()
    for upload in abandoned:
        delete(upload)
    return len(abandoned)
