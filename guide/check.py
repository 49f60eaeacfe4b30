"""The content check: `python -m guide.check` prints 'path:line: rule: text' and a table with --stats."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .content import ContentError, Page
from .labels import Service, check_body, check_demo, load_labels
from .plainlanguage import QUOTED, URL, Finding, Stats, check_text, ls_line_findings, negations_over_target

ROOT = Path(__file__).resolve().parent.parent
WIDGETS = ROOT / "guide" / "templates" / "widgets"
LEICHT_CATALOG = ROOT / "guide" / "translations" / "de@leicht" / "LC_MESSAGES" / "messages.po"
# Placeholders and markup in catalog strings are no words a reader reads.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|<[^>]+>")

PROBLEM = re.compile(r"^(?P<where>[^:]+:\d+): (?P<message>.*)$", re.S)
SHOWN_KEYS = ("title", "summary")


def readable_source(page: Page) -> str:
    """The file with front matter blanked except the title and summary, so line numbers stay true."""
    lines = page.source.splitlines()
    for number in range(page.body_line - 1):
        key, _, value = lines[number].partition(":")
        lines[number] = value.strip() if key in SHOWN_KEYS else ""
    return "\n".join(lines)


def check_page(page: Page) -> Stats:
    """Plain-language figures and findings of one page."""
    return check_text(readable_source(page), 1, page.lang)


def label_findings(page: Page, services: dict[str, Service]) -> list[Finding]:
    """Quoted labels of a page that its services (front matter 'labels:') do not have, and wrong quote marks."""
    found = check_body(readable_source(page), 1, page.lang, page.meta.get("labels", []), services)
    return [Finding(line, rule, text) for line, rule, text in found]


def demo_findings(services: dict[str, Service], widgets: Path = WIDGETS) -> list[str]:
    """Labels that a practice demo shows as real but its service does not have."""
    findings = []
    owners = {demo: key for key, service in services.items() for demo in service.demos}
    for template in sorted(widgets.glob("demo-*.html")):
        path = template.relative_to(ROOT) if template.is_relative_to(ROOT) else template
        if template.stem not in owners:
            findings.append(f"{path}:1: label: the demo is listed under no service in content/labels.toml")
            continue
        for line, rule, text in check_demo(template.read_text(encoding="utf-8"), [owners[template.stem]], services):
            findings.append(f"{path}:{line}: {rule} {text}")
    return findings


def catalog_strings(po: str) -> list[tuple[int, str]]:
    """(line of its msgid, text) of every translated string of a catalog."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(po.encode("utf-8")))
    return [(m.lineno, m.string) for m in catalog if m.id and isinstance(m.string, str) and m.string]


def catalog_findings(catalog: Path = LEICHT_CATALOG, labels: set[str] = frozenset()) -> list[str]:
    """The Leichte Sprache rules for every string of the Leichte Sprache catalog, line by line of each string.

    A string that is a real screen's label (a demo shows it as it is) keeps the service's own words.
    """
    findings = []
    path = catalog.relative_to(ROOT) if catalog.is_relative_to(ROOT) else catalog
    for number, text in catalog_strings(catalog.read_text(encoding="utf-8")):
        if text in labels:
            continue
        for part in PLACEHOLDER.sub("X", text).split("\n"):
            readable = QUOTED.sub("X", URL.sub("X", part)).strip()
            if readable:
                findings += [f"{path}:{number}: {f.rule}: {f.text}" for f in ls_line_findings(number, readable)]
    return findings


def run(content_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """Check every page; return the findings and a table of figures per page."""
    from . import create_app

    config = {"CONTENT_DIR": str(content_dir)} if content_dir else {}
    try:
        app = create_app(config)
    except ContentError as error:
        lines = []
        for problem in error.problems:
            match = PROBLEM.match(problem)
            lines.append(f"{match['where']}: content: {match['message']}" if match else problem)
        return lines, []
    root = Path(content_dir) if content_dir else ROOT / "content"
    labels_file = root / "labels.toml"
    services = load_labels(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
    findings, table = [], []
    for page in app.extensions["guide_site"].pages:
        figures = check_page(page)
        figures.findings += label_findings(page, services)
        findings += [
            f"{page.path}:{f.line}: {f.rule} {f.text}"
            if f.rule == "label"
            else f"{page.path}:{f.line}: {f.rule}: {f.text}"
            for f in sorted(figures.findings, key=lambda f: f.line)
        ]
        longest = figures.longest
        target = " !" if page.lang == "de-leicht" and negations_over_target(figures) else ""
        table.append(
            f"{page.path:44} {figures.words:5} {figures.sentences:5} {figures.lix:5.1f} {figures.over:4} "
            f"{figures.passive:4} {figures.negations:4}{target:2} {len(longest.words) if longest else 0:4}  "
            f"{longest.text if longest else ''}"
        )
    if not content_dir:
        findings += demo_findings(services) + catalog_findings(labels={t for v in services.values() for t in v.labels})
    return findings, table


def main() -> int:
    """Print the findings (and the table with --stats); exit 1 if there are findings."""
    parser = argparse.ArgumentParser(description="Check parity and plain-language rules of the content.")
    parser.add_argument("--stats", action="store_true", help="also print words, LIX and longest sentence per page")
    parser.add_argument("--content", type=Path, help="another content folder")
    args = parser.parse_args()
    findings, table = run(args.content)
    if args.stats:
        print(
            f"{'page':44} {'words':>5} {'sent.':>5} {'LIX':>5} {'over':>4} {'pass':>4} {'neg':>4}   {'max':>4}  longest sentence"
        )
        print("\n".join(table))
        print("over: sentences longer than 12 words (Leichte Sprache) or 20; pass: passive; neg: negations,")
        print("  '!' where Leichte Sprache has more than one negation per ten sentences (reported, not failed)")
    print("\n".join(findings))
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
