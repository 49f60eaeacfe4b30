"""The content pipeline: parsing, directives, rendering, and errors as path:line: message."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from guide.buildfolder import MARKER
from guide.content import ContentError, parse_page, scan_directives
from guide.languages import LANGUAGES
from guide.markdown import render
from guide.site import build_site

ROOT = Path(__file__).resolve().parent.parent
GUIDE = """\
---
page: sample
layout: guide
title: Sample
summary: A sample guide.
updated: 2026-11-20
needs: [a phone]
---
Intro.

//// step | Open "Profil"
Tap it.

/// tip | Good to know
A tip.
///
////

/// step | Second step
See [the start](page:home).
///

/// warning | Careful
Warned.
///
"""
HOME = """\
---
page: home
layout: home
title: Home
summary: Start here.
updated: 2026-11-20
---
Welcome. [First step](page:sample#{anchor}).
"""


def label(lang: str, number: int) -> str:
    """A step label for tests."""
    return f"Step {number}"


def one(number: int) -> str:
    """A step label for render() in tests."""
    return f"Step {number}"


def write_site(root: Path, guide: str = GUIDE, home: str = HOME) -> Path:
    """Write a small four-language site; return its content folder."""
    content = root / "content"
    for lang in LANGUAGES.values():
        folder = content / lang.code
        folder.mkdir(parents=True)
        (folder / "sample.md").write_text(guide, encoding="utf-8")
        (folder / "index.md").write_text(home.replace("{anchor}", f"{lang.step_word}-1"), encoding="utf-8")
    return content


def problems_of(content: Path, widgets: frozenset[str] = frozenset()) -> list[str]:
    """The problems build_site reports, or [] when it succeeds."""
    try:
        build_site(content, set(widgets), label)
    except ContentError as error:
        return error.problems
    return []


def test_parse_page_splits_front_matter_and_body() -> None:
    meta, body, body_line, problems = parse_page(GUIDE)
    assert problems == []
    assert meta["title"] == "Sample" and meta["needs"] == ["a phone"]
    assert body.startswith("Intro.") and body_line == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no front matter\n", "1: the file must start with '---'"),
        ("---\npage: x\n", "1: front matter is not closed"),
        ("---\npage: [x\ntitle: y\n---\n", "bad front matter"),
        (
            "---\npage: x\ntitle: T\nsummary: S\nupdated: 2026-11-20\ncolour: red\n---\n",
            "6: unknown front matter key 'colour'",
        ),
        ("---\npage: x\ntitle: T\nsummary: S\nupdated: soon\n---\n", "5: 'updated' must be a date"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-11-20\n---\n", "2: front matter lacks 'page'"),
        (
            "---\npage: x\ntitle: T\nsummary: S\nupdated: 2026-11-20\nlayout: guide\n---\n",
            "a guide needs a 'needs' list",
        ),
        (
            "---\npage: x\ntitle: T\nsummary: S\nupdated: 2026-11-20\nqr:\n  - {address: http://a.example}\n---\n",
            "6: 'qr' must list page ids or {address: https://…, title: …} entries",
        ),
        (
            "---\npage: x\ntitle: T\nsummary: S\nupdated: 2026-11-20\nlabels: mein-videotermin\n---\n",
            "6: 'labels' must be a list of texts",
        ),
    ],
)
def test_front_matter_errors_name_the_line(text: str, expected: str) -> None:
    problems = parse_page(text)[3]
    assert any(expected in f"{p.line}: {p.message}" for p in problems), problems


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("/// stpe | Title\n///\n", "1: unknown directive 'stpe'"),
        ("/// widget | device-chek\n///\n", "1: unknown widget 'device-chek' (known: device-check)"),
        ("/// step | Open\ntext\n", "1: block opened here is not closed"),
        ("text\n///\n", "2: '///' closes no open block"),
        ("/// step\ntext\n///\n", "1: 'step' needs a title"),
        ("/// step | A\n/// tip | B\n///\n///\n", "2: a block inside another needs fewer slashes"),
    ],
)
def test_directive_errors_name_the_line(body: str, expected: str) -> None:
    problems = scan_directives(body, 1, {"device-check"})
    assert any(expected in f"{p.line}: {p.message}" for p in problems), problems


def test_steps_become_one_numbered_list_with_anchors() -> None:
    result = render(parse_page(GUIDE)[1], "da", lambda page_id: "/da/" if page_id == "home" else None, one)
    assert result.html.count('<ol class="steps">') == 1
    assert (
        '<h2 class="step-title" id="trin-1"><span class="step-number">Step 1</span> Open "Profil"</h2>' in result.html
    )
    assert 'id="trin-2"' in result.html
    assert [s[:2] for s in result.steps] == [(1, "trin-1"), (2, "trin-2")]
    assert 'class="callout callout-tip"' in result.html and 'class="callout callout-warning"' in result.html
    assert '<a href="/da/">the start</a>' in result.html


def test_leichte_sprache_keeps_every_line() -> None:
    html = render("Erster Satz.\nZweiter Satz.\n", "de-leicht", lambda _: None, one).html
    assert "Erster Satz.<br />\nZweiter Satz." in html


def test_widget_slot_is_rendered_for_the_view() -> None:
    result = render("/// widget | device-check\n///\n", "en", lambda _: None, one)
    assert result.widgets == ["device-check"]
    assert '<div class="widget-slot" data-widget="device-check"></div>' in result.html


def test_a_good_site_builds(tmp_path: Path) -> None:
    assert problems_of(write_site(tmp_path)) == []


def test_unknown_page_link_is_an_error(tmp_path: Path) -> None:
    content = write_site(tmp_path, guide=GUIDE.replace("page:home", "page:nowhere"))
    assert "content/de/sample.md:20: link to unknown page 'page:nowhere'" in problems_of(content)


def test_missing_anchor_is_an_error(tmp_path: Path) -> None:
    content = write_site(tmp_path, home=HOME.replace("{anchor}", "step-9"))
    assert "content/de/index.md:8: no anchor '#step-9' on /de/sample/ (step-9)" in problems_of(content)


def test_step_count_must_match_across_languages(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    da = content / "da" / "sample.md"
    da.write_text(GUIDE.replace("/// step | Second step\nSee [the start](page:home).\n///\n", ""), encoding="utf-8")
    assert "content/da/sample.md:9: 1 steps, but content/de/sample.md has 2" in problems_of(content)


def test_page_missing_in_a_language_is_an_error(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    (content / "en" / "sample.md").unlink()
    assert "content/de/sample.md:2: page 'sample' is missing in 'en' (content/en/)" in problems_of(content)


def test_a_qr_code_of_an_unknown_page_is_an_error(tmp_path: Path) -> None:
    guide = GUIDE.replace("needs: [a phone]\n", "needs: [a phone]\nqr: [device-chek]\n")
    problems = problems_of(write_site(tmp_path, guide=guide))
    assert "content/de/sample.md:8: qr page 'device-chek' does not exist in 'de'" in problems


def test_an_outside_qr_target_is_shown_with_its_caption(tmp_path: Path) -> None:
    """The video guide's second code: the official test of the service, captioned for what it is."""
    from guide import create_app

    app = create_app({"TESTING": True})
    html = app.test_client().get("/de/videotermin/").get_data(as_text=True)
    phone = html[html.index('class="on-your-phone"') :]
    assert "Offizieller Gerätetest der Bundesagentur für Arbeit" in phone
    assert 'href="https://vk.arbeitsagentur.de"' in phone
    assert phone.count('class="qr-svg"') >= 3  # the guide itself, the portal's device check, the official test


def test_freeze_stops_with_path_and_line_and_keeps_the_last_build(tmp_path: Path) -> None:
    content = write_site(tmp_path, guide=GUIDE.replace("/// tip | Good to know", "/// tipp | Good to know"))
    build = tmp_path / "build"
    build.mkdir()
    (build / "marker.html").write_text("last good build", encoding="utf-8")
    (build / MARKER).write_text("", encoding="utf-8")  # an earlier build: it may be replaced, not damaged
    script = textwrap.dedent(
        f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        import freeze
        sys.exit(freeze.main(["--site", {str(content.parent)!r}]))
        """
    )
    env = {"BUILD_DIR": str(build), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "content/de/sample.md:14: unknown directive 'tipp'" in result.stderr
    assert "Traceback" not in result.stderr
    assert (build / "marker.html").read_text(encoding="utf-8") == "last good build"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.partial-")] == []


def test_the_quick_card_needs_one_line_per_step(tmp_path: Path) -> None:
    """A guide's card: lines (for the quick card) are counted against its steps."""
    one_line = GUIDE.replace("needs: [a phone]\n", 'needs: [a phone]\ncard: ["Tap \\"Profil\\"."]\n')
    content = write_site(tmp_path, guide=one_line)
    assert "content/de/sample.md:8: 'card' needs one line per step: 1 lines for 2 steps" in problems_of(content)
    two_lines = GUIDE.replace("needs: [a phone]\n", 'needs: [a phone]\ncard: ["Tap \\"Profil\\".", "Look."]\n')
    assert problems_of(write_site(tmp_path / "good", guide=two_lines)) == []


EVERY_INLINE_SYNTAX = """\
Text with `code`, a \\*literal\\* star, a [link](https://example.org) and a [reference][ref], an
![image](/static/favicon.svg) and ![a reference image][ref], <https://example.org> and <hilfe@example.org>,
a line break{two_spaces}
here, &amp; an entity, *emphasis*, _emphasis_, **strong**, __strong__ and ***both***; a * lone star.

[ref]: https://example.org/ref
""".format(two_spaces="  ")  # a line break: two spaces at a line's end


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_quick_inline_processor_renders_what_python_markdowns_own_renders(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QuickInline skips patterns a text cannot match; every page of every site, and every inline syntax, agree."""
    from markdown.treeprocessors import InlineProcessor

    import guide.markdown

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "content" / lang).glob("*.md")) + sorted(root.glob(f"tests/sites/*/content/{lang}/*.md"))
    bodies = [parse_page(file.read_text(encoding="utf-8"))[1] for file in files] + [EVERY_INLINE_SYNTAX]
    assert len(bodies) > 1

    def rendered() -> list[str]:
        return [render(body, lang, lambda page_id: f"/{page_id}/", lambda n: f"Step {n}").html for body in bodies]

    quick = rendered()
    monkeypatch.setattr(guide.markdown, "QuickInline", InlineProcessor)
    assert quick == rendered()
    assert "<code>code</code>" in quick[-1] and "<strong>strong</strong>" in quick[-1] and "<br" in quick[-1]
