"""What the page checks share: the list of pages (from the sitemap) and the axe set-up."""

from __future__ import annotations

import functools
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask, url_for

from guide import create_app
from tests import builds

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()


@functools.cache
def test_app() -> Flask:
    """One app on the real content for what the page checks ask of it."""
    return create_app({"TESTING": True})


def static_path(filename: str) -> str:
    """The fingerprinted address of a static file, as the pages link it: /static/<hash>/<filename>."""
    with test_app().test_request_context():
        return url_for("static", filename=filename)


def sitemap_paths() -> list[str]:
    """Every page of the shipped site, from its sitemap, plus the 404 page: new pages are checked by themselves."""
    return builds.sitemap_paths("default")


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page; one line per violation and node."""
    results = AXE.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {violation['help']} at {node['target']}")
    return found


# A widget that has neither started nor failed (static/js/init.js sets one of the two on every widget).
UNSETTLED = "[data-module]:not([data-started=true]):not([data-failed=true])"


def expect_widgets_settled(page: Any) -> None:
    """Wait until every widget of the page has started or failed.

    Later widgets load their own files and move the layout, so a test that watches requests or positions waits
    for this state, never for time.
    """
    from playwright.sync_api import expect

    expect(page.locator(UNSETTLED), "widgets neither started nor failed").to_have_count(0)
