"""The site file, site.toml: who runs a site, its address, languages, pages and colours, checked with line numbers."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .languages import LANGUAGES
from .theme import DEFAULTS, contrast_problems

FILE = "site.toml"
DEFAULT_URL = "http://127.0.0.1:8000"  # the local preview of build/ (python -m http.server -d build 8000)
OPERATOR_KINDS = ("jobcenter", "municipality", "other")
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# How far the site meets EN 301 549 (WCAG 2.1 AA), as the EU's model accessibility statement words it.
CONFORMANCE = ("full", "partial", "none")
WAS_URL = re.compile(r"https://www\.was\.digst\.dk/[^\s\"'<>]+")  # the Danish state's tool for the statements
VIDEO_KEYS = {"file": r"static/[A-Za-z0-9_./-]+\.(mp4|webm)", "captions": r"static/[A-Za-z0-9_./-]+\.vtt", "title": ""}

# Every key the site file knows, with its type; README's "Run it for your own office" documents each.
SCHEMA: dict[str, dict[str, str]] = {
    "site": {"url": "str", "languages": "languages", "name": "texts", "leave_out": "ids"},
    "operator": {
        "name": "texts",
        "kind": "kind",
        "address": "address",
        "phone": "phone",
        "phone_display": "str",
        "email": "email",
        "web": "https",
        "logo": "str",
    },
    "accessibility": {
        "email": "email",
        "phone": "phone",
        "phone_display": "str",
        "status": "conformance",
        "reviewed": "date",
        "was_url": "was",
    },
    "privacy": {
        "controller": "texts",
        "email": "email",
        "log_days": "int",
        "authority": "texts",
        "authority_web": "https",
    },
    "sign_language": {"videos": "videos"},
    "theme": {"light": "colours", "dark": "colours"},
}
ADDRESS_KEYS = ("street", "postcode", "city", "country")


class SiteFileError(ValueError):
    """The site file has problems, each as 'site.toml:LINE: message'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Operator:
    """Who runs the site: shown in the footer, the imprint, the privacy and accessibility pages, cards and PDFs."""

    name: dict[str, str]
    kind: str = "other"
    address: dict[str, str] = field(default_factory=dict)
    phone: str | None = None
    phone_display: str | None = None
    email: str | None = None
    web: str | None = None
    logo: str | None = None  # relative to the site's static/ folder, e.g. 'logo.svg'


@dataclass(frozen=True)
class SignVideo:
    """A video in Deutsche Gebärdensprache the operator provides, with its captions (files in the site's static/)."""

    file: str  # relative to static/, e.g. 'dgs/willkommen.mp4'
    captions: str  # a WebVTT file relative to static/
    title: dict[str, str]
    line: int  # of its [[sign_language.videos]] in the site file, for messages


@dataclass(frozen=True)
class SiteFile:
    """What one office's site file says; every value has a default that invents nothing."""

    url: str = DEFAULT_URL
    url_given: bool = False
    languages: tuple[str, ...] = tuple(LANGUAGES)
    name: dict[str, str] = field(default_factory=dict)
    leave_out: tuple[str, ...] = ()
    operator: Operator | None = None
    accessibility: dict[str, str] = field(default_factory=dict)
    privacy: dict[str, Any] = field(default_factory=dict)
    sign_language: tuple[SignVideo, ...] = ()
    theme: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str = FILE  # as shown in messages
    leave_out_line: int = 1

    def operator_name(self, lang: str) -> str | None:
        """The operator's name in one language, or None when the site file names no operator."""
        return self.operator.name.get(lang) if self.operator else None

    @property
    def is_jobcenter(self) -> bool:
        """True when a job centre runs the site: then it is 'your job centre' in the guides."""
        return self.operator is not None and self.operator.kind == "jobcenter"


def line_of(text: str, table: str, key: str | None = None) -> int:
    """The line of `[table]`, or of `key` inside it (also as a dotted key like name.de), for messages."""
    lines = text.splitlines()
    if key is not None:  # a sub-table of its own, like [theme.light]
        for number, line in enumerate(lines, start=1):
            if re.match(rf"^\s*\[{re.escape(table)}\.{re.escape(key)}\]\s*(#.*)?$", line):
                return number
    start = next((i for i, line in enumerate(lines) if re.match(rf"^\s*\[{re.escape(table)}\]\s*(#.*)?$", line)), None)
    if start is None:
        return 1
    if key is None:
        return start + 1
    for number in range(start + 1, len(lines)):
        line = lines[number].strip()
        if line.startswith("["):
            break
        if re.match(rf"^{re.escape(key)}\s*[=.]", line):
            return number + 1
    return start + 1


def array_lines(text: str, name: str) -> list[int]:
    """The line of each [[name]] header, in order, for messages about an array of tables."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(#.*)?$")
    return [number for number, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def _texts(value: Any, languages: tuple[str, ...]) -> dict[str, str] | str:
    """A text per language (name.de = …) or one text for all; an error message otherwise."""
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(languages, value.strip())
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            return f"unknown language {', '.join(unknown)} (known: {', '.join(LANGUAGES)})"
        return {lang: text.strip() for lang, text in value.items()}
    return 'must be a text, or one text per language like name.de = "…"'


def _check_value(kind: str, value: Any, languages: tuple[str, ...]) -> tuple[Any, str | None]:
    """Check one value against its kind in SCHEMA; return (value, None) or (None, message)."""
    if kind == "str":
        return (value.strip(), None) if isinstance(value, str) and value.strip() else (None, "must be a text")
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return (value, None) if ok else (None, "must be a whole number, 0 or more")
    if kind == "date":
        ok = isinstance(value, date) and not hasattr(value, "hour")
        return (value, None) if ok else (None, "must be a date written like 2026-12-01 (no quotes)")
    if kind == "conformance":
        ok = value in CONFORMANCE
        return (value, None) if ok else (None, f"must be one of {', '.join(CONFORMANCE)} (got {value!r})")
    if kind == "was":
        ok = isinstance(value, str) and WAS_URL.fullmatch(value)
        return (
            (value, None)
            if ok
            else (None, f"must be a statement's address in WAS, https://www.was.digst.dk/… (got {value!r})")
        )
    if kind == "videos":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return None, "must be tables written as [[sign_language.videos]] with file, captions and title"
        return value, None
    if kind == "texts":
        texts = _texts(value, languages)
        return (texts, None) if isinstance(texts, dict) else (None, texts)
    if kind == "kind":
        ok = value in OPERATOR_KINDS
        return (value, None) if ok else (None, f"must be one of {', '.join(OPERATOR_KINDS)} (got {value!r})")
    if kind == "email":
        ok = isinstance(value, str) and EMAIL.match(value)
        return (value, None) if ok else (None, f"must be an e-mail address (got {value!r})")
    if kind == "phone":
        ok = isinstance(value, str) and PHONE.match(value)
        return (
            (value, None)
            if ok
            else (None, f"must be a phone number in international form like +4930123456 (got {value!r})")
        )
    if kind == "https":
        ok = isinstance(value, str) and re.fullmatch(r"https://[^\s\"'<>]+", value)
        return (value, None) if ok else (None, f"must be an address starting with https:// (got {value!r})")
    if kind == "ids":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return (tuple(value), None) if ok else (None, 'must be a list of page ids like ["secure-message"]')
    if kind == "languages":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return None, f"must be a list of languages, any of {', '.join(LANGUAGES)}"
        unknown = [v for v in value if v not in LANGUAGES]
        if unknown:
            return None, f"unknown language {', '.join(unknown)} (known: {', '.join(LANGUAGES)})"
        if len(set(value)) != len(value):
            return None, "names a language twice"
        return tuple(value), None
    if kind == "address":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return None, 'must be a table like { street = "…", postcode = "…", city = "…", country = "DE" }'
        unknown = [k for k in value if k not in ADDRESS_KEYS]
        if unknown:
            return None, f"unknown key {', '.join(unknown)} (known: {', '.join(ADDRESS_KEYS)})"
        return dict(value), None
    if kind == "colours":
        if not isinstance(value, dict):
            return None, f"must be a table of colours, any of {', '.join(DEFAULTS['light'])}"
        unknown = [k for k in value if k not in DEFAULTS["light"]]
        if unknown:
            return None, f"unknown colour {', '.join(unknown)} (known: {', '.join(DEFAULTS['light'])})"
        bad = [k for k, v in value.items() if not (isinstance(v, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", v))]
        if bad:
            return None, f"colour {', '.join(bad)} must be written like #0b5394"
        return {k: v.lower() for k, v in value.items()}, None
    raise AssertionError(kind)


def parse_site_file(text: str, shown: str = FILE) -> tuple[SiteFile, list[str]]:
    """Parse and check a site file (pure); return the site file and 'path:line: message' problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return SiteFile(path=shown), [f"{shown}:{line[1] if line else 1}: bad TOML: {error}"]
    problems: list[str] = []
    values: dict[str, dict[str, Any]] = {}
    for table, entries in data.items():
        if table not in SCHEMA:
            problems.append(f"{shown}:{line_of(text, table)}: unknown table [{table}] (known: {', '.join(SCHEMA)})")
            continue
        if not isinstance(entries, dict):
            problems.append(f"{shown}:1: '{table}' must be a table: [{table}] with keys below it")
            continue
        values[table] = {}
        site_languages = data.get("site", {}).get("languages", list(LANGUAGES))
        languages = tuple(site_languages) if isinstance(site_languages, list) else tuple(LANGUAGES)
        for key, value in entries.items():
            where = f"{shown}:{line_of(text, table, key)}"
            kind = SCHEMA[table].get(key)
            if kind is None:
                problems.append(f"{where}: unknown key '{key}' in [{table}] (known: {', '.join(SCHEMA[table])})")
                continue
            checked, message = _check_value(kind, value, languages)
            if message:
                problems.append(f"{where}: [{table}] {key} {message}")
            else:
                values[table][key] = checked
    site, operator = values.get("site", {}), values.get("operator")
    if operator is not None and "name" not in operator:
        problems.append(f"{shown}:{line_of(text, 'operator')}: [operator] needs a name")
    if operator is not None and ("phone" in operator) and "phone_display" not in operator:
        operator["phone_display"] = operator["phone"]
    accessibility = values.get("accessibility", {})
    if "phone" in accessibility and "phone_display" not in accessibility:
        accessibility["phone_display"] = accessibility["phone"]
    logo = (operator or {}).get("logo")
    if (logo is not None and not re.fullmatch(r"static/[A-Za-z0-9_./-]+\.(svg|png|jpg|webp)", logo)) or ".." in (
        logo or ""
    ):
        problems.append(
            f"{shown}:{line_of(text, 'operator', 'logo')}: [operator] logo must be a file in the site's static/ "
            f'folder, like "static/logo.svg" (got {logo!r})'
        )
    privacy = values.get("privacy", {})
    if "authority_web" in privacy and "authority" not in privacy:
        problems.append(
            f"{shown}:{line_of(text, 'privacy', 'authority_web')}: [privacy] authority_web needs authority, "
            "the supervisory authority's name"
        )
    videos = _videos(values.get("sign_language", {}).get("videos", []), text, shown, problems)
    theme = values.get("theme", {})
    for scheme, pair in contrast_problems(theme):
        problems.append(f"{shown}:{line_of(text, 'theme', scheme)}: [theme] {pair}")
    result = SiteFile(
        url=site.get("url", DEFAULT_URL),
        url_given="url" in site,
        languages=site.get("languages", tuple(LANGUAGES)),
        name=site.get("name", {}),
        leave_out=site.get("leave_out", ()),
        operator=Operator(**{**operator, "logo": (operator.get("logo") or "").removeprefix("static/") or None})
        if operator and "name" in operator
        else None,
        accessibility=accessibility,
        privacy=values.get("privacy", {}),
        sign_language=videos,
        theme=theme,
        path=shown,
        leave_out_line=line_of(text, "site", "leave_out"),
    )
    missing = [lang for lang in result.languages if result.name and lang not in result.name]
    if missing:
        problems.append(
            f"{shown}:{line_of(text, 'site', 'name')}: [site] name lacks the language(s) {', '.join(missing)}"
        )
    return result, problems


def _videos(entries: list[dict[str, Any]], text: str, shown: str, problems: list[str]) -> tuple[SignVideo, ...]:
    """Check each [[sign_language.videos]]: a video and its WebVTT captions in static/, and a title; add problems."""
    lines = array_lines(text, "sign_language.videos")
    languages = tuple(LANGUAGES)
    videos = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else line_of(text, "sign_language", "videos")
        where = f"{shown}:{line}: [[sign_language.videos]]"
        found = len(problems)
        unknown = [key for key in entry if key not in VIDEO_KEYS]
        if unknown:
            problems.append(f"{where} unknown key {', '.join(unknown)} (known: {', '.join(VIDEO_KEYS)})")
        for key, pattern in VIDEO_KEYS.items():
            value = entry.get(key)
            if value is None:
                problems.append(f"{where} needs {key}")
            elif pattern and not (isinstance(value, str) and re.fullmatch(pattern, value) and ".." not in value):
                wanted = "a .mp4 or .webm video" if key == "file" else "a WebVTT (.vtt) file"
                problems.append(
                    f'{where} {key} must be {wanted} in the site\'s static/ folder, like "static/dgs/…" (got {value!r})'
                )
        title = _texts(entry.get("title"), languages) if "title" in entry else {}
        if isinstance(title, str):
            problems.append(f"{where} title {title}")
        if len(problems) == found and isinstance(title, dict):
            videos.append(
                SignVideo(entry["file"].removeprefix("static/"), entry["captions"].removeprefix("static/"), title, line)
            )
    return tuple(videos)


def load_site_file(site_dir: Path) -> SiteFile:
    """Read DIR/site.toml (the IO edge); a missing file is the defaults. Raise SiteFileError on problems."""
    path = site_dir / FILE
    if not path.exists():
        return SiteFile()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SiteFileError([f"{path}:1: not UTF-8 text ({error.reason})"]) from None
    shown = os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    site_file, problems = parse_site_file(text, shown)
    if problems:
        raise SiteFileError(problems)
    return site_file
