"""What every benchmark prints about its run: the code it measured and how busy the machine was."""
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def app_version() -> str:
    """The commit the app runs from, and whether its code has uncommitted changes."""
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--",
                                "buurt", "migrations", "config.py"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return commit + (" + uncommitted changes in buurt/" if dirty else "")


def load_note() -> str:
    one, five, _fifteen = os.getloadavg()
    cores = os.cpu_count() or 1
    note = f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {cores} cores"
    if one > cores:
        note += ": other work competes for the CPU; compare within this run only"
    return note
