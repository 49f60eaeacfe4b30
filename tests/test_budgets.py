"""The budgets of DESIGN.md: a guide page fits one round trip, and loads little before any interaction."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .pages import sitemap_paths

CRITICAL = 14 * 1024  # HTML plus render-blocking CSS, gzip
BEFORE_INTERACTION = 40 * 1024  # everything loaded before any interaction, gzip


def gz(data: bytes) -> int:
    """Size after gzip -9, as a CDN would send it."""
    return len(gzip.compress(data, 9))


def blocking_css(html: str, built: Path) -> list[Path]:
    """Stylesheets that block the first paint: every <link rel=stylesheet> in <head> without a print-only media."""
    head = html.split("</head>", 1)[0]
    found = []
    for tag in re.findall(r"<link [^>]*rel=\"stylesheet\"[^>]*>", head):
        if 'media="print"' in tag:
            continue
        href = re.search(r'href="([^"]+)"', tag)
        assert href
        found.append(built / href[1].split("?")[0].lstrip("/"))
    return found


def guide_paths(built: Path) -> list[str]:
    """The guide pages of the built site (layout guide: they have steps)."""
    pages = [p for p in sitemap_paths() if p.endswith("/")]
    return [p for p in pages if 'class="steps"' in (built / p.lstrip("/") / "index.html").read_text("utf-8")]


def test_guide_pages_fit_one_round_trip(built_site: Path) -> None:
    sizes = {}
    for path in guide_paths(built_site):
        html = (built_site / path.lstrip("/") / "index.html").read_text("utf-8")
        sizes[path] = gz(html.encode()) + sum(gz(css.read_bytes()) for css in blocking_css(html, built_site))
    assert sizes, "no guide pages found"
    assert {p: s for p, s in sizes.items() if s > CRITICAL} == {}


@pytest.mark.parametrize("path", ["/de/videotermin/", "/da/sikker-besked/", "/en/online-communication/"])
def test_everything_before_interaction_is_small(page: Page, served_site: str, built_site: Path, path: str) -> None:
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(served_site + path, wait_until="networkidle")
    total = 0
    for url in loaded:
        local = url.removeprefix(served_site).split("?")[0].split("#")[0]
        file = built_site / local.lstrip("/")
        file = file / "index.html" if local.endswith("/") else file
        total += gz(file.read_bytes())
    assert total <= BEFORE_INTERACTION, loaded
