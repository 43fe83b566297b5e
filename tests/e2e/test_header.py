"""The site header on a phone: the menu folds away (without JavaScript), so the page starts
near the top, and opens with a tap or the keyboard; on a wide screen the whole menu shows."""
import pytest

from buurt.core.extensions import db
from buurt.notifications import notify

PHONE = {"width": 360, "height": 800}
WIDE = {"width": 1280, "height": 800}
# What a manager's menu holds, in the reader's language.
LINKS = {"en-GB": ("Menu 1 new", ["Requests", "My help", "Notifications", "Moderation", "Dashboard",
                            "Ambassador", "My profile"]),
         "nl-NL": ("Menu 1 nieuw", ["Hulpvragen", "Mijn hulp", "Meldingen", "Moderatie", "Overzicht",
                            "Ambassadeur", "Mijn profiel"])}


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_a_managers_header_folds_its_menu_on_a_phone(new_context, log_in, manager, locale,
                                                     axe_problems):
    manager.language = locale[:2]
    notify.notify(manager, notify.Kind.QUEUE_WAITING, note="1:2")   # folded, but counted
    db.session.commit()
    summary, names = LINKS[locale]
    context = new_context(locale=locale, viewport=PHONE)
    log_in(context, manager)
    page = context.new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hoofdmenu" if locale == "nl-NL"
                            else "Main menu")
    assert page.locator("header.site-header").bounding_box()["height"] <= 120
    links = [menu.get_by_role("link", name=name, include_hidden=True) for name in names]
    assert [link.count() for link in links] == [1] * len(names)      # there, but folded
    assert not any(link.is_visible() for link in links)
    toggle = menu.locator("summary")
    assert " ".join(toggle.text_content().split()) == summary
    toggle.focus()
    page.keyboard.press("Enter")                      # the keyboard opens it
    assert all(link.is_visible() for link in links)
    assert axe_problems(page) == []
    page.keyboard.press("Tab")                        # and goes on into the links
    assert page.evaluate("document.activeElement.textContent").strip() == names[0]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")                      # and closes it again
    assert not any(link.is_visible() for link in links)

    # A wide screen shows the whole menu at once, with nothing to open.
    page.set_viewport_size(WIDE)
    assert not toggle.is_visible()
    assert all(link.is_visible() for link in links)
    assert axe_problems(page) == []
