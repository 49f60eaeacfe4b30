"""With JavaScript, every control a widget shows works: activating it changes the page and raises no error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Every widget is on one of these pages (contact blocks, the language switch and the step bar on the guides).
PAGES = [
    "/en/video-appointment/",
    "/en/device-check/",
    "/en/online-communication/",
    "/en/secure-message/",
    "/en/staff/",
    "/en/search/",
]
CONTROLS = "[data-module] :is(button, select, input[type=radio], input[type=checkbox], summary, [role=button])"
# Counts every change of the page; window.print only counts its calls instead of opening a dialog.
WATCH = """
window.__changes = 0;
window.print = () => { window.__changes += 1; };
new MutationObserver(() => { window.__changes += 1; })
  .observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
"""
VISIBLE = """(controls) => controls.map((c, index) => [index, c]).filter(([, c]) =>
  c.getClientRects().length && !c.disabled && getComputedStyle(c).visibility !== 'hidden').map(([index]) => index)"""


def ready(page: Page, url: str) -> None:
    """Open the page and wait until every widget has started (or given up)."""
    page.goto(url)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-module]')].every(e => e.dataset.started || e.dataset.failed === 'true')"
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_visible_control_does_something(browser: Browser, served_site: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    ready(page, served_site + path)
    assert page.locator("[data-module][data-failed=true]").count() == 0
    shown = page.locator(CONTROLS).evaluate_all(VISIBLE)
    assert shown, "no control found"
    for index in shown:
        ready(page, served_site + path)  # each control as the reader first meets it
        control = page.locator(CONTROLS).nth(index)
        name = control.evaluate("c => c.outerHTML.slice(0, 100)")
        page.evaluate(WATCH)
        if control.evaluate("c => c.tagName") == "SELECT":
            values = control.locator("option").evaluate_all("options => options.map(o => o.value)")
            current = control.input_value()
            other = next((value for value in values if value != current), None)
            if other is None:
                continue  # a list with one choice has nothing to change
            control.select_option(other)
        elif control.evaluate("c => c.type === 'radio' && c.checked"):
            continue  # the chosen radio button is already what it would choose
        else:
            control.click()
        try:
            page.wait_for_function("() => window.__changes > 0", timeout=5000)
        except PlaywrightTimeout as error:
            raise AssertionError(f"activating {name} changed nothing") from error
        assert errors == [], name
    expect(page.locator("[data-module][data-failed=true]")).to_have_count(0)
    context.close()
