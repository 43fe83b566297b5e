"""Dutch first, English second: the choice, the browser's wish, the catalogues."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "buurt" / "translations"


def test_dutch_by_default_english_when_the_browser_asks(client, topics):
    assert "Doe mee in je buurt" in client.get("/").get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Join your neighbourhood" in page and '<html lang="en">' in page
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Doe mee in je buurt" in page and '<html lang="nl">' in page


def test_the_language_switch_remembers_the_choice(client, topics):
    response = client.post("/language", data={"language": "en", "next": "/offers"})
    assert response.status_code == 302 and response.location.endswith("/offers")
    assert "Offers" in client.get("/offers").get_data(as_text=True)
    assert "Join your neighbourhood" in client.get("/").get_data(as_text=True)
    client.post("/language", data={"language": "nl", "next": "https://evil.example"})
    assert "Doe mee in je buurt" in client.get("/").get_data(as_text=True)


def test_a_residents_language_follows_them(client, make_user, login):
    from buurt.core.extensions import db
    user = make_user(language="en")
    login(user)
    page = client.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "New requests" in page
    client.post("/language", data={"language": "nl"})
    db.session.refresh(user)
    assert user.language == "nl"


def test_topic_names_follow_the_language(client, topics):
    assert "Boodschappen" in client.get("/signup").get_data(as_text=True)
    page = client.get("/signup", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Shopping" in page and "Boodschappen" not in page


def _is_translated(message):
    forms = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return not message.fuzzy and all(forms)


def _catalogue(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def test_every_visible_string_is_in_both_catalogues(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "-q", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    assert len(wanted) > 100
    for language in ("nl", "en"):
        catalogue = _catalogue(language)
        translated = {m.id for m in catalogue if m.id and _is_translated(m)}
        missing = sorted(str(i) for i in wanted - translated)
        assert not missing, f"{language} lacks: {missing[:10]}"


def test_dutch_translations_keep_their_placeholders():
    for message in _catalogue("nl"):
        if message.id and message.python_format:
            assert message.check() == [], message.id


def test_the_extractor_can_read_every_template():
    """pybabel skips a template it cannot parse without a word, and its strings then drop
    out of the catalogues; parse each one with the extensions babel.cfg gives it."""
    import configparser

    import jinja2
    parser = configparser.ConfigParser()
    parser.read(ROOT / "babel.cfg")
    checked = 0
    for section in parser.sections():
        method, _, pattern = section.partition(":")
        if method.strip() != "jinja2":
            continue
        extensions = [e.strip() for e in parser.get(section, "extensions", fallback="").split(",")
                      if e.strip()]
        env = jinja2.Environment(extensions=["jinja2.ext.i18n", *extensions])
        suffix = pattern.strip().rsplit(".", 1)[-1]
        for path in (ROOT / "buurt").glob(f"**/templates/**/*.{suffix}"):
            env.parse(path.read_text(encoding="utf-8"), name=str(path))
            checked += 1
    assert checked > 40
