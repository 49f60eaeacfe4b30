"""Fixtures: the app, a frozen copy of the site served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["BUILD_CACHE"] = ""  # every build in the tests renders its handouts; none shares the developer's cache

import freeze  # noqa: E402
from guide import create_app  # noqa: E402
from tests.builds import Build, Builds  # noqa: E402
from tests.local import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from tests.statichost import serve  # noqa: E402


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
    """Serve the frozen site on 127.0.0.1 for the browser tests, with its _headers, as a static host would."""
    with serve(built_site, site_port) as origin:
        yield origin


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory: pytest.TempPathFactory, built_site: Path, served_site: str) -> Iterator[Builds]:
    """Every site of tests/builds.py, built and served the first time a test needs it."""
    builds = Builds(tmp_path_factory.mktemp("sites"), Build("default", built_site, served_site))
    yield builds
    builds.close()


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
