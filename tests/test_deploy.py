"""The header files and server configs: rules by page type within the hosts' limits, the shipped files current."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide import deploy
from guide.search import WORKER
from guide.security import HEADERS, HSTS, IMMUTABLE, REVALIDATE, header_rules, path_headers
from tests.statichost import site_headers

PATHS = [
    "/",
    "/index.html",
    "/404.html",
    "/de/",
    "/de/videotermin/",
    "/de/videotermin/index.html",
    "/de/videotermin.pdf",
    "/de-leicht/videotermin/",
    "/da/videomoede/",
    "/en/video-appointment/",
    "/en/unknown/",
    "/sitemap.xml",
    "/robots.txt",
    "/css/highlight.css",
    "/static/0123456789/js/init.js",
    "/pagefind/pagefind.js",
    WORKER,
]


def test_no_header_is_set_by_two_rules_that_match_one_path() -> None:
    """Netlify and Cloudflare Pages join a header repeated by two matching rules: two policies, two cachings."""
    rules = header_rules(["de", "de-leicht", "da", "en"], WORKER)
    for path in PATHS:
        names = [name for pattern, headers in rules for name in headers if path_headers([(pattern, headers)], path)]
        assert len(names) == len(set(names)), f"{path}: {sorted(names)}"


def test_each_page_type_gets_its_caching_and_every_path_the_security_headers() -> None:
    rules = header_rules(["de", "de-leicht", "da", "en"], WORKER)
    for path in PATHS:
        headers = path_headers(rules, path)
        assert HEADERS.items() <= headers.items(), path
        assert headers["Strict-Transport-Security"] == HSTS  # Netlify and Cloudflare Pages serve HTTPS only
        assert headers["Cache-Control"] == (IMMUTABLE if path.startswith("/static/") else REVALIDATE), path
        if path != "/pagefind/pagefind.js":  # a script, and no document; the worker has its own
            assert "Content-Security-Policy" in headers, path


def test_the_rules_do_not_grow_with_the_guides_and_fit_cloudflare_pages(tmp_path: Path) -> None:
    deploy.write_build_files(tmp_path)
    rules = site_headers(tmp_path)
    assert (
        len(rules) == 15
    )  # by page type (the service worker /sw.js included): a thousand guides have the same rules as five
    assert len(rules) <= deploy.MAX_RULES
    longest = max(len(line) for line in (tmp_path / "_headers").read_text(encoding="utf-8").splitlines())
    assert longest <= deploy.MAX_HEADER_CHARS


def test_a_rule_set_over_the_limit_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        deploy, "header_rules", lambda languages, worker, base="": [(f"/{n}/*", {"X": "y"}) for n in range(101)]
    )
    with pytest.raises(deploy.HeaderLimitError, match="101 header rules, Cloudflare Pages takes 100"):
        deploy.headers_file()


def test_hsts_is_sent_over_https_only_by_the_server_files() -> None:
    assert "expr=%{HTTPS} == 'on'" in deploy.htaccess()
    assert 'if ($https = "on") { set $guide_hsts "max-age=31536000"; }' in deploy.nginx_include()
    assert "protocol https" in deploy.caddyfile()


def test_the_shipped_server_files_are_current() -> None:
    """deploy/ holds what `python -m guide.deploy` writes: a change to the headers reaches every server."""
    for name, text in deploy.server_files().items():
        assert (deploy.DEPLOY / name).read_text(encoding="utf-8") == text, f"run: python -m guide.deploy ({name})"
