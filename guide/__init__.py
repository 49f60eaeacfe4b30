"""The guide portal: a Flask app that renders the guides, frozen to a static site by freeze.py."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from babel.support import Translations
from flask import Flask, g
from flask_babel import Babel
from werkzeug.routing import AnyConverter

from .assets import static_hash
from .languages import LANGUAGES
from .site import Site, build_site
from .widgets import CONTENT_WIDGETS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The locale comes from the URL prefix, never from the browser."""
    lang = getattr(g, "lang", None)
    return LANGUAGES[lang].locale if lang in LANGUAGES else "en"


def catalogs() -> dict[str, Translations]:
    """The compiled catalog of each site language; stop if one was not compiled."""
    found = {}
    for lang in LANGUAGES.values():
        mo = TRANSLATIONS / lang.locale / "LC_MESSAGES" / "messages.mo"
        if not mo.exists():
            raise RuntimeError(f"{mo} is missing: run 'make catalogs' (pybabel compile -d guide/translations)")
        with mo.open("rb") as file:
            found[lang.code] = Translations(file)
    return found


class SiteUrlError(ValueError):
    """SITE_URL is missing or not an absolute address."""


def check_site_url(value: str | None) -> str:
    """The base URL of every absolute address (sitemap, QR codes, staff links), without a trailing slash."""
    address = (value or "").strip().rstrip("/")
    if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", address):
        raise SiteUrlError(
            f"SITE_URL must be the site's absolute base address, like https://hilfe.example.org (got {value!r}). "
            "QR codes, the sitemap and staff links are built from it."
        )
    return address


def load_site(app: Flask) -> Site:
    """Load, render and check the app's content; raise ContentError listing every problem (live reload calls it too)."""
    translations = catalogs()

    def step_label(lang: str, number: int) -> str:
        return translations[lang].gettext("Step %(number)d") % {"number": number}

    cache = app.extensions.setdefault("rendered_markdown", {}) if app.config.get("LIVE_RELOAD") else None
    return build_site(Path(app.config["CONTENT_DIR"]), set(CONTENT_WIDGETS), step_label, cache)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: config, Babel, the rendered content and the routes."""
    # Every static URL carries the static folder's hash (guide/assets.py), so hosts may cache it for a year.
    static = ROOT / "static"
    app = Flask(__name__, static_folder=str(static), static_url_path=f"/static/{static_hash(static)}")
    app.config.from_mapping(
        CONTENT_DIR=str(ROOT / "content"),
        SITE_URL=os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
        SITE_META_CSP=True,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="Europe/Berlin",
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_STATIC_IGNORE=["*.map"],
    )
    if test_config:
        app.config.update(test_config)
    app.config["SITE_URL"] = check_site_url(app.config["SITE_URL"])
    Babel(app, locale_selector=select_locale)
    # Only the four site languages match as a URL prefix; anything else is a 404, not a redirect.
    app.url_map.converters["lang"] = lambda url_map: AnyConverter(url_map, *LANGUAGES)

    app.extensions["guide_site"] = load_site(app)

    from . import search, views

    app.register_blueprint(views.bp)
    app.register_blueprint(search.bp)
    from . import pdf

    app.register_blueprint(pdf.bp)
    return app
