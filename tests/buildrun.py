"""A build in a process of its own for the interrupt tests: fake handouts and index, or workers that block.

Run as `python tests/buildrun.py MODE freeze.py-arguments...`. MODE 'ok' builds with fake PDFs; 'block-pages'
blocks in the forked Markdown workers and 'block-pdf' in the spawned PDF workers: each blocked worker first
writes 'worker-started <pid>' to stderr, so that a test can wait for that state before it sends a signal.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def block(*args: Any) -> Any:
    """Say so, then wait until killed (in a worker)."""
    sys.stderr.write(f"worker-started {os.getpid()}\n")
    sys.stderr.flush()
    while True:
        signal.pause()


def fake_pdfs(jobs: list[Any], workers: int = 2) -> dict[Any, bytes]:
    """Every handout as a tiny PDF, at once."""
    return {job.key: b"%PDF-1.7\n%%EOF\n" for job in jobs}


def main() -> int:
    """Patch the build for MODE and run freeze.py's main."""
    mode, argv = sys.argv[1], sys.argv[2:]
    import freeze
    from guide import parallel, pdf, site

    freeze.build_index = lambda destination, languages=(): {}
    if mode == "block-pages":
        parallel.MIN_ITEMS = 2  # the real site is small: fork anyway
        site.render = block
    if mode == "block-pdf":
        pdf._render_job = block  # pickled by name: the spawned workers import it from here
    else:
        pdf.render_all = fake_pdfs
    return freeze.main(argv)


if __name__ == "__main__":
    sys.exit(main())
