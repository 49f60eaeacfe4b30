"""The staff link builder: links to guides and single steps, e-mail texts in every language, copy buttons."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.pages import axe_violations

STAFF = {"de": "/de/mitarbeitende/", "da": "/da/medarbejdere/", "en": "/en/staff/"}
GUIDE_URLS = {
    "de": "/de/videotermin/",
    "de-leicht": "/de-leicht/videotermin/",
    "da": "/da/videomoede/",
    "en": "/en/video-appointment/",
}
CHECK_URLS = {
    "de": "/de/geraetetest/",
    "de-leicht": "/de-leicht/geraetetest/",
    "da": "/da/enhedstest/",
    "en": "/en/device-check/",
}
STEP3 = {"de": "schritt-3", "de-leicht": "schritt-3", "da": "trin-3", "en": "step-3"}
INTRO = {
    "de": "Hier ist eine Schritt-für-Schritt-Anleitung für Sie:",
    "de-leicht": "Hier ist eine Anleitung für Sie:",
    "da": "Her er en trin-for-trin-vejledning til dig:",
    "en": "Here is a step-by-step guide for you:",
}


@pytest.fixture()
def builder(browser: Browser, served_site: str):  # type: ignore[no-untyped-def]
    """The English staff page with clipboard access."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site)
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    yield page
    context.close()


def choose(page: Page, guide: str, lang: str, step: str = "") -> None:
    """Choose with the keyboard-operable selects."""
    page.get_by_label("Guide", exact=True).select_option(guide)
    page.get_by_label("Language of the guide").select_option(lang)
    page.get_by_label("Step", exact=True).select_option(step)


@pytest.mark.parametrize("lang", GUIDE_URLS)
def test_link_to_a_single_step_in_every_language(builder: Page, served_site: str, lang: str) -> None:
    choose(builder, "video-appointment", lang, "2")
    link = builder.get_by_label("Link", exact=True).input_value()
    assert link == f"{served_site}{GUIDE_URLS[lang]}#{STEP3[lang]}"
    target = builder.context.new_page()
    target.goto(link)
    expect(target.locator(f"#{STEP3[lang]}")).to_contain_text("3")
    target.close()


def test_steps_follow_the_chosen_guide(builder: Page) -> None:
    choose(builder, "secure-message", "da")
    options = builder.get_by_label("Step", exact=True).locator("option")
    expect(options).to_have_count(7)  # the whole guide and six steps
    expect(options.nth(2)).to_have_text(re.compile(r"^2\. "))


def test_copy_link_puts_it_on_the_clipboard(builder: Page, served_site: str) -> None:
    choose(builder, "online-communication", "de", "0")
    builder.get_by_role("button", name="Copy link").click()
    expect(builder.locator(".lb-status")).to_have_text("Copied to the clipboard.")
    assert builder.evaluate("navigator.clipboard.readText()") == f"{served_site}/de/online-kommunikation/#schritt-1"


@pytest.mark.parametrize("lang", GUIDE_URLS)
def test_email_texts_have_working_links_in_their_language(builder: Page, served_site: str, lang: str) -> None:
    choose(builder, "video-appointment", "en")
    text = builder.locator(f"#lb-text-{lang}").input_value()
    assert text.startswith(INTRO[lang])
    links = re.findall(r"https?://\S+", text)
    assert links == [served_site + GUIDE_URLS[lang], served_site + CHECK_URLS[lang]]
    for link in links:
        assert builder.request.get(link).status == 200
    section = builder.locator(f".lb-email[data-lang={lang}]")
    section.get_by_role("button", name="Copy text").click()
    assert builder.evaluate("navigator.clipboard.readText()") == text


def test_html_snippet_is_highlighted_and_copies_as_html(builder: Page, served_site: str) -> None:
    choose(builder, "video-appointment", "da", "3")
    shown = builder.locator(".lb-email[data-lang=da] .lb-html")
    expect(shown.locator(".highlight span.nt").first).to_be_visible()  # tag names, coloured by class
    assert shown.locator("[style]").count() == 0
    builder.locator(".lb-email[data-lang=da]").get_by_role("button", name="Copy HTML").click()
    html = builder.evaluate("navigator.clipboard.readText()")
    assert f'<a href="{served_site}/da/videomoede/#trin-4">Deltag i et videomøde</a>' in html
    assert f'<a href="{served_site}/da/enhedstest/">' in html
    assert shown.inner_text().strip() == html.strip()


def test_guides_without_device_check_have_no_device_line(builder: Page) -> None:
    choose(builder, "secure-message", "en")
    assert "camera" not in builder.locator("#lb-text-en").input_value()


def test_builder_with_the_keyboard_and_axe(builder: Page, served_site: str) -> None:
    builder.get_by_label("Guide", exact=True).focus()
    builder.keyboard.press("ArrowDown")  # the next guide
    builder.keyboard.press("Tab")
    builder.keyboard.press("Tab")
    expect(builder.get_by_label("Step", exact=True)).to_be_focused()
    builder.keyboard.press("ArrowDown")
    link = builder.get_by_label("Link", exact=True).input_value()
    assert re.search(r"#step-1$", link)
    assert axe_violations(builder) == []


def test_without_javascript_every_link_and_code_is_listed(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + STAFF["de"])
    expect(page.locator(".lb-app")).to_be_hidden()
    links = page.locator(".lb-list figcaption a")
    expect(links).to_have_count(16)  # four guides and pages, four languages
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    for lang, path in GUIDE_URLS.items():
        assert served_site + path in hrefs, lang
    expect(page.locator(".lb-list .qr-svg")).to_have_count(16)
    context.close()
