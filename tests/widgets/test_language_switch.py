"""The language switch keeps the page and the step the reader is at."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_switch_keeps_the_step_from_the_address(page: Page, served_site: str) -> None:
    page.goto(served_site + "/de/online-kommunikation/#schritt-3")
    english = page.locator(".language-switch a[hreflang='en']")
    expect(english).to_have_attribute("href", served_site + "/en/online-communication/#step-3")
    english.click()
    expect(page).to_have_url(served_site + "/en/online-communication/#step-3")
    expect(page.locator("#step-3")).to_be_in_viewport()
    expect(page.locator("#step-3")).to_contain_text("Step 3")


def test_switch_follows_the_step_being_read(page: Page, served_site: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(served_site + "/en/online-communication/")
    page.evaluate("document.getElementById('step-4').scrollIntoView({block: 'start', behavior: 'instant'})")
    danish = page.locator(".language-switch a[hreflang='da']")
    expect(danish).to_have_attribute("href", served_site + "/da/online-kommunikation/#trin-4")
    leicht = page.locator(".language-switch a[lang='de-x-ls']")
    expect(leicht).to_have_attribute("href", served_site + "/de-leicht/online-kommunikation/#schritt-4")


def test_without_javascript_the_switch_links_the_same_page(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/da/online-kommunikation/#trin-2")
    expect(page.locator(".language-switch a[hreflang='de']")).to_have_attribute("href", "/de/online-kommunikation/")
    context.close()
