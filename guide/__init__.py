"""The guide portal: a Flask app that renders the guides, frozen to a static site by freeze.py."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.support import Translations
from flask import Flask, g
from flask_babel import Babel
from werkzeug.routing import AnyConverter

from .languages import LANGUAGES
from .site import build_site
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


DEFAULT_SITE_URL = "http://127.0.0.1:8000"  # for previews on this computer only: freeze.py warns when it is used
HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|\[[0-9a-f:.]+\]", re.I
)
# A path of plain URL characters: no quotes, angle brackets, backslashes, spaces or controls, so that the address
# is the same text in HTML, XML, CSS, JSON, a QR code and a PDF, escaped or not.
URL_PATH = re.compile(r"(/[A-Za-z0-9._~!$&()*+,;=:@%-]*)*")


def check_site_url(value: str | None) -> str:
    """The base URL of every absolute address (sitemap, QR codes, staff links), without a trailing slash."""
    address = (value or "").strip().rstrip("/")
    problem = site_url_problem(address)
    if problem:
        raise SiteUrlError(
            f"SITE_URL must be the site's absolute base address, like https://hilfe.example.org (got {value!r}): "
            f"{problem}. QR codes, the sitemap and staff links are built from it."
        )
    return address


def site_url_problem(address: str) -> str | None:
    """Why `address` is not a usable site address, or None."""
    if not re.fullmatch(r"https?://[^/?#]+(/[^?#]*)?", address) or any(c.isspace() for c in address):
        return "it is not an http:// or https:// address without spaces, '?' or '#'"
    parts = urlsplit(address)
    if "@" in parts.netloc:
        return "it may not hold a user name or password (user@host)"
    host, _, port = parts.netloc.rpartition(":") if re.search(r":[^\]]*$", parts.netloc) else (parts.netloc, "", "")
    if not HOST.fullmatch(host):
        return "its host name may hold only letters, digits, '-' and '.'"
    if parts.netloc.endswith(":") or (port and not (re.fullmatch("[0-9]{1,5}", port) and 1 <= int(port) <= 65535)):
        return "its port must be a number from 1 to 65535"
    if not URL_PATH.fullmatch(parts.path):
        return "its path may not hold quotes, angle brackets, backslashes or control characters"
    return None


def site_url_is_local(value: str | None = None) -> bool:
    """Whether a build would use the local default address (no SITE_URL, or the default itself)."""
    value = os.environ.get("SITE_URL", "") if value is None else value
    return not value.strip() or value.strip().rstrip("/") == DEFAULT_SITE_URL


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: config, Babel, the rendered content and the routes."""
    app = Flask(__name__, static_folder=str(ROOT / "static"), static_url_path="/static")
    app.config.from_mapping(
        CONTENT_DIR=str(ROOT / "content"),
        SITE_URL=os.environ.get("SITE_URL", DEFAULT_SITE_URL),
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

    translations = catalogs()

    def step_label(lang: str, number: int) -> str:
        return translations[lang].gettext("Step %(number)d") % {"number": number}

    app.extensions["guide_site"] = build_site(Path(app.config["CONTENT_DIR"]), set(CONTENT_WIDGETS), step_label)

    from . import search, views

    app.register_blueprint(views.bp)
    app.register_blueprint(search.bp)
    from . import pdf

    app.register_blueprint(pdf.bp)
    return app
