"""The built site on 127.0.0.1 as a static host serves it: gzip for text, the rules of _headers, 404.html when missing.

The browser tests and the benchmarks both use it, so the tests see the headers a real host would send.
"""

from __future__ import annotations

import functools
import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from tests.local import free_port

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
EXTRA_TYPES = {
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
}


def site_headers(root: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of build/_headers: each path pattern with its headers, as Netlify or Cloudflare Pages read them."""
    file = root / "_headers"
    rules: list[tuple[str, dict[str, str]]] = []
    if not file.exists():
        return rules
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif line.startswith((" ", "\t")) and ":" in line and rules:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """The headers of every rule that matches the path: exactly, or up to a trailing '*'."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            found |= headers
    return found


class GzipStaticHost(SimpleHTTPRequestHandler):
    """Serve a folder like a static host or CDN: index.html for folders, gzip -6 for text, keep-alive."""

    protocol_version = "HTTP/1.1"
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def __init__(
        self,
        *args: Any,
        headers: list[tuple[str, dict[str, str]]],
        cache: dict[str, bytes],
        prefix: str = "",
        **kwargs: Any,
    ) -> None:
        """Remember the rules of _headers, the shared cache of compressed bodies and the site's path."""
        self.site_headers = headers
        self.gzip_cache = cache
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def send_head(self) -> io.BytesIO | None:  # type: ignore[override]
        """Answer with the file (or the site's 404 page), gzip-compressed when the client accepts it."""
        local = Path(self.translate_path(self.path))
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        if local.is_dir() and not address.endswith("/"):
            return super().send_head()  # the redirect to the address with a slash
        if local.is_dir():
            local = local / "index.html"
        status = 200
        if not local.is_file():
            status, local = 404, Path(self.directory) / self.prefix.lstrip("/") / "404.html"
            if not local.is_file():
                self.send_error(404)
                return None
        body = local.read_bytes()
        kind = self.guess_type(str(local))
        compressed = kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compressed:
            key = f"{local}:{local.stat().st_mtime_ns}"  # a file changed by a test is compressed anew
            if key not in self.gzip_cache:
                self.gzip_cache[key] = gzip.compress(body, 6)
            body = self.gzip_cache[key]
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        if kind.startswith(COMPRESSIBLE):
            self.send_header("Vary", "Accept-Encoding")
        for name, value in headers_for(self.site_headers, address.removeprefix(self.prefix)).items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path, port: int = 0, headers: bool = True, prefix: str = "") -> Iterator[str]:
    """Serve `root` on 127.0.0.1 in a background thread; yield its origin, stop on exit. headers=False: no _headers.

    `prefix`: the site lives in root/<prefix>/ and is reached at /<prefix>/, as a host serves a build in a folder;
    its _headers and 404.html are that folder's, and its rules apply to paths below the prefix.
    """
    rules = site_headers(root / prefix.lstrip("/")) if headers else []
    handler = functools.partial(GzipStaticHost, directory=str(root), headers=rules, cache={}, prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
