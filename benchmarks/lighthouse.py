"""Lighthouse on the built site, mobile and desktop presets: the four category scores, the core metrics, lost points."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .browser import CHROMIUM, debugging_chromium

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).resolve().parent / "lighthouse_runs.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
PRESETS = ("mobile", "desktop")
LOCAL_ORIGIN = re.compile(r"http://127\.0\.0\.1:\d+")


@dataclass
class Run:
    """One Lighthouse run of one page with one preset."""

    path: str
    preset: str
    scores: dict[str, int | None] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    lost: list[tuple[str, str]] = field(default_factory=list)  # ('category: audit title', 'value: culprits')
    error: str | None = None


def lighthouse_version() -> str:
    """The installed Lighthouse version (pinned in package-lock.json)."""
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "not installed"


def culprits(audit: dict[str, Any], limit: int = 3) -> str:
    """The first few items an audit names (a link's text and address, an element, a URL), for the report."""
    named = []
    for item in (audit.get("details") or {}).get("items", [])[:limit]:
        if not isinstance(item, dict):
            continue
        if "text" in item and "href" in item:
            named.append(f"“{item['text']}” → {item['href']}")
        elif isinstance(item.get("node"), dict) and item["node"].get("snippet"):
            named.append(item["node"]["snippet"][:80])
        elif item.get("url"):
            named.append(str(item["url"]))
    return "; ".join(named)


def lost_points(report: dict[str, Any]) -> list[tuple[str, str]]:
    """Every weighted audit that scored below 1: ('category: title', 'value: what it names')."""
    lost = []
    for category in report.get("categories", {}).values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                detail = ": ".join(part for part in (audit.get("displayValue", ""), culprits(audit)) if part)
                lost.append((f"{category['id']}: {audit['title']}", LOCAL_ORIGIN.sub("", detail)))
    return lost


def parse(report: dict[str, Any], path: str, preset: str) -> Run:
    """The figures of one Lighthouse JSON report."""
    run = Run(path, preset)
    if report.get("runtimeError"):
        run.error = report["runtimeError"].get("message", "runtime error")
    for name in CATEGORIES:
        score = report.get("categories", {}).get(name, {}).get("score")
        run.scores[name] = None if score is None else round(score * 100)
    for audit, short in METRICS.items():
        value = report.get("audits", {}).get(audit, {}).get("numericValue")
        if value is not None:
            run.metrics[short] = value
    run.lost = lost_points(report)
    return run


def run_all(origin: str, paths: list[str], reports: Path) -> list[Run]:
    """Run Lighthouse on every path with each preset, one Node process and one Chromium for all runs."""
    reports.mkdir(parents=True, exist_ok=True)
    jobs = [
        {"url": origin + path, "preset": preset, "out": str(reports / f"{preset}{path.replace('/', '_')}json")}
        for preset in PRESETS
        for path in paths
    ]
    (reports / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    with debugging_chromium() as port:
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(["node", str(RUNNER), str(reports / "jobs.json"), str(port)], cwd=ROOT, env=env, check=True)
    runs = []
    for job in jobs:
        out = Path(job["out"])
        report = (
            json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"runtimeError": {"message": "no report"}}
        )
        runs.append(parse(report, job["url"].removeprefix(origin), job["preset"]))
    return runs
