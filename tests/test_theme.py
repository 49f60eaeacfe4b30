"""Colours live in custom properties only, so a site file's [theme] reaches every stylesheet, PDFs included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.theme import DEFAULTS, theme_css

STATIC = Path(__file__).resolve().parent.parent / "static" / "css"
SHEETS = sorted(STATIC.rglob("*.css"))
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")
DECLARATION = re.compile(r"--[a-z-]+\s*:\s*[^;]+;")


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.relative_to(STATIC).as_posix())
def test_no_colour_is_written_outside_a_custom_property(sheet: Path) -> None:
    found = []
    for number, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), start=1):
        rest = DECLARATION.sub("", re.sub(r"/\*.*?\*/", "", line))
        if COLOUR.search(rest):
            found.append(f"{sheet.name}:{number}: {line.strip()}")
    assert found == []


def test_site_css_declares_the_engines_colours() -> None:
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    for name, value in DEFAULTS["light"].items():
        assert re.search(rf"--{name}:\s*{value}\b", css, re.I) or (value == "#ffffff" and f"--{name}: #fff;" in css), (
            name
        )


def test_a_light_colour_does_not_reach_the_dark_scheme() -> None:
    css = theme_css({"light": {"accent": "#00594f"}})
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert "--accent: #00594f;" in light
    assert f"--accent: {DEFAULTS['dark']['accent']};" in dark
