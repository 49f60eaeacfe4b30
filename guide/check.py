"""The content check: `python -m guide.check` prints 'path:line: rule: text' and a table with --stats."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .content import ContentError, Page
from .plainlanguage import Stats, check_text

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
    findings, table = [], []
    for page in app.extensions["guide_site"].pages:
        figures = check_page(page)
        findings += [f"{page.path}:{f.line}: {f.rule}: {f.text}" for f in figures.findings]
        longest = figures.longest
        table.append(
            f"{page.path:44} {figures.words:5} {figures.lix:5.1f} {len(longest.words) if longest else 0:4}  "
            f"{longest.text if longest else ''}"
        )
    return findings, table


def main() -> int:
    """Print the findings (and the table with --stats); exit 1 if there are findings."""
    parser = argparse.ArgumentParser(description="Check parity and plain-language rules of the content.")
    parser.add_argument("--stats", action="store_true", help="also print words, LIX and longest sentence per page")
    parser.add_argument("--content", type=Path, help="another content folder")
    args = parser.parse_args()
    findings, table = run(args.content)
    if args.stats:
        print(f"{'page':44} {'words':>5} {'LIX':>5} {'max':>4}  longest sentence")
        print("\n".join(table))
    print("\n".join(findings))
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
