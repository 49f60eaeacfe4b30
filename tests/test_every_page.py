"""The checks of DESIGN.md over every page of the built site, parametrized over the sitemap."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser

from .builds import SITES, Build, Builds, sitemap_paths
from .pages import axe_violations, expect_widgets_settled

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Every page of every site: the shipped one and the fixture sites (another office, a site under a path).
PATHS = [pytest.param(name, path, id=f"{name}:{path}") for name in SITES for path in sitemap_paths(name)]
VIEWS = [(js, width, scheme) for js in (True, False) for width in (320, 1280) for scheme in ("light", "dark")]
# The widgets whose script has not yet finished: init.js sets data-started or data-failed on each, once done.
# Records Content-Security-Policy violations from the first moment of each page.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


def file_of(built: Path, path: str) -> Path:
    """The built file that a site path is served from."""
    local = built / unquote(path).lstrip("/")
    return local / "index.html" if path.endswith("/") else local


@pytest.fixture(scope="session")
def vnu_reports() -> dict[str, dict[str, list[str]]]:
    """The Nu Html Checker's messages per file, per site, filled as each site is first checked."""
    return {}


class Anchors(HTMLParser):
    """Collects ids and link targets of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember ids, and hrefs of links and stylesheets, srcs of scripts and images."""
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img", "source", "audio", "video"):
                self.links.append(values[name] or "")


def parse(file: Path) -> Anchors:
    """Parse a built HTML file."""
    parser = Anchors()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def vnu_report(build: Build, reports: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """Run the Nu Html Checker once over every built HTML file of a site; messages per file."""
    if build.name in reports:
        return reports[build.name]
    java = shutil.which("java")
    assert java, "Java is missing: run 'make test', which installs it"
    assert VNU.exists(), f"{VNU} is missing: run 'make test' (npm ci)"
    files = sorted(str(p) for p in build.folder.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *files], capture_output=True, text=True, check=False
    )
    report: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            path = urlsplit(message.get("url", "")).path
            report.setdefault(path, []).append(f"line {message.get('lastLine')}: {message['message']}")
    reports[build.name] = report
    return report


@pytest.mark.parametrize(("site", "path"), PATHS)
def test_html_is_valid(site: str, path: str, site_builds: Builds, vnu_reports: dict[str, dict[str, list[str]]]) -> None:
    """The Nu Html Checker finds no error."""
    build = site_builds.get(site)
    assert build.file(path).exists()
    assert vnu_report(build, vnu_reports).get(str(build.file(path)), []) == []


@pytest.mark.parametrize(("site", "path"), PATHS)
def test_links_and_anchors_resolve(site: str, path: str, site_builds: Builds) -> None:
    """Every internal link, stylesheet, script and #anchor on the page exists in the build, under its base path."""
    build = site_builds.get(site)
    origin, prefix = build.url.removesuffix(urlsplit(build.url).path), urlsplit(build.url).path
    page = parse(build.file(path))
    broken = []
    for href in page.links:
        target = urlsplit(urljoin(build.url + path, href))
        if f"{target.scheme}://{target.netloc}" != origin:
            continue
        if not target.path.startswith(prefix + "/"):
            broken.append(f"{href}: outside the site's path {prefix}/")
            continue
        file = file_of(build.folder, target.path.removeprefix(prefix))
        if not file.exists():
            broken.append(f"{href}: no file {target.path}")
        elif target.fragment and target.fragment not in parse(file).ids:
            broken.append(f"{href}: no id '{target.fragment}' on {target.path}")
    assert broken == []


@pytest.mark.parametrize(("site", "path"), PATHS)
def test_strict_csp(site: str, path: str, site_builds: Builds) -> None:
    """The page carries a strict policy, and has no inline script or style that it would block."""
    html = site_builds.get(site).file(path).read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, "no Content-Security-Policy <meta>"
    tokens = {token for directive in unescape(policy[1]).split(";") for token in directive.split()}
    # No page may compile WebAssembly, the search page included: the search compiles in Pagefind's worker.
    assert not tokens & {"'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'"}
    assert "script-src &#39;self&#39;" in policy[1]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\sstyle=|<style", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "<noscript" not in html, "the no-JavaScript view is the page itself, not <noscript>"


@pytest.mark.parametrize(("site", "path"), PATHS)
def test_in_chromium(site: str, path: str, browser: Browser, site_builds: Builds) -> None:
    """axe-core finds nothing in every view; with JavaScript nothing else goes wrong either.

    Views: with and without JavaScript, 320 and 1280 px wide, light and dark. With JavaScript:
    no console error, no CSP violation, no request to another origin, no sideways scrolling at 320 px.
    """
    served = site_builds.get(site).url
    origin = served.removesuffix(urlsplit(served).path)
    findings = []
    for js, width, scheme in VIEWS:
        view = f"{'js' if js else 'no-js'} {width}px {scheme}"
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        if not js:
            # The site's scripts are its only JavaScript (no <noscript> anywhere), so serving them empty
            # shows the page as a browser without JavaScript does, while axe can still run.
            context.route("**/*.js", lambda route: route.fulfill(content_type="text/javascript", body=""))
        page = context.new_page()
        messages: list[str] = []
        page.on(
            "console", lambda m, out=messages: out.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e, out=messages: out.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r, out=messages: (
                None
                if r.url.startswith((origin + "/", "data:", "blob:"))
                else out.append(f"request to another origin: {r.url}")
            ),
        )
        page.add_init_script(CSP_RECORDER)
        response = page.goto(served + path, wait_until="load")
        assert response is not None
        assert response.status == 200
        if js:
            # Every widget has run its script: init.js marks each one started or failed (site-search also uses
            # data-failed for a message, hence =true). Only then are its CSP violations and its layout in.
            expect_widgets_settled(page)
            messages += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]
            if width == 320:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    messages.append(f"scrolls sideways by {overflow}px")
        messages += axe_violations(page)
        findings += [f"[{view}] {m}" for m in messages]
        context.close()
    assert findings == []
