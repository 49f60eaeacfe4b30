"""The contact widget says whether a support line is open now, in the line's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

BERLIN_MONDAY_10 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # 10:00 in Berlin
BERLIN_MONDAY_19 = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)  # 19:00 in Berlin
BERLIN_SUNDAY_10 = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "state", "words"),
    [
        (BERLIN_MONDAY_10, "open", "Die Leitung ist jetzt erreichbar."),
        (BERLIN_MONDAY_19, "closed", "Die Leitung ist jetzt nicht erreichbar."),
        (BERLIN_SUNDAY_10, "closed", "Die Leitung ist jetzt nicht erreichbar."),
    ],
)
def test_open_now_in_berlin_time(page: Page, served_site: str, now: dt.datetime, state: str, words: str) -> None:
    page.clock.set_fixed_time(now)
    page.goto(served_site + "/de/hilfe/")
    status = page.locator("[data-module='contact'] .contact-status").first
    expect(status).to_be_visible()
    expect(status).to_have_attribute("data-state", state)
    expect(status).to_have_text(words)


def test_without_javascript_the_hours_are_still_there(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/en/help/")
    block = page.locator("[data-module='contact']").first
    expect(block).to_contain_text("Monday to Friday")
    expect(block.locator(".contact-status")).to_be_hidden()
    context.close()
