"""SITE_URL: refused when it could break out of HTML, XML, CSS or a QR code, escaped wherever it is written."""

from __future__ import annotations

from dataclasses import replace

import pytest

from guide import SiteUrlError, check_site_url, create_app, site_url_is_local

GOOD = ["https://hilfe.example.org", "http://127.0.0.1:8000", "https://example.org/hilfe", "http://[::1]:8000"]
BAD = {
    'https://hilfe.example.org/"onmouseover="x': "quotes",
    "https://hilfe.example.org/<script>": "angle brackets",
    'https://a"b.example.org': "host name",
    "https://user:secret@hilfe.example.org": "user name or password",
    "https://hilfe.example.org@evil.example": "user name or password",
    "https://hilfe.example.org:99999": "port",
    "https://hilfe.example.org:0": "port",
    "https://hilfe.example.org:": "port",
    "https://hilfe.example.org:８０": "port",
    "https://hilfe.example.org/a\\b": "backslashes",
    "https://hilfe.example.org/\x07": "control characters",
}


@pytest.mark.parametrize("value", GOOD)
def test_good_site_urls_pass(value: str) -> None:
    assert check_site_url(value + "/") == value


@pytest.mark.parametrize("value", list(BAD))
def test_a_site_url_that_could_break_out_is_refused(value: str) -> None:
    with pytest.raises(SiteUrlError, match=BAD[value]):
        check_site_url(value)


def test_the_local_default_is_recognised() -> None:
    assert site_url_is_local("") and site_url_is_local("http://127.0.0.1:8000/")
    assert not site_url_is_local("https://hilfe.example.org")


def test_the_handout_escapes_the_site_url_in_its_links() -> None:
    from guide import pdf
    from guide.views import site

    app = create_app({"TESTING": True, "SITE_URL": "https://example.org/a&b"})
    with app.test_request_context("/de/"):
        guide = next(page for page in site().pages if page.layout == "guide")
        # Links on the site stand under its path already (/a&amp;b/de/); on paper they get the site's origin.
        body = str(pdf.pdf_body(replace(guide, html='<p><a href="/a&amp;b/de/">Start</a></p>')))
    assert 'href="https://example.org/a&amp;b/de/' in body and 'href="https://example.org/a&b/' not in body
