"""The practice copy of a secure message from Københavns Kommune, by keyboard alone in all four languages.

E-mail with »Sikker besked« and text message with a random practice PIN → »Pinkode påkrævet«: a wrong PIN is an
error tied to the field → send the PIN again (the old one no longer works) → the message with its attachment →
»Svar sikkert« with a file whose name alone is shown → »Send«: nothing is sent → start again.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, FileChooser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .demos import (
    FILE_READ_SPY,
    activate,
    expect_no_axe_violations,
    expect_screen,
    expect_written_sequence,
    is_focused,
    open_demo,
    tab_to,
)

NAME = "demo-secure-message"
PAGES = {
    "de": "/de/sichere-nachricht/",
    "de-leicht": "/de-leicht/sichere-nachricht/",
    "da": "/da/sikker-besked/",
    "en": "/en/secure-message/",
}
WRONG = {
    "de": "Falscher PIN-Code.",
    "de-leicht": "Die PIN ist falsch.",
    "da": "Forkert pinkode.",
    "en": "Wrong PIN code.",
}
NEW_SMS = {
    "de": "Neue Übungs-SMS",
    "de-leicht": "Neue SMS zum Üben",
    "da": "Ny øvelses-sms",
    "en": "New practice text message",
}
FIRST_SMS = {"de": "Übungs-SMS", "de-leicht": "SMS zum Üben", "da": "Øvelses-sms", "en": "Practice text message"}
ATTACHED = {
    "de": "Angehängt: cv.pdf",
    "de-leicht": "Angehängt: cv.pdf",
    "da": "Vedhæftet: cv.pdf",
    "en": "Attached: cv.pdf",
}
NOTHING_SENT = {
    "de": "Es wurde nichts gesendet.",
    "de-leicht": "Die Übung hat nichts weg-geschickt.",
    "da": "Intet blev sendt.",
    "en": "nothing was sent",
}
# On pages that are not Danish, the meaning of the Danish label follows in brackets.
SECURE_MEANING = {"de": "(sichere Nachricht)", "de-leicht": "(Sichere Nachricht)", "da": None, "en": "(Secure message)"}


def other_pin(pin: str) -> str:
    """A four-digit PIN that is surely not this one."""
    return str((int(pin) + 1) % 10000).zfill(4)


@pytest.mark.parametrize("lang", PAGES)
def test_pin_resend_reply_with_the_keyboard(page: Page, served_site: str, lang: str) -> None:
    page.add_init_script(FILE_READ_SPY)
    # Listening from the start makes Chromium hand file choosers to the test rather than open a dialog, and counts them.
    choosers: list[FileChooser] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    demo, requests = open_demo(page, served_site + PAGES[lang], NAME)
    expect_screen(page, demo, lang, "mail", 1, 5, focus=False)
    link = demo.locator("[data-screen='mail'] [data-go='login']")
    expect(link).to_contain_text("Sikker besked")
    if SECURE_MEANING[lang]:
        expect(link).to_contain_text(SECURE_MEANING[lang])
        expect(link.locator("[lang='da']")).to_have_text("Sikker besked")
    first_pin = demo.locator("[data-screen='mail'] .demo-pin").inner_text()
    assert re.fullmatch(r"\d{4}", first_pin)
    expect_no_axe_violations(page)

    activate(page, link)
    expect_screen(page, demo, lang, "login", 2, 5)
    login = demo.locator("[data-screen='login']")
    expect(login.locator("h4")).to_contain_text("Pinkode påkrævet")
    expect(login).to_contain_text("Indtast venligst pinkode:")
    expect(login.locator(".demo-pin")).to_have_text(first_pin)
    field = page.get_by_label(re.compile("^Indtast pinkode"))
    expect(field).to_have_attribute("aria-describedby", f"{NAME}-pin-hint")
    expect(login.get_by_role("button", name=re.compile("^Log ind"))).to_be_visible()
    expect_no_axe_violations(page)

    # A wrong PIN: the error names the practice PIN and is tied to the field, which keeps the focus.
    tab_to(page, field)
    page.keyboard.type(other_pin(first_pin))
    page.keyboard.press("Enter")
    error = login.locator(".demo-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(WRONG[lang])
    expect(error).to_contain_text(first_pin)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"{NAME}-pin-error {NAME}-pin-hint")
    expect(field).to_have_accessible_description(re.compile(r"\s+".join(map(re.escape, WRONG[lang].split()))))
    expect(field).to_be_focused()
    expect_screen(page, demo, lang, "login", 2, 5, focus=False)
    expect_no_axe_violations(page)

    # Send the PIN again: a new practice text message with a new PIN; the old one no longer works.
    activate(page, login.locator(".demo-resend"))
    sms = login.locator(".demo-sms")
    expect(sms).to_be_focused()
    expect(sms.locator(".demo-label")).to_have_text(NEW_SMS[lang])
    new_pin = sms.locator(".demo-pin").inner_text()
    assert re.fullmatch(r"\d{4}", new_pin) and new_pin != first_pin
    expect(demo.locator("[data-screen='mail'] .demo-pin")).to_have_text(new_pin)
    expect(error).to_be_hidden()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("")
    expect_no_axe_violations(page)
    tab_to(page, field)
    page.keyboard.type(first_pin)
    page.keyboard.press("Enter")
    expect(error).to_contain_text(new_pin)
    expect(field).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(new_pin)
    page.keyboard.press("Enter")

    # The message with its attachment.
    expect_screen(page, demo, lang, "message", 3, 5)
    message = demo.locator("[data-screen='message']")
    expect(message.locator(".demo-box")).to_contain_text(".pdf")
    expect(message).to_contain_text("30")
    expect_no_axe_violations(page)

    # Reply securely, with a file chosen by keyboard: only its name shows, it is never read.
    activate(page, message.get_by_role("button", name=re.compile("^Svar sikkert")))
    expect_screen(page, demo, lang, "reply", 4, 5)
    reply = demo.locator("[data-screen='reply']")
    expect(page.get_by_label(re.compile("^Sv:"))).to_be_visible()
    text = page.get_by_label(re.compile("^Besked"))
    activate(page, text, key="H")
    page.keyboard.type("ej")
    expect(text).to_have_value("Hej")
    upload = page.get_by_label(re.compile("^Vedhæft endnu en fil"))
    tab_to(page, upload)
    try:
        with page.expect_file_chooser() as chosen:
            page.keyboard.press("Space")
    except PlaywrightTimeout as error:
        raise AssertionError("Space on the file field opens no file chooser") from error
    chosen.value.set_files(files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 practice"}])
    expect(reply.locator(".demo-files")).to_have_text(ATTACHED[lang])
    assert choosers == [chosen.value], "one Space, one file chooser"
    expect_no_axe_violations(page)
    activate(page, reply.get_by_role("button", name=re.compile("^Send")))
    expect_screen(page, demo, lang, "sent", 5, 5)
    expect(demo.locator("[data-screen='sent']")).to_contain_text(NOTHING_SENT[lang])
    expect_no_axe_violations(page)
    assert page.evaluate("window.__fileReads") == 0

    # Start again: the first screen, a fresh practice text message, empty fields.
    activate(page, demo.locator(".demo-restart"))
    expect_screen(page, demo, lang, "mail", 1, 5)
    expect(sms.locator(".demo-label")).to_have_text(FIRST_SMS[lang])
    expect(field).to_have_value("")
    expect(text).to_have_value("")
    expect(reply.locator(".demo-files")).to_be_empty()
    assert page.evaluate(f"document.getElementById('{NAME}-file').files.length") == 0
    assert requests == []
    assert is_focused(demo.locator("[data-screen='mail'] h4"))


@pytest.mark.parametrize("lang", PAGES)
def test_without_javascript_the_screens_are_a_written_sequence(browser: Browser, served_site: str, lang: str) -> None:
    page = expect_written_sequence(browser, served_site + PAGES[lang], NAME, 5)
    demo = page.locator(f"[data-module='{NAME}']")
    expect(demo.locator(".demo-pin").first).to_have_text("4821")
    expect(demo.locator("form")).to_have_count(2)
    for form in demo.locator("form").all():
        assert form.get_attribute("action") is None
    page.context.close()
