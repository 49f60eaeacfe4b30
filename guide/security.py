"""The Content-Security-Policy, the other security and caching headers, and the rules by page type.

Every host's file is written from these rules (guide/deploy.py).
"""

from __future__ import annotations

from collections.abc import Iterable

# Strict: no inline script or style, nothing from another origin, no eval and no WebAssembly.
POLICY: dict[str, str] = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' blob: mediastream:",
    "manifest-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
# Pagefind's worker, and nothing else: it compiles the search's WebAssembly, which needs 'wasm-unsafe-eval' (it
# allows no eval() or new Function(), unlike 'unsafe-eval'). A dedicated worker takes the policy of its own script,
# not the page's, and has no DOM; it only fetches the index. So every page keeps the strict policy above.
WORKER_POLICY: dict[str, str] = {
    "default-src": "'none'",
    "script-src": "'wasm-unsafe-eval'",
    "connect-src": "'self'",
}
# Only valid as an HTTP header; in a <meta> element Chromium ignores it with a console error.
HEADER_ONLY: dict[str, str] = {"frame-ancestors": "'none'"}

HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    # For the 404 page at any address: there no header file can know the page type, so only the meta policy holds,
    # and frame-ancestors works only as a header.
    "X-Frame-Options": "DENY",
}
# Sent on HTTPS only (browsers ignore it over HTTP): a year, this host alone (subdomains may be other services).
HSTS = "max-age=31536000"
# Static files carry a content hash in their URL (guide/assets.py): a new version has a new address.
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages, PDFs, the search index: stored, but checked on every view, so no page outlives the assets it names.
REVALIDATE = "no-cache"


def _text(policy: dict[str, str]) -> str:
    """A policy as the text of a header or a <meta> element."""
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def csp(header: bool = False) -> str:
    """The page policy as text, for the <meta> element or (header=True) the HTTP header."""
    return _text(POLICY | HEADER_ONLY if header else POLICY)


def worker_csp() -> str:
    """The policy of Pagefind's worker script, the only place that may compile WebAssembly."""
    return _text(WORKER_POLICY)


def all_headers(worker: bool = False) -> dict[str, str]:
    """Every security header a host should send, the CSP included; worker=True for Pagefind's worker script."""
    return {"Content-Security-Policy": worker_csp() if worker else csp(header=True)} | HEADERS


def header_rules(languages: Iterable[str], worker: str, base: str = "") -> list[tuple[str, dict[str, str]]]:
    """The header rules by page type, in _headers' pattern syntax (exact, or a prefix ending in '*').

    Wildcards by page type, so the rules do not grow with the guides: 15 for four languages. No header name is set
    by two rules that match one path: Netlify and Cloudflare Pages apply every matching rule and join a repeated
    header's values with a comma (a browser would enforce both policies, and the page policy would stop the
    worker), and an unclear Cache-Control would follow.
    """
    page = {"Content-Security-Policy": csp(header=True), "Cache-Control": REVALIDATE}
    rules = [("/*", HEADERS | {"Strict-Transport-Security": HSTS})]
    rules += [
        (path, page) for path in ("/", "/index.html", "/404.html", "/sitemap.xml", "/robots.txt", "/sw.js", "/css/*")
    ]
    rules += [(f"/{lang}/*", page) for lang in languages]  # /de/x/, /de/x/index.html, /de/x.pdf, /de/unknown
    rules += [("/static/*", {"Content-Security-Policy": csp(header=True), "Cache-Control": IMMUTABLE})]
    rules += [(f"/{worker.strip('/').split('/')[0]}/*", {"Cache-Control": REVALIDATE})]
    rules += [(worker, {"Content-Security-Policy": worker_csp()})]
    # A site under a path (/hilfe) has every rule under that path.
    return [(base + pattern, headers) for pattern, headers in rules]


def path_headers(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """The headers a host sends for a path: those of every matching rule (no header is in two of them)."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            found |= headers
    return found
