"""Support contacts: one TOML file for all languages, checked on load, rendered per locale."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .languages import LANGUAGES

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
KEYS = {
    "source",
    "phone",
    "phone_display",
    "free",
    "timezone",
    "hours",
    "name",
    "purpose",
    "web",
    "email",
    "address",
    "technical_support",
}
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Hours:
    """Opening hours on some days of the week (1 = Monday), in local time."""

    days: tuple[int, ...]
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Contact:
    """One support contact."""

    id: str
    name: dict[str, str]
    purpose: dict[str, str]
    timezone: str
    phone: str | None = None
    phone_display: str | None = None
    free: bool = False
    web: str | None = None
    email: str | None = None
    technical_support: bool = False  # the line the device check names when a test fails
    address: dict[str, str] = field(default_factory=dict)
    hours: tuple[Hours, ...] = ()

    def schema_days(self, hours: Hours) -> list[str]:
        """schema.org day URLs of one opening-hours entry."""
        return [f"https://schema.org/{SCHEMA_DAYS[d - 1]}" for d in hours.days]


def _line(text: str, needle: str) -> int:
    """The first line of `text` that contains `needle` (for messages)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def parse_contacts(
    text: str, shown: str, languages: tuple[str, ...] = tuple(LANGUAGES)
) -> tuple[dict[str, Contact], list[str]]:
    """Parse and check contacts.toml; return contacts by id and 'path:line: message' problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return {}, [f"{shown}:{line[1] if line else 1}: bad TOML: {error}"]
    contacts, problems = {}, []
    for key, entry in data.items():
        where = f"{shown}:{_line(text, f'[{key}]')}"
        found = _check_entry(key, entry, languages)
        problems += [f"{where}: {key}: {message}" for message in found]
        if not found:
            hours = tuple(
                Hours(tuple(h["days"]), dt.time.fromisoformat(h["opens"]), dt.time.fromisoformat(h["closes"]))
                for h in entry.get("hours", [])
            )
            values = {k: v for k, v in entry.items() if k not in ("source", "hours")}
            contacts[key] = Contact(id=key, hours=hours, **values)
    return contacts, problems


def _check_entry(key: str, entry: Any, languages: tuple[str, ...] = tuple(LANGUAGES)) -> list[str]:
    """What is wrong with one contact entry."""
    if not isinstance(entry, dict):
        return ["must be a table: [id] with keys below it"]
    problems = []
    if not ID.match(key):
        problems.append("the id must be lower-case words joined by '-'")
    problems += [f"unknown key '{k}' (known: {', '.join(sorted(KEYS))})" for k in entry if k not in KEYS]
    for text_key in ("name", "purpose"):
        value = entry.get(text_key, {})
        missing = [lang for lang in languages if not isinstance(value, dict) or not value.get(lang)]
        if missing:
            problems.append(f"'{text_key}' lacks the language(s) {', '.join(missing)}")
    try:
        ZoneInfo(str(entry.get("timezone", "")))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"unknown timezone '{entry.get('timezone', '')}' (for example Europe/Berlin)")
    if "phone" in entry and not PHONE.match(str(entry["phone"])):
        problems.append("'phone' must be in international form, for example +498004555501")
    if ("phone" in entry) != ("phone_display" in entry):
        problems.append("'phone' and 'phone_display' go together")
    if "web" in entry and not str(entry["web"]).startswith("https://"):
        problems.append("'web' must start with https://")
    for hours in entry.get("hours", []):
        days = hours.get("days") if isinstance(hours, dict) else None
        if not isinstance(days, list) or not days or not all(isinstance(d, int) and 1 <= d <= 7 for d in days):
            problems.append("'hours' need 'days' as numbers from 1 (Monday) to 7 (Sunday)")
        elif not (TIME.match(str(hours.get("opens", ""))) and TIME.match(str(hours.get("closes", "")))):
            problems.append("'hours' need 'opens' and 'closes' as HH:MM")
    return problems


def load_contacts(path: Path, languages: tuple[str, ...] = tuple(LANGUAGES)) -> tuple[dict[str, Contact], list[str]]:
    """Read the contacts file (the IO edge); only the site's languages need a name and purpose."""
    shown = f"{path.parent.name}/{path.name}"
    if not path.exists():
        return {}, []
    return parse_contacts(path.read_text(encoding="utf-8"), shown, languages)
