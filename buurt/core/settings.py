"""Per-neighbourhood settings: defaults in code, overrides in one key-value table.

Each area registers its keys with their defaults when it is imported (in its package's
`__init__`), next to the rules that read them; a later feature adds a key, not a column.
Reading a key nobody registered fails loudly.
"""
from sqlalchemy import ForeignKey, String, Text, exists, func, select
from sqlalchemy.orm import Mapped, mapped_column

from buurt.core.extensions import db

# key -> default; the default's type is the setting's type (bool, int or str).
DEFAULTS: dict[str, int | bool | str] = {}


class NeighbourhoodSetting(db.Model):
    """A per-neighbourhood override of a setting whose default lives in code."""

    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def register(**defaults: int | bool | str) -> None:
    """Add an area's keys with their defaults; a key belongs to one area only."""
    for key, default in defaults.items():
        if key in DEFAULTS and DEFAULTS[key] != default:
            raise ValueError(f"setting {key} is registered twice")
        DEFAULTS[key] = default


# How a true/false override is written; set_value writes "true" and "false".
TRUE_WORDS = ("1", "true", "yes", "on")


def _parse(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in TRUE_WORDS
    if isinstance(default, int):
        return int(raw)
    return raw


def get(neighbourhood, key: str):
    """Return the neighbourhood's value for key, or the default from code."""
    default = DEFAULTS[key]
    row = db.session.get(NeighbourhoodSetting, (neighbourhood.id, key))
    return default if row is None else _parse(row.value, default)


def values_for(neighbourhood_ids, key: str) -> dict[int, object]:
    """Return key's value for each of these neighbourhoods, in one statement."""
    default = DEFAULTS[key]
    ids = list(neighbourhood_ids)
    values = dict.fromkeys(ids, default)
    if ids:
        for neighbourhood_id, raw in db.session.execute(
                db.select(NeighbourhoodSetting.neighbourhood_id, NeighbourhoodSetting.value)
                .where(NeighbourhoodSetting.key == key,
                       NeighbourhoodSetting.neighbourhood_id.in_(ids))):
            values[neighbourhood_id] = _parse(raw, default)
    return values


def values_of(neighbourhood_ids, keys) -> dict[int, dict[str, object]]:
    """Return these keys' values for each of these neighbourhoods, in one statement."""
    ids, keys = list(neighbourhood_ids), list(keys)
    values = {n: {key: DEFAULTS[key] for key in keys} for n in ids}
    if ids and keys:
        for neighbourhood_id, key, raw in db.session.execute(
                db.select(NeighbourhoodSetting.neighbourhood_id, NeighbourhoodSetting.key,
                          NeighbourhoodSetting.value)
                .where(NeighbourhoodSetting.key.in_(keys),
                       NeighbourhoodSetting.neighbourhood_id.in_(ids))):
            values[neighbourhood_id][key] = _parse(raw, DEFAULTS[key])
    return values


def is_on(key: str, neighbourhood_id):
    """SQL that is true where the true/false setting `key` is on for the neighbourhood in
    `neighbourhood_id` (a column): a correlated subquery, so a list that filters on a
    setting runs no statement more."""
    default = DEFAULTS[key]
    if not isinstance(default, bool):
        raise TypeError(f"{key} is not a true/false setting")
    override = select(NeighbourhoodSetting.key).where(
        NeighbourhoodSetting.neighbourhood_id == neighbourhood_id,
        NeighbourhoodSetting.key == key)
    on = func.lower(func.trim(NeighbourhoodSetting.value)).in_(TRUE_WORDS)
    if default:
        return ~exists(override.where(~on))
    return exists(override.where(on))


def set_value(neighbourhood, key: str, value) -> None:
    """Override key for one neighbourhood; the value must have the default's type."""
    default = DEFAULTS[key]
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TypeError(f"{key} takes true or false")
        raw = "true" if value else "false"
    else:
        raw = str(type(default)(value))
    row = db.session.get(NeighbourhoodSetting, (neighbourhood.id, key))
    if row is None:
        db.session.add(NeighbourhoodSetting(neighbourhood_id=neighbourhood.id, key=key, value=raw))
    else:
        row.value = raw
    db.session.flush()


def reset(neighbourhood, key: str) -> None:
    """Go back to the default from code."""
    DEFAULTS[key]  # unknown keys fail loudly
    row = db.session.get(NeighbourhoodSetting, (neighbourhood.id, key))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
