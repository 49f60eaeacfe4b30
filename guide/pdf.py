"""PDF handouts (/de/videotermin.pdf) and one-page quick cards (/de/videotermin.card.pdf) of every guide.

Both stand beside the guide's page in every language; the card is the sheet to keep by the computer.

A handout is an HTML document of its own (templates/pdf/handout.html, styled by static/css/handout.css) that
WeasyPrint turns into a tagged PDF (PDF/UA-1) with its fonts embedded; a quick card likewise
(templates/pdf/quickcard.html, static/css/quickcard.css). The freeze renders all of them first, two at a time, so that each guide page can give the
real size of its PDFs; serve mode renders one when it is first needed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import threading
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Flask, Response, abort, current_app, render_template
from flask_babel import format_date, format_decimal, gettext
from markupsafe import Markup, escape

from .buildcache import write_whole
from .content import Page
from .languages import LANGUAGES
from .parallel import parallel_map, worker_start
from .parallel import workers as build_workers
from .qr import short_address
from .site import card_url_of, handout_url_of, url_of
from .theme import theme_css
from .views import SLOT_DATA, WIDGET_SLOT, absolute, once, qr_codes, remember_language, render_widget, site, widget_key

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
HANDOUT_CSS = STATIC_DIR / "css" / "handout.css"
WORKERS = build_workers()  # as the rest of the build: one process per core, or BUILD_WORKERS
PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
SITE_LINK = re.compile(r'href="/(?!/)')  # a link on the site (already under its base path)
CARD_CSS = HANDOUT_CSS.with_name("quickcard.css")
CARD = ".card"  # a quick card's key and file name: the guide's slug and this suffix (/de/videotermin.card.pdf)
# A section whose heading has the class web-only ("## Datensicherheit {.web-only}") stays online: background the
# handout leaves out, up to the next heading of its level or higher (or the steps); the handout names it instead.
WEB_ONLY = re.compile(r'<h([23])\b[^>]*\bclass="(?:[^"]* )?web-only(?: [^"]*)?"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")
# What WeasyPrint would otherwise make again for every document: the parsed stylesheets and the font configuration.
# Per thread, as Pango's font map is not thread-safe (serve mode renders in request threads); one per pool worker.
_shared = threading.local()

bp = Blueprint("handouts", __name__)
bp.url_value_preprocessor(remember_language)


class HandoutError(Exception):
    """A handout could not be made; the message names the guide and the language."""


@dataclass(frozen=True)
class Job:
    """One handout to render: its HTML, the address its relative links resolve against, and who it is."""

    key: tuple[str, str]  # (lang, slug), or (lang, slug + CARD) for a quick card
    html: str
    base_url: str
    name: str  # for messages: 'content/de/videotermin.md (guide video-appointment, language de)'
    site_url: str = ""  # SITE_URL: its /static/ files are read from the disk, nothing from the network
    stylesheet: str = str(HANDOUT_CSS)


# Pure parts: addresses, CSS text, sizes.


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def counter_content(template: str) -> str:
    """A CSS `content` value from a translated 'Page %(page)s of %(pages)s', with the page counters in place."""
    parts = []
    for index, piece in enumerate(PLACEHOLDER.split(template)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def kilobytes(size: int) -> int:
    """A file size in whole KB (1 KB = 1024 bytes), at least 1."""
    return max(1, round(size / 1024))


# Rendering: the HTML in the page's language (needs a request context), then WeasyPrint.


def paper_html(html: str) -> tuple[str, list[str]]:
    """A page's HTML without its web-only sections, and the titles of the sections left out."""
    kept, titles, position = [], [], 0
    while found := WEB_ONLY.search(html, position):
        kept.append(html[position : found.start()])
        titles.append(TAG.sub("", found[2]).strip())
        end = re.compile(rf'<h[1-{found[1]}]\b|<ol class="steps"').search(html, found.end())
        position = end.start() if end else len(html)
    kept.append(html[position:])
    return "".join(kept), titles


def pdf_body(page: Page) -> Markup:
    """The page's body, without its web-only sections, with each widget slot replaced by what it is on paper."""
    seen: set[str] = set()

    def widget(match: re.Match[str]) -> str:
        data = dict(SLOT_DATA.findall(match[1]))
        online = absolute(url_of(page))
        # On paper, widgets other than these two point to their page online, so their text differs per page.
        shared = data["widget"] in ("contact", "device-check")
        # A contact the handout has shown already is one line the second time: its name and phone number.
        again = data["widget"] == "contact" and data.get("id") in seen
        if data["widget"] == "contact":
            seen.add(data.get("id", ""))
        return render_widget(
            "pdf/widget.html",
            (*widget_key(page, data), None if shared else online, again),
            name=data["widget"],
            again=again,
            page=page,
            contact=site().contacts.get(data.get("id", "")),
            contacts=site().contacts,
            online=online,
            short_address=short_address,
        )

    html = WIDGET_SLOT.sub(widget, paper_html(page.html)[0])
    # Links to other pages of the portal get the site's origin, so that the paper shows where they lead.
    origin = absolute("").removesuffix(current_app.config["BASE_PATH"])
    return Markup(SITE_LINK.sub(f'href="{escape(origin)}/', html))


def paper_theme() -> Markup:
    """The site file's light colours for a sheet of paper (handout.css and quickcard.css use them)."""
    light = current_app.extensions["site_file"].theme.get("light", {})
    return Markup(theme_css({"light": light}).split("@media", 1)[0])  # paper is light: no dark block


def handout_html(page: Page) -> str:
    """The handout of a guide as an HTML document, in the language of the current request."""
    updated = format_date(page.meta["updated"], "long")
    footer = f"{page.meta['title']} · {gettext('Last updated:')} {updated}"
    return render_template(
        "pdf/handout.html",
        page=page,
        language=LANGUAGES[page.lang],
        body=pdf_body(page),
        online_only=paper_html(page.html)[1],
        online=absolute(url_of(page)),
        short_address=short_address,
        updated=updated,
        qr_codes=qr_codes(page),
        footer_css=Markup(css_string(footer)),
        theme_css=paper_theme(),
        counter_css=Markup(counter_content(gettext("Page %(page)s of %(pages)s"))),
    )


def local_file(url: str, site_url: str, roots: tuple[Path, ...]) -> Path | None:
    """The site's own file a handout may load at `url`, or None: a file under `roots`, or SITE_URL/static/..."""
    static_prefix = site_url.rstrip("/") + "/static/"
    if site_url and url.startswith(static_prefix):
        relative = unquote(urlsplit(url).path).removeprefix(urlsplit(static_prefix).path)
        candidate = STATIC_DIR / relative
    elif url.startswith("file:"):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        candidate = Path(unquote(parts.path))
    else:
        return None
    if "\0" in str(candidate):
        return None
    resolved = candidate.resolve()
    if any(resolved.is_relative_to(root.resolve()) for root in roots) and resolved.is_file():
        return resolved
    return None


def card_contacts(page: Page) -> list[Any]:
    """The contacts a quick card gives: those of the handout (not of web-only sections), phone numbers first."""
    on_paper = paper_html(page.html)[0]
    # The site's own office is no contact where the site file gives none (the page says where to find it instead).
    found = [site().contacts[c] for c in page.contacts if f'data-id="{c}"' in on_paper and c in site().contacts]
    return sorted(found, key=lambda contact: contact.phone is None)


def quickcard_html(page: Page, operator: str | None = None) -> str:
    """The quick card of a guide: title, one line per step, the support line, the QR codes; in the request's language.

    `operator` is who hands the card out (the site file's operator name); without it the card has no such line.
    """
    updated = format_date(page.meta["updated"], "long")
    lines = page.meta.get("card") or [None] * len(page.steps)
    return render_template(
        "pdf/quickcard.html",
        page=page,
        language=LANGUAGES[page.lang],
        title=gettext("Quick card: %(title)s", title=page.meta["title"]),
        steps=[(number, title, line) for (number, _anchor, title), line in zip(page.steps, lines, strict=True)],
        contacts=card_contacts(page),
        qr_codes=qr_codes(page),
        operator=operator,
        updated=updated,
        footer_css=Markup(css_string(f"{gettext('Last updated:')} {updated}")),
        theme_css=paper_theme(),
    )


def render_pdf(
    html: str,
    base_url: str,
    site_url: str = "",
    roots: tuple[Path, ...] | None = None,
    stylesheet: str = str(HANDOUT_CSS),
) -> bytes:
    """Turn a handout's HTML into a tagged A4 PDF (PDF/UA-1), fonts embedded; it loads only the site's own files.

    WeasyPrint would fetch any address, file: included: one attachment link could put the build machine's
    /etc/passwd into a published PDF. Every fetch goes through `local_file`; anything else stops the handout.
    """
    import weasyprint  # here, not at the top: only building PDFs needs it, and it takes a moment to load
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = roots if roots is not None else (STATIC_DIR,)

    class SiteFetcher(URLFetcher):
        """Only the site's own files; every other address, on the machine or the network, is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):  # the bytes are in the document already
                return super().fetch(url, headers)
            path = local_file(url, site_url, allowed)
            if path is None:
                raise FatalURLFetchingError(f"refused to load {url[:200]}: a handout may use only the site's own files")
            return super().fetch(path.as_uri(), headers)

    fetcher = SiteFetcher()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    fonts, sheet = shared_stylesheet(stylesheet, site_url, allowed, fetcher)
    return document.write_pdf(stylesheets=[sheet], font_config=fonts, pdf_variant="pdf/ua-1")


def shared_stylesheet(stylesheet: str, site_url: str, roots: tuple[Path, ...], fetcher: Any) -> tuple[Any, Any]:
    """This thread's FontConfiguration and parsed `stylesheet`, made once (the same PDF bytes as made afresh).

    Parsing the stylesheet cost each handout about 30 ms and a FontConfiguration about 8 ms. The key holds what the
    sheet's fetcher allows and the file's mtime and size, so an edited stylesheet (serve mode) is parsed again.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_shared, "fonts"):
        _shared.fonts, _shared.sheets = FontConfiguration(), {}
    stat = os.stat(stylesheet)
    key = (stylesheet, stat.st_mtime_ns, stat.st_size, site_url, roots)
    if key not in _shared.sheets:
        _shared.sheets = {k: v for k, v in _shared.sheets.items() if k[0] != stylesheet}  # an edited file's old sheet
        _shared.sheets[key] = weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher, font_config=_shared.fonts)
    return _shared.fonts, _shared.sheets[key]


def _render_job(job: Job) -> bytes:
    """Run in a worker process: one handout. Errors come back as plain text, so they always cross the process."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        return render_pdf(job.html, job.base_url, job.site_url, stylesheet=job.stylesheet)
    except (Exception, FatalURLFetchingError) as error:
        raise RuntimeError(f"{type(error).__name__}: {error}") from None


def render_all(jobs: list[Job], workers: int = WORKERS) -> dict[tuple[str, str], bytes]:
    """Render every job, `workers` at a time; stop at the first failure with a HandoutError naming it."""
    if workers <= 1 or len(jobs) <= 1:
        results = {}
        for job in jobs:
            try:
                results[job.key] = _render_job(job)
            except Exception as error:
                raise HandoutError(f"{job.name}: the PDF handout could not be made: {error}") from None
        return results
    context = multiprocessing.get_context("spawn")  # a fresh process: no threads or fonts inherited by fork
    # A Pool, not a ProcessPoolExecutor: leaving the block terminates the workers at once (an interrupted or failed
    # build does not wait for the handouts still queued), and each worker dies with the build (worker_start).
    with context.Pool(min(workers, len(jobs)), initializer=worker_start, initargs=(os.getpid(),)) as pool:
        pending = {job: pool.apply_async(_render_job, (job,)) for job in jobs}
        results = {}
        for job, result in pending.items():
            try:
                results[job.key] = result.get()
            except Exception as error:
                raise HandoutError(f"{job.name}: the PDF handout could not be made: {error}") from None
        return results


def job_for(page: Page) -> Job:
    """The job of one guide, rendered in its own language (the request context sets the locale)."""
    name = f"{page.path} (guide {page.id}, language {page.lang})"
    with current_app.test_request_context(handout_url_of(page), base_url=current_app.config["SITE_URL"] + "/"):
        current_app.preprocess_request()  # the blueprint's url_value_preprocessor: language and locale
        try:
            html = handout_html(page)
        except Exception as error:
            raise HandoutError(f"{name}: the PDF handout could not be made: {type(error).__name__}: {error}") from None
    return Job((page.lang, page.slug), html, absolute(url_of(page)), name, site_url=current_app.config["SITE_URL"])


def card_job_for(page: Page) -> Job:
    """The quick card of one guide, rendered in its own language."""
    name = f"{page.path} (guide {page.id}, language {page.lang})"
    with current_app.test_request_context(card_url_of(page)):
        current_app.preprocess_request()
        try:
            html = quickcard_html(page, operator=current_app.extensions["site_file"].operator_name(page.lang))
        except Exception as error:
            raise HandoutError(f"{name}: the quick card could not be made: {type(error).__name__}: {error}") from None
    return Job(
        (page.lang, page.slug + CARD),
        html,
        absolute(url_of(page)),
        f"{name}, quick card",
        current_app.config["SITE_URL"],
        str(CARD_CSS),
    )


# The IO edge: the cache of rendered handouts, the build of all of them, and the route.


def guides(app: Flask) -> list[Page]:
    """Every guide in every language (layout: guide)."""
    return [page for page in app.extensions["guide_site"].pages if page.layout == "guide"]


def fingerprint(job: Job, common: str) -> str:
    """What a handout's PDF depends on: its HTML and address, and what all handouts share (`common`)."""
    digest = hashlib.sha256()
    for part in (job.html, job.base_url, common):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def shared_inputs() -> str:
    """What every handout's PDF depends on besides its own HTML: the handout stylesheet and WeasyPrint's version."""
    sheets = (HANDOUT_CSS.read_text(encoding="utf-8"), CARD_CSS.read_text(encoding="utf-8"))
    return "\0".join((*sheets, version("weasyprint")))


def prerender(
    app: Flask, workers: int = WORKERS, cache: Path | None = None, known: dict[tuple[str, str], str] | None = None
) -> float:
    """Render every handout into the app's cache before the pages are frozen; return the seconds it took.

    With a cache folder, a handout whose fingerprint is there is read, not rendered: a rebuild renders only the
    guides that changed. `known` names the cached handouts (by fingerprint) that the build cache found by their
    guide's page file alone, so that not even their HTML is made again. The folder keeps exactly this build's
    handouts; app.extensions["handout_names"] says which file holds each.
    """
    started = time.perf_counter()
    found = {}
    names: dict[tuple[str, str], str] = {}
    files: dict[tuple[str, str], Path] = {}  # known handouts are not read: the build links them, pages need the size
    sizes: dict[tuple[str, str], int] = {}
    for key, name in (known or {}).items() if cache else ():
        stored = cache / f"{name}.pdf"
        try:
            sizes[key] = stored.stat().st_size
        except OSError:
            continue  # gone from the cache: made again below
        files[key], names[key] = stored, name
    todo = [(job_for, page) for page in guides(app) if (page.lang, page.slug) not in files]
    todo += [(card_job_for, page) for page in guides(app) if (page.lang, page.slug + CARD) not in files]
    with app.app_context():  # their HTML on every core too: a thousand guides' handouts are 13 % of a build
        jobs = parallel_map(lambda item: item[0](item[1]), todo)
    # What renders the PDFs is an input too: a benchmark's stand-in must not leave its PDFs for a real build.
    common = shared_inputs() + f"\0{render_all.__module__}.{render_all.__qualname__}" if cache else ""
    names |= {job.key: fingerprint(job, common) for job in jobs} if cache else {}
    if cache:
        for job in jobs:
            stored = cache / f"{names[job.key]}.pdf"
            if stored.is_file():
                found[job.key] = stored.read_bytes()
    rendered = render_all([job for job in jobs if job.key not in found], workers)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        for key, pdf in rendered.items():
            write_whole(cache / f"{names[key]}.pdf", pdf)  # a build may link to it: never half written
        for old in set(cache.glob("*.pdf")) - {cache / f"{name}.pdf" for name in names.values()}:
            old.unlink()
    app.extensions.setdefault("handouts", {}).update(found | rendered)
    app.extensions.setdefault("handout_files", {}).update(files)
    app.extensions.setdefault("handout_sizes", {}).update(
        sizes | {key: len(pdf) for key, pdf in (found | rendered).items()}
    )
    app.extensions["handout_names"] = names
    app.extensions["handouts_rendered"] = len(rendered)
    return time.perf_counter() - started


def handout_bytes(page: Page, card: bool = False) -> bytes:
    """The PDF handout (or quick card) of a guide: from the cache, or rendered now (serve mode) and kept."""
    cache: dict[tuple[str, str], bytes] = current_app.extensions.setdefault("handouts", {})
    key = (page.lang, page.slug + CARD) if card else (page.lang, page.slug)
    if key not in cache and key in current_app.extensions.get("handout_files", {}):
        cache[key] = current_app.extensions["handout_files"][key].read_bytes()  # prerender left it in the cache
    job = card_job_for if card else job_for
    # 50 first requests for a handout render it once (serve mode), not 50 times at once
    return once(cache, key, lambda: render_all([job(page)], workers=1)[key])


def handout_size(page: Page) -> int | None:
    """The bytes of a guide's PDF; in serve mode the last known size, or None, until the PDF itself is asked for.

    A WeasyPrint render would hold up the first view and every reload of a guide page by seconds under
    `make serve`; the PDF route renders it fresh. The static build always knows the size (prerender).
    """
    key = (page.lang, page.slug)
    if key in current_app.extensions.get("handout_sizes", {}):
        return current_app.extensions["handout_sizes"][key]
    if key in current_app.extensions.get("handouts", {}) or not current_app.config.get("LIVE_RELOAD"):
        return len(handout_bytes(page))
    before: dict[tuple[str, str], bytes] = current_app.extensions.get("handouts_before_reload", {})
    return len(before[key]) if key in before else None


def handout_link(page: Page) -> dict[str, Any] | None:
    """What a guide page shows about its handout: the address and the real size ('PDF, 84 KB')."""
    if page.layout != "guide":
        return None
    size = handout_size(page)
    text = gettext("PDF, %(size)s KB", size=format_decimal(kilobytes(size))) if size is not None else "PDF"
    return {"url": current_app.config["BASE_PATH"] + handout_url_of(page), "size": text}


def card_link(page: Page) -> dict[str, Any] | None:
    """What a guide page shows about its quick card: the address and the real size."""
    if page.layout != "guide":
        return None
    key = (page.lang, page.slug + CARD)
    if key in current_app.extensions.get("handout_sizes", {}):
        size = current_app.extensions["handout_sizes"][key]
    elif current_app.config.get("LIVE_RELOAD") and key not in current_app.extensions.get("handouts", {}):
        size = None  # serve mode: no WeasyPrint render holds up the page (as handout_size)
    else:
        size = len(handout_bytes(page, card=True))
    text = gettext("PDF, %(size)s KB", size=format_decimal(kilobytes(size))) if size is not None else "PDF"
    return {"url": current_app.config["BASE_PATH"] + card_url_of(page), "size": text}


@bp.app_context_processor
def handout_globals() -> dict[str, Any]:
    """Templates may ask for a page's handout and quick card."""
    return {"handout": handout_link, "quickcard": card_link}


@bp.route("/<lang:lang>/<slug>.pdf")
def handout(lang: str, slug: str) -> Response:
    """The PDF handout of a guide."""
    page = site().page(lang, slug)
    if page is None or page.layout != "guide":
        abort(404)
    return Response(handout_bytes(page), mimetype="application/pdf")


@bp.route(f"/<lang:lang>/<slug>{CARD}.pdf")
def quickcard(lang: str, slug: str) -> Response:
    """The one-page quick card of a guide."""
    page = site().page(lang, slug)
    if page is None or page.layout != "guide":
        abort(404)
    return Response(handout_bytes(page, card=True), mimetype="application/pdf")
