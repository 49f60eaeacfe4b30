"""The practice copy of the Minijob-Zentrale user declaration, by keyboard alone in all four languages.

Declining shows that the video consultation cannot take place; back; agreeing goes on; start again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .demos import activate, expect_no_axe_violations, expect_screen, expect_written_sequence, open_demo

NAME = "demo-minijob-declaration"
PAGES = {
    "de": "/de/videotermin/",
    "de-leicht": "/de-leicht/videotermin/",
    "da": "/da/videomoede/",
    "en": "/en/video-appointment/",
}
CANNOT = {
    "de": "Ohne Ihre Zustimmung kann die Videoberatung nicht stattfinden.",
    "de-leicht": "Ohne Ihr Ja gibt es keine Video-Beratung.",
    "da": "Uden dit samtykke kan videorådgivningen ikke finde sted.",
    "en": "Without your agreement, the video consultation cannot take place.",
}
ID_READY = {"de": "Personalausweis", "de-leicht": "Personal-Ausweis", "da": "ID-kort", "en": "ID card"}


@pytest.mark.parametrize("lang", PAGES)
def test_decline_then_agree_with_the_keyboard(page: Page, served_site: str, lang: str) -> None:
    demo, requests = open_demo(page, served_site + PAGES[lang], NAME)
    expect_screen(page, demo, lang, "declaration", 1, 3, focus=False)
    declaration = demo.locator("[data-screen='declaration']")
    expect(declaration.locator(".demo-frame li")).to_have_count(3)
    expect(declaration.locator("h4")).to_contain_text("Benutzererklärung")
    expect_no_axe_violations(page)

    activate(page, declaration.locator("[data-go='no']"))
    expect_screen(page, demo, lang, "no", 3, 3)
    expect(demo.locator("[data-screen='no'] .demo-warn")).to_have_text(CANNOT[lang])
    expect_no_axe_violations(page)
    activate(page, demo.locator("[data-screen='no'] [data-go='declaration']"))
    expect_screen(page, demo, lang, "declaration", 1, 3)

    activate(page, declaration.locator("[data-go='yes']"))
    expect_screen(page, demo, lang, "yes", 2, 3)
    expect(demo.locator("[data-screen='yes']")).to_contain_text(ID_READY[lang])
    expect_no_axe_violations(page)

    activate(page, demo.locator(".demo-restart"))
    expect_screen(page, demo, lang, "declaration", 1, 3)
    assert requests == []


def test_the_demo_stands_before_the_minijob_contact(page: Page, served_site: str) -> None:
    page.goto(served_site + PAGES["de"])
    following = page.locator(f"[data-module='{NAME}'] ~ .contact").first
    expect(following.locator(".contact-name")).to_have_text("Minijob-Zentrale")


@pytest.mark.parametrize("lang", PAGES)
def test_without_javascript_the_screens_are_a_written_sequence(browser: Browser, served_site: str, lang: str) -> None:
    page = expect_written_sequence(browser, served_site + PAGES[lang], NAME, 3)
    expect(page.locator(f"[data-module='{NAME}'] [data-screen='no']")).to_contain_text(CANNOT[lang])
    page.context.close()
