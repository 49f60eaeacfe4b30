"""The real screens' labels (content/labels.toml) and the check that a page or demo quotes only those (pure)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

# The quote marks of each page language; text in them is a real screen's label.
QUOTE_MARKS = {"de": ("„", "“"), "de-leicht": ("„", "“"), "da": ("»", "«"), "en": ("“", "”")}
ANY_QUOTE = re.compile(r"„[^“”\"\n]*[“”\"]|»[^«\n]*«|“[^”\n]*”|\"[^\"\n]*\"")
DEMO_LABEL = re.compile(r"demo\.(?:real|q)\(\s*'((?:[^'\\]|\\.)*)'")
CODE = re.compile(r"`[^`\n]*`")


@dataclass
class Service:
    """One service's labels and the demos that copy its screens."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)  # text -> "file:line"
    demos: list[str] = field(default_factory=list)


def load_labels(text: str) -> dict[str, Service]:
    """Parse labels.toml into services by id."""
    data = tomllib.loads(text)
    return {
        key: Service(
            value["name"], {item["text"]: item["source"] for item in value["labels"]}, list(value.get("demos", []))
        )
        for key, value in data.items()
    }


def quoted(line: str, lang: str) -> tuple[list[str], list[str]]:
    """The labels quoted on a line with the language's marks, and quotes made with other marks."""
    opening, closing = QUOTE_MARKS[lang]
    labels, wrong = [], []
    for match in ANY_QUOTE.finditer(CODE.sub("", line)):
        text = match[0]
        if text[0] == opening and text[-1] == closing:
            labels.append(text[1:-1])
        else:
            wrong.append(text)
    return labels, wrong


def not_a_label(label: str, service_ids: list[str], services: dict[str, Service]) -> str | None:
    """The finding text when `label` belongs to none of the services, else None."""
    if any(label in services[s].labels for s in service_ids if s in services):
        return None
    names = " or ".join(service_ids) if service_ids else "any service named in the page's 'labels:' list"
    return f'"{label}" is not a label of {names}'


def check_body(
    body: str, first_line: int, lang: str, service_ids: list[str], services: dict[str, Service]
) -> list[tuple[int, str, str]]:
    """(line, rule, text) for every quoted text that is no label of the page's services, and every wrong quote mark."""
    findings = []
    for offset, line in enumerate(body.splitlines()):
        labels, wrong = quoted(line, lang)
        for label in labels:
            problem = not_a_label(label, service_ids, services)
            if problem:
                findings.append((first_line + offset, "label", problem))
        for text in wrong:
            opening, closing = QUOTE_MARKS[lang]
            findings.append(
                (first_line + offset, "quote-marks", f"{text}: quote labels as {opening}…{closing} in {lang}")
            )
    return findings


def check_demo(template: str, service_ids: list[str], services: dict[str, Service]) -> list[tuple[int, str, str]]:
    """(line, rule, text) for every label a practice demo shows as real that its service does not have."""
    findings = []
    for match in DEMO_LABEL.finditer(template):
        problem = not_a_label(match[1], service_ids, services)
        if problem:
            findings.append((template.count("\n", 0, match.start()) + 1, "label", problem))
    return findings
