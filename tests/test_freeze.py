"""freeze() into a folder that holds an older build: every page is written anew, and what is gone is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

import freeze
from guide import pdf


def test_freezing_over_an_old_build_replaces_its_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "render_all", lambda jobs, workers=2: {job.key: b"%PDF-1.7\n%%EOF\n" for job in jobs})
    monkeypatch.setattr(freeze, "build_index", lambda destination: {})
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
    assert old_css.read_bytes() == (Path(freeze.ROOT) / "static" / "css" / "site.css").read_bytes()
    assert "Allow: /" in (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert not (tmp_path / "de" / "removed-page").exists()
