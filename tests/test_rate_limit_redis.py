"""Rate limits shared through Redis, as with several web workers (RATELIMIT_STORAGE_URI)."""
import os
import uuid

import pytest

from tests.conftest import IN_CI

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
