"""Per-neighbourhood settings: defaults in code, overrides in one key-value table.

Later features add a key to DEFAULTS, not a column.
"""
from buurt.core.extensions import db
from buurt.people.models import Neighbourhood, NeighbourhoodSetting

DEFAULTS: dict[str, int | bool | str] = {
    # Open requests older than this many days close as expired.
    "request_expiry_days": 30,
    # Authors hear this many days before their request closes, with one tap to renew.
    "expiry_reminder_days": 3,
    # This many days after help was done, both sides are asked whether it worked out.
    "followup_days": 3,
    # A post that this many residents flag is hidden until a manager decides.
    "flag_threshold": 3,
    # Vague posts wait for a manager; when off they go online with a hint to the author
    # and still appear in the queue.
    "hold_vague_posts": True,
    # The first this many posts of a new member wait for a manager (0: off).
    "new_member_hold_posts": 0,
    # Queue items waiting longer than this many hours stand out.
    "queue_warning_hours": 48,
    # The one-time code on a login card (assisted sign-up without e-mail) works this many days.
    "login_card_days": 30,
    # A sharing level with at least this many new items in the last 14 days is "active" on
    # the managers' dashboard (fewer, but some in 60 days: "quiet"; none: "empty").
    "health_active_items": 3,
    # An idea that this many residents support is proposed for the next decision round.
    "idea_support_threshold": 10,
    # A loan of an item lasts at most this many days, and starts at most this many days ahead.
    "loan_max_days": 30,
    "loan_max_days_ahead": 180,
    # The content calendar warns when a day has more announcements than this.
    "calendar_max_per_day": 3,
}


def _parse(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def get(neighbourhood: Neighbourhood, key: str):
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


def set_value(neighbourhood: Neighbourhood, key: str, value) -> None:
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


def reset(neighbourhood: Neighbourhood, key: str) -> None:
    """Go back to the default from code."""
    DEFAULTS[key]  # unknown keys fail loudly
    row = db.session.get(NeighbourhoodSetting, (neighbourhood.id, key))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
