"""Widgets are rendered once per build for each key: each template may read only the page facts it declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.widgets import CONTENT_WIDGETS, PAGE_FACTS

TEMPLATES = Path(__file__).resolve().parent.parent / "guide" / "templates" / "widgets"
PAGE_READ = re.compile(r"\bpage(?:\.(\w+)|\[['\"](\w+)['\"]\])")
INCLUDED = re.compile(r"""\{%-?\s*(?:import|include|from)\s+["']widgets/([\w-]+)\.html["']""")


def facts_read(name: str, seen: set[str] | None = None) -> set[str]:
    """Every page attribute a widget template reads, through the templates it imports or includes."""
    seen = seen if seen is not None else set()
    seen.add(name)
    text = (TEMPLATES / f"{name}.html").read_text(encoding="utf-8")
    found = {a or b for a, b in PAGE_READ.findall(text)}
    for other in INCLUDED.findall(text):
        if other not in seen:
            found |= facts_read(other, seen)
    return found


def test_every_widget_declares_its_page_facts() -> None:
    assert CONTENT_WIDGETS | {"contact"} == set(PAGE_FACTS)


@pytest.mark.parametrize("name", sorted(PAGE_FACTS))
def test_widget_reads_only_declared_page_facts(name: str) -> None:
    undeclared = facts_read(name) - {"lang"} - set(PAGE_FACTS[name])
    assert not undeclared, f"widgets/{name}.html reads page.{undeclared}: add it to PAGE_FACTS in guide/widgets.py"


def test_the_check_sees_a_fact_read_through_an_import() -> None:
    assert "lang" in facts_read("demo-secure-message")
    assert "steps" in facts_read("demo-video-consent")
