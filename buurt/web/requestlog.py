"""One log line per request (method, path, status, milliseconds), as text or as JSON.

LOG_FORMAT=json writes every line of the "buurt" loggers as one JSON object, for a log
collector; the default is plain text. The query string is left out on purpose: it holds
what residents search for.
"""
import json
import logging
import sys
import time

from flask import Flask, g, request

log = logging.getLogger("buurt.request")

_handler = logging.StreamHandler(sys.stderr)


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON, with the request's fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                 "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_format: str = "text", level: str = "INFO") -> None:
    """Send the "buurt" loggers to standard error in the chosen format (once per process)."""
    _handler.setFormatter(JsonFormatter() if log_format == "json"
                          else logging.Formatter(TEXT_FORMAT))
    logger = logging.getLogger("buurt")
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    logger.setLevel(level.upper())


def init_app(app: Flask) -> None:
    if not app.config.get("LOG_REQUESTS", True):
        return
    configure(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        ms = round((time.perf_counter() - started) * 1000, 1) if started else None
        fields = {"method": request.method, "path": request.path,
                  "status": response.status_code, "ms": ms,
                  "bytes": response.calculate_content_length(),
                  "ip": request.remote_addr}
        log.info("%s %s %s %s ms", request.method, request.path, response.status_code, ms,
                 extra={"fields": fields})
        return response
