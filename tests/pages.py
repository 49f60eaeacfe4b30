"""What the page checks share: the list of pages (from the sitemap) and the axe set-up."""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from guide import create_app
from guide.site import UNLISTED, url_of

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()


@functools.cache
def sitemap_paths() -> list[str]:
    """Every page of the site, from its sitemap, plus the pages left out of it: new pages are checked by themselves.

    Left out of the sitemap are the 404 page and the unlisted pages (guide/site.py: UNLISTED, the offline pages).
    """
    app = create_app({"TESTING": True})
    xml = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]
    unlisted = sorted(url_of(page) for page in app.extensions["guide_site"].pages if page.id in UNLISTED)
    return [*paths, *unlisted, "/404.html"]


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page; one line per violation and node."""
    results = AXE.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {violation['help']} at {node['target']}")
    return found
