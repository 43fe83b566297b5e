"""Keyset pagination: no count, no offset, one indexed range a page, on any sort key."""
import base64
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, and_, or_

from buurt.core.extensions import db
from buurt.core.ids import fits, parse_id

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
        when = datetime.strptime(stamp, _FORMAT)
    except ValueError:
        return None
    ident = parse_id(ident)
    return None if ident is None else (when, ident)


def keyset(stmt, created_col, id_col, *, size: int, older: str | None = None,
           newer: str | None = None) -> Page:
    """Run stmt newest first, one page of `size` after `older` or before `newer`.

    created_col is any timestamp the list is ordered by; its value on the items is read
    through the column's attribute name. The same walk as keyset_by (descending), with the
    cursors of the first lists ("20261203124500000000-12"), which links keep using.
    """
    columns = [created_col, id_col]
    return _walk(stmt, columns, size=size, start=decode(older), end=decode(newer),
                 descending=True, cursor=lambda item: _cursor(item, created_col))


def _cursor(item, created_col) -> str:
    return encode(getattr(item, created_col.key), item.id)


def _value_of(column, raw):
    if raw is not None and isinstance(column.type, DateTime):
        return datetime.fromisoformat(raw)
    return raw


def encode_key(values) -> str:
    """A cursor for any sort key: (name, id), (starts_at, id), ... as a short URL token."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()
                                    ).decode().rstrip("=")


def decode_key(cursor: str | None, columns) -> tuple | None:
    """Read a cursor made by encode_key for these columns; anything malformed means None."""
    if not cursor or len(cursor) > 1000:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(columns):
            return None
        values = tuple(_value_of(c, r) for c, r in zip(columns, raw))
    except (ValueError, TypeError):
        return None
    for column, value in zip(columns, values):
        wanted = column.type.python_type
        if value is None or (not isinstance(value, wanted) or
                             (wanted is int and not fits(value))):
            return None
    return values


def _beyond(columns, values, forward: bool):
    """(c1, c2, ...) > (v1, v2, ...) written out (or <), with a range on c1 for the index."""
    ties = []
    for k, (column, value) in enumerate(zip(columns, values)):
        step = column > value if forward else column < value
        ties.append(and_(*[c == v for c, v in zip(columns[:k], values[:k])], step))
    first, first_value = columns[0], values[0]
    return and_(first >= first_value if forward else first <= first_value, or_(*ties))


def keyset_by(stmt, columns, *, size: int, after: str | None = None,
              before: str | None = None, descending: bool = False) -> Page:
    """One page of stmt ordered on columns (the last one unique, e.g. the id).

    Ascending by default (names from A to Z, events from the soonest); `after` is the
    cursor of the last item seen, `before` of the first. page.older holds the cursor for
    the next page and page.newer for the previous one, as in keyset().
    """
    columns = list(columns)
    return _walk(stmt, columns, size=size, start=decode_key(after, columns),
                 end=decode_key(before, columns), descending=descending,
                 cursor=lambda item: _key_of(item, columns))


def _walk(stmt, columns, *, size, start, end, descending, cursor) -> Page:
    """The one keyset walk: the page after `start` (or before `end`, going back) in the
    order of columns; `cursor(item)` writes the cursors of the page's ends."""
    def ordered(forward: bool):
        asc = forward != descending
        return [c.asc() if asc else c.desc() for c in columns]

    if end is not None and start is None:
        rows = db.session.scalars(stmt.where(_beyond(columns, end, descending))
                                  .order_by(*ordered(False)).limit(size + 1)).unique().all()
        items = list(reversed(rows[:size]))
        return Page(items, newer=cursor(items[0]) if len(rows) > size else None,
                    older=cursor(items[-1]) if items else None)
    if start is not None:
        stmt = stmt.where(_beyond(columns, start, not descending))
    rows = db.session.scalars(stmt.order_by(*ordered(True)).limit(size + 1)).unique().all()
    items = list(rows[:size])
    return Page(items, newer=cursor(items[0]) if start and items else None,
                older=cursor(items[-1]) if len(rows) > size else None)


def _key_of(item, columns) -> str:
    return encode_key([getattr(item, c.key) for c in columns])
