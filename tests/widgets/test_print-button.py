"""The print button (widgets/print-button.html): shown with JavaScript, opens the print dialog; hidden without."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

# window.print would open a dialog that a headless test cannot close: count the calls instead.
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


def test_button_prints_with_mouse_and_keyboard(page: Page, served_site: str) -> None:
    page.add_init_script(COUNT_PRINTS)
    page.goto(served_site + "/da/videomoede/")
    button = page.get_by_role("button", name="Udskriv")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.__prints") == 1
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__prints") == 2


def test_button_is_hidden_without_javascript(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/de/videotermin/")
    expect(page.locator(".print-button")).to_be_hidden()
    expect(page.locator(".handout-link")).to_be_visible()  # the PDF works without JavaScript
    context.close()
