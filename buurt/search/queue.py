"""The search queue: posts whose index entry must follow a committed change.

A row is written in the same transaction as the change itself, so an index outside the
database (Whoosh) cannot miss a committed change, whatever happens to the process after
the commit. Whichever process holds the index's writer lock works the queue off; the
others leave their rows to it (see `buurt.search.drain`).
"""
from sqlalchemy import Column, Integer, delete, insert, select

from buurt.extensions import db

search_queue = db.Table(
    "search_queue",
    Column("id", Integer, primary_key=True),
    Column("post_id", Integer, nullable=False),
)


def add(connection, post_ids) -> None:
    connection.execute(insert(search_queue), [{"post_id": post_id} for post_id in post_ids])


def take(connection, limit: int) -> list[tuple[int, int]]:
    """The oldest (row id, post id) pairs, without removing them."""
    return [tuple(row) for row in connection.execute(
        select(search_queue.c.id, search_queue.c.post_id)
        .order_by(search_queue.c.id).limit(limit))]


def done(connection, row_ids) -> None:
    """Remove exactly these rows: a row added meanwhile stays for the next round."""
    connection.execute(delete(search_queue).where(search_queue.c.id.in_(list(row_ids))))


def waiting(connection) -> bool:
    return connection.execute(select(search_queue.c.id).limit(1)).first() is not None
