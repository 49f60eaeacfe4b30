"""The build cache: a rebuild after an edit renders only what the edit touches, and gives a build from scratch's bytes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import freeze
from tests.builds import SITES
from tests.test_freeze import files

SUMMARY = re.compile(
    r"Rendered (\d+) of (\d+) content pages, made (\d+) of (\d+) PDFs and encoded (\d+) of (\d+) QR codes"
)


def build(site: Path, out: Path, cache: Path | None) -> tuple[int, ...]:
    """Build `site` with the README's command into `out`; return the counts of its summary line."""
    env = {**os.environ, "SITE_URL": "https://hilfe.test", "BUILD_CACHE": str(cache) if cache else ""}
    command = [sys.executable, str(freeze.ROOT / "freeze.py"), "--site", str(site), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    found = SUMMARY.search(result.stdout)
    assert found, result.stdout
    return tuple(int(n) for n in found.groups())


def differences(one: Path, other: Path) -> list[str]:
    """The relative paths whose bytes differ between two builds, or that only one has."""
    a, b = files(one), files(other)
    return sorted(path for path in set(a) | set(b) if a.get(path) != b.get(path))


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture site with Leichte Sprache and two guides' PDFs, which the tests edit."""
    folder = tmp_path_factory.mktemp("cached") / "site"
    shutil.copytree(SITES["musterstadt"], folder, ignore=shutil.ignore_patterns(".cache", "build*"))
    return folder


def test_a_rebuild_after_editing_one_guide_renders_that_guide_alone_and_matches_a_build_from_scratch(
    site_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = build(site_copy, tmp_path / "first", cache)
    assert (first[0], first[2], first[4]) == (first[1], first[3], first[5]), "an empty cache renders everything"
    assert build(site_copy, tmp_path / "again", cache)[::2] == (0, 0, 0), "an unchanged site renders nothing"
    assert not differences(tmp_path / "first", tmp_path / "again")

    guide = site_copy / "content" / "de" / "videotermin.md"
    text = guide.read_text(encoding="utf-8")
    edited = text.replace("Klicken Sie auf den Link.\n", "Klicken Sie auf den Link.\nKlicken Sie auf den Link.\n")
    assert edited != text
    guide.write_text(edited, encoding="utf-8")

    rebuilt = build(site_copy, tmp_path / "rebuilt", cache)
    # The page and its handout are made again; the quick card shows the steps' titles alone, so its HTML is the
    # same and its PDF comes from the cache of handouts; no QR code is encoded.
    assert rebuilt[::2] == (1, 1, 0)
    scratch = build(site_copy, tmp_path / "scratch", None)
    assert scratch[::2] == scratch[1::2]
    assert not differences(tmp_path / "rebuilt", tmp_path / "scratch")
    changed = differences(tmp_path / "first", tmp_path / "rebuilt")
    assert "de/videotermin/index.html" in changed and "de/videotermin.pdf" in changed
    assert not any(path.startswith("de-leicht/") and path.endswith(".html") for path in changed)


def test_a_new_word_on_one_page_renders_the_pages_whose_compounds_it_splits(site_copy: Path, tmp_path: Path) -> None:
    """The search marks the parts of compounds by the words of every page: a cached page must follow them."""
    cache = tmp_path / "cache"
    build(site_copy, tmp_path / "first", cache)
    video = (tmp_path / "first" / "de" / "videotermin" / "index.html").read_text(encoding="utf-8")
    assert "Einladung" in video and "_ladung" not in video  # no page says "Ladung": "Einladung" stays whole

    help_page = site_copy / "content" / "de" / "hilfe.md"
    help_page.write_text(
        help_page.read_text(encoding="utf-8") + "\nLaden Sie vorher den Akku. Die Ladung reicht dann.\n"
    )
    rebuilt = build(site_copy, tmp_path / "rebuilt", cache)
    build(site_copy, tmp_path / "scratch", None)

    assert not differences(tmp_path / "rebuilt", tmp_path / "scratch")
    after = (tmp_path / "rebuilt" / "de" / "videotermin" / "index.html").read_text(encoding="utf-8")
    assert "_ladung" in after, "the video guide, whose 'Einladung' now splits, was not rendered again"
    assert 2 <= rebuilt[0] < rebuilt[1]
