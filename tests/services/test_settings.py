"""Per-neighbourhood settings: defaults in code, overrides in the table."""
import pytest

from buurt.core import settings
from buurt.core.extensions import db


def test_default_until_overridden_and_back(centrum, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    assert settings.get(centrum, "request_expiry_days") == 30
    settings.set_value(centrum, "request_expiry_days", 14)
    db.session.commit()
    assert settings.get(centrum, "request_expiry_days") == 14
    assert settings.get(oost, "request_expiry_days") == 30   # only the one neighbourhood
    settings.reset(centrum, "request_expiry_days")
    assert settings.get(centrum, "request_expiry_days") == 30


def test_unknown_keys_and_wrong_types_fail(centrum):
    with pytest.raises(KeyError):
        settings.get(centrum, "no_such_setting")
    with pytest.raises(ValueError):
        settings.set_value(centrum, "request_expiry_days", "soon")
