"""The shipped server files on the real servers: stock nginx, Apache and Caddy serve the build with every header.

Each server starts once (on a free port, with its shipped file) and is checked over every page of the sitemap.
`make test` installs Debian's nginx, apache2 and caddy when they are missing.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from guide.deploy import PRIVATE
from guide.search import WORKER
from guide.security import HEADERS, IMMUTABLE, REVALIDATE, csp, worker_csp
from tests.pages import sitemap_paths
from tests.realservers import SERVERS, missing, readable_copy, real_server

SCRIPT_TYPES = ("application/javascript", "text/javascript")


@pytest.fixture(scope="module")
def readable_site(built_site: Path) -> Iterator[Path]:
    """The build copied where the servers' own users may read it (pytest's folders are 0700), removed after."""
    with readable_copy(built_site) as copy:
        yield copy


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(
    request: pytest.FixtureRequest, readable_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One real server at a time, serving the build with its shipped file."""
    if missing(request.param):
        pytest.fail(f"{request.param} is not installed: make test installs it (apt-get install)")
    with real_server(request.param, readable_site, tmp_path_factory.mktemp(request.param)) as origin:
        yield origin


def get(origin: str, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET without following redirects: status, headers and the (decompressed) body."""
    parts = urlsplit(origin)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)  # a first PDF render
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def header_problems(path: str, headers: http.client.HTTPMessage, policy: str, cache: str) -> list[str]:
    """What is missing or wrong among a response's security and caching headers."""
    problems = []
    if headers.get_all("Content-Security-Policy") != [policy]:
        problems.append(f"{path}: Content-Security-Policy {headers.get_all('Content-Security-Policy')}")
    for name, value in HEADERS.items():
        if headers.get_all(name) != [value]:
            problems.append(f"{path}: {name} {headers.get_all(name)}")
    if headers.get_all("Cache-Control") != [cache]:
        problems.append(f"{path}: Cache-Control {headers.get_all('Cache-Control')}")
    if headers.get("Strict-Transport-Security"):
        problems.append(f"{path}: Strict-Transport-Security over plain HTTP")
    return problems


def page_paths(site: Path) -> list[str]:
    """Every way a page is reached: its address, its index.html, and each PDF handout."""
    paths = sitemap_paths()
    paths += [path + "index.html" for path in paths if path.endswith("/")]
    paths += ["/" + pdf.relative_to(site).as_posix() for pdf in sorted(site.rglob("*.pdf"))]
    return paths


def test_every_page_is_served_with_the_policy_and_the_other_headers(server: str, readable_site: Path) -> None:
    problems = []
    for path in page_paths(readable_site):
        status, headers, _ = get(server, path)
        if status != 200:
            problems.append(f"{path}: {status}")
        problems += header_problems(path, headers, csp(header=True), REVALIDATE)
    assert problems == []


@pytest.mark.parametrize("path", ["/de/no-such-guide/", "/no-such-page", "/de/no-such-guide/index.html"])
def test_an_unknown_path_gets_the_404_page_with_its_headers(server: str, readable_site: Path, path: str) -> None:
    status, headers, body = get(server, path)
    title = re.search(rb"<title>[^<]+</title>", (readable_site / "404.html").read_bytes())
    assert status == 404
    assert title and title[0] in body, "not the site's 404 page"
    assert headers.get_content_type() == "text/html"
    # An unknown path outside every page type still gets every header file's rules on the other servers.
    assert header_problems(path, headers, csp(header=True), REVALIDATE) == []


def test_static_files_are_cached_for_a_year_and_scripts_are_javascript(server: str, readable_site: Path) -> None:
    problems = []
    files = sorted(p for p in (readable_site / "static").rglob("*") if p.is_file())
    assert any(p.name == "qrcode-generator.js" for p in files), "the vendor library is not in the build"
    for file in files:
        path = "/" + file.relative_to(readable_site).as_posix()
        status, headers, _ = get(server, path)
        if status != 200:
            problems.append(f"{path}: {status}")
        if file.suffix == ".js" and headers.get_content_type() not in SCRIPT_TYPES:
            problems.append(f"{path}: served as {headers.get_content_type()}")
        if headers.get_all("Cache-Control") != [IMMUTABLE]:
            problems.append(f"{path}: Cache-Control {headers.get_all('Cache-Control')}")
    assert problems == []


def test_the_search_worker_has_its_own_policy_and_the_index_short_caching(server: str, readable_site: Path) -> None:
    status, headers, _ = get(server, WORKER)
    assert status == 200
    assert headers.get_content_type() in SCRIPT_TYPES
    assert header_problems(WORKER, headers, worker_csp(), REVALIDATE) == []
    status, headers, _ = get(server, "/pagefind/pagefind-entry.json")
    assert (status, headers.get_all("Cache-Control")) == (200, [REVALIDATE])


def test_header_and_config_files_are_never_served(server: str, readable_site: Path) -> None:
    planted = [readable_site / "static" / name for name in PRIVATE]  # the same names in a subfolder
    for file in planted:
        file.write_text("# private\n", encoding="utf-8")
    try:
        for name in PRIVATE:
            for path in (f"/{name}", f"/static/{name}"):
                status, _, body = get(server, path)
                assert status in (403, 404), f"{path} answered {status}"
                assert b"private" not in body and b"Header" not in body, path
    finally:
        for file in planted:
            file.unlink()


def test_search_and_qr_generator_start_in_chromium(server: str, page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server + "/en/search/")
    page.locator("#search-term").fill("camera")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ results for “camera”$"))
    page.goto(server + "/en/staff/")
    page.locator("#qrg-input").fill("https://example.org/")
    expect(page.locator(".qrg-code svg")).to_have_attribute("data-content", "https://example.org/")
    assert errors == []
