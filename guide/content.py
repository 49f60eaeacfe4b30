"""Content pages: parse one Markdown file (pure) and load a content folder (the IO edge)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .languages import LANGUAGES

LAYOUTS = ("home", "guide", "page")
REQUIRED = ("page", "title", "summary", "updated")
OPTIONAL = ("layout", "service", "labels", "needs", "related", "contacts", "qr", "card", "draft")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DIRECTIVE = re.compile(r"^(?P<fence>/{3,})\s*(?P<name>[^|\s]*)\s*(?:\|\s*(?P<arg>.*?))?\s*$")
DIRECTIVES = ("step", "tip", "warning", "widget", "contact")

# Control characters (tab, line feed and carriage return aside) and the bidirectional overrides, which make text
# read differently from how it is stored: none belongs in a guide, and NUL would reach the HTML.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
DATE = re.compile(r"^(?P<key>[A-Za-z_]+):\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*(?:#.*)?$")

# libyaml parses front matter several times faster; its marks and messages are the same.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping: YAML would silently keep the last."""


class SAFE_LOADER(_BASE_LOADER):  # noqa: N801 (a loader class named as the constant it replaces)
    """The safe loader that refuses a key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        """A mapping; stop at the second of two equal keys."""
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKey(None, None, f"the key '{key}' is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class ContentError(Exception):
    """One or more content problems, each as 'path:line: message'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Problem:
    """A content problem at a line of a file."""

    line: int
    message: str


@dataclass
class Page:
    """One parsed content file."""

    lang: str
    slug: str  # '' for the start page
    path: str  # as shown in messages, e.g. content/de/hilfe.md
    meta: dict[str, Any]
    body: str
    body_line: int  # line number of the body's first line in the file
    source: str = ""  # the whole file, for line numbers in messages
    links: list[str] = field(default_factory=list)
    html: str = ""
    steps: list[tuple[int, str, str]] = field(default_factory=list)  # number, anchor, title
    widgets: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    written: dict[str, str] = field(default_factory=dict)  # resolved relative link -> as the author wrote it
    words: frozenset[str] = frozenset()  # the words of its text, lower case (Rendered.words)

    @property
    def id(self) -> str:
        """The page id shared by all languages."""
        return self.meta["page"]

    @property
    def draft(self) -> bool:
        """A draft is kept out of the build, the navigation, the sitemap and the search."""
        return bool(self.meta.get("draft", False))

    @property
    def layout(self) -> str:
        """home, guide or page."""
        return self.meta.get("layout", "page")


def key_line(front: str, key: str) -> int:
    """Line (1-based, within the file) where `key:` stands in the front matter."""
    for number, line in enumerate(front.splitlines()[1:], start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def impossible_date(front: str) -> Problem | None:
    """A 'key: 2026-02-30' line of the front matter that YAML would read as a date but cannot (it raises ValueError)."""
    for number, line in enumerate(front.splitlines(), start=2):
        match = DATE.match(line)
        if not match:
            continue
        year, month, day = (int(part) for part in match["date"].split("-"))
        try:
            dt.date(year, month, day)
        except ValueError as error:
            return Problem(number, f"'{match['key']}': {match['date']} is not a date ({error})")
    return None


def parse_page(text: str) -> tuple[dict[str, Any], str, int, list[Problem]]:
    """Split a page into front matter and body; return (meta, body, body_line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return {}, text, 1, [Problem(1, "the file must start with '---' and YAML front matter")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return {}, text, 1, [Problem(1, "front matter is not closed with '---'")]
    front = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    body_line = end + 2
    impossible = impossible_date(front)
    if impossible:
        return {}, body, body_line, [impossible]
    try:
        meta = yaml.load(front, Loader=SAFE_LOADER) or {}
    except ValueError as error:  # a value YAML reads but cannot make (a date beyond the DATE pattern)
        return {}, body, body_line, [Problem(2, f"bad front matter: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        reason = getattr(error, "problem", None) or str(error)
        return {}, body, body_line, [Problem(line, f"bad front matter: {reason}")]
    if not isinstance(meta, dict):
        return {}, body, body_line, [Problem(2, "front matter must be key: value pairs")]
    return meta, body, body_line, check_meta(meta, "---\n" + front)


def is_qr_entry(value: Any) -> bool:
    """A QR target in the front matter: a page id, or an outside https address with the caption it is shown with."""
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and set(value) == {"address", "title"}
        and all(isinstance(v, str) and v for v in value.values())
        and value["address"].startswith("https://")
    )


def check_meta(meta: dict[str, Any], front: str) -> list[Problem]:
    """Check the front matter's keys and value types."""
    problems = []
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            problems.append(Problem(2, f"front matter lacks '{key}'"))
    for key in meta:
        if key not in REQUIRED + OPTIONAL:
            known = ", ".join(REQUIRED + OPTIONAL)
            problems.append(Problem(key_line(front, key), f"unknown front matter key '{key}' (known: {known})"))
    for key in ("page", "title", "summary", "service"):
        if key in meta and not isinstance(meta[key], str):
            problems.append(Problem(key_line(front, key), f"'{key}' must be text"))
    if isinstance(meta.get("page"), str) and not SLUG.match(meta["page"]):
        problems.append(Problem(key_line(front, "page"), "'page' must be lower-case words joined by '-'"))
    if "updated" in meta and not isinstance(meta["updated"], dt.date):
        problems.append(Problem(key_line(front, "updated"), "'updated' must be a date like 2026-11-20"))
    if meta.get("layout", "page") not in LAYOUTS:
        problems.append(Problem(key_line(front, "layout"), f"'layout' must be one of {', '.join(LAYOUTS)}"))
    for key in ("needs", "related", "contacts", "labels", "card"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(Problem(key_line(front, key), f"'{key}' must be a list of texts"))
    if "draft" in meta and not isinstance(meta["draft"], bool):
        problems.append(Problem(key_line(front, "draft"), "'draft' must be true or false"))
    qr = meta.get("qr")
    if qr is not None and not (isinstance(qr, list) and all(is_qr_entry(v) for v in qr)):
        problems.append(
            Problem(key_line(front, "qr"), "'qr' must list page ids or {address: https://…, title: …} entries")
        )
    if meta.get("layout") == "guide" and not meta.get("needs"):
        problems.append(Problem(2, "a guide needs a 'needs' list (the 'what you need' box)"))
    return problems


def scan_directives(body: str, body_line: int, widgets: set[str], contacts: set[str] | None = None) -> list[Problem]:
    """Check every '///' block: known name, known widget or contact, closed in order."""
    contacts = contacts or set()
    problems = []
    open_blocks: list[tuple[int, int]] = []  # (fence length, line)
    for offset, line in enumerate(body.splitlines()):
        number = body_line + offset
        match = DIRECTIVE.match(line)
        if not match:
            continue
        fence, name, arg = len(match["fence"]), match["name"], (match["arg"] or "").strip()
        if not name:
            if not open_blocks or open_blocks[-1][0] != fence:
                problems.append(Problem(number, f"'{match['fence']}' closes no open block"))
            else:
                open_blocks.pop()
            continue
        if name not in DIRECTIVES:
            problems.append(Problem(number, f"unknown directive '{name}' (known: {', '.join(DIRECTIVES)})"))
        elif name == "widget" and arg not in widgets:
            problems.append(Problem(number, f"unknown widget '{arg}' (known: {', '.join(sorted(widgets))})"))
        elif name == "contact" and arg not in contacts:
            problems.append(Problem(number, f"unknown contact '{arg}' (known: {', '.join(sorted(contacts))})"))
        elif name in ("step", "tip", "warning") and not arg:
            problems.append(Problem(number, f"'{name}' needs a title: '/// {name} | Title'"))
        if open_blocks and fence >= open_blocks[-1][0]:
            problems.append(Problem(number, "a block inside another needs fewer slashes than its parent"))
        open_blocks.append((fence, number))
    for fence, number in open_blocks:
        problems.append(Problem(number, f"block opened here is not closed with '{'/' * fence}'"))
    return problems


def line_of(page: Page, needle: str) -> int:
    """Line of the file where `needle` first appears in the body (for messages)."""
    for offset, line in enumerate(page.body.splitlines()):
        if needle in line:
            return page.body_line + offset
    return page.body_line


@functools.lru_cache(maxsize=8192)
def checked_page(
    text: str, widgets: frozenset[str], contacts: frozenset[str]
) -> tuple[dict[str, Any], str, int, tuple[Problem, ...]]:
    """parse_page and scan_directives of one file's text, kept: live reload reads a thousand unchanged files again."""
    meta, body, body_line, found = parse_page(text)
    return meta, body, body_line, tuple(found + scan_directives(body, body_line, set(widgets), set(contacts)))


def load_pages(
    content_dir: Path,
    widgets: set[str],
    contacts: set[str],
    languages: tuple[str, ...] = tuple(LANGUAGES),
    parsed: dict[tuple[str, frozenset[str], frozenset[str]], Any] | None = None,
) -> tuple[list[Page], list[str]]:
    """Read every content/<lang>/*.md file of the site's languages; return the pages and 'path:line: message' problems.

    Folders of the engine's other languages are not read (the site file did not choose them); a folder that is no
    language of the engine at all is a problem, since its pages would silently never appear. `parsed` (the build
    cache) holds checked_page's results of an earlier build by each text's SHA-256; it ends holding this build's.
    """
    pages, problems = [], []
    earlier, kept = dict(parsed or {}), {}
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir() and p.name not in LANGUAGES):
        if any(folder.glob("*.md")):
            problems.append(
                f"{content_dir.name}/{folder.name}/:1: '{folder.name}' is not a site language "
                f"(known: {', '.join(LANGUAGES)}): its pages would not be built"
            )
    for lang in languages:
        for file in sorted((content_dir / lang).glob("*.md")):
            shown = f"{content_dir.name}/{lang}/{file.name}"
            slug = "" if file.stem == "index" else file.stem
            if slug and not SLUG.match(slug):
                problems.append(f"{shown}:1: file name must be lower-case words joined by '-'")
                continue
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                problems.append(f"{shown}:1: not UTF-8 text ({error.reason})")
                continue
            control = CONTROL.search(text)
            if control:
                line = text.count("\n", 0, control.start()) + 1
                code = f"U+{ord(control[0]):04X}"
                problems.append(f"{shown}:{line}: the control character {code} is not allowed in content")
                continue
            key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), frozenset(widgets), frozenset(contacts))
            kept[key] = earlier[key] if key in earlier else checked_page(text, key[1], key[2])
            meta, body, body_line, checked = kept[key]
            found = list(checked)
            problems += [f"{shown}:{p.line}: {p.message}" for p in found]
            if not found:
                pages.append(Page(lang, slug, shown, meta, body, body_line, text))
    if parsed is not None:
        parsed.clear()
        parsed.update(kept)
    return pages, problems
