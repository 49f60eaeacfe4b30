"""Build speed at scale: our freeze (HTML alone, with Pagefind, and the full build) against MkDocs and Hugo."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import comparison_sites, corpus

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(__file__).resolve().parent / ".venv-mkdocs" / "bin" / "mkdocs"
RETRIES: list[str] = []  # builds that failed once and were run again


@dataclass
class Timing:
    """Wall-clock and CPU seconds (user + system, the process and everything it waited for) of one command."""

    wall: float
    cpu: float


@dataclass
class Series:
    """Several runs of one build."""

    name: str
    timings: list[Timing] = field(default_factory=list)

    @property
    def wall(self) -> float:
        """Median wall-clock seconds."""
        return statistics.median(t.wall for t in self.timings)

    @property
    def cpu(self) -> float:
        """Median CPU seconds."""
        return statistics.median(t.cpu for t in self.timings)


@dataclass
class BuildSpeed:
    """Everything the build comparison found."""

    pages: int
    generated: int
    html_pages: int
    handouts: int  # guide pages, each with a PDF handout
    series: list[Series]
    full: Series | None
    rebuild: Series | None
    left_out: list[str]
    notes: list[str] = field(default_factory=list)
    edited: Series | None = None  # the HTML rebuild with the cache after one guide in one language was edited
    identical: list[bool] = field(default_factory=list)  # each such rebuild against a build from scratch

    def get(self, name: str) -> Series:
        """The series called `name`."""
        return next(s for s in self.series if s.name == name)


def children_cpu() -> float:
    """CPU seconds of all finished and waited-for child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], log: Path, cwd: Path | None = None, attempts: int = 2) -> Timing:
    """Run `command` to the end, its output into `log`, and time it; a failed run is tried once more.

    The second try is for a shared machine, where another user's `pkill` can end a worker mid-build; a build that
    fails twice stops the benchmark with the tail of its log. Every retry is noted in RETRIES for the results.
    """
    for attempt in range(1, attempts + 1):
        cpu, started = children_cpu(), time.perf_counter()
        with log.open("w", encoding="utf-8") as out:
            result = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False)
        timing = Timing(time.perf_counter() - started, children_cpu() - cpu)
        if result.returncode == 0:
            return timing
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        if attempt < attempts:
            RETRIES.append(f"{Path(command[0]).name} {' '.join(command[1:3])} (exit {result.returncode})")
            print(f"  failed (exit {result.returncode}), trying once more: {tail.splitlines()[-1:]}", flush=True)
    raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{tail}")


def fresh(folder: Path) -> Path:
    """`folder`, removed if it was there (outside any timing)."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def hugo_version() -> str:
    """The installed Hugo version."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return "not installed"
    result = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return result.stdout.split("+")[0].replace("hugo v", "Hugo ").strip()


def mkdocs_version() -> str:
    """The MkDocs version in benchmarks/.venv-mkdocs."""
    if not MKDOCS.exists():
        return "not installed"
    result = subprocess.run([str(MKDOCS), "--version"], capture_output=True, text=True, check=False)
    return result.stdout.split(" from")[0].replace("mkdocs, version", "MkDocs")


def freeze_command(content: Path, destination: Path, html_only: bool, cache: Path | None = None) -> list[str]:
    """The command that freezes the portal once on `content` (benchmarks/freezing.py)."""
    command = [sys.executable, "-m", "benchmarks.freezing", str(content), str(destination)]
    return command + (["--html-only"] if html_only else []) + (["--cache", str(cache)] if cache else [])


EDITED = Path("de") / "anleitung-007.md"  # the guide each timed rebuild follows an edit of


def edit_one_guide(content: Path, run: int) -> None:
    """An author's edit: a new sentence in the body of one generated guide, in one language."""
    guide = content / EDITED
    text = guide.read_text(encoding="utf-8")
    first_step = text.index("\n/// step")
    sentence = f"\nDiesen Satz hat eine Autorin beim {run + 1}. Lesen ergänzt.\n"
    guide.write_text(text[:first_step] + sentence + text[first_step:], encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by its relative path."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def compare(work: Path, per_language: int, runs: int) -> BuildSpeed:
    """Generate the content, then build it `runs` times with each tool, interleaved.

    Each run first edits one guide and rebuilds with the cache of the build before (ours), then builds the same
    content from scratch, whose files the rebuild must match byte for byte; then Pagefind, MkDocs and Hugo.
    """
    content = work / "content"
    pages = corpus.generate(content, per_language)
    mkdocs_yml = comparison_sites.mkdocs_project(content, work / "mkdocs")
    hugo_dir = comparison_sites.hugo_site(content, work / "hugo")
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    ours, search = Series("our freeze, HTML only"), Series("Pagefind over that HTML")
    edited = Series("our rebuild after editing one guide, HTML only")
    mkdocs, hugo = Series(mkdocs_version()), Series(hugo_version())
    out = work / "out"
    cache = fresh(work / "html-cache")
    print("  warming the build cache (one build, not timed)", flush=True)
    timed(freeze_command(content, fresh(out / "rebuilt"), True, cache), logs / "warm.log", ROOT)
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(out / "ours"), "--output-subdir", "pagefind", "--quiet"]
    identical = []
    for run in range(runs):
        print(f"  run {run + 1}/{runs}: an edit and our rebuild, our freeze, Pagefind, MkDocs, Hugo", flush=True)
        edit_one_guide(content, run)
        command = freeze_command(content, fresh(out / "rebuilt"), True, cache)
        edited.timings.append(timed(command, logs / "rebuilt.log", ROOT))
        ours.timings.append(timed(freeze_command(content, fresh(out / "ours"), True), logs / "ours.log", ROOT))
        identical.append(files(out / "rebuilt") == files(out / "ours"))
        search.timings.append(timed(pagefind, logs / "pagefind.log", ROOT))
        command = [str(MKDOCS), "build", "--quiet", "--config-file", str(mkdocs_yml)]
        mkdocs.timings.append(timed([*command, "--site-dir", str(fresh(out / "mkdocs"))], logs / "mkdocs.log"))
        command = ["hugo", "--quiet", "--source", str(hugo_dir), "--destination", str(fresh(out / "hugo"))]
        hugo.timings.append(timed(command, logs / "hugo.log", hugo_dir))
    html_pages = sum(1 for _ in (out / "ours").rglob("index.html"))
    handouts = sum(1 for _ in (out / "ours").rglob("*.pdf"))
    log = (logs / "ours.log").read_text(encoding="utf-8").strip().splitlines()
    left_out = json.loads(log[-1])["left_out"] if log else []
    made = json.loads((logs / "rebuilt.log").read_text(encoding="utf-8").strip().splitlines()[-1])["made"]
    notes = [
        f"Hugo and our freeze use all {os.cpu_count()} cores (ours: Markdown, QR codes and pages in forked processes, "
        "the PDF handouts two at a time); MkDocs uses one.",
        f"Each rebuild after an edit rendered {made['pages rendered']} of {made['pages']} content pages, made "
        f"{made['PDFs made again']} of {made['PDFs']} PDFs and encoded {made['QR codes encoded']} of "
        f"{made['QR codes']} QR codes; the rest came from `.cache/` (its last run).",
    ]
    return BuildSpeed(
        pages,
        4 * per_language,
        html_pages,
        handouts,
        [ours, search, mkdocs, hugo],
        None,
        None,
        left_out,
        notes,
        edited,
        identical,
    )


def full_build(work: Path, runs: int) -> tuple[Series, Series]:
    """The full build (freeze.freeze() unchanged) from scratch, then again with the handout cache it left."""
    full = Series("our full build: HTML, PDF handouts, Pagefind")
    rebuild = Series("our full rebuild, handouts from the cache")
    for run in range(runs):
        cache = fresh(work / "cache")
        print(f"  full build {run + 1}/{runs}: from scratch, then again with its handout cache", flush=True)
        command = freeze_command(work / "content", fresh(work / "out" / "full"), False, cache)
        full.timings.append(timed(command, work / "logs" / "full.log", ROOT))
        command = freeze_command(work / "content", fresh(work / "out" / "full"), False, cache)
        rebuild.timings.append(timed(command, work / "logs" / "rebuild.log", ROOT))
    return full, rebuild
