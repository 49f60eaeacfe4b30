"""The whole site: every page rendered once, and the checks across pages and languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .contacts import Contact, load_contacts
from .content import ContentError, Page, key_line, line_of, load_pages
from .languages import LANGUAGES
from .markdown import Rendered, render
from .parallel import parallel_map

ID_ATTR = re.compile(r'\sid="([^"]+)"')

# Pages that exist only in some languages, by design (DESIGN.md's URL table).
NOT_IN: dict[str, set[str]] = {"staff": {"de-leicht"}}


@dataclass
class Site:
    """All pages, looked up by address or by id and language."""

    pages: list[Page]
    contacts: dict[str, Contact]

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


def build_site(content_dir: Path, widgets: set[str], step_label: Callable[[str, int], str]) -> Site:
    """Load, render and check every page; raise ContentError listing every problem."""
    contacts, problems = load_contacts(content_dir / "contacts.toml")
    pages, page_problems = load_pages(content_dir, widgets, set(contacts))
    problems += page_problems
    if problems:
        raise ContentError(problems)
    ids = {(p.id, p.lang): p for p in pages}
    problems += _duplicates(pages)

    def render_page(page: Page) -> Rendered:
        def resolve(page_id: str, lang: str = page.lang) -> str | None:
            target = ids.get((page_id, lang))
            return url_of(target) if target else None

        return render(page.body, page.lang, resolve, lambda n: step_label(page.lang, n))

    # Markdown is the largest part of a big build; each page is rendered once, on every core.
    for page, result in zip(pages, parallel_map(render_page, pages), strict=True):
        page.html, page.steps, page.widgets = result.html, result.steps, result.widgets
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
        page.ids = set(ID_ATTR.findall(result.html))
        page.links = result.links
        for href in result.unknown_pages:
            problems.append(f"{page.path}:{line_of(page, href)}: link to unknown page '{href}'")
        for needed in page.meta.get("related", []):
            if (needed, page.lang) not in ids:
                problems.append(
                    f"{page.path}:{key_line(page.source, 'related')}: related page '{needed}' does not exist"
                )
    problems += _broken_links(pages) + check_parity(pages)
    if problems:
        raise ContentError(problems)
    return Site(pages, contacts)


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


def _broken_links(pages: list[Page]) -> list[str]:
    """Internal links whose page or anchor does not exist."""
    by_url = {url_of(p): p for p in pages}
    problems = []
    for page in pages:
        for href in page.links:
            path, _, anchor = href.partition("#")
            target = by_url.get(path) if path else page
            if target is None:
                problems.append(f"{page.path}:{line_of(page, path)}: broken link '{href}'")
            elif anchor and anchor not in target.ids:
                shown = anchor if path else href
                problems.append(
                    f"{page.path}:{line_of(page, '#' + anchor)}: no anchor '#{anchor}' on {url_of(target)} ({shown})"
                )
    return problems


def check_parity(pages: list[Page]) -> list[str]:
    """Every page in every language, with the same steps, widgets and contacts."""
    problems = []
    by_id: dict[str, dict[str, Page]] = {}
    for page in pages:
        by_id.setdefault(page.id, {})[page.lang] = page
    for page_id, versions in sorted(by_id.items()):
        reference = versions.get("de") or next(iter(versions.values()))
        for lang in LANGUAGES:
            if lang in NOT_IN.get(page_id, set()):
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
