"""Fixtures: the app, a frozen copy of the site served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["BUILD_CACHE"] = ""  # every build in the tests renders its handouts; none shares the developer's cache

import freeze  # noqa: E402
from guide import create_app  # noqa: E402
from tests.local import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402


class StaticHost(SimpleHTTPRequestHandler):
    """Serves build/ like a plain static host: index.html for folders, 404.html when missing."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing file with the site's own 404 page."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site is served on."""
    return free_port()


@pytest.fixture(scope="session")
def base_url(site_port: int) -> str:
    """The origin of the served build (also pytest-playwright's base URL)."""
    return f"http://127.0.0.1:{site_port}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Path:
    """The site frozen once per test session, with SITE_URL set to where it is served."""
    destination = tmp_path_factory.mktemp("site") / "build"
    os.environ["SITE_URL"] = base_url
    try:
        freeze.freeze(destination)
    finally:
        os.environ.pop("SITE_URL", None)
    return destination


@pytest.fixture(scope="session")
def served_site(built_site: Path, site_port: int) -> Iterator[str]:
    """Serve the frozen site on 127.0.0.1 for the browser tests."""
    handler = functools.partial(StaticHost, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def app() -> Flask:
    """The Flask app on the real content."""
    return create_app({"TESTING": True})


@pytest.fixture()
def client(app: Flask):  # type: ignore[no-untyped-def]
    """A test client of the app."""
    return app.test_client()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
