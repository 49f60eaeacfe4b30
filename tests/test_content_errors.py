"""Bad content, as a careless author or an attacker writes it: each case stops the build with path:line: message.

The last build stays byte for byte. The raw HTML cases are what reached readers or the PDF handouts before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import freeze
from guide.buildfolder import MARKER
from guide.markdown import render
from tests.test_content import GUIDE, HOME, one, write_site

INTRO = "Intro.\n"  # line 9 of GUIDE
D = "content/de/sample.md"

# (name, the German guide's text, the problem expected among the build's messages)
CASES: list[tuple[str, str, str]] = [
    ("impossible date", GUIDE.replace("2026-11-20", "2026-02-30"), f"{D}:6: 'updated': 2026-02-30 is not a date"),
    ("unknown qr page", GUIDE.replace("needs: [a phone]", "needs: [a phone]\nqr: [no-such-page]"), f"{D}:8: qr page"),
    ("duplicate key", GUIDE.replace("title: Sample\n", "title: Sample\ntitle: Other\n"), f"{D}:5: bad front matter"),
    ("relative link", GUIDE.replace(INTRO, "[x](../nope/)\n"), f"{D}:9: broken link '../nope/'"),
    ("absolute link", GUIDE.replace(INTRO, "[x](/de/nope/)\n"), f"{D}:9: broken link '/de/nope/'"),
    ("relative anchor", GUIDE.replace(INTRO, "[x](../#nope)\n"), f"{D}:9: no anchor '#nope' on /de/"),
    ("NUL", GUIDE.replace(INTRO, "In\x00tro.\n"), f"{D}:9: the control character U+0000"),
    ("escape", GUIDE.replace(INTRO, "In\x1b[31mtro.\n"), f"{D}:9: the control character U+001B"),
    ("RTL override", GUIDE.replace(INTRO, "In\u202etro.\n"), f"{D}:9: the control character U+202E"),
    ("heading as a step", GUIDE.replace(INTRO, "## schritt-1\n"), f"{D}:9: the id 'schritt-1' is used twice"),
    ("attribute id", GUIDE.replace(INTRO, "Intro.\n{: #schritt-2 }\n"), f"{D}:10: the id 'schritt-2' is used twice"),
    (
        "meta refresh",
        GUIDE.replace(INTRO, '<meta http-equiv="refresh" content="2;url=https://evil.example/">\n'),
        "raw",
    ),
    ("script block", GUIDE.replace(INTRO, "<script>alert(1)</script>\n"), f"{D}:9: raw HTML is not allowed"),
    ("inline script", GUIDE.replace(INTRO, "Intro <script>alert(1)</script>.\n"), f"{D}:9: raw HTML"),
    ("iframe", GUIDE.replace(INTRO, '<iframe src="https://evil.example/"></iframe>\n'), f"{D}:9: raw HTML"),
    ("step title HTML", GUIDE.replace('Open "Profil"', "Open <b>Profil</b>"), f"{D}:11: raw HTML is not allowed"),
    ("attachment", GUIDE.replace(INTRO, '<a rel="attachment" href="file:///etc/passwd">x</a>\n'), f"{D}:9: raw HTML"),
    ("slot", GUIDE.replace(INTRO, '<div class="widget-slot" data-widget="nope"></div>\n'), f"{D}:9: raw HTML"),
    ("javascript link", GUIDE.replace(INTRO, "[x](javascript:alert(1))\n"), f"{D}:9: a link to 'javascript:alert(1)'"),
    ("file link", GUIDE.replace(INTRO, "[x](file:///etc/passwd)\n"), f"{D}:9: a link to 'file:///etc/passwd'"),
    ("file image", GUIDE.replace(INTRO, "![x](file:///etc/passwd)\n"), f"{D}:9: an image must be one of the site's"),
    ("remote image", GUIDE.replace(INTRO, "![x](https://evil.example/a.png)\n"), f"{D}:9: an image must be"),
    ("on attribute", GUIDE.replace(INTRO, 'Intro.\n{: onclick="alert(1)" }\n'), f"{D}:10: the attribute 'onclick'"),
    ("style attribute", GUIDE.replace(INTRO, 'Intro.\n{: style="color:red" }\n'), f"{D}:10: the attribute 'style'"),
    ("slot attribute", GUIDE.replace(INTRO, 'Intro.\n{: data-widget="nope" }\n'), f"{D}:10: widget and contact slots"),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("name", "guide", "expected"), CASES, ids=[case[0] for case in CASES])
def test_bad_content_stops_the_build_with_path_and_line(
    name: str, guide: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_site(tmp_path)
    (content / "de" / "sample.md").write_text(guide, encoding="utf-8")
    build = tmp_path / "build"
    build.mkdir()
    (build / MARKER).write_text("", encoding="utf-8")
    (build / "index.html").write_text("the last good build", encoding="utf-8")
    before = snapshot(build)
    assert freeze.main(["--site", str(tmp_path), "--out", str(build)]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err and "Build failed" not in err
    assert snapshot(build) == before
    assert not list(tmp_path.glob(".build.partial-*"))


def test_a_content_folder_of_an_unknown_language_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_site(tmp_path)
    (content / "fr").mkdir()
    (content / "fr" / "sample.md").write_text(GUIDE, encoding="utf-8")
    assert freeze.main(["--site", str(tmp_path), "--out", str(tmp_path / "build")]) == 1
    assert "content/fr/:1: 'fr' is not a site language (known: de, de-leicht, da, en)" in capsys.readouterr().err


def test_the_good_sample_builds_its_content(tmp_path: Path) -> None:
    """The cases above differ from a good site only in what they name (else they would prove nothing)."""
    from tests.test_content import problems_of

    assert problems_of(write_site(tmp_path)) == []


def test_markdown_that_looks_like_html_in_code_stays_allowed() -> None:
    result = render("Type `<b>` or:\n\n    <meta http-equiv=x>\n", "en", lambda page: None, one)
    assert result.refused == [] and "&lt;meta" in result.html
    assert HOME  # the sample home page links to a step anchor: the duplicate-id check leaves it alone
