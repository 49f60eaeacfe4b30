"""The step bar and the step in the address: the reader always knows the step, keeps it across languages, returns to it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.pages import axe_violations, expect_widgets_settled

GUIDE = "/en/video-appointment/"


def open_guide(page: Page, url: str, width: int = 320) -> None:
    """Open a guide at a phone's width and wait until the step bar has started and every other widget has settled.

    The later ones change the layout too: the offline note in the footer appears once the guide is stored.
    """
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(url)
    expect(page.locator(".on-this-page")).to_have_attribute("data-started", "true")
    expect_widgets_settled(page)


def scroll_to(page: Page, anchor: str) -> None:
    """Scroll as a reader does, until the step's heading is at the top."""
    page.evaluate(f"document.getElementById('{anchor}').scrollIntoView({{block: 'start', behavior: 'instant'}})")


def not_covered(page: Page, selector: str) -> None:
    """The element ends above the bar's top edge, once any (smooth) scrolling has brought it into view."""
    page.wait_for_function(
        """(selector) => {
          const bottom = document.querySelector(selector).getBoundingClientRect().bottom;
          return bottom <= document.querySelector('.sn-bar').getBoundingClientRect().top + 0.5;
        }""",
        arg=selector,
    )


def test_the_bar_shows_the_step_and_keeps_it_in_the_address(page: Page, served_site: str) -> None:
    page.goto(served_site + "/en/")
    open_guide(page, served_site + GUIDE)
    bar = page.get_by_role("navigation", name="On this page").locator(".step-nav")
    expect(bar).to_be_visible()
    entries = page.evaluate("history.length")
    scroll_to(page, "step-3")
    expect(page).to_have_url(re.compile(r"#step-3$"))
    toggle = bar.locator(".sn-toggle")
    expect(toggle).to_contain_text("Step 3 of ")
    title = page.locator("#step-3").inner_text().split("\n")[-1]
    expect(toggle.locator(".sn-title")).to_have_text(title)
    expect(bar.get_by_role("link", name="Step 2")).to_be_visible()  # previous, named by its step
    bar.get_by_role("link", name="Step 4").click()  # next
    expect(page).to_have_url(re.compile(r"#step-4$"))
    expect(page.locator("#step-4")).to_be_focused()
    expect(page.locator("#step-4")).to_be_in_viewport()
    expect(toggle).to_contain_text("Step 4 of ")
    assert page.evaluate("history.length") == entries  # replaced, never pushed
    page.go_back()
    expect(page).to_have_url(served_site + "/en/")  # "back" leaves the guide


def test_the_list_and_the_language_links_at_this_step(page: Page, served_site: str) -> None:
    open_guide(page, served_site + GUIDE)
    scroll_to(page, "step-2")
    toggle = page.locator(".sn-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    steps = page.locator(".sn-list a")
    expect(steps.nth(1)).to_have_attribute("aria-current", "step")
    page.keyboard.press("Escape")
    expect(page.locator(".sn-panel")).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.click()
    steps.nth(4).click()
    expect(page.locator("#step-5")).to_be_focused()
    expect(page.locator(".sn-panel")).to_be_hidden()
    toggle.click()
    page.locator(".sn-languages a[hreflang='da']").click()
    expect(page).to_have_url(served_site + "/da/videomoede/#trin-5")
    expect(page.locator("#trin-5")).to_be_in_viewport()
    expect(page.locator(".sn-toggle")).to_contain_text("Trin 5 af ")
    expect(page.locator(".sn-languages")).to_contain_text("Sprog:")


def test_every_language_link_carries_the_step_wherever_the_reader_is(page: Page, served_site: str) -> None:
    open_guide(page, served_site + "/de/videotermin/")
    scroll_to(page, "schritt-4")
    partner = page.locator(".partner-link")
    expect(partner).to_have_attribute("href", re.compile(r"/de-leicht/videotermin/#schritt-4$"))
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # back up to the header
    expect(page.locator(".language-switch a[hreflang='en']")).to_have_attribute("href", re.compile(r"#step-4$"))
    expect(partner).to_have_attribute("href", re.compile(r"#schritt-4$"))
    partner.click()
    expect(page).to_have_url(re.compile(r"/de-leicht/videotermin/#schritt-4$"))
    expect(page.locator("#schritt-4")).to_be_in_viewport()


def test_coming_back_returns_to_the_step(page: Page, served_site: str) -> None:
    open_guide(page, served_site + GUIDE)
    scroll_to(page, "step-3")
    expect(page).to_have_url(re.compile(r"#step-3$"))
    page.reload()
    expect(page.locator("#step-3")).to_be_in_viewport()
    page.goto(served_site + "/en/help/")  # off to somewhere else in this tab, then back by a link without a step
    open_guide(page, served_site + GUIDE)
    expect(page).to_have_url(re.compile(r"#step-3$"))
    expect(page.locator("#step-3")).to_be_in_viewport()
    stored = page.evaluate("Object.keys(sessionStorage).length + ':' + localStorage.length")
    assert stored == "1:0"  # one value in this tab's session storage, nothing kept beyond it
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", [320, 1280])
def test_the_bar_never_covers_content(page: Page, served_site: str, width: int) -> None:
    open_guide(page, served_site + GUIDE, width)
    page.evaluate("window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'})")
    not_covered(page, ".site-footer p")  # the page keeps room for the bar at its end
    page.locator(".sn-list a").nth(1).evaluate("a => a.click()")  # to step 2, its heading focused
    expect(page.locator("#step-2")).to_be_focused()
    for _ in range(8):  # each control the keyboard reaches is scrolled clear of the bar
        page.keyboard.press("Tab")
        if page.locator(".step-nav :focus").count():
            break
        not_covered(page, ":focus")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_with_the_bar_closed_and_open(page: Page, served_site: str, width: int, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_guide(page, served_site + "/de-leicht/videotermin/", width)
    scroll_to(page, "schritt-2")
    assert axe_violations(page) == []
    page.locator(".sn-toggle").click()
    expect(page.locator(".sn-panel")).to_be_visible()
    assert axe_violations(page) == []


def test_without_javascript_the_page_is_as_before(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + GUIDE)
    expect(page.locator(".step-nav")).to_have_count(0)
    expect(page.locator(".on-this-page a")).not_to_have_count(0)
    context.close()
