"""The app: URLs of DESIGN.md, languages, layout, sitemap, and bad URLs that get the 404 page."""

from __future__ import annotations

import re

import pytest

from guide.site import UNLISTED

# DESIGN.md's URL table, for the pages that exist so far: a contract with printed codes and e-mails.
URLS = {
    "home": {"de": "/de/", "de-leicht": "/de-leicht/", "da": "/da/", "en": "/en/"},
    "online-communication": {
        "de": "/de/online-kommunikation/",
        "de-leicht": "/de-leicht/online-kommunikation/",
        "da": "/da/online-kommunikation/",
        "en": "/en/online-communication/",
    },
    "video-appointment": {
        "de": "/de/videotermin/",
        "de-leicht": "/de-leicht/videotermin/",
        "da": "/da/videomoede/",
        "en": "/en/video-appointment/",
    },
    "secure-message": {
        "de": "/de/sichere-nachricht/",
        "de-leicht": "/de-leicht/sichere-nachricht/",
        "da": "/da/sikker-besked/",
        "en": "/en/secure-message/",
    },
    "device-check": {
        "de": "/de/geraetetest/",
        "de-leicht": "/de-leicht/geraetetest/",
        "da": "/da/enhedstest/",
        "en": "/en/device-check/",
    },
    "staff": {"de": "/de/mitarbeitende/", "da": "/da/medarbejdere/", "en": "/en/staff/"},
    "help": {"de": "/de/hilfe/", "de-leicht": "/de-leicht/hilfe/", "da": "/da/hjaelp/", "en": "/en/help/"},
    "privacy": {
        "de": "/de/datenschutz/",
        "de-leicht": "/de-leicht/datenschutz/",
        "da": "/da/privatliv/",
        "en": "/en/privacy/",
    },
    "accessibility": {
        "de": "/de/barrierefreiheit/",
        "de-leicht": "/de-leicht/barrierefreiheit/",
        "da": "/da/tilgaengelighed/",
        "en": "/en/accessibility/",
    },
    "search": {"de": "/de/suche/", "de-leicht": "/de-leicht/suche/", "da": "/da/soeg/", "en": "/en/search/"},
    "offline": {"de": "/de/offline/", "de-leicht": "/de-leicht/offline/", "da": "/da/offline/", "en": "/en/offline/"},
}
HTML_LANG = {"de": "de", "de-leicht": "de-x-ls", "da": "da", "en": "en"}
ALL = [(page, lang, url) for page, urls in URLS.items() for lang, url in urls.items()]


@pytest.mark.parametrize(("page_id", "lang", "url"), ALL)
def test_url_contract(client, page_id: str, lang: str, url: str) -> None:
    """Every URL of DESIGN.md answers, in its language."""
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{HTML_LANG[lang]}"' in response.get_data(as_text=True)


def test_language_chooser_links_the_four_start_pages(client) -> None:
    html = client.get("/").get_data(as_text=True)
    for url in URLS["home"].values():
        assert f'href="{url}"' in html
    for name in ("Deutsch", "Leichte Sprache", "Dansk", "English"):
        assert name in html


@pytest.mark.parametrize(
    "url",
    [
        "/fr/",
        "/de/nichts/",
        "/de/online-communication/",  # an English slug under German
        "/de/../content/de/index.md",
        "/de/..%2f..%2fpyproject.toml/",
        "/de/%2e%2e/%2e%2e/etc/passwd",
        "/de/hilfe%5c..%5c..%5cguide/",
        "/de/hilfe%00/",
        "/static/../pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e/freeze.py",
        "/de-leicht/mitarbeitende/",
        "/index.md",
    ],
)
def test_bad_urls_get_the_404_page(client, url: str) -> None:
    """Unknown pages and path tricks get the 404 page in the site's design; no file outside is read."""
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in html and "Seite nicht gefunden" in html and "Siden blev ikke fundet" in html
    for start in URLS["home"].values():
        assert f'href="{start}"' in html
    assert "[project]" not in html and "import" not in html


def test_nothing_answers_500(client) -> None:
    for url in ["/de/%ff/", "/%00", "/de/" + "a" * 5000 + "/", "/sitemap.xml/", "/de/hilfe/?x=%ff"]:
        assert client.get(url).status_code in (200, 404), url


@pytest.mark.parametrize(
    ("lang", "skip", "crumbs"),
    [
        ("de", "Zum Inhalt springen", "Sie sind hier"),
        ("de-leicht", "Zum Inhalt springen", "Sie sind hier"),
        ("da", "Gå til indholdet", "Du er her"),
        ("en", "Skip to main content", "You are here"),
    ],
)
def test_ui_strings_in_the_page_language(client, lang: str, skip: str, crumbs: str) -> None:
    """Each language gets its own catalog, whatever was rendered before (no locale leaks between pages)."""
    for other in ("da", "en", "de-leicht", "de"):
        client.get(f"/{other}/")
    html = client.get(URLS["help"][lang]).get_data(as_text=True)
    assert f'href="#main">{skip}</a>' in html
    assert f'aria-label="{crumbs}"' in html


def test_frozen_pages_keep_their_language(built_site) -> None:
    """Frozen-Flask renders all pages in one app context; each still gets its own language."""
    for lang, skip in {
        "de": "Zum Inhalt",
        "de-leicht": "Zum Inhalt",
        "da": "Gå til indholdet",
        "en": "Skip to main",
    }.items():
        html = (built_site / lang / "index.html").read_text(encoding="utf-8")
        assert f'href="#main">{skip}' in html, lang


def test_language_comes_from_the_url_not_the_browser(client) -> None:
    html = client.get("/da/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="da"' in html and "Gå til indholdet" in html


def test_guide_page_layout(client) -> None:
    html = client.get("/de/online-kommunikation/").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">Zum Inhalt springen</a>' in html
    assert '<main id="main"' in html
    assert "Das brauchen Sie" in html and "Auf dieser Seite" in html
    steps = re.findall(
        r'<h2 class="step-title" id="(schritt-\d+)"><span class="step-number">(Schritt \d+)</span>', html
    )
    assert steps and steps[0] == ("schritt-1", "Schritt 1")
    assert '<a href="#schritt-1">' in html  # the "on this page" list
    assert '<time datetime="2026-11-20">20. November 2026</time>' in html
    assert 'aria-label="Sie sind hier"' in html  # breadcrumbs
    assert 'href="/de-leicht/online-kommunikation/"' in html and "Diese Seite in Leichter Sprache" in html


def test_dates_in_the_page_locale(client) -> None:
    assert "20. november 2026" in client.get("/da/online-kommunikation/").get_data(as_text=True)
    assert "November 20, 2026" in client.get("/en/online-communication/").get_data(as_text=True)


def test_leichte_sprache_links_back_to_standard_german(client) -> None:
    html = client.get("/de-leicht/online-kommunikation/").get_data(as_text=True)
    assert 'href="/de/online-kommunikation/"' in html and "Diese Seite in Alltags-Sprache" in html


def test_language_switch_keeps_the_page(client) -> None:
    html = client.get("/en/online-communication/").get_data(as_text=True)
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)
    assert switch
    for url in URLS["online-communication"].values():
        assert f'href="{url}"' in switch[0]
    assert 'aria-current="true">English' in switch[0]


def test_footer_links_help_privacy_and_accessibility(client) -> None:
    html = client.get("/da/").get_data(as_text=True)
    footer = html[html.index("<footer") :]
    for url in ("/da/hjaelp/", "/da/privatliv/", "/da/tilgaengelighed/"):
        assert f'href="{url}"' in footer


def test_sitemap_has_absolute_urls_with_alternates(client, app) -> None:
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    base = app.config["SITE_URL"]
    assert f"<loc>{base}/de/online-kommunikation/</loc>" in xml
    assert f'hreflang="da" href="{base}/da/online-kommunikation/"' in xml
    assert f'hreflang="x-default" href="{base}/"' in xml
    assert xml.count("<url>") == 1 + sum(len(urls) for page_id, urls in URLS.items() if page_id not in UNLISTED)
    assert "/offline/" not in xml  # the offline pages are shown by the service worker, not looked for


def test_service_worker_is_served_from_the_base_with_every_offline_page(client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    for lang, url in URLS["offline"].items():  # relative to the worker's scope: a site under a path keeps its pages
        assert f'["{lang}/", "{url.lstrip("/")}"]' in script


def test_robots_points_to_the_sitemap(client, app) -> None:
    text = client.get("/robots.txt").get_data(as_text=True)
    assert f"Sitemap: {app.config['SITE_URL']}/sitemap.xml" in text


def test_serve_mode_sends_a_strict_csp_header(client) -> None:
    policy = client.get("/en/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    tokens = {token for directive in policy.split(";") for token in directive.split()}
    assert not tokens & {"'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'"}
    assert "Set-Cookie" not in client.get("/en/").headers
    assert client.get("/en/search/").headers["Content-Security-Policy"] == policy  # the search page too


def test_site_url_comes_from_the_environment(monkeypatch) -> None:
    from guide import create_app

    monkeypatch.setenv("SITE_URL", "https://hilfe.example.org/")
    html = create_app().test_client().get("/en/").get_data(as_text=True)
    assert '<link rel="canonical" href="https://hilfe.example.org/en/">' in html


# An empty SITE_URL counts as not set: the site file's url applies (CI configurations often export empty values).
@pytest.mark.parametrize("value", ["hilfe.example.org", "ftp://hilfe.example.org", "https://", "https://a b.org"])
def test_a_bad_site_url_stops_with_a_clear_message(monkeypatch, value: str) -> None:
    from guide import SiteUrlError, create_app

    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(SiteUrlError, match="SITE_URL must be the site's absolute base address"):
        create_app()
