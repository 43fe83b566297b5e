"""Rate limits shared through Redis, as with several web workers (RATELIMIT_STORAGE_URI)."""
import os
import uuid

import pytest

from tests.conftest import IN_CI
from tests.fixtures.builders import PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # any failure to reach Redis means this test cannot run
        message = f"Redis at {REDIS_URL} does not answer: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
def app_settings(redis_url):
    # A prefix of its own, so runs (and other apps on this Redis) do not share counters.
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": redis_url,
            "RATELIMIT_KEY_PREFIX": f"buurt-test-{uuid.uuid4().hex}",
            "LOGIN_RATE_LIMIT": "3 per minute"}


def test_two_apps_share_one_login_limit_through_redis(app, client, make_user, database_url,
                                                      redis_url, app_settings):
    from buurt import create_app
    from tests.conftest import IsolatedClient, test_settings
    user = make_user()
    other_worker = create_app(test_settings(database_url, **app_settings))
    other_worker.test_client_class = IsolatedClient
    second = other_worker.test_client()
    wrong = {"email": user.email, "password": "fout"}
    assert client.post("/login", data=wrong).status_code == 200
    assert second.post("/login", data=wrong).status_code == 200
    assert client.post("/login", data=wrong).status_code == 200
    assert second.post("/login", data=wrong).status_code == 429   # the 4th, on the other one
    # The counter lives in Redis (not in this process), so separate workers see it too.
    import redis
    keys = redis.Redis.from_url(redis_url).keys("*" + app_settings["RATELIMIT_KEY_PREFIX"] + "*")
    assert keys


@pytest.fixture
def account_limited(app_settings):
    return app_settings | {"LOGIN_RATE_LIMIT": "100 per minute",
                           "LOGIN_ACCOUNT_RATE_LIMIT": "3 per hour"}


def test_failed_log_ins_are_counted_per_account_across_addresses(
        app, database_url, make_user, account_limited):
    """Many passwords tried from many addresses: the account's own counter stops them,
    while another account and a right password are not held up by it."""
    from buurt import create_app
    from tests.conftest import IsolatedClient, test_settings
    limited = create_app(test_settings(database_url, **account_limited))
    limited.test_client_class = IsolatedClient
    target_email, other_email = make_user("Anna").email, make_user("Bert").email

    def attempt(address, email, password="fout"):
        return limited.test_client().post("/login", data={"email": email, "password": password},
                                      environ_base={"REMOTE_ADDR": address}).status_code
    # A right password is not counted as a failure.
    assert attempt("10.0.0.1", target_email, PASSWORD) == 302
    assert [attempt(f"10.0.0.{n}", f"  {target_email.upper()} ") for n in (2, 3, 4)] \
        == [200, 200, 200]
    assert attempt("10.0.0.5", target_email) == 429
    assert attempt("10.0.0.5", other_email) == 200
