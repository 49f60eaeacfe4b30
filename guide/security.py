"""The Content-Security-Policy and the other security headers, in one place, and the header files for static hosts."""

from __future__ import annotations

import re

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
# The search (Pagefind) compiles WebAssembly, which needs 'wasm-unsafe-eval' (no eval() or new Function(), unlike
# 'unsafe-eval'). Only pages with a widget in WASM_WIDGETS (guide/widgets.py) get it, and Pagefind's bundle, since
# it compiles in a worker, which takes the policy of its own script; no other page can compile any.
WASM = "'wasm-unsafe-eval'"
# Only valid as an HTTP header; in a <meta> element Chromium ignores it with a console error.
HEADER_ONLY: dict[str, str] = {"frame-ancestors": "'none'"}

HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp(header: bool = False, wasm: bool = False) -> str:
    """The policy as text, for the <meta> element or (header=True) the HTTP header; wasm=True for the search."""
    policy = POLICY | HEADER_ONLY if header else dict(POLICY)
    if wasm:
        policy["script-src"] += f" {WASM}"
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def all_headers(wasm: bool = False) -> dict[str, str]:
    """Every security header a host should send, the CSP included."""
    return {"Content-Security-Policy": csp(header=True, wasm=wasm)} | HEADERS


def headers_file(paths: list[str], wasm_paths: set[str]) -> str:
    """build/_headers (Netlify, Cloudflare Pages): the other headers for /*, and one policy for each path.

    Not one policy for /* and another for the search pages: both hosts join the two values, and a browser then
    enforces both policies, so the search could not compile its WebAssembly.
    """
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    for path in paths:
        lines += [path, f"  Content-Security-Policy: {csp(header=True, wasm=path in wasm_paths)}"]
    return "\n".join(lines) + "\n"


def htaccess(wasm_paths: set[str]) -> str:
    """build/.htaccess (Apache): the 404 page, the headers, and the policy with WebAssembly for the search pages."""
    pattern = "|".join(re.escape(path.strip("/*")) for path in sorted(wasm_paths))  # '/pagefind/*': the folder
    lines = ["ErrorDocument 404 /404.html", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in HEADERS.items()]
    if not wasm_paths:
        return (
            "\n".join([*lines, f'  Header always set Content-Security-Policy "{csp(header=True)}"', "</IfModule>"])
            + "\n"
        )
    lines += [
        f'  <If "%{{REQUEST_URI}} =~ m#^/(?:{pattern})/#">',
        f'    Header always set Content-Security-Policy "{csp(header=True, wasm=True)}"',
        "  </If>",
        "  <Else>",
        f'    Header always set Content-Security-Policy "{csp(header=True)}"',
        "  </Else>",
        "</IfModule>",
    ]
    return "\n".join(lines) + "\n"
