"""The neighbourhood settings community managers choose themselves: whether visitors see
that there are care requests, and how long conversations and notifications are kept.

A value equal to the default in code is not stored, so a neighbourhood that keeps the
default follows it when the code's default changes.
"""
from flask_babel import lazy_gettext as _l

from buurt.care import visibility
from buurt.core import settings
from buurt.core.errors import DomainError
from buurt.notifications import retention

KEYS = (visibility.SETTING, retention.SETTING)


class SettingsError(DomainError):
    """A setting that cannot be saved; `field` is the form field it is about."""


def current(neighbourhood) -> dict[str, object]:
    """The neighbourhood's values of the settings managers choose; one statement."""
    return settings.values_of([neighbourhood.id], KEYS)[neighbourhood.id]


def _store(neighbourhood, key: str, value) -> None:
    if value == settings.DEFAULTS[key]:
        settings.reset(neighbourhood, key)
    else:
        settings.set_value(neighbourhood, key, value)


def change(neighbourhood, *, care_visible_to_visitors: bool,
           retention_months: int | None) -> None:
    """Save both settings of a neighbourhood, or neither when one is wrong."""
    if retention_months is None:
        raise SettingsError(_l("Fill in a number of months."), "retention_months")
    if not retention.MIN_MONTHS <= retention_months <= retention.MAX_MONTHS:
        raise SettingsError(_l("Choose from %(min)d to %(max)d months.",
                               min=retention.MIN_MONTHS, max=retention.MAX_MONTHS),
                            "retention_months")
    _store(neighbourhood, visibility.SETTING, bool(care_visible_to_visitors))
    _store(neighbourhood, retention.SETTING, retention_months)
