"""Every UI string is translated in all four catalogs, and the catalogs match the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guide.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "guide" / "translations"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The msgids in the code and templates today."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot), "."]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        return {str(m.id) for m in read_po(file) if m.id}


@pytest.mark.parametrize("locale", [lang.locale for lang in LANGUAGES.values()])
def test_catalog_is_complete(locale: str, extracted: set[str]) -> None:
    """No message is missing, empty or fuzzy: an untranslated one would show up in English."""
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file, locale=locale)
    translated = {str(m.id): m for m in catalog if m.id}
    assert sorted(extracted - set(translated)) == [], "run 'make messages' and translate the new strings"
    assert [i for i, m in translated.items() if not m.string] == []
    assert [i for i, m in translated.items() if m.fuzzy] == []
    for msgid, message in translated.items():
        assert re.findall(r"%\(\w+\)\w", msgid) == re.findall(r"%\(\w+\)\w", str(message.string)), msgid


def test_compiled_catalogs_exist() -> None:
    """The set-up compiled every catalog (make catalogs)."""
    for lang in LANGUAGES.values():
        assert (CATALOGS / lang.locale / "LC_MESSAGES" / "messages.mo").exists()
