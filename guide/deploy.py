"""The header and server files for every kind of host, written from the rules of guide/security.py.

`_headers` (Netlify, Cloudflare Pages) and `.htaccess` (Apache) go into the build; the nginx include and the Caddyfile
live in the repository's deploy/ folder, outside what is served (`python -m guide.deploy` rewrites them, a test
keeps them current). Every file sends the same headers, answers unknown paths with the 404 page and never serves
a header or config file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from .languages import LANGUAGES
from .search import BUNDLE, WORKER
from .security import HEADERS as SECURITY
from .security import HSTS, IMMUTABLE, REVALIDATE, csp, header_rules, worker_csp

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# Cloudflare Pages' documented limits (https://developers.cloudflare.com/pages/platform/limits/#headers): "A _headers
# file can have a maximum of 100 header rules" and "An individual header in a _headers file can have a maximum of
# 2,000 characters". Netlify documents no lower limit for _headers (https://docs.netlify.com/routing/headers/).
MAX_RULES = 100
MAX_HEADER_CHARS = 2000
# What a host must never serve: the header files and the server configs, and any dotfile.
PRIVATE = ("_headers", ".htaccess", "nginx.conf", "Caddyfile")
GENERATED = "# Written by `python -m guide.deploy` from guide/security.py: change that file, not this one."


class HeaderLimitError(ValueError):
    """The header rules would not fit the limits of Cloudflare Pages."""


def headers_file(languages: Iterable[str] = tuple(LANGUAGES), base: str = "") -> str:
    """build/_headers (Netlify, Cloudflare Pages): the rules by page type, checked against the hosts' limits."""
    rules = header_rules(languages, WORKER, base)
    if len(rules) > MAX_RULES:
        raise HeaderLimitError(f"{len(rules)} header rules, Cloudflare Pages takes {MAX_RULES}")
    lines = [
        "# Header rules by page type (see guide/security.py); Netlify and Cloudflare Pages do not serve this file."
    ]
    for pattern, headers in rules:
        lines.append(pattern)
        for name, value in headers.items():
            line = f"  {name}: {value}"
            if len(line) > MAX_HEADER_CHARS:
                raise HeaderLimitError(f"{pattern}: {name} has {len(line)} characters, at most {MAX_HEADER_CHARS}")
            lines.append(line)
    return "\n".join(lines) + "\n"


def htaccess(base: str = "") -> str:
    """build/.htaccess (Apache, AllowOverride All, mod_headers): the 404 page, the headers, no private file.

    `base` is the site's path (/hilfe) when the build is served from a folder of that name.
    """
    lines = [
        GENERATED,
        f"ErrorDocument 404 {base}/404.html",
        "DirectoryIndex index.html",
        # Apache's own configuration denies .ht* files; the other header file gets the 404 page.
        "RedirectMatch 404 (^|/)(" + "|".join(name.replace(".", r"\.") for name in PRIVATE) + ")$",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{value}"' for name, value in SECURITY.items()]
    lines += [
        f'  Header always set Strict-Transport-Security "{HSTS}" "expr=%{{HTTPS}} == \'on\'"',
        f"  <If \"%{{REQUEST_URI}} == '{base}{WORKER}'\">",
        f'    Header always set Content-Security-Policy "{worker_csp()}"',
        "  </If>",
        "  <Else>",
        f'    Header always set Content-Security-Policy "{csp(header=True)}"',
        "  </Else>",
        f'  <If "%{{REQUEST_URI}} =~ m#^{base}/static/#">',
        f'    Header always set Cache-Control "{IMMUTABLE}"',
        "  </If>",
        "  <Else>",
        f'    Header always set Cache-Control "{REVALIDATE}"',
        "  </Else>",
        "</IfModule>",
    ]
    return "\n".join(lines) + "\n"


def _nginx_headers(csp_value: str, cache: str) -> list[str]:
    """One location's add_header lines: nginx drops inherited add_header lines in a location that has its own."""
    lines = [f'    add_header {name} "{value}" always;' for name, value in SECURITY.items()]
    lines += [
        "    add_header Strict-Transport-Security $guide_hsts always;  # empty (not sent) over HTTP",
        f'    add_header Content-Security-Policy "{csp_value}" always;',
        f'    add_header Cache-Control "{cache}" always;',
    ]
    return lines


def nginx_include() -> str:
    """deploy/nginx.conf: include it in a server block whose root is the build."""
    private = "|".join(name.replace(".", r"\.") for name in PRIVATE if not name.startswith("."))
    page = csp(header=True)
    lines = [
        GENERATED,
        "# In a server block: root /srv/guide/build; include /srv/guide/deploy/nginx.conf;",
        "index index.html;",
        "error_page 404 /404.html;",
        "charset utf-8;",
        "gzip on;",
        "gzip_types text/css application/javascript text/javascript image/svg+xml application/xml application/json;",
        'set $guide_hsts "";',
        f'if ($https = "on") {{ set $guide_hsts "{HSTS}"; }}',
        "# Dotfiles (.htaccess) and the header and config files are never served.",
        f"location ~ (^|/)(\\.|({private})$) {{ return 404; }}",
        "location / {",
        *_nginx_headers(page, REVALIDATE),
        "    try_files $uri $uri/ =404;",
        "}",
        "location /static/ {",
        *_nginx_headers(page, IMMUTABLE),
        "}",
        f"location /{BUNDLE}/ {{",
        *_nginx_headers(page, REVALIDATE),
        "}",
        f"location = {WORKER} {{",
        *_nginx_headers(worker_csp(), REVALIDATE),
        "}",
    ]
    return "\n".join(lines) + "\n"


def caddyfile() -> str:
    """deploy/Caddyfile: a whole site; GUIDE_ADDRESS (default :8080) and GUIDE_ROOT (default build) from the env."""
    tab = "\t"
    headers = [f'{tab}{tab}{name} "{value}"' for name, value in SECURITY.items()]
    lines = [
        GENERATED,
        "# caddy run --config deploy/Caddyfile; with a domain as GUIDE_ADDRESS, Caddy serves HTTPS by itself.",
        # A snippet for the site and for its error pages; its argument keeps the matchers' names apart.
        "(guide_headers) {",
        f"{tab}header {{",
        *headers,
        f"{tab}}}",
        f"{tab}@https{{args.0}} protocol https",
        f'{tab}header @https{{args.0}} Strict-Transport-Security "{HSTS}"',
        f"{tab}@worker{{args.0}} path {WORKER}",
        f'{tab}header @worker{{args.0}} Content-Security-Policy "{worker_csp()}"',
        f"{tab}@page{{args.0}} not path {WORKER}",
        f'{tab}header @page{{args.0}} Content-Security-Policy "{csp(header=True)}"',
        f"{tab}@static{{args.0}} path /static/*",
        f'{tab}header @static{{args.0}} Cache-Control "{IMMUTABLE}"',
        f"{tab}@other{{args.0}} not path /static/*",
        f'{tab}header @other{{args.0}} Cache-Control "{REVALIDATE}"',
        "}",
        "",
        "{$GUIDE_ADDRESS::8080} {",
        f"{tab}root * {{$GUIDE_ROOT:build}}",
        f"{tab}encode gzip",
        f"{tab}import guide_headers site",
        f"{tab}@private path " + " ".join(f"*/{name}" for name in PRIVATE) + " */.*",
        f"{tab}error @private 404",
        f"{tab}file_server",
        f"{tab}handle_errors {{",
        f"{tab}{tab}rewrite * /404.html",
        f"{tab}{tab}import guide_headers error",
        f"{tab}{tab}file_server",
        f"{tab}}}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_build_files(destination: Path, languages: Iterable[str] = tuple(LANGUAGES), base: str = "") -> None:
    """The header files that belong in the build: _headers and .htaccess, for the site's languages and path."""
    (destination / "_headers").write_text(headers_file(languages, base), encoding="utf-8")
    (destination / ".htaccess").write_text(htaccess(base), encoding="utf-8")


def server_files() -> dict[str, str]:
    """The files of deploy/, by name."""
    return {"nginx.conf": nginx_include(), "Caddyfile": caddyfile()}


def main() -> int:
    """Rewrite deploy/nginx.conf and deploy/Caddyfile."""
    DEPLOY.mkdir(exist_ok=True)
    for name, text in server_files().items():
        (DEPLOY / name).write_text(text, encoding="utf-8")
        print(f"wrote {DEPLOY / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
