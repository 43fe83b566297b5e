"""The pages about the site: privacy, help, house rules and contact, and the footer that
links them from every page."""
import re

import pytest

from buurt.core.extensions import db
from buurt.people.models import Membership, Role
from buurt.people.privacy import PRIVACY_VERSION

# Each page with its h1 in Dutch (the default) and in English.
PAGES = {
    "/privacy": ("Privacyverklaring", "Privacy statement"),
    "/help": ("Hulp", "Help"),
    "/terms": ("Huisregels", "House rules"),
    "/contact": ("Contact", "Contact"),
}
# A line of each page that differs between the two languages.
LINES = {
    "/privacy": ("Wat we bewaren", "What we keep"),
    "/help": ("Hoe vraag ik om hulp?", "How do I ask for help?"),
    "/terms": ("Wat niet mag", "What is not allowed"),
    "/contact": ("Zonder e-mail", "Without e-mail"),
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def h1s(page):
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


@pytest.mark.parametrize("url", sorted(PAGES))
@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_each_page_answers_with_one_h1_in_dutch_and_in_english(client, make_user, login,
                                                               url, who):
    if who == "resident":
        login(make_user("Ria"))
    dutch, english = PAGES[url]
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert h1s(page) == [dutch]
    assert LINES[url][0] in page and LINES[url][1] not in page
    client.post("/language", data={"language": "en"})
    page = client.get(url).get_data(as_text=True)
    assert h1s(page) == [english]
    assert LINES[url][1] in page and LINES[url][0] not in page


def test_the_footer_links_the_four_pages_on_every_page(app, client, make_user, login):
    """Every GET page without arguments, as a resident: each has the four links."""
    login(make_user("Ria"))
    links = [f'href="{url}"' for url in ("/help", "/contact", "/privacy", "/terms")]
    checked = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint == "static":
            continue
        response = client.get(rule.rule)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        footer = response.get_data(as_text=True).split('<footer class="site-footer">')[1]
        assert all(link in footer for link in links), rule.rule
        checked.append(rule.rule)
    # Pages that are not HTML (robots.txt, /healthz) or send the resident elsewhere are
    # left out; the footer was found on the pages that count.
    assert {"/", "/requests", "/profile", "/privacy", "/contact"} <= set(checked)
    client.post("/logout")
    footer = client.get("/this-page-does-not-exist").get_data(as_text=True)
    assert all(link in footer.split('<footer class="site-footer">')[1] for link in links)


def test_the_privacy_statement_names_its_version_and_who_is_responsible(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Versie van 4 december 2026" in page and PRIVACY_VERSION == "2026-12-04"
    assert ("De organisatie die deze buurtsite beheert, is verantwoordelijk voor je "
            "gegevens.") in page
    assert "Autoriteit Persoonsgegevens" in page
    assert "mailto:" not in page          # no address set: none made up


@pytest.mark.parametrize("app_settings", [{"SITE_OWNER": "Stichting Buurtkracht",
                                           "CONTACT_EMAIL": "privacy@buurtkracht.nl"}])
def test_the_site_owner_and_contact_address_come_from_the_settings(client, app_settings):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Deze site wordt beheerd door Stichting Buurtkracht." in page
    for url in ("/privacy", "/contact"):
        page = client.get(url).get_data(as_text=True)
        assert "Stichting Buurtkracht" in page, url
        assert 'href="mailto:privacy@buurtkracht.nl"' in page, url
        assert "de organisatie die deze buurtsite beheert" not in page.lower(), url


@pytest.fixture
def teams(make_user, make_neighbourhood, centrum):
    """A manager and an ambassador in centrum, a manager in oost, and a resident."""
    oost = make_neighbourhood("oost", ["1091"], name="Oost")
    people = {
        "mila": make_user("Mila Beheer", email="mila@example.com", role=Role.MANAGER),
        "amina": make_user("Amina Ambassadeur", email="amina@example.com",
                           role=Role.AMBASSADOR),
        "otto": make_user("Otto Oost", email="otto@example.com", role=Role.MANAGER,
                          neighbourhood=oost),
        "ria": make_user("Ria Bewoner", email="ria@example.com"),
    }
    db.session.add_all([
        Membership(user=people["mila"], neighbourhood=centrum, role=Role.MANAGER),
        Membership(user=people["amina"], neighbourhood=centrum, role=Role.AMBASSADOR),
        Membership(user=people["otto"], neighbourhood=oost, role=Role.MANAGER)])
    db.session.commit()
    return people


def test_contact_shows_every_neighbourhoods_managers_to_a_visitor_by_name_only(client,
                                                                               teams):
    page = client.get("/contact").get_data(as_text=True)
    assert "Mila Beheer" in page and "Otto Oost" in page and "Amina Ambassadeur" in page
    assert "Ria Bewoner" not in page
    assert EMAIL.findall(page) == []
    for user in teams.values():
        assert user.email not in page


@pytest.mark.parametrize("app_settings", [{"CONTACT_EMAIL": "hallo@buurtsite.nl"}])
def test_contact_shows_a_resident_their_own_neighbourhoods_team(client, login, teams,
                                                                 app_settings):
    login(teams["ria"])
    page = client.get("/contact").get_data(as_text=True)
    assert "Je buurtbeheerders" in page
    assert "Mila Beheer" in page and "Amina Ambassadeur" in page
    assert "Otto Oost" not in page          # another neighbourhood's manager
    # The one address on the page is the site's own; the page itself is checked for
    # addresses, so it would find a user's.
    assert set(EMAIL.findall(page)) == {"hallo@buurtsite.nl"}


def test_the_privacy_statement_says_how_long_conversations_are_kept(client, make_user, login,
                                                                   make_neighbourhood):
    """The period is each neighbourhood's (retention_months): a resident reads their own,
    a visitor the shortest and the longest."""
    from buurt.core import settings
    page = client.get("/privacy").get_data(as_text=True)
    assert "als het laatste bericht ouder is dan 24 maanden" in page
    assert "Je meldingen en de e-mails die we je stuurden, halen we weg als ze ouder zijn " \
           "dan 24 maanden." in page
    assert "Zorgvragen zijn alleen voor buren die ingelogd zijn." in page
    oost = make_neighbourhood("oost", ["1091"])
    settings.set_value(oost, "retention_months", 6)
    db.session.commit()
    page = client.get("/privacy").get_data(as_text=True)
    assert "ouder is dan 6 tot 24 maanden, dat kiest elke buurt zelf" in page
    login(make_user("Olga", neighbourhood=oost))
    page = client.get("/privacy").get_data(as_text=True)
    assert "als het laatste bericht ouder is dan 6 maanden" in page and "24 maanden" not in page
    settings.set_value(oost, "retention_months", 1)
    db.session.commit()
    assert "ouder is dan 1 maand." in client.get("/privacy").get_data(as_text=True)
