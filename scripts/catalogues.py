"""Refresh the translation catalogues after visible text changed.

Extracts every string from the code and templates, updates the nl and en catalogues, and
copies English source strings into the en catalogue so it is complete. Prints the Dutch
strings that still need a translation (and exits 1 when there are any).
Run it through `make extract`.
"""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "buurt" / "translations"
POT = TRANSLATIONS / "messages.pot"
PYBABEL = str(Path(sys.executable).with_name("pybabel"))


def is_translated(message) -> bool:
    """True when every form of the message has a translation (plurals have several)."""
    forms = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return not message.fuzzy and all(forms)


def run(*args):
    subprocess.run([PYBABEL, "-q", *args], check=True, cwd=ROOT)


def main() -> int:
    run("extract", "-F", "babel.cfg", "-k", "_l", "-o", str(POT), "--no-location",
        "--sort-output", ".")
    run("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
        "--ignore-obsolete")
    english_po = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with english_po.open("rb") as f:
        english = read_po(f, locale="en")
    for message in english:
        if message.id and not is_translated(message):
            message.string = message.id     # a plural's id is (singular, plural) already
    with english_po.open("wb") as f:
        write_po(f, english, sort_output=True, no_location=True)

    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        dutch = read_po(f, locale="nl")
    missing = [m.id for m in dutch if m.id and not is_translated(m)]
    for message_id in missing:
        print(f"needs a Dutch translation: {message_id!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
