"""`make bench`: page weight, Lighthouse, build speed against MkDocs and Hugo, and serving; writes RESULTS.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.local import free_port
from tests.statichost import serve

from . import buildspeed, lighthouse, machine, pageweight, report, serving
from .browser import chromium_version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class Stopped(BaseException):
    """The run was stopped from outside (SIGTERM)."""


def stop(signum: int, frame: object) -> None:
    """Turn SIGTERM into Stopped, so that the results so far are written before the run ends."""
    raise Stopped


def section(title: str, work: Callable[[], str], failures: list[str]) -> str:
    """Run one benchmark; its Markdown, or the error it stopped with (the other benchmarks still run)."""
    load = machine.load()
    print(f"{title} (load average {load})", flush=True)
    started = time.perf_counter()
    try:
        body = work()
    except Exception as error:
        traceback.print_exc()
        failures.append(title)
        body = f"**This benchmark failed:** `{type(error).__name__}: {str(error).strip()[:2000]}`"
    took = time.perf_counter() - started
    return f"_{title}: load average (1 / 5 / 15 min) at the start {load}; took {took:.0f} s._\n\n{body}"


def lighthouse_paths(which: str) -> list[str]:
    """The pages Lighthouse checks: every language's start page, every guide and the device-check page."""
    if which == "none":
        return []
    from guide import create_app
    from guide.site import url_of

    pages = create_app().extensions["guide_site"].pages
    starts = [url_of(p) for p in pages if p.layout == "home"]
    if which == "start":
        return starts
    guides = [url_of(p) for p in pages if p.layout == "guide"]
    checks = [url_of(p) for p in pages if p.id == "device-check"]
    return starts + guides + checks


def serving_path() -> str:
    """The guide page the serving benchmark loads: the English video guide (the longest), else the first guide."""
    from guide import create_app
    from guide.site import url_of

    site = create_app().extensions["guide_site"]
    page = site.by_id.get(("video-appointment", "en")) or next(p for p in site.pages if p.layout == "guide")
    return url_of(page)


def arguments() -> argparse.Namespace:
    """The command line; `make bench` uses the defaults."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="builds per tool for the medians (default 3)")
    parser.add_argument("--per-language", type=int, default=250, help="generated guides per language (default 250)")
    parser.add_argument("--full-runs", type=int, default=1, help="full builds with PDFs and Pagefind (default 1)")
    parser.add_argument("--lighthouse", choices=["all", "start", "none"], default="all", help="pages for Lighthouse")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where the results go")
    return parser.parse_args()


def main() -> int:
    """Run every benchmark, rewriting the results after each one; exit 1 if one of them failed."""
    args = arguments()
    started, date = time.perf_counter(), dt.datetime.now(dt.UTC)
    load_at_start = machine.load()
    results = HERE / "results"  # raw reports and logs, not committed
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    failures: list[str] = []
    titles = ["1. Page weight", "2. Lighthouse", "3. Build speed at scale", "4. Serving"]
    sections = dict.fromkeys(titles, "_Not measured: the run stopped before this part._")
    facts = machine.facts()
    facts["Chromium"] = chromium_version()
    facts["Lighthouse"] = lighthouse.lighthouse_version()
    facts["MkDocs"] = buildspeed.mkdocs_version()
    facts["Hugo"] = buildspeed.hugo_version()
    facts["gunicorn"] = serving.gunicorn_version()
    facts["wrk"] = machine.version_of(["wrk", "--version"]).split(" Copyright")[0]
    notes = report.kept_notes(args.output)

    def write(finished: bool = False) -> None:
        took = time.perf_counter() - started
        if buildspeed.RETRIES:
            facts["builds run twice (failed once)"] = "; ".join(buildspeed.RETRIES)
        facts["load average (1 / 5 / 15 min)"] = f"at the start {load_at_start}; now {machine.load()}"
        text = document(date, took, facts, sections, notes, finished)
        args.output.write_text(text, encoding="utf-8")

    signal.signal(signal.SIGTERM, stop)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
            work = Path(temporary)
            site = work / "site"
            port = free_port()
            origin = f"http://127.0.0.1:{port}"
            print(f"Building the site for {origin} (full build: HTML, PDF handouts, Pagefind)", flush=True)
            os.environ["SITE_URL"] = origin  # canonical links and the sitemap point where the site is served
            try:
                command = buildspeed.freeze_command(ROOT / "content", site, html_only=False)
                built = buildspeed.timed(command, results / "site-build.log", ROOT)
                facts["real site, full build"] = f"{built.wall:.1f} s wall, {built.cpu:.1f} s CPU"
            except RuntimeError as error:
                failures.append("site build")
                sections[titles[0]] = sections[titles[1]] = f"**The site could not be built:** `{error}`"
            finally:
                os.environ.pop("SITE_URL", None)
            if "site build" not in failures:
                with serve(site, port):
                    sections[titles[0]] = section(
                        "Page weight", lambda: report.page_weight(pageweight.measure(site, origin)), failures
                    )
                    write()
                    paths = lighthouse_paths(args.lighthouse)
                    reports = results / "lighthouse"
                    sections[titles[1]] = (
                        section(
                            "Lighthouse",
                            lambda: report.lighthouse(lighthouse.run_all(origin, paths, reports), facts["Lighthouse"]),
                            failures,
                        )
                        if paths
                        else "_Not run (--lighthouse none)._"
                    )
                    write()
            scale = work / "scale"
            found: list[buildspeed.BuildSpeed] = []

            def compare() -> str:
                found.append(buildspeed.compare(scale, args.per_language, args.runs))
                return report.build_speed(found[0])

            sections[titles[2]] = section("Build speed", compare, failures)
            write()
            sections[titles[3]] = section(
                "Serving", lambda: report.serving(serving.load_guide_page(serving_path())), failures
            )
            write()
            if found and args.full_runs:  # last, as the longest part: WeasyPrint renders every handout

                def full() -> str:
                    found[0].full, found[0].rebuild = buildspeed.full_build(scale, args.full_runs)
                    return report.build_speed(found[0])

                before = sections[titles[2]]
                after = section("Full build", full, failures)
                if failures and failures[-1] == "Full build":  # keep the comparison, add why the full build is missing
                    sections[titles[2]] = before + "\n\n" + after
                else:
                    sections[titles[2]] = before.split("\n\n", 1)[0] + "\n" + after
    except Stopped:
        write()
        print(f"Stopped from outside (SIGTERM); the results so far are in {args.output}", file=sys.stderr)
        return 143
    write(finished=True)
    took = time.perf_counter() - started
    print(f"Wrote {args.output} in {took / 60:.1f} min" + (f"; failed: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


def document(
    date: dt.datetime, took: float, facts: dict[str, str], sections: dict[str, str], notes: str, finished: bool
) -> str:
    """The whole of RESULTS.md."""
    state = "took" if finished else "is still running (or was stopped) after"
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`benchmarks/`), started {date:%Y-%m-%d %H:%M} UTC; the run {state} "
        f"{took // 60:.0f} min {took % 60:.0f} s. `make bench` runs it again and rewrites everything here but the "
        "section written by hand. Raw Lighthouse reports and build logs go to `benchmarks/results/` (not committed).",
        "",
        "## Machine",
        "",
        report.table(["", ""], [[name, value] for name, value in facts.items()]),
        "",
        "A load average above the number of cores means other processes shared the machine during the run: then "
        "wall-clock times exceed CPU times, and Lighthouse's CPU-bound metrics (TBT above all) suffer.",
        "",
        "## What the figures say",
        "",
        report.BY_HAND_START,
        notes,
        report.BY_HAND_END,
        "",
    ]
    for title, body in sections.items():
        lines += [f"## {title}", "", body, ""]
    lines += ["## How it is measured", "", METHOD]
    return "\n".join(lines)


METHOD = """\
- **Site under test**: the real content, built by `freeze.freeze()` unchanged (HTML, PDF handouts, Pagefind) with
  `SITE_URL` set to the address it is served from, and served by `tests/statichost.py` (as in the browser tests): a small stdlib static host
  on 127.0.0.1 that sends gzip (level 6) for text, the headers of the build's `_headers` file (as Netlify or
  Cloudflare Pages would) and `404.html` for missing files. Python's `http.server` alone would send everything
  uncompressed, and Lighthouse would then rightly ask for text compression.
- **Page weight**: every page of the sitemap in Debian's Chromium driven by Playwright (a fresh context, so an
  empty cache, per page), recording every finished request until the network is idle; each body is gzipped at
  level 9. "HTML + CSS" is the page's HTML plus the stylesheets in `<head>` without `media="print"` (as
  `tests/test_budgets.py`, which enforces the budgets in `make test`).
- **Lighthouse**: pinned in `package.json` (devDependency), run through its Node API by
  `benchmarks/lighthouse_runs.mjs` in one Node process against one Chromium (`/usr/bin/chromium --headless=new
  --no-sandbox --disable-gpu`, plus the flags that keep it off the network), which Lighthouse reaches by its
  DevTools port as `lighthouse --port` does; it resets storage and cache before every run. Mobile is
  Lighthouse's default config, desktop its desktop preset.
- **Build speed**: `benchmarks/corpus.py` copies `content/` (with `contacts.toml`) and adds generated guides in
  every language, their text drawn from the real sentences of that language. Each build runs in its own process
  from scratch: `python -m benchmarks.freezing` (our freeze; HTML only replaces WeasyPrint's rendering by a
  placeholder PDF and skips Pagefind, and still renders every handout's HTML, since each guide page shows its
  PDF's size), `python -m pagefind` over that output, `mkdocs build` (default theme, search plugin, nav of the
  four start pages; the `///` directives become admonitions through `pymdownx.blocks.admonition`, widgets and
  contacts stay empty boxes, and `page:` links are left as they are) in `benchmarks/.venv-mkdocs`, and `hugo`
  (a three-template layout; Goldmark prints the `///` lines as text). The full build is `freeze.freeze()`
  unchanged on the same content.
- **Serving**: the Flask app under gunicorn (sync workers, one per core) on 127.0.0.1, warmed up (each worker
  renders the page's PDF handout on its first request), then `wrk --latency` with one thread and 8 connections
  for 10 s, stopped after at most 200,000 answers. wrk and the server share the two cores. The app is not how
  the portal is meant to be hosted (the static build is); this is the preview and fallback path.
- Profile the freeze yourself: `.venv/bin/python -m cProfile -s cumulative -m benchmarks.freezing CONTENT DEST
  --html-only`.
"""


if __name__ == "__main__":
    sys.exit(main())
