"""Site search with Pagefind: the index over the built site, the bundle in serve mode, the page list without JavaScript."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, send_from_directory
from markupsafe import Markup

from .languages import LANGUAGES
from .site import UNLISTED, Site, url_of
from .widgets import CONTENT_WIDGETS

bp = Blueprint("search", __name__)
ROOT = Path(__file__).resolve().parent.parent

BUNDLE = "pagefind"  # the folder in the built site, served at /pagefind/
WORKER = f"/{BUNDLE}/pagefind-worker.js"  # the only script whose policy allows WebAssembly (guide/security.py)
SEARCH_PAGE = "search"  # the page id of the search pages; they are not indexed themselves
# The default UIs inject inline styles (the CSP forbids them); the widget uses the JS API only.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
# Not content either: what screen readers skip (icons such as a callout's "!"), and the QR codes of
# each guide ("scan the code with the camera…" would make every guide match "camera").
NOT_CONTENT = '[aria-hidden="true"], .on-your-phone'
# Interactive widgets are not content: their root element gets data-pagefind-ignore.
WIDGET_ROOT = re.compile(r'(\sdata-module="(?:{})")'.format("|".join(sorted(CONTENT_WIDGETS))))


class SearchIndexError(RuntimeError):
    """Pagefind failed, or did not index every language on its own."""


def not_indexed(html: Markup) -> Markup:
    """Mark every interactive widget in the rendered body with data-pagefind-ignore."""
    return Markup(WIDGET_ROOT.sub(r"\1 data-pagefind-ignore", str(html)))


def build_index(site: Path) -> dict[str, int]:
    """Run Pagefind over a built site into site/pagefind/; return the bytes of each language's index.

    Pagefind splits the index by <html lang>, so each language (Leichte Sprache, de-x-ls, too) has
    its own, and a search on a page finds only pages of that page's language.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE, "--quiet"]
    command += ["--exclude-selectors", NOT_CONTENT]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    bundle = site / BUNDLE
    if result.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
        raise SearchIndexError(f"Pagefind failed: {(result.stderr or result.stdout).strip()}")
    if not (site / WORKER.lstrip("/")).is_file():  # its header policy is the only one that allows WebAssembly
        raise SearchIndexError(f"Pagefind wrote no {WORKER}: the header files would give its worker no policy")
    for pattern in UNUSED:
        for file in bundle.glob(pattern):
            file.unlink()
    found = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    wanted = {lang.html_lang for lang in LANGUAGES.values()}
    if set(found) != wanted:
        raise SearchIndexError(f"Pagefind indexed the languages {sorted(found)}, expected {sorted(wanted)}")
    return {lang: index_bytes(bundle, lang, found[lang]["hash"]) for lang in sorted(found)}


def index_bytes(bundle: Path, lang: str, meta_hash: str) -> int:
    """Bytes of one language's index: its metadata, word index, fragments and WebAssembly."""
    files = [bundle / f"pagefind.{meta_hash}.pf_meta", bundle / f"wasm.{lang}.pagefind"]
    files += list((bundle / "index").glob(f"{lang}_*")) + list((bundle / "fragment").glob(f"{lang}_*"))
    return sum(file.stat().st_size for file in files if file.exists())


def all_pages(site: Site, lang: str) -> list[dict[str, Any]]:
    """Every page of a language for the search page without JavaScript: guides first, each with its steps."""
    pages = [p for p in site.in_language(lang) if p.id != SEARCH_PAGE and p.id not in UNLISTED]
    guides = [p for p in pages if p.layout == "guide"]
    others = sorted((p for p in pages if p.layout != "guide"), key=lambda p: (p.layout != "home", p.meta["title"]))
    return [
        {
            "title": page.meta["title"],
            "url": url_of(page),
            "steps": [(title, f"{url_of(page)}#{anchor}") for _, anchor, title in page.steps],
        }
        for page in guides + others
    ]


@bp.app_template_global("search_pages")
def search_pages(lang: str) -> list[dict[str, Any]]:
    """The page list of the site-search widget."""
    return all_pages(current_app.extensions["guide_site"], lang)


@bp.before_app_request
def bundle() -> Response | None:
    """Serve mode: answer /pagefind/... from the last build's bundle (python freeze.py writes build/pagefind/).

    Not a URL rule, so that Frozen-Flask has nothing to freeze here: in the static site, Pagefind writes the
    bundle itself. The security headers still apply, the CSP included, as they would from a static host.
    """
    prefix = f"/{BUNDLE}/"
    if not request.path.startswith(prefix):
        return None
    build = current_app.config.get("SEARCH_BUILD_DIR") or os.environ.get("BUILD_DIR") or ROOT / "build"
    folder = Path(build) / BUNDLE
    if not folder.is_dir():
        abort(404)
    return send_from_directory(folder, request.path.removeprefix(prefix), max_age=0)
