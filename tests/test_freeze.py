"""freeze() into a folder that holds an older build: every page is written anew, and what is gone is removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rcssmin

import freeze
from guide import pdf
from tests.pages import static_path


def test_freezing_over_an_old_build_replaces_its_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "render_all", lambda jobs, workers=2: {job.key: b"%PDF-1.7\n%%EOF\n" for job in jobs})
    monkeypatch.setattr(freeze, "build_index", lambda destination, languages=(): {})
    stale = tmp_path / "de" / "videotermin" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>an old build</p>", encoding="utf-8")
    old_css = tmp_path / "static" / "css" / "site.css"
    old_css.parent.mkdir(parents=True)
    old_css.write_text("/* an old stylesheet */", encoding="utf-8")
    (tmp_path / "robots.txt").write_text("Disallow: /", encoding="utf-8")
    (tmp_path / "de" / "removed-page").mkdir()
    (tmp_path / "de" / "removed-page" / "index.html").write_text("<p>gone</p>", encoding="utf-8")

    freeze.freeze(tmp_path)

    assert "an old build" not in stale.read_text(encoding="utf-8")
    assert "<h1" in stale.read_text(encoding="utf-8")
    assert not old_css.exists(), "an unfingerprinted stylesheet stayed"
    new_css = tmp_path / static_path("css/site.css").lstrip("/")
    source = (Path(freeze.ROOT) / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert new_css.read_text(encoding="utf-8") == rcssmin.cssmin(source)  # the new one, minified
    assert "Allow: /" in (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert not (tmp_path / "de" / "removed-page").exists()


# Run in a process of its own: the test session has threads (the site server), and the build forks.
TWO_BUILDS = """
import os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
import freeze
from guide import parallel, pdf, qr
pdf.render_all = lambda jobs, workers=2: {{job.key: b"%PDF-1.7\\n%%EOF\\n" for job in jobs}}
freeze.build_index = lambda destination, languages=(): {{}}
parallel.MIN_ITEMS = 2  # the real site is small: fork anyway
for workers in ("1", "2"):
    os.environ["BUILD_WORKERS"] = workers
    qr._svgs.clear()  # each build encodes its QR codes itself
    freeze.freeze(Path({tmp!r}) / workers)
"""


def files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by its relative path."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_build_on_two_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    """Markdown, QR codes and pages rendered in forked workers give the very same site, byte for byte."""
    script = TWO_BUILDS.format(root=str(freeze.ROOT), tmp=str(tmp_path))
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "SITE_URL": "https://hilfe.test"})
    one, two = files(tmp_path / "1"), files(tmp_path / "2")
    assert len(one) > 60  # 40 pages, 12 handouts, the static files
    assert one == two


def test_parallel_map_keeps_the_order_and_runs_closures() -> None:
    from guide.parallel import parallel_map

    offset = 7  # a closure: nothing is pickled but the results
    assert parallel_map(lambda n: n * n + offset, list(range(500)), processes=2) == [n * n + 7 for n in range(500)]


def test_header_files_give_webassembly_to_the_search_worker_alone(built_site: Path) -> None:
    from guide.security import path_headers
    from tests.pages import sitemap_paths
    from tests.statichost import site_headers

    listed = site_headers(built_site)
    rules = dict(listed)
    assert len(rules) == len(listed), "a path has two rules"
    assert "Content-Security-Policy" not in rules["/*"], "a second policy for every path would block the search"
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    pages = [*sitemap_paths(), "/404.html", "/de/videotermin/index.html", "/de/videotermin.pdf", "/de/nope/"]
    for path in pages:
        policy = path_headers(listed, path)["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, path
    worker = "/pagefind/pagefind-worker.js"
    assert (built_site / worker.lstrip("/")).is_file(), "Pagefind's worker moved: its policy would miss it"
    assert (
        path_headers(listed, worker)["Content-Security-Policy"]
        == "default-src 'none'; script-src 'wasm-unsafe-eval'; connect-src 'self'"
    )
    assert [path for path, headers in rules.items() if "'wasm-unsafe-eval'" in str(headers)] == [worker]
    apache = (built_site / ".htaccess").read_text(encoding="utf-8")
    assert f"<If \"%{{REQUEST_URI}} == '{worker}'\">" in apache
    assert apache.count("'wasm-unsafe-eval'") == 1
