"""The whole site: every page rendered once, and the checks across pages and languages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .contacts import Contact, load_contacts
from .content import ContentError, Page, key_line, line_of, load_pages
from .languages import LANGUAGES, Language
from .markdown import Rendered, render
from .parallel import parallel_map

ID_ATTR = re.compile(r'\sid="([^"]+)"')

# Pages that exist only in some languages, by design (DESIGN.md's URL table).
NOT_IN: dict[str, set[str]] = {"staff": {"de-leicht"}}
# The page the service worker shows for a page that is not stored, when there is no connection (/de/offline/).
OFFLINE_PAGE = "offline"
# Pages that no one looks for: not in the sitemap, the search index or the search page's list.
UNLISTED: frozenset[str] = frozenset({OFFLINE_PAGE})


@dataclass
class Site:
    """All published pages, looked up by address or by id and language, in the site's languages."""

    pages: list[Page]
    contacts: dict[str, Contact]
    languages: dict[str, Language] = field(default_factory=lambda: dict(LANGUAGES))
    base_path: str = ""  # the path of the site's address, like /hilfe, or '' at the root
    warnings: list[str] = field(default_factory=list)  # 'path:line: …' the build prints but does not stop for

    def __post_init__(self) -> None:
        self.by_path = {(p.lang, p.slug): p for p in self.pages}
        self.by_id = {(p.id, p.lang): p for p in self.pages}

    def page(self, lang: str, slug: str) -> Page | None:
        """The page at /<lang>/<slug>/, or None."""
        return self.by_path.get((lang, slug))

    def translation(self, page: Page, lang: str) -> Page | None:
        """The same page in another language, or None."""
        return self.by_id.get((page.id, lang))

    def in_language(self, lang: str) -> list[Page]:
        """Every page of one language."""
        return [p for p in self.pages if p.lang == lang]

    def guides(self, lang: str) -> list[Page]:
        """The guides of one language, in the order of their ids' first appearance."""
        return [p for p in self.in_language(lang) if p.layout == "guide"]


def url_of(page: Page) -> str:
    """The site-relative URL of a page."""
    return f"/{page.lang}/{page.slug}/" if page.slug else f"/{page.lang}/"


def handout_url_of(page: Page) -> str:
    """The site-relative URL of a guide's PDF handout, beside its page: /de/videotermin.pdf."""
    return f"/{page.lang}/{page.slug}.pdf"


def card_url_of(page: Page) -> str:
    """The site-relative URL of a guide's one-page quick card, beside its handout: /de/videotermin.card.pdf."""
    return f"/{page.lang}/{page.slug}.card.pdf"


def resolve_relative(base: str, href: str) -> str:
    """A relative link as the site-relative address a browser would go to from the page at `base`."""
    return urljoin(base, href)


# The contact id that stands for the site's own office (from the site file), not for an entry of contacts.toml.
OFFICE = "office"


def sha256(text: str) -> str:
    """The hex SHA-256 of a text: what the caches key a page body by (the body itself would double their size)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_site(
    content_dir: Path,
    widgets: set[str],
    step_label: Callable[[str, int], str],
    languages: tuple[str, ...] = tuple(LANGUAGES),
    base_path: str = "",
    leave_out: dict[str, str] | None = None,
    office: Contact | None = None,
    leave_out_ids: tuple[str, ...] = (),
    leave_out_at: str = "site.toml:1",
    cache: dict[tuple[str, ...], Rendered] | None = None,
    parsed: dict[tuple[str, frozenset[str], frozenset[str]], Any] | None = None,
) -> Site:
    """Load, render and check every published page; raise ContentError listing every problem.

    `leave_out` maps page ids the site does not publish to the reason shown when a page links to one;
    `office` is the site's own office as a contact (None: the pages say where its details are instead);
    `leave_out_ids` are the ids the site file names, which must exist (`leave_out_at` says where they stand).
    `cache` (live reload) keeps each page's rendered Markdown between builds: a page whose text, language and
    set of page addresses are unchanged is not rendered again. It ends holding this build's pages only.
    `parsed` keeps each file's front matter and checks likewise (load_pages).
    """
    leave_out = leave_out or {}
    contacts, problems = load_contacts(content_dir / "contacts.toml", languages)
    if OFFICE in contacts:
        problems.append(f"{content_dir.name}/contacts.toml:1: '{OFFICE}' is the site's own office from site.toml")
    pages, page_problems = load_pages(content_dir, widgets, set(contacts) | {OFFICE}, languages, parsed)
    problems += page_problems
    if problems:
        raise ContentError(problems)
    problems += _duplicates(pages)
    known = sorted({p.id for p in pages})
    for page_id in leave_out_ids:
        if page_id not in known:
            problems.append(f"{leave_out_at}: leave_out names the unknown page '{page_id}' (known: {', '.join(known)})")
    unpublished = {(p.id, p.lang): p for p in pages if p.draft or p.id in leave_out}
    warnings: list[str] = []
    pages = [p for p in pages if (p.id, p.lang) not in unpublished]
    ids = {(p.id, p.lang): p for p in pages}

    def render_page(page: Page) -> Rendered:
        def resolve(page_id: str, lang: str = page.lang) -> str | None:
            target = ids.get((page_id, lang))
            hidden = unpublished.get((page_id, lang))
            if hidden is not None and not hidden.draft:
                return ""  # left out by the site file: shown as plain text, with a warning
            return base_path + url_of(target) if target else None

        return render(page.body, page.lang, resolve, lambda n: step_label(page.lang, n), base_path)

    # Markdown is the largest part of a big build; each page is rendered once, on every core.
    # What links resolve to; SHA-256, not hash(), which differs from process to process (the cache is on disk).
    addresses = hashlib.sha256(repr(sorted((key, url_of(p)) for key, p in ids.items())).encode()).hexdigest()
    keys = [(page.lang, step_label(page.lang, 1), addresses, sha256(page.body)) for page in pages]
    known = cache if cache is not None else {}
    missing = [page for page, key in zip(pages, keys, strict=True) if key not in known]
    fresh = dict(zip((id(p) for p in missing), parallel_map(render_page, missing), strict=True))
    results = [known[key] if id(page) not in fresh else fresh[id(page)] for page, key in zip(pages, keys, strict=True)]
    if cache is not None:
        cache.clear()
        cache.update(zip(keys, results, strict=True))
    for page, result in zip(pages, results, strict=True):
        page.html, page.steps, page.widgets, page.words = result.html, result.steps, result.widgets, result.words
        page.contacts = list(dict.fromkeys(result.contacts))
        if page.meta.get("contacts", []) != page.contacts:
            problems.append(
                f"{page.path}:{key_line(page.source, 'contacts')}: front matter 'contacts' must list the contact "
                f"blocks in order of appearance: {page.contacts}"
            )
        card = page.meta.get("card")
        if card is not None and len(card) != len(page.steps):
            problems.append(
                f"{page.path}:{key_line(page.source, 'card')}: 'card' needs one line per step: "
                f"{len(card)} lines for {len(page.steps)} steps"
            )
        ids_on_page = ID_ATTR.findall(result.html)
        page.ids = set(ids_on_page)
        for anchor in sorted({a for a in ids_on_page if ids_on_page.count(a) > 1}):
            problems.append(
                f"{page.path}:{line_of(page, anchor)}: the id '{anchor}' is used twice on this page (a heading or "
                "an attribute like '{: #" + anchor + " }' repeats it): links to '#" + anchor + "' would be ambiguous"
            )
        for needle, message in result.refused:
            problems.append(f"{page.path}:{line_of(page, needle)}: {message}")
        page.links = result.links + [resolve_relative(url_of(page), href) for href in result.relative]
        page.written = {resolve_relative(url_of(page), href): href for href in result.relative}
        for href in result.unlinked:
            reason = leave_out[href[5:].partition("#")[0]]
            warnings.append(f"{page.path}:{line_of(page, href)}: the link '{href}' is plain text: the page is {reason}")
        for href in result.unknown_pages:
            hidden = unpublished.get((href[5:].partition("#")[0], page.lang))
            if hidden is not None:
                reason = "a draft" if hidden.draft else leave_out[hidden.id]
                problems.append(
                    f"{page.path}:{line_of(page, href)}: link to '{href}', which is {reason} "
                    f"({hidden.path}:{key_line(hidden.source, 'draft') if hidden.draft else 2})"
                )
            else:
                problems.append(f"{page.path}:{line_of(page, href)}: link to unknown page '{href}'")
        for key in ("related", "qr"):
            for needed in page.meta.get(key, []):
                if not isinstance(needed, str):
                    continue  # a QR code of an outside address ({address, title})
                if (needed, page.lang) in unpublished:
                    continue  # a related list or the QR codes simply leave out what is not published
                if (needed, page.lang) not in ids:
                    problems.append(
                        f"{page.path}:{key_line(page.source, key)}: {key} page '{needed}' does not exist in "
                        f"'{page.lang}'"
                    )
    problems += _broken_links(pages, unpublished) + check_parity(pages, languages, unpublished)
    if problems:
        raise ContentError(problems)
    if office is not None:
        contacts[OFFICE] = office
    return Site(pages, contacts, {code: LANGUAGES[code] for code in languages}, base_path, warnings)


def _duplicates(pages: list[Page]) -> list[str]:
    """Two files of one language with the same page id."""
    seen: dict[tuple[str, str], Page] = {}
    problems = []
    for page in pages:
        key = (page.id, page.lang)
        if key in seen:
            problems.append(f"{page.path}:2: page id '{page.id}' is already used by {seen[key].path}")
        seen[key] = page
    return problems


def _broken_links(pages: list[Page], unpublished: dict[tuple[str, str], Page] | None = None) -> list[str]:
    """Internal links whose page or anchor does not exist (links are site paths, without the base path)."""
    by_url = {url_of(p): p for p in pages}
    hidden = {url_of(p): p for p in (unpublished or {}).values()}
    problems = []
    for page in pages:
        for href in page.links:
            path, _, anchor = href.partition("#")
            target = by_url.get(path) if path else page
            written = page.written.get(href, href)
            if target is None and path in hidden:
                problems.append(
                    f"{page.path}:{line_of(page, path)}: link to '{href}', which is not published ({hidden[path].path}:2)"
                )
            elif target is None:
                problems.append(f"{page.path}:{line_of(page, written.partition('#')[0])}: broken link '{written}'")
            elif anchor and anchor not in target.ids:
                shown = anchor if path else href
                problems.append(
                    f"{page.path}:{line_of(page, '#' + anchor)}: no anchor '#{anchor}' on {url_of(target)} "
                    f"({written if written != href else shown})"
                )
    return problems


def check_parity(
    pages: list[Page],
    languages: tuple[str, ...] = tuple(LANGUAGES),
    unpublished: dict[tuple[str, str], Page] | None = None,
) -> list[str]:
    """Every page in every language of the site, with the same steps, widgets and contacts (drafts aside)."""
    problems = []
    by_id: dict[str, dict[str, Page]] = {}
    for page in pages:
        by_id.setdefault(page.id, {})[page.lang] = page
    for page_id, versions in sorted(by_id.items()):
        reference = versions.get(languages[0]) or next(iter(versions.values()))
        for lang in languages:
            if lang in NOT_IN.get(page_id, set()) or (page_id, lang) in (unpublished or {}):
                continue
            page = versions.get(lang)
            if page is None:
                problems.append(f"{reference.path}:2: page '{page_id}' is missing in '{lang}' (content/{lang}/)")
                continue
            if page is reference:
                continue
            if len(page.steps) != len(reference.steps):
                problems.append(
                    f"{page.path}:{page.body_line}: {len(page.steps)} steps, but {reference.path} has {len(reference.steps)}"
                )
            if page.widgets != reference.widgets:
                problems.append(
                    f"{page.path}:{page.body_line}: widgets {page.widgets} differ from {reference.path}: {reference.widgets}"
                )
            if page.layout != reference.layout:
                problems.append(
                    f"{page.path}:2: layout '{page.layout}' differs from {reference.path}: '{reference.layout}'"
                )
            if page.meta.get("contacts", []) != reference.meta.get("contacts", []):
                problems.append(f"{page.path}:2: contacts differ from {reference.path}")
    return problems
