"""Keyset pagination on (created_at, id): no count, no offset, one indexed range a page."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_

from buurt.extensions import db

_FORMAT = "%Y%m%d%H%M%S%f"


@dataclass
class Page:
    items: list
    newer: str | None = None   # cursor for the page with newer items, if there is one
    older: str | None = None   # cursor for the page with older items, if there is one


def encode(created_at: datetime, ident: int) -> str:
    return f"{created_at.strftime(_FORMAT)}-{ident}"


def decode(cursor: str | None) -> tuple[datetime, int] | None:
    """Read a cursor from a URL; anything malformed means the first page."""
    if not cursor:
        return None
    stamp, _, ident = cursor.partition("-")
    try:
        return datetime.strptime(stamp, _FORMAT), int(ident)
    except ValueError:
        return None


def keyset(stmt, created_col, id_col, *, size: int, older: str | None = None,
           newer: str | None = None) -> Page:
    """Run stmt newest first, one page of `size` after `older` or before `newer`.

    created_col is any timestamp the list is ordered by; its value on the items is read
    through the column's attribute name.
    """
    after, before = decode(older), decode(newer)
    if before is not None and after is None:
        when, ident = before
        # created_at >= when gives the index a range; the OR breaks ties on id.
        stmt = stmt.where(created_col >= when,
                          or_(created_col > when, and_(created_col == when, id_col > ident)))
        rows = db.session.scalars(
            stmt.order_by(created_col.asc(), id_col.asc()).limit(size + 1)).unique().all()
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return Page(items, newer=_cursor(items[0], created_col) if more_newer else None,
                    older=_cursor(items[-1], created_col) if items else None)
    if after is not None:
        when, ident = after
        stmt = stmt.where(created_col <= when,
                          or_(created_col < when, and_(created_col == when, id_col < ident)))
    rows = db.session.scalars(
        stmt.order_by(created_col.desc(), id_col.desc()).limit(size + 1)).unique().all()
    items = list(rows[:size])
    return Page(items, newer=_cursor(items[0], created_col) if after and items else None,
                older=_cursor(items[-1], created_col) if len(rows) > size else None)


def _cursor(item, created_col) -> str:
    return encode(getattr(item, created_col.key), item.id)
