"""The Markdown of benchmarks/RESULTS.md: tables for each benchmark, and the hand-written notes kept between runs."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from pathlib import Path

from .buildspeed import BuildSpeed, Series
from .lighthouse import CATEGORIES, METRICS, Run
from .pageweight import CRITICAL_BUDGET, LOADED_BUDGET, Weight
from .serving import Load

BY_HAND_START = "<!-- by hand: start (kept by the script between runs) -->"
BY_HAND_END = "<!-- by hand: end -->"
BY_HAND_EMPTY = "_Not written yet: read the tables of this run, then say here what they mean._"


def kb(size: float) -> str:
    """Bytes as KB (1 KB = 1024 bytes) with one decimal."""
    return f"{size / 1024:.1f}"


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    """A Markdown table; columns whose index is in `right` are right-aligned."""
    right = right or set()
    rule = ["---:" if index in right else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def page_weight(weights: list[Weight]) -> str:
    """The page-weight table and its summary."""
    rows = [
        [
            f"`{w.path}`",
            w.kind,
            kb(w.html),
            kb(w.blocking_css),
            kb(w.critical) + (" **over**" if w.critical > CRITICAL_BUDGET else ""),
            kb(w.loaded) + (" **over**" if w.loaded > LOADED_BUDGET else ""),
            str(w.requests),
        ]
        for w in weights
    ]
    guides = [w for w in weights if w.kind == "guide"]
    over = [w for w in weights if w.over]
    lines = [
        f"{len(weights)} pages of the sitemap, {len(guides)} of them guides. Sizes in KB (1,024 bytes) after gzip -9.",
        f"Budgets (DESIGN.md, for guide pages): HTML + render-blocking CSS ≤ {kb(CRITICAL_BUDGET)} KB, "
        f"everything before any interaction ≤ {kb(LOADED_BUDGET)} KB. **over** marks a page above one.",
        "",
    ]
    if guides:
        heaviest = max(guides, key=lambda w: w.critical)
        most = max(guides, key=lambda w: w.loaded)
        lines += [
            f"- Guide pages, HTML + CSS: median {kb(statistics.median(w.critical for w in guides))} KB, "
            f"largest {kb(heaviest.critical)} KB (`{heaviest.path}`).",
            f"- Guide pages, before interaction: median {kb(statistics.median(w.loaded for w in guides))} KB, "
            f"largest {kb(most.loaded)} KB (`{most.path}`).",
        ]
    lines.append(
        "- Over a budget: "
        + (", ".join(f"`{w.path}` ({w.kind}, {' and '.join(w.over)})" for w in over) if over else "none")
        + "."
    )
    headers = ["page", "kind", "HTML", "blocking CSS", "HTML + CSS", "before interaction", "requests"]
    return "\n".join([*lines, "", table(headers, rows, {2, 3, 4, 5, 6})])


def metric(name: str, value: float | None) -> str:
    """A Lighthouse metric as shown: seconds for paints, ms for TBT, plain for CLS."""
    if value is None:
        return "–"
    if name == "CLS":
        return f"{value:.3f}"
    if name == "TBT":
        return f"{value:.0f} ms"
    return f"{value / 1000:.2f} s"


def lighthouse(runs: list[Run], version: str) -> str:
    """The Lighthouse table, the medians per preset, and every reason a point was lost."""
    short = {"performance": "Perf.", "accessibility": "A11y", "best-practices": "Best pr.", "seo": "SEO"}
    headers = ["page", "preset", *(short[c] for c in CATEGORIES), *METRICS.values()]
    rows = []
    for run in runs:
        scores = [("–" if run.scores.get(c) is None else str(run.scores[c])) for c in CATEGORIES]
        rows.append([f"`{run.path}`", run.preset, *scores, *(metric(m, run.metrics.get(m)) for m in METRICS.values())])
    summary = []
    for preset in sorted({r.preset for r in runs}, key=["mobile", "desktop"].index):
        mine = [r for r in runs if r.preset == preset and not r.error]
        if not mine:
            continue
        parts = []
        for category in CATEGORIES:
            values = [r.scores[category] for r in mine if r.scores.get(category) is not None]
            perfect = sum(1 for v in values if v == 100)
            parts.append(f"{short[category]} min {min(values)} ({perfect}/{len(values)} at 100)" if values else "")
        summary.append(f"- {preset}: " + ", ".join(p for p in parts if p) + ".")
    reasons: dict[str, list[str]] = defaultdict(list)
    for run in runs:
        for reason, detail in run.lost:
            reasons[reason].append(f"`{run.path}` {run.preset}" + (f" ({detail})" if detail else ""))
        if run.error:
            reasons[f"no result: {run.error}"].append(f"`{run.path}` {run.preset}")
    lost = [f"- **{reason}** — {len(where)} run(s): {'; '.join(where)}" for reason, where in sorted(reasons.items())]
    lines = [
        f"Lighthouse {version}, {len(runs)} runs; target 100 in all four categories. Metrics: FCP, LCP, TBT, CLS and "
        "Speed Index (SI), with Lighthouse's simulated throttling (mobile: slow 4G and a 4× slower CPU; desktop: "
        "its desktop preset).",
        "",
        *summary,
        "",
        "Why points were lost: every weighted audit that scored below 1 (a metric just below 1 can still leave the "
        "category at 100 after rounding):",
        "",
        *(lost or ["- nothing: every run scored 100 in every category."]),
        "",
        table(headers, rows, set(range(2, len(headers)))),
    ]
    return "\n".join(lines)


def series_row(series: Series, mkdocs: Series, hugo: Series, pages: int) -> list[str]:
    """One row of the build table, with its ratios against MkDocs and Hugo of the same run."""
    runs = ", ".join(f"{t.wall:.2f}" for t in series.timings)
    per_page = series.wall / pages * 1000
    return [
        series.name,
        runs,
        f"{series.wall:.2f}",
        f"{series.cpu:.2f}",
        f"{per_page:.1f}",
        f"{series.wall / mkdocs.wall:.2f}×",
        f"{series.wall / hugo.wall:.1f}×",
    ]


# Issue 19's targets, measured in the same run: wall-clock seconds, or a ratio to MkDocs' wall-clock time.
SCRATCH_TARGET = 0.6  # the HTML freeze from scratch, times MkDocs
REBUILD_TARGET = 1.0  # seconds, the HTML rebuild after an edit of one guide in one language
FULL_TARGET = 60.0  # seconds, the full build with every PDF handout, from scratch


def held(ok: bool) -> str:
    """A target's state in the summary."""
    return "holds" if ok else "does not hold"


def build_targets(result: BuildSpeed) -> list[str]:
    """The compact summary: which of the build targets hold in this run."""
    ours = result.get("our freeze, HTML only")
    mkdocs = next(s for s in result.series if s.name.startswith("MkDocs"))
    ratio = ours.wall / mkdocs.wall
    lines = [
        f"- **From scratch, at most {SCRATCH_TARGET}× MkDocs: {held(ratio <= SCRATCH_TARGET)}.** Our HTML freeze took "
        f"{ratio:.2f}× MkDocs' wall-clock time ({ours.wall:.2f} s against {mkdocs.wall:.2f} s; CPU {ours.cpu:.2f} s "
        f"against {mkdocs.cpu:.2f} s)."
    ]
    if result.edited:
        same = all(result.identical) and bool(result.identical)
        lines.append(
            f"- **Rebuild after editing one guide, at most {REBUILD_TARGET:.0f} s: "
            f"{held(result.edited.wall <= REBUILD_TARGET)}.** Median {result.edited.wall:.2f} s wall, "
            f"{result.edited.cpu:.2f} s CPU ({result.edited.wall / mkdocs.wall:.2f}× MkDocs from scratch). Its files "
            + (
                f"were byte-identical to a build from scratch of the same content in all {len(result.identical)} runs."
                if same
                else f"differed from a build from scratch in {result.identical.count(False)} of "
                f"{len(result.identical)} runs."
            )
        )
    if result.full:
        lines.append(
            f"- **Full build with every PDF, at most {FULL_TARGET:.0f} s: {held(result.full.wall <= FULL_TARGET)}.** "
            f"{result.full.wall:.1f} s wall, {result.full.cpu:.1f} s CPU, from scratch."
        )
    return lines


def build_speed(result: BuildSpeed) -> str:
    """The build table: medians, ratios to MkDocs and Hugo, and which targets hold."""
    ours = result.get("our freeze, HTML only")
    mkdocs = next(s for s in result.series if s.name.startswith("MkDocs"))
    hugo = next(s for s in result.series if s.name.startswith("Hugo"))
    search = result.get("Pagefind over that HTML")
    rows = [series_row(s, mkdocs, hugo, result.pages) for s in (ours, mkdocs, hugo)]
    if result.edited:
        rows.insert(1, series_row(result.edited, mkdocs, hugo, result.pages))
    both = ours.wall + search.wall
    rows.append(
        [
            "our freeze, HTML + Pagefind (sum of the two medians)",
            "",
            f"{both:.2f}",
            f"{ours.cpu + search.cpu:.2f}",
            "",
            f"{both / mkdocs.wall:.2f}×",
            f"{both / hugo.wall:.1f}×",
        ]
    )
    for series in (result.full, result.rebuild):
        if series:
            rows.append(series_row(series, mkdocs, hugo, result.pages))
    headers = ["build", "runs (wall s)", "median wall s", "median CPU s", "ms per page", "vs. MkDocs", "vs. Hugo"]
    lines = [
        f"{result.pages} Markdown pages: the real site plus {result.generated} generated guides "
        f"({result.generated // 4} per language, same ids in de, de-leicht, da and en, with steps, a tip, a warning, "
        "the device-check widget and the ba-video-support contact); "
        f"our freeze wrote {result.html_pages} HTML pages (the language chooser too). "
        f"Each tool built from scratch {len(ours.timings)} times, interleaved; wall-clock and CPU seconds "
        "(user + system, the process and its children). The ratios divide wall-clock medians of this run.",
        "",
        *build_targets(result),
        *full_build_lines(result, ours, search),
        f"- HTML only means: {'; '.join(result.left_out) or 'nothing was left out'} left out (benchmarks/freezing.py).",
        *(f"- {note}" for note in result.notes),
        "",
        table(headers, rows, {2, 3, 4, 5, 6}),
    ]
    return "\n".join(lines)


def full_build_lines(result: BuildSpeed, ours: Series, search: Series) -> list[str]:
    """What the full build adds to the HTML-only freeze: mostly WeasyPrint."""
    if result.full is None:
        return ["- The full build (with the PDF handouts) was not measured in this run."]
    full = result.full
    rest = full.wall - ours.wall - search.wall
    return [
        f"- The full build (`freeze.freeze()` unchanged: HTML, a PDF handout per guide, Pagefind) took "
        f"{full.wall:.1f} s wall and {full.cpu:.1f} s CPU, {full.wall / ours.wall:.1f}× the HTML-only freeze; "
        f"about {rest:.0f} s of it are WeasyPrint typesetting the {result.handouts} PDFs, handouts and quick cards "
        f"(the HTML and Pagefind medians taken away): {rest / max(result.handouts, 1) * 1000:.0f} ms wall per PDF, two at a time.",
        *(
            [
                f"- The rebuild with nothing changed, which links every page and PDF from the cache the first build "
                f"left (`.cache/`, guide/buildcache.py) and runs Pagefind again, took {result.rebuild.wall:.1f} s wall and "
                f"{result.rebuild.cpu:.1f} s CPU: {full.wall / result.rebuild.wall:.0f}× faster than from scratch."
            ]
            if result.rebuild
            else []
        ),
    ]


def serving(load: Load) -> str:
    """The serving figures."""
    rows = [
        [
            f"`{load.path}`",
            load.server,
            f"{load.requests:,}",
            f"{load.seconds:.1f}",
            f"{load.per_second:,.0f}",
            f"{load.p50_ms:.1f}",
            f"{load.p99_ms:.1f}",
            load.errors,
        ]
    ]
    headers = ["page", "server", "requests", "seconds", "requests/s", "p50 ms", "p99 ms", "errors"]
    return table(headers, rows, {2, 3, 4, 5, 6})


def kept_notes(previous: Path) -> str:
    """The hand-written section of the previous RESULTS.md, or a placeholder."""
    if previous.exists():
        text = previous.read_text(encoding="utf-8")
        found = re.search(re.escape(BY_HAND_START) + r"\n(.*?)\n" + re.escape(BY_HAND_END), text, re.DOTALL)
        if found and found[1].strip():
            return found[1].strip()
    return BY_HAND_EMPTY
