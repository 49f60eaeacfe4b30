"""Page weight of every built page: HTML plus render-blocking CSS, and everything loaded before any interaction (gzip)."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from tests.local import CHROMIUM, CHROMIUM_ARGS

CRITICAL_BUDGET = 14 * 1024  # DESIGN.md: a guide page's HTML plus render-blocking CSS, gzip
LOADED_BUDGET = 40 * 1024  # DESIGN.md: everything a guide page loads before any interaction, gzip
STYLESHEET = re.compile(r"<link [^>]*rel=\"stylesheet\"[^>]*>")
HREF = re.compile(r'href="([^"]+)"')


@dataclass
class Weight:
    """The gzip sizes of one page, in bytes."""

    path: str
    kind: str  # guide (the budgets apply), or page
    html: int
    blocking_css: int
    loaded: int  # everything requested until the network was idle
    requests: int

    @property
    def critical(self) -> int:
        """HTML plus render-blocking CSS."""
        return self.html + self.blocking_css

    @property
    def over(self) -> list[str]:
        """Which budgets this page is over."""
        found = []
        if self.critical > CRITICAL_BUDGET:
            found.append("14 KB")
        if self.loaded > LOADED_BUDGET:
            found.append("40 KB")
        return found


def gz(data: bytes) -> int:
    """Size after gzip -9, as a CDN would send it."""
    return len(gzip.compress(data, 9))


def sitemap_paths(site: Path) -> list[str]:
    """The path of every page in the built site's sitemap.xml, in its order."""
    tree = ElementTree.parse(site / "sitemap.xml")
    locations = [element.text or "" for element in tree.iter() if element.tag.endswith("loc")]
    return ["/" + location.split("://", 1)[-1].split("/", 1)[-1] for location in locations]


def blocking_stylesheets(html: str) -> list[str]:
    """The stylesheets in <head> that block the first paint (all but media="print"), as in tests/test_budgets.py."""
    head = html.split("</head>", 1)[0]
    found = []
    for tag in STYLESHEET.findall(head):
        href = HREF.search(tag)
        if href and 'media="print"' not in tag:
            found.append(href[1].split("?")[0])
    return found


def measure(site: Path, origin: str) -> list[Weight]:
    """Load every sitemap page in Chromium until the network is idle; gzip every response body."""
    from playwright.sync_api import sync_playwright

    weights = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in sitemap_paths(site):
            context = browser.new_context()  # an empty cache for every page
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request, found=finished: found.append(request))
            page.goto(origin + path, wait_until="networkidle")
            bodies: dict[str, bytes] = {}
            for request in finished:
                response = request.response()
                if response is not None:
                    bodies[request.url.split("#")[0]] = response.body()
            html_bytes = bodies.get(origin + path, b"")
            html = html_bytes.decode("utf-8", "replace")
            css = [
                bodies.get(origin + href) or (site / href.lstrip("/")).read_bytes()
                for href in blocking_stylesheets(html)
            ]
            kind = "guide" if 'class="steps"' in html else "page"
            loaded = sum(gz(body) for body in bodies.values())
            weights.append(Weight(path, kind, gz(html_bytes), sum(gz(c) for c in css), loaded, len(bodies)))
            context.close()
        browser.close()
    return weights
