"""One freeze of the portal on a given content folder, in a process of its own: the full build or the HTML alone.

Run as `python -m benchmarks.freezing CONTENT DESTINATION [--html-only]`; prints the page count and what was left out.
The HTML-only build is freeze.freeze() unchanged but for two stand-ins: WeasyPrint's rendering of the PDF handouts
(guide.pdf.render_all answers every handout with a small placeholder, so the guide pages and the .pdf addresses are
still frozen) and the Pagefind index (freeze.build_index does nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER_PDF = b"%PDF-1.7\n% placeholder: the HTML-only benchmark leaves WeasyPrint out\n%%EOF\n"


@contextmanager
def replaced(module: ModuleType, name: str, stand_in: Callable[..., Any]) -> Iterator[bool]:
    """Replace module.name for the duration; yield whether there was such a name to replace."""
    if not hasattr(module, name):
        yield False
        return
    original = getattr(module, name)
    setattr(module, name, stand_in)
    try:
        yield True
    finally:
        setattr(module, name, original)


def placeholder_handouts(jobs: list[Any], workers: int = 1) -> dict[Any, bytes]:
    """Stand-in for guide.pdf.render_all: every handout a few bytes, no WeasyPrint."""
    return {job.key: PLACEHOLDER_PDF for job in jobs}


def freeze_once(content: Path, destination: Path, html_only: bool, cache: Path | None = None) -> dict[str, Any]:
    """Freeze the app on `content` into `destination` (`cache`: the PDF handouts' cache); return what it did."""
    if html_only and cache:
        raise ValueError("--cache needs the full build: the HTML-only build would cache placeholder PDFs")
    sys.path.insert(0, str(ROOT))
    import freeze
    import guide

    original = guide.create_app
    left_out = []
    with ExitStack() as stack:
        stack.enter_context(
            replaced(
                freeze, "create_app", lambda config=None: original({**(config or {}), "CONTENT_DIR": str(content)})
            )
        )
        if html_only:
            try:
                import guide.pdf as pdf
            except ImportError:
                pdf = None
            if pdf is not None and stack.enter_context(replaced(pdf, "render_all", placeholder_handouts)):
                left_out.append("PDF rendering (guide.pdf.render_all)")
            if stack.enter_context(replaced(freeze, "build_index", lambda *args: {})):
                left_out.append("search index (freeze.build_index)")
        pages = freeze.freeze(destination, cache)
    return {"pages": pages, "left_out": left_out}


def main() -> None:
    """Command line: freeze once and print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--html-only", action="store_true")
    parser.add_argument("--cache", type=Path, help="the folder where rebuilds find the PDF handouts already made")
    args = parser.parse_args()
    print(json.dumps(freeze_once(args.content, args.destination, args.html_only, args.cache)))


if __name__ == "__main__":
    main()
