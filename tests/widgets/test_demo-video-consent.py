"""The practice copy of the start of a video appointment, by keyboard alone in all four languages.

Einwilligungserklärung → ICH STIMME ZU → the browser's question → Blockieren (cannot start, how to undo) → back →
Zulassen → Beratungsraum betreten too early on the practice clock → five minutes before → waiting room → start again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .demos import activate, expect_no_axe_violations, expect_screen, expect_written_sequence, is_focused, open_demo

NAME = "demo-video-consent"
PAGES = {
    "de": "/de/videotermin/",
    "de-leicht": "/de-leicht/videotermin/",
    "da": "/da/videomoede/",
    "en": "/en/video-appointment/",
}
STEP_3 = {"de": "#schritt-3", "de-leicht": "#schritt-3", "da": "#trin-3", "en": "#step-3"}
CANNOT_START = {
    "de": "kann der Videotermin nicht starten",
    "de-leicht": "kann der Video-Termin nicht anfangen",
    "da": "kan videomødet ikke starte",
    "en": "the video appointment cannot start",
}
TOO_EARLY = {"de": "Zu früh.", "de-leicht": "Das ist zu früh.", "da": "For tidligt.", "en": "Too early."}
# The practice clock as each language writes a time.
CLOCK = {
    "de": "Übungsuhr: {}:{} Uhr",
    "de-leicht": "Uhr zum Üben: {}:{} Uhr",
    "da": "Øvelsesur: kl. {}.{}",
    "en": "Practice clock: {}:{}",
}


@pytest.mark.parametrize("lang", PAGES)
def test_consent_camera_clock_and_waiting_room_with_the_keyboard(page: Page, served_site: str, lang: str) -> None:
    demo, requests = open_demo(page, served_site + PAGES[lang], NAME)
    expect_screen(page, demo, lang, "consent", 1, 5, focus=False)
    consent = demo.locator("[data-screen='consent']")
    expect(consent.locator("h4")).to_contain_text("Einwilligungserklärung")
    expect(consent.locator(".demo-frame")).to_contain_text("14")
    expect_no_axe_violations(page)

    activate(page, consent.locator("button", has_text="ICH STIMME ZU"))
    expect_screen(page, demo, lang, "ask", 2, 5)
    ask = demo.locator("[data-screen='ask']")
    expect(ask.locator("button", has_text="Zulassen")).to_be_visible()
    expect(ask.locator("button", has_text="Blockieren")).to_be_visible()
    expect_no_axe_violations(page)

    # "Blockieren": the appointment cannot start; how to undo it; back to the question.
    activate(page, ask.locator("button", has_text="Blockieren"))
    expect_screen(page, demo, lang, "blocked", 3, 5)
    blocked = demo.locator("[data-screen='blocked']")
    expect(blocked.locator(".demo-warn")).to_contain_text(CANNOT_START[lang])
    expect(blocked.locator("a")).to_have_attribute("href", STEP_3[lang])
    expect(page.locator(STEP_3[lang])).to_have_count(1)
    expect_no_axe_violations(page)
    activate(page, blocked.locator("[data-go='ask']"))
    expect_screen(page, demo, lang, "ask", 2, 5)

    # "Zulassen", then "Beratungsraum betreten" at 09:50: too early.
    activate(page, ask.locator("button", has_text="Zulassen"))
    expect_screen(page, demo, lang, "room", 4, 5)
    room = demo.locator("[data-screen='room']")
    clock = room.locator(".demo-clock")
    enter = room.locator(".demo-enter")
    expect(clock).to_have_text(CLOCK[lang].format("09", "50"))
    expect(enter).to_have_attribute("aria-disabled", "true")
    expect_no_axe_violations(page)
    activate(page, enter)
    expect(room.locator(".demo-error")).to_contain_text(TOO_EARLY[lang])
    assert is_focused(enter)
    expect_screen(page, demo, lang, "room", 4, 5, focus=False)
    expect_no_axe_violations(page)

    # Four minutes on, still too early; the fifth opens the room.
    plus = room.locator(".demo-plus")
    activate(page, plus)
    for _ in range(3):
        page.keyboard.press("Enter")
    expect(clock).to_have_text(CLOCK[lang].format("09", "54"))
    expect(enter).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Enter")
    expect(clock).to_have_text(CLOCK[lang].format("09", "55"))
    expect(enter).to_have_attribute("aria-disabled", "false")
    expect(room.locator(".demo-error")).to_be_empty()
    expect_no_axe_violations(page)
    activate(page, enter)
    expect_screen(page, demo, lang, "wait", 5, 5)
    expect_no_axe_violations(page)

    # Start again: first screen, the clock back at 09:50.
    activate(page, demo.locator(".demo-restart"))
    expect_screen(page, demo, lang, "consent", 1, 5)
    expect(clock).to_have_text(CLOCK[lang].format("09", "50"))
    expect(enter).to_have_attribute("aria-disabled", "true")
    assert requests == []


@pytest.mark.parametrize("lang", PAGES)
def test_without_javascript_the_screens_are_a_written_sequence(browser: Browser, served_site: str, lang: str) -> None:
    page = expect_written_sequence(browser, served_site + PAGES[lang], NAME, 5)
    demo = page.locator(f"[data-module='{NAME}']")
    expect(demo.locator("[data-screen='blocked']")).to_contain_text(CANNOT_START[lang])
    expect(demo.locator(".demo-clock")).to_be_hidden()
    expect(demo.locator(f"#{NAME}-when")).to_contain_text("Beratungsraum betreten")
    page.context.close()
