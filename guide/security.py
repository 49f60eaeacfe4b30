"""The Content-Security-Policy and the other security headers, in one place."""

from __future__ import annotations

# Strict: no inline script or style, nothing from another origin. 'wasm-unsafe-eval' lets the search
# (Pagefind) compile its WebAssembly; unlike 'unsafe-eval' it allows no eval() or new Function().
POLICY: dict[str, str] = {
    "default-src": "'none'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' blob: mediastream:",
    "manifest-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
# Only valid as an HTTP header; in a <meta> element Chromium ignores it with a console error.
HEADER_ONLY: dict[str, str] = {"frame-ancestors": "'none'"}

HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp(header: bool = False) -> str:
    """The policy as text, for the <meta> element or (header=True) the HTTP header."""
    policy = POLICY | HEADER_ONLY if header else POLICY
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def all_headers() -> dict[str, str]:
    """Every security header a host should send, the CSP included."""
    return {"Content-Security-Policy": csp(header=True)} | HEADERS
