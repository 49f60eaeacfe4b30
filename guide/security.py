"""The Content-Security-Policy and the other security headers, in one place, and the header files for static hosts."""

from __future__ import annotations

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
}


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


def headers_file(paths: list[str], worker: str) -> str:
    """build/_headers (Netlify, Cloudflare Pages): the other headers for /*, and one policy for each path.

    Not one policy for /*: both hosts join the values of every matching rule, and a browser then enforces each
    policy, so the page policy on /* would stop the worker from compiling the search's WebAssembly.
    """
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    for path in paths:
        lines += [path, f"  Content-Security-Policy: {csp(header=True)}"]
    lines += [worker, f"  Content-Security-Policy: {worker_csp()}"]
    return "\n".join(lines) + "\n"


def htaccess(worker: str) -> str:
    """build/.htaccess (Apache): the 404 page, the headers, and the worker's policy for Pagefind's worker alone."""
    lines = ["ErrorDocument 404 /404.html", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in HEADERS.items()]
    lines += [
        f"  <If \"%{{REQUEST_URI}} == '{worker}'\">",
        f'    Header always set Content-Security-Policy "{worker_csp()}"',
        "  </If>",
        "  <Else>",
        f'    Header always set Content-Security-Policy "{csp(header=True)}"',
        "  </Else>",
        "</IfModule>",
    ]
    return "\n".join(lines) + "\n"
