"""The site search: Pagefind's index per language over the frozen site, and the widget in Chromium."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Request, expect

from guide import create_app
from guide.languages import LANGUAGES
from guide.site import UNLISTED, url_of
from tests.pages import axe_violations, static_path
from tests.statichost import serve

LEFT_OUT = {"search", *UNLISTED}  # not indexed, not listed: the search pages and the offline pages
SEARCH = {"de": "/de/suche/", "de-leicht": "/de-leicht/suche/", "da": "/da/soeg/", "en": "/en/search/"}
RESULT_LINKS = ".search-results a"
# Resolves with the milliseconds from typing a term into an unused field to the first result in the DOM.
FIRST_SEARCH = """async (term) => {
  const input = document.querySelector('#search-term');
  const results = document.querySelector('.search-results');
  const started = performance.now();
  const shown = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (results.querySelector('.search-result')) { observer.disconnect(); resolve(performance.now() - started); }
    }).observe(results, { childList: true });
  });
  input.focus();
  input.value = term;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return shown;
}"""


def search(page: Page, served_site: str, lang: str, term: str) -> None:
    """Open the search page of a language, type a term and wait until the count is announced."""
    page.goto(served_site + SEARCH[lang])
    page.locator("#search-term").fill(term)
    expect(page.locator("[data-module='site-search']")).to_have_attribute("data-state", "done")
    expect(page.locator(".search-status")).not_to_be_empty()


def result_hrefs(page: Page) -> list[str]:
    """The page links of the results, in order."""
    return page.locator(".search-result-title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_each_language_has_its_own_index(built_site: Path, app: Flask) -> None:
    """Pagefind splits by <html lang>: Leichte Sprache (de-x-ls) is not merged into German; search pages are left out."""
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    site = app.extensions["guide_site"]
    expected = {
        lang.html_lang: len([p for p in site.in_language(code) if p.id not in LEFT_OUT])
        for code, lang in LANGUAGES.items()
    }
    assert {lang: index["page_count"] for lang, index in entry["languages"].items()} == expected
    assert not list((built_site / "pagefind").glob("pagefind-ui.*")), "the default UI (inline styles) is not shipped"


def test_pinkode_finds_the_secure_message_guide_first_and_only_danish_pages(page: Page, served_site: str) -> None:
    search(page, served_site, "da", "Pinkode")
    hrefs = result_hrefs(page)
    assert hrefs[0] == "/da/sikker-besked/"
    assert all(
        href.startswith("/da/")
        for href in page.locator(RESULT_LINKS).evaluate_all("a => a.map(x => x.getAttribute('href'))")
    )
    expect(page.locator(".search-status")).to_have_text(f"{len(hrefs)} resultater for »Pinkode«")


def test_kamera_finds_the_video_guide_and_the_device_check(page: Page, served_site: str) -> None:
    search(page, served_site, "de", "Kamera")
    hrefs = result_hrefs(page)
    assert "/de/videotermin/" in hrefs and "/de/geraetetest/" in hrefs
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ Treffer für „Kamera“$"))


def test_zulassen_finds_step_3_of_the_video_guide(page: Page, served_site: str) -> None:
    search(page, served_site, "de", "Zulassen")
    assert result_hrefs(page)[0] == "/de/videotermin/"
    step = page.locator(".search-steps a[href='/de/videotermin/#schritt-3']")
    expect(step).to_have_text(re.compile(r"^Schritt 3 Erlauben Sie Kamera und Mikrofon"))
    expect(step.locator("xpath=..").locator("mark").first).to_have_text(re.compile("zulassen", re.I))
    step.click()
    expect(page).to_have_url(served_site + "/de/videotermin/#schritt-3")


def test_leichte_sprache_finds_only_leichte_sprache_pages(page: Page, served_site: str) -> None:
    search(page, served_site, "de-leicht", "Kamera")
    links = page.locator(RESULT_LINKS).evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert links and all(href.startswith("/de-leicht/") for href in links)
    assert "/de-leicht/videotermin/#schritt-3" in links


def test_a_nonsense_word_says_nothing_was_found_and_offers_the_guides_and_the_help_page(
    page: Page, served_site: str, app: Flask
) -> None:
    site = app.extensions["guide_site"]
    search(page, served_site, "en", "xqzwvyk")
    expect(page.locator(".search-status")).to_have_text(
        "Nothing found for “xqzwvyk”. Try another word, or choose a page from the list below."
    )
    expect(page.locator(".search-results")).to_be_hidden()
    offered = page.get_by_role("list", name="These pages may help")
    expect(offered).to_be_visible()
    links = offered.get_by_role("link").evaluate_all("a => a.map(x => [x.textContent, x.getAttribute('href')])")
    pages = [*site.guides("en"), site.by_id["help", "en"]]
    assert links == [[p.meta["title"], url_of(p)] for p in pages]
    page.locator("#search-term").fill("camera")  # a search that finds hides them again
    expect(page.locator(".search-results")).to_be_visible()
    expect(offered).to_be_hidden()


def test_a_part_of_a_compound_marks_the_compound_in_the_excerpt(page: Page, served_site: str) -> None:
    """A search for Termin finds the step where only Videotermin stands, and marks Videotermin, not the hidden part."""
    search(page, served_site, "de", "Termin")
    step = page.locator(".search-steps li").filter(
        has=page.locator("a[href='/de/geraetetest/#ihre-daten-bleiben-bei-ihnen']")
    )
    expect(step.locator("mark").first).to_have_text("Videotermin")
    assert "_" not in page.locator(".search-results").inner_text()


def test_excerpts_drop_the_hidden_parts(page: Page, served_site: str) -> None:
    page.goto(served_site + SEARCH["de"])
    html = page.evaluate(
        """async (script) => {
          const { excerptNodes } = await import(script);
          const p = document.createElement('p');
          p.append(...excerptNodes('Ihr <mark>_termin.</mark> Videotermin, die _erklärung. Einwilligungserklärung und <mark>Termine</mark>'));
          return p.innerHTML;
        }""",
        static_path("js/widgets/site-search.js"),
    )
    assert html == "Ihr <mark>Videotermin</mark>, die Einwilligungserklärung und <mark>Termine</mark>"


def test_keyboard_enter_announces_the_count_in_a_polite_live_region(page: Page, served_site: str) -> None:
    page.goto(served_site + SEARCH["en"])
    status = page.locator(".search-status")
    expect(status).to_have_attribute("role", "status")  # role=status is polite
    field = page.get_by_label("What are you looking for?")
    expect(field).to_be_visible()  # the form appears when the widget starts; before, there is nothing to type into
    field.focus()
    page.keyboard.type("camera")
    page.keyboard.press("Enter")
    expect(status).to_have_text(re.compile(r"^\d+ results for “camera”$"))
    expect(field).to_be_focused()
    expect(page.get_by_role("list", name=status.inner_text())).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Search")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(RESULT_LINKS).first).to_be_focused()


@pytest.mark.parametrize(("width", "scheme"), [(320, "dark"), (1280, "light")])
def test_axe_finds_nothing_with_results_shown(browser: Browser, served_site: str, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    search(page, served_site, "de", "Kamera")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_loads_nothing_before_the_field_is_used_and_nothing_from_elsewhere(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + SEARCH["de"], wait_until="networkidle")
    assert [url for url in requests if "/pagefind/" in url] == []
    with page.expect_request(lambda request: request.url.endswith(".pf_meta")):
        page.locator("#search-term").focus()  # the first use loads the script and the index
    page.locator("#search-term").fill("Kamera")
    expect(page.locator(".search-status")).not_to_be_empty()
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests)
    assert [url for url in requests if not url.startswith(served_site + "/")] == []
    assert [url for url in requests if "kamera" in url.lower()] == [], "the typed word is in no request"
    assert "kamera" not in page.url.lower()
    context.close()


def first_search(browser: Browser, served_site: str, focus_first: bool) -> tuple[float, int, int]:
    """Milliseconds from typing 'Kamera' to the results in the DOM, in a fresh browser context (cold cache).

    focus_first: the field is focused (its first use) and its index loaded before the term arrives, as when
    a person clicks into the field and then types; else the term arrives in that same instant (worst case).
    Also returns the number and bytes of the requests between the first use and the results.
    """
    context = browser.new_context()
    page = context.new_page()
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(served_site + SEARCH["de"], wait_until="networkidle")
    finished.clear()
    if focus_first:
        page.locator("#search-term").focus()  # the first use: the script and the index start loading
        expect(page.locator("[data-module='site-search']")).to_have_attribute("data-loaded", "true")
    milliseconds = page.evaluate(FIRST_SEARCH, "Kamera")
    expect(page.locator(".search-status")).not_to_be_empty()
    sizes = [request.sizes()["responseBodySize"] for request in finished]  # after the timing, not during it
    context.close()
    return milliseconds, len(sizes), sum(sizes)


def test_a_first_search_takes_less_than_300_ms(browser: Browser, served_site: str) -> None:
    """A person focuses the field, then types: from typing to results in the DOM, under 300 ms.

    Timed in the page with performance.now(), cold cache, the median of five runs. The worst case
    (the term arrives in the same instant as the first focus, so the script, worker, WebAssembly and
    index load in the timed span) is timed too and printed; on a quiet machine it also stays under
    300 ms, but it is dominated by CPU time and swings with the load of a shared test machine.
    """
    typed = [first_search(browser, served_site, focus_first=True) for _ in range(5)]
    worst = [first_search(browser, served_site, focus_first=False) for _ in range(3)]
    print(f"first search after focus: {[round(ms) for ms, _, _ in typed]} ms")
    print(f"first search in the same instant as the first focus: {[round(ms) for ms, _, _ in worst]} ms")
    print(f"requests from the first use to the results: {worst[0][1]}, {worst[0][2]} bytes")
    print(f"load average of the machine: {os.getloadavg()[0]:.1f}")
    assert sorted(ms for ms, _, _ in typed)[2] < 300
    assert sorted(ms for ms, _, _ in worst)[1] < 3000  # only against a gross slip, such as every index at once
    assert worst[0][2] < 300_000  # pagefind.js, its worker, the German index and the fragments of the results


def test_excerpts_keep_only_mark(page: Page, served_site: str) -> None:
    """Pagefind's excerpt HTML becomes text and <mark> nodes only; nothing else is parsed into the page."""
    page.goto(served_site + SEARCH["en"])
    found = page.evaluate(
        """async (script) => {
          const { excerptNodes } = await import(script);
          const p = document.createElement('p');
          window.hit = false;
          p.append(...excerptNodes('a &lt;b&gt; <mark>camera</mark> <img src=x id=bad> <script>window.hit = true</script>c'));
          document.body.append(p);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { html: p.innerHTML, hit: window.hit, bad: !!document.getElementById('bad') };
        }""",
        static_path("js/widgets/site-search.js"),
    )
    assert found == {"html": "a &lt;b&gt; <mark>camera</mark>  window.hit = truec", "hit": False, "bad": False}


def test_without_javascript_the_page_lists_every_page_of_its_language(
    browser: Browser, served_site: str, app: Flask
) -> None:
    site = app.extensions["guide_site"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for lang, path in SEARCH.items():
        page.goto(served_site + path)
        expect(page.locator(".search-nojs")).to_be_visible()
        expect(page.locator(".search-form")).to_be_hidden()
        links = page.locator(".search-all a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
        expected = [url_of(p) for p in site.in_language(lang) if p.id not in LEFT_OUT]
        expected += [f"{url_of(p)}#{anchor}" for p in site.in_language(lang) for _, anchor, _ in p.steps]
        assert sorted(links) == sorted(expected)
    context.close()


def test_every_page_has_a_search_link_in_its_header(client) -> None:  # type: ignore[no-untyped-def]
    for lang, path in SEARCH.items():
        html = client.get(f"/{lang}/").get_data(as_text=True)
        header = html[html.index("<header") : html.index("</header>")]
        assert f'class="search-link" href="{path}"' in header
        assert "data-pagefind-body" in html
        assert "data-pagefind-body" not in client.get(path).get_data(as_text=True), "search pages are not indexed"


def test_serve_mode_answers_the_bundle_of_the_last_build(built_site: Path) -> None:
    client = create_app({"TESTING": True, "SEARCH_BUILD_DIR": str(built_site)}).test_client()
    script = client.get("/pagefind/pagefind.js")
    assert script.status_code == 200 and "javascript" in script.content_type
    assert "'wasm-unsafe-eval'" not in script.headers["Content-Security-Policy"]  # a module of the page
    worker = client.get("/pagefind/pagefind-worker.js").headers["Content-Security-Policy"]
    assert worker == "default-src 'none'; script-src 'wasm-unsafe-eval'; connect-src 'self'"
    assert "'wasm-unsafe-eval'" not in client.get("/de/suche/").headers["Content-Security-Policy"]
    assert client.get("/pagefind/pagefind-entry.json").status_code == 200
    assert client.get("/pagefind/../freeze.py").status_code == 404
    assert client.get("/pagefind/nothing.js").status_code == 404
    empty = create_app({"TESTING": True, "SEARCH_BUILD_DIR": str(built_site / "nothing")}).test_client()
    assert empty.get("/pagefind/pagefind.js").status_code == 404


# The smallest WebAssembly module: the magic number and version 1.
COMPILE_WASM = """() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    .then(() => "compiled", (error) => error.name)"""


def test_no_page_may_compile_webassembly_yet_the_search_finds(page: Page, served_site: str) -> None:
    """Only Pagefind's worker compiles WebAssembly: no page can, the search page included, and it still finds."""
    for path in (SEARCH["de"], "/de/videotermin/", "/en/device-check/", "/da/medarbejdere/"):
        page.goto(served_site + path)
        assert page.evaluate(COMPILE_WASM) == "CompileError", path
    search(page, served_site, "de", "Kamera")
    assert "/de/videotermin/" in result_hrefs(page)


def test_search_finds_on_a_host_that_sends_no_headers(page: Page, built_site: Path) -> None:
    """A host that ignores _headers and .htaccess: the pages' <meta> policy holds, the worker has none, it finds."""
    with serve(built_site, headers=False) as origin:
        search(page, origin, "de", "Kamera")
        assert "/de/videotermin/" in result_hrefs(page)
        assert page.evaluate(COMPILE_WASM) == "CompileError"
