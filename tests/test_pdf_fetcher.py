"""The PDF handouts load only the site's own files: an author's link cannot attach the build machine's files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from guide import pdf

SITE = "https://hilfe.test"
BASE = f"{SITE}/de/sample/"
PAGE = '<!doctype html><html lang="de"><head><title>t</title>{head}</head><body><p>Text</p>{body}</body></html>'
SECRET = "/etc/passwd"
ATTEMPTS = {
    "attachment": ("", f'<a rel="attachment" href="file://{SECRET}">x</a>'),
    "image": ("", f'<img src="file://{SECRET}" alt="x">'),
    "stylesheet": (f'<link rel="stylesheet" href="file://{SECRET}">', ""),
    "traversal": ("", f'<img src="file://{pdf.STATIC_DIR}/../../../../../../..{SECRET}" alt="x">'),
    "encoded traversal": (
        "",
        f'<img src="{SITE}/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e{SECRET}" alt="x">',
    ),
    "another origin": ("", '<img src="https://evil.example/a.png" alt="x">'),
    "another host's file": ("", f'<a rel="attachment" href="file://evil.example{SECRET}">x</a>'),
}


def everything_in(document: bytes) -> str:
    """The text, attachments and raw bytes of a PDF, as one text to search."""
    reader = PdfReader(io.BytesIO(document))
    parts = [page.extract_text() for page in reader.pages]
    parts += [b"".join(contents).decode("latin-1") for contents in reader.attachments.values()]
    return "\n".join(parts) + document.decode("latin-1")


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_a_handout_refuses_every_file_that_is_not_the_sites(attempt: str) -> None:
    from weasyprint.urls import FatalURLFetchingError

    head, body = ATTEMPTS[attempt]
    with pytest.raises(FatalURLFetchingError, match=r"refused to load .*only the site's own files"):
        document = pdf.render_pdf(PAGE.format(head=head, body=body), BASE, SITE)
        assert "root:" not in everything_in(document)  # what the old renderer let through


def test_the_failing_handout_is_named(tmp_path: object) -> None:
    job = pdf.Job(("de", "sample"), PAGE.format(head="", body=ATTEMPTS["attachment"][1]), BASE, "content/de/x.md", SITE)
    with pytest.raises(pdf.HandoutError, match=r"content/de/x.md: the PDF handout could not be made: .*refused"):
        pdf.render_all([job], workers=1)


def test_the_sites_own_files_still_load(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = []
    original = pdf.local_file
    monkeypatch.setattr(pdf, "local_file", lambda *args: loaded.append(original(*args)) or loaded[-1])
    own = f'<img src="{SITE}/static/favicon.svg" alt="x"><img src="file://{pdf.STATIC_DIR}/favicon.svg" alt="y">'
    document = pdf.render_pdf(PAGE.format(head="", body=own), BASE, SITE)
    assert document.startswith(b"%PDF")
    assert pdf.STATIC_DIR / "favicon.svg" in loaded and None not in loaded


def test_local_file_maps_only_the_static_folder() -> None:
    assert pdf.local_file(f"{SITE}/static/favicon.svg", SITE, (pdf.STATIC_DIR,)) == pdf.STATIC_DIR / "favicon.svg"
    assert pdf.local_file(f"{SITE}/static/../guide/__init__.py", SITE, (pdf.STATIC_DIR,)) is None
    assert pdf.local_file("file:///etc/passwd", SITE, (pdf.STATIC_DIR,)) is None
    assert pdf.local_file(f"{SITE}/de/", SITE, (pdf.STATIC_DIR,)) is None
    assert pdf.local_file(f"{SITE}.evil.example/static/favicon.svg", SITE, (pdf.STATIC_DIR,)) is None


def test_a_reused_stylesheet_gives_the_same_bytes_and_an_edited_one_is_read_again(tmp_path: Path) -> None:
    sheet = tmp_path / "handout.css"
    sheet.write_text("p { color: #000; }", encoding="utf-8")
    html = PAGE.format(head="", body="")
    first = pdf.render_pdf(html, BASE, SITE, roots=(tmp_path,), stylesheet=str(sheet))
    assert pdf.render_pdf(html, BASE, SITE, roots=(tmp_path,), stylesheet=str(sheet)) == first  # deterministic
    sheet.write_text("p { color: #000; margin-top: 5cm; }", encoding="utf-8")  # the size changes with the edit
    assert pdf.render_pdf(html, BASE, SITE, roots=(tmp_path,), stylesheet=str(sheet)) != first
