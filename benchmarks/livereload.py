"""Live-reload latency: from saving a guide to its new title in the open browser, under the serve mode of `make serve`.

`python -m benchmarks.livereload` (part of `make bench`): the real site and the 1,000-guide corpus, each served by
`python -m guide`'s serve mode in a process of its own (with its watcher and the search index in the background),
one Chromium page open on a guide; each round saves the guide with a new title and waits for it in the page.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.local import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.realservers import wait_for_port

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7
GUIDE = "en/video-appointment.md"
# The serve mode of python -m guide, on another content folder (CONTENT_DIR cannot come from the environment yet).
SERVER = """
import sys
from werkzeug.serving import make_server
from guide import create_app, load_site, livereload
from guide.__main__ import watched
port = int(sys.argv[2])
app = create_app({"CONTENT_DIR": sys.argv[1], "SITE_URL": f"http://127.0.0.1:{port}", "LIVE_RELOAD": True})
reload = livereload.init_app(app, load_site, watched(app))
server = make_server("127.0.0.1", port, app, threaded=True)
reload.start()
server.serve_forever()
"""


def measure(content: Path, rounds: int = ROUNDS) -> tuple[float, list[float]]:
    """Start the serve mode on `content`; return the seconds to the first page and each round's latency."""
    port = free_port()
    log = content.parent / "serve.log"
    guide = content / GUIDE
    original = guide.read_text(encoding="utf-8")
    title_line = next(n for n, text in enumerate(original.splitlines()) if text.startswith("title: "))
    started = time.perf_counter()
    with log.open("wb") as output:
        command = [sys.executable, "-c", SERVER, str(content), str(port)]
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT, env=os.environ.copy())
        try:
            wait_for_port(port, process, log, within=600)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/en/video-appointment/", timeout=120_000)
                first = time.perf_counter() - started
                page.wait_for_function("() => document.querySelector('script[src*=\"__livereload\"]')")
                latencies = []
                for round in range(rounds):
                    new = f"title: Saved in round {round}"
                    text = guide.read_text(encoding="utf-8")
                    guide.write_text(text.replace(text.splitlines()[title_line], new, 1), encoding="utf-8")
                    saved = time.perf_counter()
                    page.wait_for_function(
                        "text => document.querySelector('h1')?.textContent === text",
                        arg=new.removeprefix("title: "),
                        polling="raf",
                        timeout=60_000,
                    )
                    latencies.append(time.perf_counter() - saved)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
            guide.write_text(original, encoding="utf-8")
    return first, latencies


def line(name: str, pages: int, first: float, latencies: list[float]) -> str:
    """One result line."""
    return (
        f"| {name} | {pages} | {first:.1f} s | {statistics.median(latencies):.2f} s | {max(latencies):.2f} s |"
        f" {len(latencies)} |"
    )


def run() -> str:
    """Both sites; a Markdown table of the figures."""
    rows = ["| site | pages | first page | save to browser, median | worst | rounds |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="guide-livereload-") as work:
        real = Path(work) / "real" / "content"
        real.parent.mkdir()
        corpus.generate(real, per_language=0)
        rows.append(line("real site", sum(1 for _ in real.glob("*/*.md")), *measure(real)))
        big = Path(work) / "corpus" / "content"
        big.parent.mkdir()
        pages = corpus.generate(big, per_language=250)
        rows.append(line("1,000-guide corpus", pages, *measure(big)))
    return "\n".join(rows)


def main() -> int:
    """Print the table and write it to benchmarks/results/livereload.md."""
    table = run()
    print(table)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "livereload.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
