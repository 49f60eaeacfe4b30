"""Every QR code on every built page decodes to exactly the absolute address printed beside it."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Locator, Page

from .pages import sitemap_paths

# The official device test of Mein Videotermin, whose QR code the BA leaflet prints.
OFFICIAL_TEST = "https://vk.arbeitsagentur.de"
GUIDES = {
    "/de/online-kommunikation/": [],
    "/de/videotermin/": ["/de/geraetetest/", OFFICIAL_TEST],
    "/de-leicht/videotermin/": ["/de-leicht/geraetetest/", OFFICIAL_TEST],
    "/da/videomoede/": ["/da/enhedstest/", OFFICIAL_TEST],
    "/en/video-appointment/": ["/en/device-check/", OFFICIAL_TEST],
    "/en/secure-message/": [],
}
DECODED: list[str] = []


SCALE = 8  # pixels per module: a fixed rendering, whatever the page's layout, scrolling or load does meanwhile


def decode(page: Page | Locator, selector: str) -> list[str]:
    """Render each QR code's own SVG (inline, or the file an <img> shows) at a fixed scale and decode it with zxing-cpp."""
    found = []
    blank = (page if isinstance(page, Page) else page.page).context.new_page()
    for code in page.locator(selector).all():
        if code.evaluate("element => element.tagName") == "IMG":
            # A guide's codes are SVG files of their own: the file is what the reader's browser draws.
            source = code.evaluate("img => img.src")
            blank.goto(source)
            image = Image.open(io.BytesIO(blank.locator("svg").screenshot(animations="disabled")))
            results = zxingcpp.read_barcodes(image)
            assert len(results) == 1, "one readable code per image"
            found.append(results[0].text)
            continue
        svg = code.evaluate(
            """(svg, scale) => {
              const copy = svg.cloneNode(true);
              const [, , width, height] = svg.viewBox.baseVal ? [0, 0, svg.viewBox.baseVal.width, svg.viewBox.baseVal.height] : [];
              copy.setAttribute('width', width * scale);
              copy.setAttribute('height', height * scale);
              copy.removeAttribute('class');
              return copy.outerHTML;
            }""",
            SCALE,
        )
        blank.set_content(f'<body style="margin:0;background:#fff">{svg}</body>')
        image = Image.open(io.BytesIO(blank.locator("svg").screenshot(animations="disabled")))
        results = zxingcpp.read_barcodes(image)
        assert len(results) == 1, "one readable code per image"
        found.append(results[0].text)
    blank.close()
    return found


@pytest.mark.parametrize("path", sitemap_paths())
def test_every_code_decodes_to_its_address(page: Page, served_site: str, path: str) -> None:
    page.goto(served_site + path)
    figures = page.locator("figure.qr-code").all()
    for figure in figures:
        printed = figure.locator("figcaption a").get_attribute("href")
        assert decode(figure, ".qr-svg") == [printed]
        short = figure.locator("figcaption a").inner_text()
        if printed == OFFICIAL_TEST:
            assert short == "vk.arbeitsagentur.de"
            continue
        assert printed and printed.startswith(served_site + "/")
        assert printed.endswith(short.split("/", 1)[1])  # the short address is the same address
        DECODED.append(printed)


@pytest.mark.parametrize(("path", "others"), GUIDES.items())
def test_guides_link_themselves_and_the_device_check(
    page: Page, served_site: str, path: str, others: list[str]
) -> None:
    page.goto(served_site + path)
    expected = [p if p.startswith("https://") else served_site + p for p in [path, *others]]
    assert decode(page, "figure.qr-code .qr-svg") == expected
    first = page.locator("figure.qr-code .qr-svg").first
    assert (first.get_attribute("alt") or first.get_attribute("aria-label") or "").startswith(("QR", "QR-"))


def test_codes_print(page: Page, served_site: str) -> None:
    page.goto(served_site + "/da/videomoede/")
    page.emulate_media(media="print")
    assert page.locator("figure.qr-code").first.is_visible()
