"""Every QR code the site builds decodes to its address, and is no larger and no weaker than segno's code of it."""

from __future__ import annotations

import re

import pytest
import segno
import zxingcpp
from PIL import Image

from guide import create_app, qr
from guide.views import qr_targets, site, target_address

LEVELS = "LMQH"
SCALE = 4  # pixels per module: what a reader gets from a sharp print, the quiet zone drawn too
# A short address (the checkout's site file) and a long one (a portal under a subpath), up to version 6.
SITE_URLS = ["http://127.0.0.1:8000", "https://www.digitale-behoerdenwege.example.org/portal"]


def site_addresses(site_url: str) -> list[str]:
    """Every address prepare_qr_codes encodes for the real content at `site_url`."""
    app = create_app({"TESTING": True, "SITE_URL": site_url})
    with app.app_context():
        guides = [page for page in site().pages if page.layout == "guide"]
        return sorted({target_address(target) for page in guides for target in qr_targets(page)})


ADDRESSES = sorted({address for url in SITE_URLS for address in site_addresses(url)})


def raster(svg: str) -> Image.Image:
    """Draw the <svg> qr.encode writes, from its own path data: the modules a browser would paint."""
    size = int(re.fullmatch(r'<svg viewBox="0 0 (\d+) \1" class="qr-svg">.*', svg)[1])  # type: ignore[index]
    assert f'<path fill="#fff" d="M0 0h{size}v{size}H0z"/>' in svg  # a white square under the whole quiet zone
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmhv])(-?[\d.]+) ?(-?[\d.]+)?", svg.split('stroke="#000" d="')[1]):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        elif command == "h":  # a stroke 1 wide centred on y: the modules of row y - 0.5
            assert y % 1 == 0.5 and x % 1 == 0, "a stroke on a module's middle line covers whole modules"
            image.paste(0, (int(x), int(y), int(x + float(first)), int(y) + 1))
            x += float(first)
        else:
            assert x % 1 == 0.5 and y % 1 == 0, "a stroke on a module's middle line covers whole modules"
            image.paste(0, (int(x), int(y), int(x) + 1, int(y + float(first))))
            y += float(first)
    return image.resize((size * SCALE, size * SCALE), Image.Resampling.NEAREST)


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_code_decodes_and_is_no_larger_than_segnos(address: str) -> None:
    results = zxingcpp.read_barcodes(raster(qr.encode(address)))
    assert [result.text for result in results] == [address]
    found = results[0]
    reference = segno.make(address, error="m", micro=False)
    version = int(found.extra["Version"])
    assert version <= reference.version, "a larger symbol is harder to read for a poor camera"
    assert LEVELS.index(found.ec_level) >= LEVELS.index("M")
    if version == reference.version:  # the same size, then no less error correction than segno gave it
        assert LEVELS.index(found.ec_level) >= LEVELS.index(reference.error)


@pytest.mark.parametrize("address", ["https://example.org/da/vejledning-møde/", "https://example.org/de/a/#schritt-12"])
def test_other_characters_and_step_anchors_decode(address: str) -> None:
    assert [result.text for result in zxingcpp.read_barcodes(raster(qr.encode(address)))] == [address]


def test_the_svg_is_bare_and_deterministic() -> None:
    address = ADDRESSES[0]
    svg = qr.encode(address)
    assert svg == qr.encode(address)  # the same bytes in every build: files and pages keep their hashes
    assert svg.startswith('<svg viewBox="0 0 ') and svg.endswith("</svg>")
    assert not any(part in svg for part in ("<?xml", "xmlns", "width=", "height="))  # qr_svg and svg_file add these
    assert svg.count("<path") == 2 and 'stroke="#000"' in svg
    modules = int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])
    assert qr.svg_file(address).startswith(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{modules * 8}" height="{modules * 8}" viewBox='
    )
