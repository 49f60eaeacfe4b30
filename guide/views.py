"""Routes: the language chooser, every content page, sitemap, robots.txt and the 404 page."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

from babel.dates import get_day_names
from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask_babel import force_locale, format_date, format_decimal, format_time, get_locale, gettext, ngettext, refresh
from markupsafe import Markup
from werkzeug.exceptions import MethodNotAllowed

from .contacts import Hours
from .content import Page
from .languages import LANGUAGES, PARTNER, Language
from .qr import key_of, keys, prepare, qr_svg, short_address, svg_file
from .search import BUNDLE, WORKER, not_indexed, with_parts_of
from .security import HSTS, IMMUTABLE, REVALIDATE, all_headers, csp
from .site import OFFLINE_PAGE, UNLISTED, Site, url_of
from .sitefile import SiteFile
from .staff import card_texts, email_templates, guide_links
from .staff import highlight_css as staff_highlight_css
from .theme import theme_css
from .widgets import PAGE_FACTS

bp = Blueprint("pages", __name__)
T = TypeVar("T")
_LOCKS_GUARD = threading.Lock()  # guards the dict of per-key locks, never held while rendering
METHODS = ("GET", "HEAD")  # a static site answers nothing else, and neither does serve mode
WIDGET_SLOT = re.compile(r'<div class="widget-slot"((?: data-[a-z]+="[a-z0-9-]+")+)></div>')
SLOT_DATA = re.compile(r' data-([a-z]+)="([a-z0-9-]+)"')


def site() -> Site:
    """The rendered content of this app."""
    return current_app.extensions["guide_site"]


def absolute(path: str) -> str:
    """An absolute address from the site's base URL (SITE_URL, which may end in a path like /hilfe)."""
    return current_app.config["SITE_URL"] + path


def href(page: Page) -> str:
    """A page's address as a link on the site: its path under the site's base path (/hilfe/de/videotermin/)."""
    return current_app.config["BASE_PATH"] + url_of(page)


def site_path(path: str) -> str:
    """A site path (/de/) as a link under the site's base path."""
    return current_app.config["BASE_PATH"] + path


def site_file() -> SiteFile:
    """The site file of this app."""
    return current_app.extensions["site_file"]


@bp.url_value_preprocessor
def remember_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Keep the URL's language for the locale selector; an unknown one is a 404."""
    lang = (values or {}).get("lang")
    g.lang = lang if lang in site().languages else None
    refresh()  # Frozen-Flask renders many pages in one app context: forget the last page's locale
    if lang is not None and g.lang is None:
        abort(404)


@bp.app_context_processor
def template_globals() -> dict[str, Any]:
    """What every template may use."""
    lang = getattr(g, "lang", None)
    operator = site_file().operator
    return {
        "csp_meta": csp(),
        "languages": site().languages,  # the site's own, in the order of its language switch
        "absolute": absolute,
        "url_of": href,
        "site_path": site_path,
        "site_file": site_file(),
        "operator": operator,
        "operator_name": site_file().operator_name(lang) if lang else None,
        "site_name": site_file().name.get(lang or "") or gettext("Digital services step by step"),
        "theme_css": bool(site_file().theme),
        "sign_videos": current_app.extensions.get("sign_videos", ()),
    }


@bp.app_template_filter("hours")
def hours_text(hours: Hours) -> str:
    """Opening hours in the page's locale, e.g. 'Montag bis Freitag, 08:00 bis 18:00 Uhr'."""
    names = get_day_names("wide", locale=get_locale())
    first, last = names[hours.days[0] - 1], names[hours.days[-1] - 1]
    contiguous = list(hours.days) == list(range(hours.days[0], hours.days[-1] + 1))
    if len(hours.days) == 1:
        days = first
    elif contiguous:
        days = gettext("%(first)s to %(last)s", first=first, last=last)
    else:
        days = ", ".join(names[d - 1] for d in hours.days)
    return gettext(
        "%(days)s, %(opens)s to %(closes)s",
        days=days,
        opens=format_time(hours.opens, "short"),
        closes=format_time(hours.closes, "short"),
    )


@bp.app_template_filter("long_date")
def long_date(day: date) -> str:
    """A date in the page's locale, e.g. '1. Dezember 2026'."""
    return format_date(day, "long")


@bp.app_template_filter("playing_time")
def playing_time_text(seconds: int) -> str:
    """A video's playing time in words, e.g. '1 Minute und 5 Sekunden'."""
    minutes, rest = divmod(seconds, 60)
    minute_text = ngettext("%(num)d minute", "%(num)d minutes", minutes)
    second_text = ngettext("%(num)d second", "%(num)d seconds", rest)
    if minutes and rest:
        return gettext("%(minutes)s and %(seconds)s", minutes=minute_text, seconds=second_text)
    return minute_text if minutes else second_text


@bp.app_template_filter("file_size")
def file_size_text(size: int) -> str:
    """A file's size in megabytes with one decimal in the page's locale, e.g. '2,4 MB' (at least 0.1)."""
    return gettext("%(size)s MB", size=format_decimal(max(size / 1_000_000, 0.1), format="#,##0.0"))


@bp.app_template_filter("hours_json")
def hours_json(hours: Hours) -> dict[str, Any]:
    """Opening hours for the contact script: days 1-7 (Monday first) and local HH:MM."""
    return {"days": list(hours.days), "opens": hours.opens.strftime("%H:%M"), "closes": hours.closes.strftime("%H:%M")}


@bp.before_app_request
def only_get_and_head() -> None:
    """Refuse every other method before anything else runs (the Pagefind bundle's hook included)."""
    if request.method not in METHODS:
        raise MethodNotAllowed(valid_methods=list(METHODS))


@bp.after_app_request
def security_headers(response: Response) -> Response:
    """The policy is a header too (the static site carries it as <meta>), with the caching of the header files.

    Under `make serve` nothing is cached for long: a saved stylesheet keeps its address until the server restarts.
    """
    response.headers.update(all_headers(worker=request.path == WORKER))
    location = response.headers.get("Location")
    if location:
        # Werkzeug builds a redirect's address from the request's Host header: 'Host: evil.example' would send
        # the reader there. A redirect stays on this site: only its path and query are kept.
        parts = urlsplit(location)
        response.headers["Location"] = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    hashed = request.path.startswith(current_app.static_url_path + "/") and not current_app.config.get("LIVE_RELOAD")
    response.headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE
    if current_app.config["SITE_URL"].startswith("https://"):
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def language_links(page: Page | None, lang: str) -> list[dict[str, Any]]:
    """The language switch: the same page in every language, else that language's start page."""
    links = []
    for other in site().languages.values():
        target = site().translation(page, other.code) if page else None
        url = href(target) if target else site_path(f"/{other.code}/")
        links.append({"language": other, "url": url, "current": other.code == lang})
    return links


def alternates(page: Page) -> list[tuple[str, str]]:
    """hreflang alternates (de, da, en and x-default) as (hreflang, absolute URL)."""
    found = []
    for other in site().languages.values():
        target = site().translation(page, other.code)
        if other.hreflang and target:
            found.append((other.hreflang, absolute(url_of(target))))
    found.append(("x-default", absolute("/")))
    return found


def staff_context(page: Page) -> dict[str, Any]:
    """What the link builder needs: every guide in every language, the e-mail and card texts, the QR maker."""
    # The office that hands out the card, from the site file: None names no office.
    operator_name = site_file().operator_name(page.lang)
    return {
        "guides": guide_links(site(), absolute, page.lang),
        "emails": email_templates(tuple(site().languages)),
        "cards": card_texts(
            tuple(site().languages), {code: site_file().operator_name(code) for code in site().languages}
        ),
        "operator_name": operator_name,
        "qr_svg": qr_svg,
    }


def widget_key(page: Page, data: dict[str, str]) -> tuple[Any, ...]:
    """All a widget's HTML depends on: its slot, the page's language and the page facts it declares."""
    facts = PAGE_FACTS.get(data["widget"])
    if facts is None:  # an undeclared widget is rendered for its page alone
        return (tuple(sorted(data.items())), page.lang, page.path)
    return (tuple(sorted(data.items())), page.lang, *(repr(getattr(page, fact)) for fact in facts))


def render_widget(template: str, key: tuple[Any, ...], **context: Any) -> str:
    """A widget template rendered once per build for each key: 250 guides with a device check render it once."""
    cache: dict[tuple[Any, ...], str] = current_app.extensions.setdefault("rendered_widgets", {})
    full_key = (template, *key)
    if full_key not in cache:
        cache[full_key] = render_template(template, **context)
    return cache[full_key]


def fill_widgets(page: Page) -> Markup:
    """Replace each widget slot with the widget, rendered in the page's language."""

    def widget(match: re.Match[str]) -> str:
        data = dict(SLOT_DATA.findall(match[1]))
        contact = site().contacts.get(data.get("id", ""))
        extra = staff_context(page) if data["widget"] == "link-builder" else {}
        return render_widget(
            f"widgets/{data['widget']}.html",
            widget_key(page, data),
            page=page,
            contact=contact,
            contacts=site().contacts,
            **extra,
        )

    return Markup(WIDGET_SLOT.sub(widget, page.html))


def qr_targets(page: Page) -> list[Page | dict[str, str]]:
    """What a guide shows a QR code of: itself, then what its front matter names (qr: [...]).

    An entry is a page id, or an outside address from the sources with its caption ({address, title}); a page the
    site does not publish has no code.
    """
    found: list[Page | dict[str, str]] = [page]
    for entry in page.meta.get("qr", []):
        target = entry if isinstance(entry, dict) else site().by_id.get((entry, page.lang))
        if target:
            found.append(target)
    return found


def target_address(target: Page | dict[str, str]) -> str:
    """The absolute address a QR target encodes."""
    return target["address"] if isinstance(target, dict) else absolute(url_of(target))


def prepare_qr_codes(known: dict[str, str] | None = None) -> dict[str, str]:
    """Encode every QR code of the site at once, on every core (guide pages, handouts and staff pages).

    `known`: codes an earlier build encoded; return every code of this site by its address.
    """
    guides = [page for page in site().pages if page.layout == "guide"]
    return prepare(sorted({target_address(target) for page in guides for target in qr_targets(page)}), known)


def qr_codes(page: Page) -> list[dict[str, Any]]:
    """QR codes of a guide: the guide itself, then the pages its front matter names (qr: [...])."""
    codes = []
    for target in qr_targets(page):
        address = target_address(target)
        codes.append(
            {
                "svg": qr_svg(address, gettext("QR code for %(address)s", address=address)),
                "label": gettext("QR code for %(address)s", address=address),
                "image": url_for("pages.qr_image", key=key_of(address)),
                "address": address,
                "short": short_address(address),
                "title": target["title"] if isinstance(target, dict) else target.meta["title"],
                "own": target is page,
                "external": isinstance(target, dict),
            }
        )
    return codes


def once(cache: dict[Any, T], key: Any, make: Callable[[], T]) -> T:
    """cache[key], made by one thread only: 50 first requests for a page render it once, the others wait for it."""
    if key in cache:
        return cache[key]
    locks: dict[Any, threading.Lock] = current_app.extensions.setdefault("render_locks", {})
    with _LOCKS_GUARD:
        lock = locks.setdefault((id(cache), key), threading.Lock())
    with lock:
        if key not in cache:
            cache[key] = make()
    return cache[key]


def render_page(page: Page) -> str:
    """A content page with its layout, rendered once per app: the content is loaded once and never changes."""
    cache: dict[tuple[str, str], str] = current_app.extensions.setdefault("rendered_pages", {})
    return once(cache, (page.lang, page.slug), lambda: _render_page(page))


def _render_page(page: Page) -> str:
    """Render a content page with its layout."""
    language: Language = LANGUAGES[page.lang]
    partner_code = PARTNER.get(page.lang)
    partner = site().translation(page, partner_code) if partner_code in site().languages else None
    return render_template(
        f"{page.layout}.html",
        page=page,
        language=language,
        body=with_parts_of(not_indexed(fill_widgets(page)), page.lang),
        updated=format_date(page.meta["updated"], "long"),
        language_links=language_links(page, page.lang),
        alternates=alternates(page),
        partner=(LANGUAGES[partner_code], href(partner)) if partner and partner_code else None,
        home=site().page(page.lang, ""),
        guides=site().guides(page.lang),
        related=[site().by_id[(r, page.lang)] for r in page.meta.get("related", []) if (r, page.lang) in site().by_id],
        nav={p.id: p for p in site().in_language(page.lang)},
        canonical=absolute(url_of(page)),
        csp_meta=csp(),
        qr_codes=qr_codes(page) if page.layout == "guide" else [],
    )


def homes() -> list[Page]:
    """The start page of each site language, in the order of the language switch."""
    found = [site().page(code, "") for code in site().languages]
    return [home for home in found if home]


def N_(text: str) -> str:  # noqa: N802 (gettext's name for a marked, not yet translated string)
    """Mark a text for the catalogs; it is translated where it is shown."""
    return text


# The chooser and the 404 page belong to no language: each of the site's languages says its part.
CHOOSER_WORDS = {"choose": N_("Choose your language")}
NOT_FOUND_WORDS = {
    "title": N_("Page not found"),
    "text": N_("This address does not exist. Perhaps it was typed wrongly, or the page has moved."),
    "choose": N_("Choose your language and start again:"),
}


def in_each_language(words: dict[str, str]) -> list[dict[str, str]]:
    """Each text of `words` in each site language, from its catalog, with the language's HTML lang."""
    found = []
    for language in site().languages.values():
        with force_locale(language.locale):
            found.append(
                {"lang": language.html_lang, "code": language.code} | {k: gettext(v) for k, v in words.items()}
            )
    return found


@bp.route("/")
def chooser() -> str:
    """The language chooser."""
    return render_template("chooser.html", homes=homes(), words=in_each_language(CHOOSER_WORDS))


@bp.route("/<lang:lang>/")
def home(lang: str) -> str:
    """A language's start page."""
    page = site().page(lang, "")
    if page is None:
        abort(404)
    return render_page(page)


@bp.route("/<lang:lang>/<slug>/")
def page(lang: str, slug: str) -> str:
    """Any content page; pages are looked up in memory, never read from a path."""
    found = site().page(lang, slug)
    if found is None or not slug:
        abort(404)
    return render_page(found)


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """Every page with its absolute URL and language alternates."""
    pages = sorted((p for p in site().pages if p.id not in UNLISTED), key=url_of)
    xml = render_template("sitemap.xml", pages=pages, alternates=alternates, site_url=url_of)
    return Response(xml, mimetype="application/xml")


@bp.route("/sw.js")
def service_worker() -> Response:
    """The service worker for offline reading, at the site's base so that its scope covers every language."""
    homes = {p.lang: p for p in site().pages if not p.slug}
    # Relative to the worker's scope (the site's base), so that a site under a path (/hilfe/) keeps its own pages.
    offline = [
        (url_of(homes[p.lang]).lstrip("/"), url_of(p).lstrip("/"))
        for p in site().pages
        if p.id == OFFLINE_PAGE and p.lang in homes
    ]
    script = render_template("sw.js", offline_pages=offline, search_bundle=BUNDLE)
    # Browsers look for a new service worker on every visit; a host should not keep an old one either.
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@bp.route("/css/highlight.css")
def highlight_css() -> Response:
    """Pygments' classes for the highlighted e-mail HTML on the staff pages."""
    return Response(staff_highlight_css(), mimetype="text/css")


@bp.route("/qr/<key>.svg")
def qr_image(key: str) -> Response:
    """A guide's QR code as an SVG file; only the addresses the site encodes have one."""
    address = keys().get(key)
    if address is None:
        abort(404)
    return Response(svg_file(address), mimetype="image/svg+xml")


@bp.route("/css/theme.css")
def theme() -> Response:
    """The site file's colours as custom properties, after site.css (empty when the site keeps the engine's)."""
    return Response(theme_css(site_file().theme), mimetype="text/css")


@bp.route("/robots.txt")
def robots() -> Response:
    """Allow everything; point to the sitemap."""
    text = f"User-agent: *\nAllow: /\nSitemap: {absolute('/sitemap.xml')}\n"
    return Response(text, mimetype="text/plain")


def not_found_page() -> str:
    """The 404 page, in all four languages, with links to the start pages."""
    g.lang = None
    refresh()
    return render_template("404.html", homes=homes(), words=in_each_language(NOT_FOUND_WORDS))


@bp.route("/404.html")
def not_found_file() -> str:
    """The 404 page as a file, for static hosts."""
    return not_found_page()


@bp.app_errorhandler(404)
def not_found(error: Exception) -> tuple[str, int]:
    """Anything unknown gets the 404 page."""
    return not_found_page(), 404
