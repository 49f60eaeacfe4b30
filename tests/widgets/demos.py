"""What the tests of the practice demos (test_demo-*.py) share: keyboard steps and what a screen change must show."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Locator, Page, expect

from ..pages import axe_violations, expect_widgets_settled

# "Screen 2 of 5" as each language says it.
SCREEN = {
    "de": "Bildschirm {} von {}",
    "de-leicht": "Seite {} von {}",
    "da": "Skærmbillede {} af {}",
    "en": "Screen {} of {}",
}
PRACTICE = {"de": "Übung", "de-leicht": "Übung", "da": "Øvelse", "en": "Practice"}
# A file that is read anywhere (FileReader, Blob.text/arrayBuffer/stream) leaves a mark the tests look for.
FILE_READ_SPY = """
window.__fileReads = 0;
for (const name of ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString']) {
  const original = FileReader.prototype[name];
  FileReader.prototype[name] = function (...args) { window.__fileReads += 1; return original.apply(this, args); };
}
for (const name of ['text', 'arrayBuffer', 'stream', 'bytes']) {
  const original = Blob.prototype[name];
  if (original) Blob.prototype[name] = function (...args) { window.__fileReads += 1; return original.apply(this, args); };
}
"""


def is_focused(target: Locator) -> bool:
    """Whether the element has the keyboard focus."""
    return bool(target.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, target: Locator, limit: int = 200) -> None:
    """Press Tab, as a keyboard user does, until the target has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
    raise AssertionError(f"Tab never reached {target}")


def activate(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a control and press it with the keyboard."""
    tab_to(page, target)
    page.keyboard.press(key)


def open_demo(page: Page, url: str, name: str) -> tuple[Locator, list[str]]:
    """Load the page, wait until the demo runs, then record every request the page makes from now on."""
    page.goto(url)
    demo = page.locator(f"[data-module='{name}']")
    expect(demo).to_have_class(re.compile(r"\bdemo-on\b"))
    expect_widgets_settled(page)  # the page's later widgets (read aloud) load their own stylesheets
    requests: list[str] = []
    # Images the page shows as the reader scrolls (lazy QR codes, the browser's late favicon) are the site's own
    # files, fetched with GET; anything else would be the demo sending something.
    page.on(
        "request",
        lambda request: (
            None
            if request.method == "GET" and (request.resource_type == "image" or request.url.endswith(".svg"))
            else requests.append(f"{request.method} {request.url}")
        ),
    )
    return demo, requests


def expect_screen(page: Page, demo: Locator, lang: str, name: str, number: int, total: int, focus: bool = True) -> None:
    """Only this screen shows, marked as practice; its heading has the focus and the live region says where we are."""
    screen = demo.locator(f".demo-screen[data-screen='{name}']")
    expect(screen).to_be_visible()
    expect(demo.locator(".demo-screen:visible")).to_have_count(1)
    title = screen.locator("h4.demo-title")
    expect(title).to_contain_text(PRACTICE[lang])
    if focus:
        expect(title).to_be_focused()
    status = demo.locator(".demo-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(SCREEN[lang].format(number, total))


def expect_no_axe_violations(page: Page) -> None:
    """axe-core finds nothing on the page in its current state."""
    assert axe_violations(page) == []


def expect_written_sequence(browser: Browser, url: str, name: str, screens: int) -> Page:
    """Without JavaScript: every screen in order as a numbered list, each with its note; no control works."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    demo = page.locator(f"[data-module='{name}']")
    expect(demo.locator("ol.demo-screens > li.demo-screen")).to_have_count(screens)
    for index in range(screens):
        screen = demo.locator("ol.demo-screens > li.demo-screen").nth(index)
        expect(screen).to_be_visible()
        expect(screen.locator("h4")).to_be_visible()
        expect(screen.locator(".demo-note")).not_to_be_empty()
    expect(demo.locator("[data-no-js]")).to_be_visible()
    expect(demo.locator(".demo-status")).to_be_hidden()
    expect(demo.locator(".demo-restart")).to_be_hidden()
    for control in demo.locator("button, input, textarea").all():
        assert control.is_hidden() or control.is_disabled(), control
    # The inactive controls show the real labels, so they are as readable as the text around them.
    sizes = demo.evaluate(
        "d => [...d.querySelectorAll('button:disabled')].map(b => getComputedStyle(b).fontSize === getComputedStyle(d).fontSize)"
    )
    assert sizes and all(sizes)
    return page
