"""The guide portal: a Flask app that renders the guides, frozen to a static site by freeze.py."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.support import Translations
from flask import Flask, Response, g, send_from_directory
from flask_babel import Babel
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader
from werkzeug.routing import AnyConverter

from .assets import static_hash
from .buildcache import engine_version, load_pickle, save_pickle
from .contacts import Contact
from .languages import LANGUAGES
from .media import video_facts
from .site import OFFICE, Site, build_site
from .sitefile import DEFAULT_URL, SiteFile, load_site_file
from .widgets import CONTENT_WIDGETS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The locale comes from the URL prefix, never from the browser."""
    lang = getattr(g, "lang", None)
    return LANGUAGES[lang].locale if lang in LANGUAGES else "en"


def catalogs(languages: tuple[str, ...] = tuple(LANGUAGES)) -> dict[str, Translations]:
    """The compiled catalog of each site language; stop if one was not compiled."""
    found = {}
    for code in languages:
        mo = TRANSLATIONS / LANGUAGES[code].locale / "LC_MESSAGES" / "messages.mo"
        if not mo.exists():
            raise RuntimeError(f"{mo} is missing: run 'make catalogs' (pybabel compile -d guide/translations)")
        with mo.open("rb") as file:
            found[code] = Translations(file)
    return found


class SiteUrlError(ValueError):
    """SITE_URL is missing or not an absolute address."""


DEFAULT_SITE_URL = DEFAULT_URL  # for previews on this computer only: freeze.py warns when it is used
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


def office_contact(site_file: SiteFile, translations: dict[str, Translations]) -> Contact | None:
    """The site's own job centre as the 'office' contact block, or None: then the guides say where its details are."""
    operator = site_file.operator
    if operator is None or not site_file.is_jobcenter or not (operator.phone or operator.email or operator.web):
        return None
    purpose = {
        code: catalog.gettext("Your job centre: questions about your appointment and your invitation.")
        for code, catalog in translations.items()
    }
    return Contact(
        id=OFFICE,
        name={code: operator.name.get(code) or next(iter(operator.name.values())) for code in translations},
        purpose=purpose,
        timezone="Europe/Berlin",
        phone=operator.phone,
        phone_display=operator.phone_display,
        web=operator.web,
        email=operator.email,
        address=operator.address,
    )


def unpublished(site_file: SiteFile) -> dict[str, str]:
    """Page ids the site does not publish, with the reason a link to one is refused."""
    reasons = dict.fromkeys(site_file.leave_out, f"left out by {site_file.path} (leave_out)")
    if site_file.operator is None:  # the imprint shows the operator; without one it would say nothing
        reasons.setdefault("imprint", f"not published: {site_file.path} has no [operator]")
    return reasons


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


def load_site(app: Flask) -> Site:
    """Read the site file, then load, render and check the content; raise on problems (live reload calls it too)."""
    site_file = load_site_file(app.extensions["site_dir"])
    app.extensions["site_file"] = site_file
    translations = catalogs(site_file.languages)

    def step_label(lang: str, number: int) -> str:
        return translations[lang].gettext("Step %(number)d") % {"number": number}

    cache = app.extensions.setdefault("rendered_markdown", {}) if app.config.get("LIVE_RELOAD") else None
    parsed = None
    stored = (
        Path(app.config["BUILD_CACHE"]) / f"content-{engine_version()[:16]}.pickle"
        if app.config.get("BUILD_CACHE")
        else None
    )
    if stored and cache is None:  # a rebuild parses and renders only the files whose text changed
        earlier = load_pickle(stored) or {}
        cache, parsed = earlier.get("markdown", {}), earlier.get("parsed", {})
    before = (set(cache or ()), set(parsed or ()))
    site = build_site(
        Path(app.config["CONTENT_DIR"]),
        set(CONTENT_WIDGETS),
        step_label,
        site_file.languages,
        app.config["BASE_PATH"],
        unpublished(site_file),
        office_contact(site_file, translations),
        site_file.leave_out,
        f"{site_file.path}:{site_file.leave_out_line}",
        cache=cache,
        parsed=parsed,
    )
    if stored and cache is not None and parsed is not None and (set(cache), set(parsed)) != before:
        for old in stored.parent.glob("content-*.pickle"):
            old.unlink()  # another engine's
        save_pickle(stored, {"markdown": cache, "parsed": parsed})
    return site


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app for one site folder (SITE_DIR): its site file, content, templates and static files."""
    site_dir = Path((test_config or {}).get("SITE_DIR") or os.environ.get("SITE_DIR") or ROOT).resolve()
    # Every static URL carries the static folders' hash (guide/assets.py), so hosts may cache it for a year.
    static = ROOT / "static"
    hashed = static_hash(static, site_dir / "static")
    app = Flask(__name__, static_folder=str(static), static_url_path=f"/static/{hashed}")
    app.config.from_mapping(
        SITE_DIR=str(site_dir),
        SITE_URL=None,
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
    site_dir = Path(app.config["SITE_DIR"]).resolve()
    site_file = load_site_file(site_dir)
    app.config.setdefault("CONTENT_DIR", str(site_dir / "content"))
    # The address: the app's own setting (tests), then the environment, then the site file.
    app.config["SITE_URL"] = check_site_url(app.config["SITE_URL"] or os.environ.get("SITE_URL") or site_file.url)
    app.config["BASE_PATH"] = urlsplit(app.config["SITE_URL"]).path.rstrip("/")
    app.config.setdefault("FREEZER_BASE_URL", app.config["SITE_URL"] + "/")
    app.extensions["site_file"] = site_file
    app.extensions["site_dir"] = site_dir
    Babel(app, locale_selector=select_locale)
    # Only the site's languages match as a URL prefix; anything else is a 404, not a redirect.
    app.url_map.converters["lang"] = lambda url_map: AnyConverter(url_map, *site_file.languages)
    _site_overrides(app, site_dir)
    # Size and playing time of the sign-language videos, read once (BITV 2.0 Anlage 2 asks for both).
    app.extensions["sign_videos"] = video_facts(site_file.sign_language, site_dir / "static", site_file.path)

    if app.config.get("BUILD_CACHE"):  # a rebuild does not compile the templates again (Jinja checks their text)
        folder = Path(app.config["BUILD_CACHE"]) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    app.extensions["guide_site"] = load_site(app)

    from . import search, views

    app.register_blueprint(views.bp)
    app.register_blueprint(search.bp)
    from . import pdf

    app.register_blueprint(pdf.bp)
    return app


def _site_overrides(app: Flask, site_dir: Path) -> None:
    """A site's own templates/ and static/ win over the engine's files of the same name."""
    templates = site_dir / "templates"
    if templates.is_dir() and site_dir != ROOT:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(str(templates)), app.jinja_loader])  # type: ignore[list-item]
    own_static = site_dir / "static"
    if not own_static.is_dir() or site_dir == ROOT:
        return
    engine_static = app.view_functions["static"]

    def static(filename: str) -> Response:
        """The site's file if it has one, else the engine's."""
        if (own_static / filename).is_file():
            return send_from_directory(own_static, filename, max_age=app.get_send_file_max_age(filename))
        return engine_static(filename=filename)

    app.view_functions["static"] = static
