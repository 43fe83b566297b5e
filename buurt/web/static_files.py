"""Static files with their content's hash in the address, cached by browsers for a year.

Every `url_for("static", filename=…)` gets `?v=<hash of the file>`; a request that carries
the file's current hash may be kept for a year without asking again, since a changed file
gets a new address. Without it (or with an old hash) the file is served as before: the
browser checks with the server each time.
"""
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

A_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=512)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def version(folder: str, filename: str) -> str | None:
    """The hash of a file in the static folder, or None when there is no such file."""
    path = Path(folder, filename)
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(Path(folder).resolve()) or not resolved.is_file():
            return None
        stat = resolved.stat()
    except (OSError, ValueError):
        return None
    # The modification time and size are part of the key: an edited file is read again.
    return _digest(os.fspath(resolved), stat.st_mtime_ns, stat.st_size)


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            current = version(app.static_folder, values["filename"])
            if current:
                values["v"] = current

    @app.after_request
    def cache_for_a_year(response):
        if request.endpoint == "static" and response.status_code == 200:
            wanted = request.args.get("v")
            filename = (request.view_args or {}).get("filename", "")
            if wanted and wanted == version(app.static_folder, filename):
                response.cache_control.public = True
                response.cache_control.max_age = A_YEAR
                response.cache_control.immutable = True
                response.cache_control.no_cache = None
        return response
