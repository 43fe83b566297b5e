"""gunicorn settings for `make serve` (and the systemd unit): `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Each setting can be changed from the environment without editing this file.
"""
import multiprocessing
import os

# Behind the reverse proxy on the same machine; BIND=0.0.0.0:8000 to listen everywhere.
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: each holds one request at a time, so 2 per core plus one keeps the CPU busy
# while others wait for the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A page that takes longer than this is stuck; the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or a restart, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# A fresh worker now and then keeps a slow leak from growing.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The app writes one line per request itself (status and time, JSON with LOG_FORMAT=json),
# so gunicorn's own access log is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy in front sets X-Forwarded-*; the app trusts PROXY_COUNT of them (see README).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
