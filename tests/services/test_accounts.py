"""Accounts: creating, logging in, topics."""
import pytest

import config

from buurt import create_app
from buurt.core.extensions import db
from buurt.people import accounts
from buurt.people.models import Direction


def test_email_is_stored_lower_case_and_unique(make_user):
    user = make_user(email="Anna@Example.COM")
    assert user.email == "anna@example.com"
    with pytest.raises(accounts.EmailTaken):
        make_user(email="anna@example.com ")


def test_authenticate_by_email_and_password(make_user):
    user = make_user(email="piet@example.com", password="lang genoeg")
    assert accounts.authenticate("PIET@example.com", "lang genoeg") == user
    assert accounts.authenticate("piet@example.com", "fout wachtwoord") is None
    assert accounts.authenticate("niemand@example.com", "lang genoeg") is None


def test_passwords_are_hashed_with_scrypt_outside_tests(database_url):
    assert config.DevelopmentConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert config.ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                      "PASSWORD_HASH_METHOD": config.ProductionConfig.PASSWORD_HASH_METHOD})
    with app.app_context():
        hashed = accounts.hash_password("geheim wachtwoord")
    assert hashed.startswith("scrypt:") and "geheim" not in hashed


def test_set_topics_replaces_both_directions(make_user):
    user = make_user(seek=["tuin", "koken"], offer=["klussen"])
    accounts.set_topics(user, seek=["koken", "taal"], offer=[])
    db.session.commit()
    # In the order topics are shown everywhere (taal comes before koken).
    assert [t.slug for t in user.topics(Direction.SEEK)] == ["taal", "koken"]
    assert user.offer_topics == []


def test_unknown_topic_slugs_are_ignored(make_user):
    user = make_user(offer=["klussen", "bestaat-niet"])
    assert [t.slug for t in user.offer_topics] == ["klussen"]
