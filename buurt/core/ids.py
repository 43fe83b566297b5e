"""Ids from addresses, forms and cursors: whole numbers a table can hold, or nothing.

Every table's id is an INTEGER, which PostgreSQL keeps in 32 bits and SQLite in 64; a
larger number from outside would make the database driver fail (a 500) instead of finding
nothing (a 404). The one range below is checked wherever an id comes in.
"""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def fits(number: int) -> bool:
    """True when a whole number fits an INTEGER column on every database."""
    return not isinstance(number, bool) and -MAX_ID - 1 <= number <= MAX_ID


def parse_id(value) -> int | None:
    """The id written in `value` ("42", 42), or None when it is not one a table can hold."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


def _up_to(limit: int) -> str:
    """A regular expression for the whole numbers from 0 to `limit`, digit by digit."""
    digits = str(limit)
    alternatives = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        if digit != "0":
            below = rf"[0-{int(digit) - 1}]" if digit != "1" else "0"
            alternatives.append(digits[:i] + below + rf"\d{{{len(digits) - i - 1}}}")
    alternatives.append(digits)
    return "(?:" + "|".join(alternatives) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number past MAX_ID does not even match the address (so a
    route for another method cannot answer 405 either): it answers 404."""

    regex = _up_to(MAX_ID)

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
