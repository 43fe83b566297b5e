"""Where uploaded files live: one small interface, chosen by config.

The default keeps files in a folder: UPLOAD_FOLDER, or `uploads` in the instance folder,
for photos and videos; EXPORT_FOLDER, or `exports` in the instance folder, for the
residents' data exports, which are private and go after a few days. Another backend (an object store) only needs the same five methods. Names are made by
the upload pipeline (random, never the sender's file name); storage still refuses any
name that could leave its folder.
"""
import os
import re
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app

SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{8,64}\.[a-z0-9]{2,5}$")


class Storage(Protocol):
    def save(self, name: str, data: bytes) -> None: ...
    def open(self, name: str) -> BinaryIO: ...        # FileNotFoundError when absent
    def size(self, name: str) -> int: ...             # FileNotFoundError when absent
    def exists(self, name: str) -> bool: ...
    def delete(self, name: str) -> None: ...


def check_name(name: str) -> str:
    """Return the name if storage may use it, else raise ValueError."""
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        raise ValueError(f"not a storage name: {name!r}")
    return name


class LocalStorage:
    """Files in one folder on this machine."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        return self.folder / check_name(name)

    def save(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(name)
        partial = path.with_name(path.name + ".part")
        # Write beside it and rename: a reader never sees half a file.
        with open(partial, "xb") as out:
            out.write(data)
        os.replace(partial, path)

    def open(self, name: str) -> BinaryIO:
        return open(self._path(name), "rb")

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    def exists(self, name: str) -> bool:
        try:
            return self._path(name).is_file()
        except ValueError:
            return False

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


# Each kind of file: the config key of its folder, and its folder in instance/ by default.
FOLDERS = {"uploads": "UPLOAD_FOLDER", "exports": "EXPORT_FOLDER"}


def get(kind: str = "uploads") -> Storage:
    """The app's storage for uploads or for data exports (made once per app)."""
    app = current_app._get_current_object()
    key = f"buurt_storage_{kind}"
    storage = app.extensions.get(key)
    if storage is None:
        folder = app.config.get(FOLDERS[kind]) or os.path.join(app.instance_path, kind)
        storage = app.extensions[key] = LocalStorage(folder)
    return storage
