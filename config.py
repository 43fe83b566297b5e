"""Settings for Buurt, read from the environment where it matters."""
import os
from datetime import timedelta


def database_url(url):
    """Point plain postgresql:// URLs at the psycopg 3 driver."""
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    # create_app fills in an SQLite file in the instance folder when this is None,
    # and a per-install secret key file when SECRET_KEY is not set.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")   # per address
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour")
    SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "30 per hour")
    # Wrong codes of two-step log-in per account (at log-in and on its settings page).
    TWO_FACTOR_RATE_LIMIT = os.environ.get("TWO_FACTOR_RATE_LIMIT", "10 per hour")
    # "required": managers and admins set up two-step log-in (a code from an app) before
    # any other page; "optional": everyone chooses. Production sites should require it;
    # "optional" by default so that `make run`'s demo manager logs in with a password.
    TWO_FACTOR_FOR_STAFF = os.environ.get("TWO_FACTOR_FOR_STAFF", "optional").strip().lower()

    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 8
    # How long a mailed link works. A password reset opens the account, so it is short; a
    # link that confirms an address only proves the mailbox, and a new neighbour may read
    # their mail the next day.
    PASSWORD_RESET_HOURS = 2
    EMAIL_CONFIRM_HOURS = 48
    # How many links to confirm an address one account may ask for per hour.
    EMAIL_LINKS_PER_HOUR = 5
    PAGE_SIZE = 20

    # "whoosh" (an index in a folder) or "postgres" (full-text search in the database);
    # unset, it follows the database: "postgres" on PostgreSQL, else "whoosh".
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND") or None
    # The Whoosh index folder; None means <instance>/search-index.
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR")
    MATCHES_ON_WELCOME = 20

    # Links in e-mails and on printed cards point here (commands have no request to ask).
    # `make run` sets it from its HOST and PORT unless it is set already.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # How many reverse proxies stand in front of the app: their X-Forwarded-For, -Proto and
    # -Host headers are trusted that many hops deep. 0 trusts none (the client's own address
    # is then the proxy's, and every user shares one rate-limit bucket).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Text is sent compressed (brotli, then gzip) to browsers that accept it; photos and
    # videos are compressed already. The session cookie is SameSite=Lax, so another site
    # cannot make a logged-in browser load pages with its own text in them (BREACH).
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/plain", "text/calendar",
                          "application/json", "image/svg+xml"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]   # files (CSS) are sent as streams

    # One log line per request; LOG_FORMAT=json for a log collector.
    LOG_REQUESTS = _flag("LOG_REQUESTS", True)
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Who runs the site (the privacy statement names them as responsible) and an address
    # residents can write to; unset, the pages say "the organisation that runs this
    # neighbourhood site" and point to the community managers only.
    SITE_OWNER = os.environ.get("SITE_OWNER") or None
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL") or None

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "buurt@localhost")

    # One request at most: a photo, or a video of 20 seconds from a phone, with the form.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 20 * 1024 * 1024))
    # Uploaded photos and videos; None means <instance>/uploads.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")
    # Residents' data exports (zip files, removed after EXPORT_DAYS); None means
    # <instance>/exports. With several machines, a folder the web and the worker share.
    EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER")
    EXPORT_DAYS = int(os.environ.get("EXPORT_DAYS", "7"))  # how long a download link works
    # Photos are stored as "jpeg" (every browser) or "webp" (smaller files).
    UPLOAD_IMAGE_FORMAT = os.environ.get("UPLOAD_IMAGE_FORMAT", "jpeg")


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", True)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # A cheap hash keeps the suite fast; one test checks the production default.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # The request log's own test turns it on.
    LOG_REQUESTS = False


def for_environment():
    """Pick the settings class named by BUURT_ENV (development by default)."""
    return {
        "production": ProductionConfig,
        "test": TestConfig,
    }.get(os.environ.get("BUURT_ENV", "development"), DevelopmentConfig)
