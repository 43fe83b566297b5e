"""Per-neighbourhood settings: defaults in code, overrides in the table."""
import re
from pathlib import Path

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


def test_each_area_registers_its_own_keys(app):
    # Every key the code reads is registered once the app is up, and nothing more.
    root = Path(__file__).resolve().parents[2] / "buurt"
    read = set()
    for path in root.rglob("*.py"):
        read |= set(re.findall(r"settings\.(?:get|values_for|set_value)\([^)]*?\"([a-z_]+)\"",
                               path.read_text(), flags=re.S))
    assert "request_expiry_days" in read and "loan_max_days" in read
    assert read <= set(settings.DEFAULTS)
    # A key belongs to one area: registering it again with another default fails.
    settings.register(flag_threshold=settings.DEFAULTS["flag_threshold"])
    with pytest.raises(ValueError, match="twice"):
        settings.register(flag_threshold=99)
    assert settings.DEFAULTS["flag_threshold"] == 3
