"""The Buurt app as the benchmark serves it: gunicorn loads `bench.app:create()`.

The database comes from the BENCH_DB environment variable (a path to the seeded SQLite
file). Settings are those of a production install, except what a benchmark on
127.0.0.1 needs: no rate limits, a fixed secret key and cookies over plain HTTP.
"""
import os

SECRET_KEY = "bench-secret-key-not-for-production"


def settings(db_path: str, **overrides) -> dict:
    """The mapping passed to create_app (it overrides every other setting)."""
    values = {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.abspath(db_path),
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "DEBUG": False,
        "TESTING": False,
    }
    values.update(overrides)
    return values


def build(db_path: str, **overrides):
    # Production settings (no debug, no template reloading), as a real site runs them.
    os.environ.setdefault("BUURT_ENV", "production")
    from buurt import create_app

    return create_app(settings(db_path, **overrides))


def create():
    """gunicorn entry: `gunicorn 'bench.app:create()'` with BENCH_DB set."""
    db_path = os.environ.get("BENCH_DB")
    if not db_path:
        raise RuntimeError("Set BENCH_DB to the seeded SQLite file.")
    return build(db_path)
