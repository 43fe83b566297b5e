"""keyset_by: pages on any sort key (names A-Z, dates either way), ties broken by id."""
import pytest

from buurt.core import pagination
from buurt.core.extensions import db
from buurt.info.models import Place


def walk(stmt, columns, *, size, descending=False):
    """Every page from the first forward, then every page back; the names on each."""
    forward, page = [], pagination.keyset_by(stmt, columns, size=size, descending=descending)
    forward.append([p.name for p in page.items])
    while page.older:
        page = pagination.keyset_by(stmt, columns, size=size, after=page.older,
                                    descending=descending)
        forward.append([p.name for p in page.items])
    back = [[p.name for p in page.items]]
    while page.newer:
        page = pagination.keyset_by(stmt, columns, size=size, before=page.newer,
                                    descending=descending)
        back.append([p.name for p in page.items])
    return forward, back


def test_pages_forward_and_back_with_equal_names(make_place):
    for name in ["Bieb", "Atelier", "Bieb", "Bieb", "Café", "Atelier", "Dorpshuis"]:
        make_place(name, "Straat 1")
    stmt = db.select(Place)
    forward, back = walk(stmt, [Place.name, Place.id], size=2)
    assert sum(forward, []) == ["Atelier", "Atelier", "Bieb", "Bieb", "Bieb", "Café",
                                "Dorpshuis"]
    assert len(forward) == 4 and back == list(reversed(forward))
    forward, back = walk(stmt, [Place.name, Place.id], size=3, descending=True)
    assert sum(forward, []) == ["Dorpshuis", "Café", "Bieb", "Bieb", "Bieb", "Atelier",
                                "Atelier"]
    assert back == list(reversed(forward))


@pytest.mark.parametrize("cursor", ["", "nonsense", "W10", "WyJhIl0", "WzEsMl0",
                                    "!!!", "x" * 2000])
def test_a_malformed_cursor_means_the_first_page(make_place, cursor):
    for name in ["A", "B", "C"]:
        make_place(name, "Straat 1")
    page = pagination.keyset_by(db.select(Place), [Place.name, Place.id], size=2,
                                after=cursor)
    assert [p.name for p in page.items] == ["A", "B"] and page.newer is None


def test_cursors_round_trip_dates():
    from datetime import datetime
    from buurt.info.models import Event
    cursor = pagination.encode_key([datetime(2026, 12, 3, 18, 0), 7])
    assert pagination.decode_key(cursor, [Event.starts_at, Event.id]) == (
        datetime(2026, 12, 3, 18, 0), 7)
    name_cursor = pagination.encode_key(["Bieb", 7])
    assert pagination.decode_key(name_cursor, [Event.starts_at, Event.id]) is None
