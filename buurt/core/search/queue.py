"""The search queue: documents that must follow a committed change.

A row is written in the same transaction as the change itself, so an index outside the
database (Whoosh) cannot miss a committed change, whatever happens to the process after
the commit. Whichever process holds the index's writer lock works the queue off; the
others leave their rows to it (see `buurt.core.search.drain`).
"""
from sqlalchemy import Column, Integer, String, delete, insert, select

from buurt.core.extensions import db

search_queue = db.Table(
    "search_queue",
    Column("id", Integer, primary_key=True),
    Column("entity", String(16), nullable=False),     # "post", "place", ...
    Column("entity_id", Integer, nullable=False),
)


def add(connection, keys) -> None:
    connection.execute(insert(search_queue),
                       [{"entity": entity, "entity_id": entity_id} for entity, entity_id in keys])


def take(connection, limit: int) -> list[tuple[int, tuple[str, int]]]:
    """The oldest (row id, (entity, id)) pairs, without removing them."""
    return [(row.id, (row.entity, row.entity_id)) for row in connection.execute(
        select(search_queue.c.id, search_queue.c.entity, search_queue.c.entity_id)
        .order_by(search_queue.c.id).limit(limit))]


def done(connection, row_ids) -> None:
    """Remove exactly these rows: a row added meanwhile stays for the next round."""
    connection.execute(delete(search_queue).where(search_queue.c.id.in_(list(row_ids))))


def waiting(connection) -> bool:
    return connection.execute(select(search_queue.c.id).limit(1)).first() is not None
