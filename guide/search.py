"""Site search with Pagefind: the index over the built site, the bundle in serve mode, the page list without JavaScript."""

from __future__ import annotations

import bisect
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, send_from_directory
from markupsafe import Markup

from .compounds import LINKS, WORD, Vocabulary, words_lower
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


# The later parts of a compound go to Pagefind in an empty span's attribute just before the compound:
# Pagefind indexes the attribute's text in place (data-pagefind-index-attrs), so a search for "Termin" finds
# the step where "Videotermin" stands. Nothing is shown or read out; each part starts with PART_MARK so that
# the widget can drop it from the excerpts and mark the compound instead.
PARTS_ATTR = "data-parts"
PART_MARK = "_"
PARTS_SPAN = '<span data-pagefind-index-attrs="{attr}" {attr}="{parts}"></span>'
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")  # what WORD is made of
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)")
SECTION = re.compile(r"<h[1-6]\b[^>]*\sid=")  # each step or section gives each compound's parts once
NO_PARTS = {"script", "style", "textarea", "option", "title", "svg"}  # text that is not indexed, or no text
VOID = {"br", "img", "input", "hr", "wbr", "meta", "link", "source", "col", "area", "embed", "track", "base"}


class SearchIndexError(RuntimeError):
    """Pagefind failed, or did not index every language on its own."""


def not_indexed(html: Markup) -> Markup:
    """Mark every interactive widget in the rendered body with data-pagefind-ignore."""
    return Markup(WIDGET_ROOT.sub(r"\1 data-pagefind-ignore", str(html)))


def skipped_and_sections(html: str, tags: list[re.Match[str]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Where the text is not indexed, and where each step or section begins (the start of its heading's tag).

    Not indexed: script, style and other elements of NO_PARTS, and ignored widgets, from the start tag to its end
    tag; nested elements of the same name are counted.
    """
    skipped: list[tuple[int, int]] = []
    sections: list[int] = []
    skipping, depth, since = "", 0, 0  # the element whose content is not indexed, how deep it nests, where it began
    for tag in tags:
        piece = tag[0]
        if piece.startswith("<h") and SECTION.match(piece):
            sections.append(tag.start())
        if skipping:
            if piece.startswith("</"):
                end = END_TAG.match(piece)
                if end and end[1].lower() == skipping:
                    depth -= 1
                    if not depth:
                        skipped.append((since, tag.end()))
                        skipping = ""
            elif not piece.endswith("/>"):
                start = START_TAG.match(piece)
                depth += bool(start and start[1].lower() == skipping)
            continue
        start = START_TAG.match(piece)
        if start and not piece.endswith("/>"):
            name = start[1].lower()
            if name not in VOID and (name in NO_PARTS or "data-pagefind-ignore" in piece):
                skipping, depth, since = name, 1, tag.start()
    if skipping:
        skipped.append((since, len(html)))
    return skipped, sections


def whole_words(html: str, forms: list[str]) -> list[tuple[int, str]]:
    """Where each of `forms` stands in `html` as a whole word (no letter before or after), in order."""
    found = []
    for form in forms:
        position = html.find(form)
        while position != -1:
            end = position + len(form)
            if not (position and LETTER.match(html, position - 1)) and not LETTER.match(html, end):
                found.append((position, form))
            position = html.find(form, end)
    return sorted(found)


def with_parts(html: str, vocabulary: Vocabulary) -> Markup:
    """Rendered HTML with the later parts of each compound before it, for Pagefind only (see PARTS_SPAN).

    A part is given once per step or section, and only where no word of that section begins with it (Pagefind
    finds those already); ignored elements and script text get none. Each span costs page weight. Only the
    compounds are visited: a page's other words and tags are found by regular expressions, not one by one.
    """
    html = str(html)
    found = set(WORD.findall(html))
    compound = {word.lower() for word in found if vocabulary.later_parts(word)}
    if not compound:
        return Markup(html)  # no compound at all (English, or a page of short words): nothing to mark
    forms = [word for word in found if word.lower() in compound]
    tags = list(TAG.finditer(html))
    tag_starts = [tag.start() for tag in tags]
    skipped, sections = skipped_and_sections(html, tags)
    skip_starts = [start for start, _ in skipped]

    def indexed(position: int) -> bool:
        """Whether a word at `position` is indexed text: outside every tag and every skipped element."""
        before = bisect.bisect_right(tag_starts, position) - 1
        if before >= 0 and position < tags[before].end():
            return False
        before = bisect.bisect_right(skip_starts, position) - 1
        return not (before >= 0 and position < skipped[before][1])

    words_in: dict[int, list[str]] = {}

    def section_words(section: int) -> list[str]:
        """The indexed words of a section, lower case: its text without tags and skipped elements."""
        if section not in words_in:
            begin = sections[section - 1] if section else 0
            end = sections[section] if section < len(sections) else len(html)
            text, last = [], begin
            for start, stop in skipped:
                if stop > begin and start < end:
                    text.append(html[last : max(start, begin)])
                    last = min(stop, end)
            text.append(html[last:end])
            words_in[section] = list(map(str.lower, WORD.findall(TAG.sub(" ", " ".join(text)))))
        return words_in[section]

    begun: dict[tuple[int, str], bool] = {}  # whether a word of the section begins with the part, found once
    parts_of: dict[str, list[str]] = {}
    given: set[tuple[int, str]] = set()
    out: list[str] = []
    last = 0
    for position, form in whole_words(html, forms):
        if not indexed(position):
            continue
        lower = form.lower()
        if lower not in parts_of:
            parts_of[lower] = vocabulary.later_parts(form)  # the first indexed form decides, as before
        section = bisect.bisect_right(sections, position)
        missing = []
        for part in parts_of[lower]:
            if (section, part) in given:
                continue
            if (section, part) not in begun:
                begun[section, part] = any(other.startswith(part) for other in section_words(section))
            if not begun[section, part]:
                missing.append(part)
        if missing:
            given.update((section, part) for part in missing)
            out += [
                html[last:position],
                PARTS_SPAN.format(attr=PARTS_ATTR, parts=" ".join(PART_MARK + part for part in missing)),
            ]
            last = position
    out.append(html[last:])
    return Markup("".join(out))


def vocabulary(site: Site, lang: str) -> Vocabulary:
    """The words of a language's pages (text, titles, summaries, needs); none where compounds are written apart.

    German and Leichte Sprache share their words: "Regler" stands alone only in Leichte Sprache, yet a reader
    of the German pages may type it for "Schieberegler". The words of each text were found when it was rendered.
    """
    if lang not in LINKS:
        return Vocabulary(frozenset())
    same = {code for code, other in LANGUAGES.items() if base(other.html_lang) == base(LANGUAGES[lang].html_lang)}
    pages = [page for page in site.pages if page.lang in same]
    front = " ".join(
        " ".join([page.meta["title"], page.meta.get("summary", ""), *page.meta.get("needs", [])]) for page in pages
    )
    return Vocabulary.of_words(frozenset().union(*(page.words for page in pages)) | words_lower(front), lang)


def base(html_lang: str) -> str:
    """The language of a language tag without its variant: de for de-x-ls."""
    return html_lang.split("-")[0]


@bp.app_template_filter("with_parts")
def with_parts_of(html: str, lang: str) -> Markup:
    """with_parts by the vocabulary of a language's pages; plain text (front matter) is escaped first."""
    return with_parts(Markup.escape(html), vocabulary_of(lang))


def vocabulary_of(lang: str) -> Vocabulary:
    """The vocabulary of a language's pages in this app, made once."""
    cache: dict[str, Vocabulary] = current_app.extensions.setdefault("search_vocabulary", {})
    if lang not in cache:
        cache[lang] = vocabulary(current_app.extensions["guide_site"], lang)
    return cache[lang]


def words_of(html: str) -> frozenset[str]:
    """The words of a rendered page as with_parts meets them (tags dropped), for the build cache.

    The words of scripts and ignored parts count too, which can only make a cached page rendered again more
    often, never less.
    """
    return frozenset(WORD.findall(TAG.sub(" ", html)))


def build_index(site: Path, languages: tuple[str, ...] = tuple(LANGUAGES)) -> dict[str, int]:
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
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    found = entry["languages"] = dict(sorted(entry["languages"].items()))
    # Pagefind lists the languages in a different order from run to run; sorted, two builds of the same pages
    # are the same bytes (the build cache's test compares a rebuild with a build from scratch).
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    wanted = {LANGUAGES[code].html_lang for code in languages}
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
            "url": site.base_path + url_of(page),
            "steps": [(title, f"{site.base_path}{url_of(page)}#{anchor}") for _, anchor, title in page.steps],
        }
        for page in guides + others
    ]


HELP_PAGE = "help"  # offered with the guides when a search finds nothing


def suggestions(site: Site, lang: str) -> list[tuple[str, str]]:
    """What the search offers when it finds nothing: the guides of the language and its help page (title, URL)."""
    pages = site.guides(lang) + [p for p in site.in_language(lang) if p.id == HELP_PAGE]
    return [(page.meta["title"], site.base_path + url_of(page)) for page in pages]


@bp.app_template_global("search_suggestions")
def search_suggestions(lang: str) -> list[tuple[str, str]]:
    """The pages the site-search widget offers when nothing is found."""
    return suggestions(current_app.extensions["guide_site"], lang)


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
