"""The sites the page checks run on: the shipped site and the fixture sites, each built once and served on demand.

The engine's checks must hold for any office's site, so every page of every site here goes through them:
the shipped site (the repository's top level) and the small sites in tests/sites/, one of them under a path.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import freeze
from guide import create_app
from guide.site import UNLISTED, url_of
from tests.local import free_port
from tests.statichost import serve

ROOT = Path(__file__).resolve().parent.parent
SITES: dict[str, Path] = {
    "default": ROOT,
    "musterstadt": ROOT / "tests" / "sites" / "musterstadt",  # a job centre: German and Leichte Sprache, own colours
    "subpath": ROOT / "tests" / "sites" / "subpath",  # served under /hilfe/, English and Danish, no operator
}


@functools.cache
def base_path(name: str) -> str:
    """The path of a site's address (/hilfe), or '' for a site at the root."""
    app = create_app({"TESTING": True, "SITE_DIR": str(SITES[name])})
    return app.config["BASE_PATH"]


@functools.cache
def sitemap_paths(name: str) -> list[str]:
    """Every page of a site from its sitemap, the unlisted pages and the 404 page, as paths below the base path."""
    app = create_app({"TESTING": True, "SITE_DIR": str(SITES[name])})
    xml = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    prefix = app.config["BASE_PATH"]
    paths = [urlsplit(url).path.removeprefix(prefix) for url in re.findall(r"<loc>([^<]+)</loc>", xml)]
    # Left out of the sitemap, yet pages all the same: the unlisted ones (the offline pages) and the 404 page.
    unlisted = sorted(url_of(page) for page in app.extensions["guide_site"].pages if page.id in UNLISTED)
    return [*paths, *unlisted, "/404.html"]


@dataclass(frozen=True)
class Build:
    """One built site: where its files are, and the address it is served at (base path included)."""

    name: str
    folder: Path  # the build (build/), holding index.html
    url: str  # e.g. http://127.0.0.1:4321/hilfe

    def file(self, path: str) -> Path:
        """The built file that a path below the base is served from."""
        local = self.folder / path.lstrip("/")
        return local / "index.html" if path.endswith("/") else local


class Builds:
    """Builds each site once, the first time a test asks for it, and serves it as a static host would."""

    def __init__(self, workspace: Path, default: Build) -> None:
        """Start with the shipped site, which the session has built already."""
        self.workspace = workspace
        self.found: dict[str, Build] = {"default": default}
        self.stack = contextlib.ExitStack()

    def get(self, name: str) -> Build:
        """The build of one site, served on a port of its own."""
        if name not in self.found:
            prefix = base_path(name)
            served_root = self.workspace / name
            folder = served_root / prefix.lstrip("/") if prefix else served_root
            port = free_port()
            os.environ["SITE_URL"] = f"http://127.0.0.1:{port}{prefix}"
            try:
                freeze.freeze(folder, site=SITES[name])
            finally:
                os.environ.pop("SITE_URL", None)
            origin = self.stack.enter_context(serve(served_root, port, prefix=prefix))
            self.found[name] = Build(name, folder, origin + prefix)
        return self.found[name]

    def close(self) -> None:
        """Stop the servers."""
        self.stack.close()
