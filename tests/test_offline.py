"""Offline reading in Chromium: stored guides without a connection, the offline page, updates on the next visit.

A guide opened once opens without a connection, with its stylesheet and scripts, the pages it links in its language
and its PDF; a page that is not stored shows the offline page of its language; an update reaches the reader online.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.statichost import serve

# [status, content type, bytes] of a stored response, or null.
STORED = """async (url) => {
  const response = await caches.match(url);
  return response ? [response.status, response.headers.get('content-type'), (await response.arrayBuffer()).byteLength] : null;
}"""


def open_once(browser: Browser, url: str) -> tuple[BrowserContext, Page, list[str]]:
    """A fresh context that opened `url` online and waited until the service worker stored it; failed requests."""
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url)
    return context, page, failed


def wait_until_stored(page: Page) -> None:
    """A guide says that it is stored once the service worker has answered that it stored it."""
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator(".offline-note")).to_have_text("Gespeichert: Diese Anleitung geht auch ohne Internet.")


def test_a_guide_opened_once_opens_without_a_connection(browser: Browser, served_site: str, built_site: Path) -> None:
    context, page, failed = open_once(browser, served_site + "/de/videotermin/")
    wait_until_stored(page)
    title = page.locator("h1").inner_text()
    context.set_offline(True)
    page.goto(served_site + "/de/videotermin/#schritt-2")
    expect(page.locator("h1")).to_have_text(title)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    # Its stylesheet: the steps have their border from site.css.
    assert page.evaluate("getComputedStyle(document.querySelector('li.step')).borderLeftStyle") == "solid"
    # Its scripts: init.js started the widgets, the print button and the device check among them.
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    expect(page.locator(".dc-app")).to_be_visible()
    expect(page.locator(".dc-offline")).to_have_text(
        "Der Test funktioniert ohne Internet-Verbindung. Nur der Geschwindigkeits-Test braucht eine Verbindung."
    )
    assert failed == []
    # A page it links in its language, never opened: stored too.
    page.goto(served_site + "/de/hilfe/")
    expect(page.locator("h1")).to_have_text("Hilfe und Kontakt")
    # Its PDF handout, whole.
    pdf = page.evaluate(STORED, served_site + "/de/videotermin.pdf")
    assert pdf == [200, "application/pdf", (built_site / "de" / "videotermin.pdf").stat().st_size]
    # Nothing of another language, which the reader did not ask for.
    assert page.evaluate(STORED, served_site + "/da/videomoede/") is None
    context.close()


def test_a_page_that_is_not_stored_shows_the_offline_page_with_the_stored_guides(
    browser: Browser, served_site: str
) -> None:
    context, page, _ = open_once(browser, served_site + "/de/videotermin/")
    wait_until_stored(page)
    title = page.locator("h1").inner_text()
    related = page.locator(".related a").inner_text()  # a guide it links: stored with it
    context.set_offline(True)
    page.goto(served_site + "/de/sichere-nachricht/")  # not linked from the video guide, never opened
    expect(page.locator("h1")).to_have_text("Keine Verbindung")
    assert page.url == served_site + "/de/sichere-nachricht/"  # reload it when the connection is back
    stored = page.locator(".offline-guides-list a")
    expect(stored).to_have_text(sorted([title, related]))
    expect(page.locator(".offline-guides-fallback")).to_be_hidden()
    stored.filter(has_text=title).click()
    expect(page.locator("h1")).to_have_text(title)
    context.close()


def test_the_offline_page_speaks_the_readers_language_and_says_when_no_guide_is_stored(
    browser: Browser, served_site: str
) -> None:
    context, page, _ = open_once(browser, served_site + "/en/help/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    # A page that is not a guide stores itself and the offline page, but not what it links.
    page.wait_for_function("async () => Boolean(await caches.match(location.origin + '/en/offline/'))")
    context.set_offline(True)
    page.goto(served_site + "/en/privacy/")
    expect(page.locator("h1")).to_have_text("No connection")
    expect(page.locator(".offline-guides-none")).to_be_visible()
    expect(page.locator(".offline-guides-list")).to_be_hidden()
    context.close()


def test_without_javascript_the_offline_page_says_where_to_look(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/da/offline/")
    expect(page.locator(".offline-guides-fallback")).to_have_text(
        "Sider, som du har åbnet før, kan du måske finde i din browsers historik."
    )
    context.close()


@pytest.fixture()
def own_site(built_site: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the built site on its own origin, which a test may change as a new build would."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    with serve(copy) as origin:
        yield origin, copy


def test_an_update_reaches_the_reader_on_the_next_visit_online(browser: Browser, own_site: tuple[str, Path]) -> None:
    origin, root = own_site
    context, page, _ = open_once(browser, origin + "/de/videotermin/")
    wait_until_stored(page)
    file = root / "de" / "videotermin" / "index.html"
    old = page.locator("h1").inner_text()
    file.write_text(file.read_text(encoding="utf-8").replace(f"<h1>{old}</h1>", "<h1>Neue Fassung</h1>"), "utf-8")
    page.goto(origin + "/de/videotermin/")
    expect(page.locator("h1")).to_have_text("Neue Fassung")
    context.set_offline(True)
    page.goto(origin + "/de/videotermin/")
    expect(page.locator("h1")).to_have_text("Neue Fassung")  # the stored copy was updated too
    context.close()
