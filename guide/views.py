"""Routes: the language chooser, every content page, sitemap, robots.txt and the 404 page."""

from __future__ import annotations

import re
from typing import Any

from babel.dates import get_day_names
from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask_babel import format_date, format_time, get_locale, gettext, refresh
from markupsafe import Markup

from .contacts import Hours
from .content import Page
from .languages import LANGUAGES, PARTNER, Language
from .qr import prepare, qr_svg, short_address
from .search import WORKER, not_indexed
from .security import all_headers, csp
from .site import Site, url_of
from .staff import card_texts, email_templates, guide_links
from .staff import highlight_css as staff_highlight_css
from .widgets import PAGE_FACTS

bp = Blueprint("pages", __name__)
WIDGET_SLOT = re.compile(r'<div class="widget-slot"((?: data-[a-z]+="[a-z0-9-]+")+)></div>')
SLOT_DATA = re.compile(r' data-([a-z]+)="([a-z0-9-]+)"')


def site() -> Site:
    """The rendered content of this app."""
    return current_app.extensions["guide_site"]


def absolute(path: str) -> str:
    """An absolute address from the site's base URL (SITE_URL)."""
    return current_app.config["SITE_URL"] + path


@bp.url_value_preprocessor
def remember_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Keep the URL's language for the locale selector; an unknown one is a 404."""
    lang = (values or {}).get("lang")
    g.lang = lang if lang in LANGUAGES else None
    refresh()  # Frozen-Flask renders many pages in one app context: forget the last page's locale
    if lang is not None and g.lang is None:
        abort(404)


@bp.app_context_processor
def template_globals() -> dict[str, Any]:
    """What every template may use."""
    return {"csp_meta": csp(), "languages": LANGUAGES, "absolute": absolute}


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


@bp.app_template_filter("hours_json")
def hours_json(hours: Hours) -> dict[str, Any]:
    """Opening hours for the contact script: days 1-7 (Monday first) and local HH:MM."""
    return {"days": list(hours.days), "opens": hours.opens.strftime("%H:%M"), "closes": hours.closes.strftime("%H:%M")}


@bp.after_app_request
def security_headers(response: Response) -> Response:
    """In serve mode the policy is a header too (the static site carries it as <meta>)."""
    response.headers.update(all_headers(worker=request.path == WORKER))
    return response


def language_links(page: Page | None, lang: str) -> list[dict[str, Any]]:
    """The language switch: the same page in every language, else that language's start page."""
    links = []
    for other in LANGUAGES.values():
        target = site().translation(page, other.code) if page else None
        url = url_of(target) if target else f"/{other.code}/"
        links.append({"language": other, "url": url, "current": other.code == lang})
    return links


def alternates(page: Page) -> list[tuple[str, str]]:
    """hreflang alternates (de, da, en and x-default) as (hreflang, absolute URL)."""
    found = []
    for other in LANGUAGES.values():
        target = site().translation(page, other.code)
        if other.hreflang and target:
            found.append((other.hreflang, absolute(url_of(target))))
    found.append(("x-default", absolute("/")))
    return found


def staff_context(page: Page) -> dict[str, Any]:
    """What the link builder needs: every guide in every language, the e-mail and card texts, the QR maker."""
    # The office that hands out the card; the site file (issue 13) provides it: None names no office.
    operator_name: str | None = None
    return {
        "guides": guide_links(site(), absolute, page.lang),
        "emails": email_templates(),
        "cards": card_texts(operator_name),
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


def qr_targets(page: Page) -> list[Page]:
    """The pages a guide shows a QR code of: itself, then those its front matter names (qr: [...])."""
    return [page] + [site().by_id[(page_id, page.lang)] for page_id in page.meta.get("qr", [])]


def prepare_qr_codes() -> None:
    """Encode every QR code of the site at once, on every core (guide pages, handouts and staff pages)."""
    guides = [page for page in site().pages if page.layout == "guide"]
    prepare(sorted({absolute(url_of(target)) for page in guides for target in qr_targets(page)}))


def qr_codes(page: Page) -> list[dict[str, Any]]:
    """QR codes of a guide: the guide itself, then the pages its front matter names (qr: [...])."""
    codes = []
    for target in qr_targets(page):
        address = absolute(url_of(target))
        codes.append(
            {
                "svg": qr_svg(address, gettext("QR code for %(address)s", address=address)),
                "address": address,
                "short": short_address(address),
                "title": target.meta["title"],
                "own": target is page,
            }
        )
    return codes


def render_page(page: Page) -> str:
    """A content page with its layout, rendered once per app: the content is loaded once and never changes."""
    cache: dict[tuple[str, str], str] = current_app.extensions.setdefault("rendered_pages", {})
    key = (page.lang, page.slug)
    if key not in cache:
        cache[key] = _render_page(page)
    return cache[key]


def _render_page(page: Page) -> str:
    """Render a content page with its layout."""
    language: Language = LANGUAGES[page.lang]
    partner_code = PARTNER.get(page.lang)
    partner = site().translation(page, partner_code) if partner_code else None
    return render_template(
        f"{page.layout}.html",
        page=page,
        language=language,
        body=not_indexed(fill_widgets(page)),
        updated=format_date(page.meta["updated"], "long"),
        language_links=language_links(page, page.lang),
        alternates=alternates(page),
        partner=(LANGUAGES[partner_code], url_of(partner)) if partner and partner_code else None,
        home=site().page(page.lang, ""),
        guides=site().guides(page.lang),
        related=[site().by_id[(r, page.lang)] for r in page.meta.get("related", [])],
        nav={p.id: p for p in site().in_language(page.lang)},
        url_of=url_of,
        canonical=absolute(url_of(page)),
        csp_meta=csp(),
        qr_codes=qr_codes(page) if page.layout == "guide" else [],
    )


@bp.route("/")
def chooser() -> str:
    """The language chooser."""
    homes = [site().page(code, "") for code in LANGUAGES]
    return render_template("chooser.html", homes=[h for h in homes if h], url_of=url_of)


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
    pages = sorted(site().pages, key=url_of)
    xml = render_template("sitemap.xml", pages=pages, alternates=alternates, url_of=url_of)
    return Response(xml, mimetype="application/xml")


@bp.route("/css/highlight.css")
def highlight_css() -> Response:
    """Pygments' classes for the highlighted e-mail HTML on the staff pages."""
    return Response(staff_highlight_css(), mimetype="text/css")


@bp.route("/robots.txt")
def robots() -> Response:
    """Allow everything; point to the sitemap."""
    text = f"User-agent: *\nAllow: /\nSitemap: {absolute(url_for('pages.sitemap'))}\n"
    return Response(text, mimetype="text/plain")


def not_found_page() -> str:
    """The 404 page, in all four languages, with links to the start pages."""
    g.lang = None
    refresh()
    homes = [site().page(code, "") for code in LANGUAGES]
    return render_template("404.html", homes=[h for h in homes if h], url_of=url_of)


@bp.route("/404.html")
def not_found_file() -> str:
    """The 404 page as a file, for static hosts."""
    return not_found_page()


@bp.app_errorhandler(404)
def not_found(error: Exception) -> tuple[str, int]:
    """Anything unknown gets the 404 page."""
    return not_found_page(), 404
