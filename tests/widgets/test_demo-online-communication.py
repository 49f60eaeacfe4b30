"""The practice copy of the jobcenter.digital screens, by keyboard alone in all four languages.

Profil → Profil bearbeiten → Kommunikationsoptionen → Online-Kommunikation → slider on (GESCHAFFT!) →
slider off (the notice about working days) → start again.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .demos import (
    activate,
    expect_no_axe_violations,
    expect_screen,
    expect_written_sequence,
    is_focused,
    open_demo,
)

NAME = "demo-online-communication"
PAGES = {
    "de": "/de/online-kommunikation/",
    "de-leicht": "/de-leicht/online-kommunikation/",
    "da": "/da/online-kommunikation/",
    "en": "/en/online-communication/",
}
# The meaning of "Profil bearbeiten" in brackets where the page is not German; the notice when switching off.
EDIT_MEANING = {"de": None, "de-leicht": None, "da": "(Rediger profil)", "en": "(Edit profile)"}
WORKING_DAYS = {
    "de": "nach wenigen Werktagen",
    "de-leicht": "nach ein paar Werk-Tagen",
    "da": "et par hverdage",
    "en": "a few working days",
}


@pytest.mark.parametrize("lang", PAGES)
def test_switch_on_and_off_with_the_keyboard(page: Page, served_site: str, lang: str) -> None:
    demo, requests = open_demo(page, served_site + PAGES[lang], NAME)
    expect_screen(page, demo, lang, "profile", 1, 6, focus=False)
    toggle = demo.locator("[data-screen='profile'] [aria-controls]")
    menu = demo.locator(f"#{NAME}-menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect_no_axe_violations(page)

    # The "Profil" menu opens; its only entry leads to "Profil bearbeiten".
    activate(page, toggle)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    assert is_focused(menu.locator("button"))
    expect(menu.locator("button")).to_contain_text("Profil bearbeiten")
    expect_no_axe_violations(page)
    page.keyboard.press("Enter")
    expect_screen(page, demo, lang, "edit", 2, 6)
    edit = demo.locator("[data-screen='edit']")
    expect(edit.locator("h4")).to_contain_text("Profil bearbeiten")
    if EDIT_MEANING[lang]:
        expect(edit.locator("h4")).to_contain_text(EDIT_MEANING[lang])
        expect(edit.locator("h4 [lang='de']")).to_have_text("Profil bearbeiten")
    for area in ("Ihre Daten", "Kommunikationsoptionen", "PIN-Verwaltung", "Zwei-Faktor-Authentifizierung"):
        expect(edit.locator(".demo-frame")).to_contain_text(area)
    expect_no_axe_violations(page)

    activate(page, edit.locator("[data-go='options']"))
    expect_screen(page, demo, lang, "options", 3, 6)
    options = demo.locator("[data-screen='options'] .demo-frame")
    for entry in (
        "E-Mail-Benachrichtigung",
        "SMS-Benachrichtigung",
        "Online-Kommunikation",
        "Inhalte digital empfangen",
    ):
        expect(options).to_contain_text(entry)
    expect_no_axe_violations(page)

    activate(page, options.locator("[data-go='consent']"))
    expect_screen(page, demo, lang, "consent", 4, 6)
    slider = demo.locator("[data-screen='consent'] [role='switch']")
    expect(slider).to_have_attribute("aria-checked", "false")
    expect(slider).to_have_accessible_name(re.compile("^Status der Online-Kommunikation"))
    expect(slider).to_have_accessible_description(re.compile("^bitte aktivieren!"))
    expect(demo.locator("[data-screen='consent'] .demo-frame")).to_contain_text("bitte aktivieren!")
    expect_no_axe_violations(page)

    # Switching on, with the space bar as on a real switch.
    activate(page, slider, key="Space")
    expect_screen(page, demo, lang, "done", 5, 6)
    done = demo.locator("[data-screen='done']")
    expect(done.locator("h4")).to_contain_text("GESCHAFFT!")
    expect(done.locator(".demo-frame")).to_contain_text("Online-Kommunikation ist aktiviert.")
    expect(done.locator("[role='switch']")).to_have_attribute("aria-checked", "true")
    expect_no_axe_violations(page)

    # Switching off shows that it takes a few working days.
    activate(page, done.locator("[role='switch']"), key="Space")
    expect_screen(page, demo, lang, "off", 6, 6)
    off = demo.locator("[data-screen='off']")
    expect(off.locator(".demo-info")).to_contain_text(WORKING_DAYS[lang])
    expect(off.locator(".demo-info")).to_contain_text("Bescheidablage")
    expect(off.locator("[role='switch']")).to_have_attribute("aria-checked", "false")
    expect(off.locator(".demo-frame")).to_contain_text("bitte aktivieren!")
    expect_no_axe_violations(page)

    # On again, then start again: back to the first screen with the menu closed.
    activate(page, off.locator("[role='switch']"), key="Space")
    expect_screen(page, demo, lang, "done", 5, 6)
    activate(page, demo.locator(".demo-restart"))
    expect_screen(page, demo, lang, "profile", 1, 6)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    assert requests == []


def test_back_to_profil_bearbeiten(page: Page, served_site: str) -> None:
    demo, requests = open_demo(page, served_site + PAGES["de"], NAME)
    activate(page, demo.locator("[data-screen='profile'] [aria-controls]"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    activate(page, demo.locator("[data-go='options']"))
    activate(page, demo.locator("[data-go='consent']"))
    expect_screen(page, demo, "de", "consent", 4, 6)
    back = demo.locator("[data-screen='consent'] [data-go='edit']")
    expect(back).to_contain_text("Profil bearbeiten")
    activate(page, back)
    expect_screen(page, demo, "de", "edit", 2, 6)
    assert requests == []


def test_escape_closes_the_profil_menu(page: Page, served_site: str) -> None:
    demo, _ = open_demo(page, served_site + PAGES["en"], NAME)
    toggle = demo.locator("[aria-controls]")
    activate(page, toggle)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


@pytest.mark.parametrize("lang", PAGES)
def test_without_javascript_the_screens_are_a_written_sequence(browser: Browser, served_site: str, lang: str) -> None:
    page = expect_written_sequence(browser, served_site + PAGES[lang], NAME, 6)
    demo = page.locator(f"[data-module='{NAME}']")
    expect(demo.locator("[data-screen='consent'] [role='switch']")).to_have_attribute("aria-checked", "false")
    expect(demo.locator("[data-screen='done'] [role='switch']")).to_have_attribute("aria-checked", "true")
    expect(demo.locator(f"#{NAME}-menu")).to_be_visible()
    # The slider is drawn without JavaScript too: a track of at least 24 px, its knob left (off) or right (on).
    for name, on in (("consent", False), ("done", True), ("off", False)):
        slider = demo.locator(f"[data-screen='{name}'] [role='switch']")
        box = slider.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24
        left, right = slider.evaluate(
            "s => ['left', 'right'].map(side => parseFloat(getComputedStyle(s, '::after').getPropertyValue(side)))"
        )
        assert (right < left) == on, (name, left, right)
    expect(demo.locator("[data-screen='off']")).to_contain_text(WORKING_DAYS[lang])
    page.context.close()
