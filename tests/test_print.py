"""The first print stylesheet: content only, addresses after external links."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_print_shows_the_content_without_navigation(page: Page, served_site: str) -> None:
    page.goto(served_site + "/de/hilfe/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".breadcrumbs")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    link = page.locator(".content a[href^='https://www.jobcenter.digital']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.jobcenter.digital" in after
