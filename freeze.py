"""Build the static site into build/: all or nothing, the last good build stays on any error."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from unicodedata import normalize

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning

from guide import SiteUrlError, create_app
from guide.content import ContentError
from guide.parallel import parallel_map
from guide.pdf import HandoutError, prerender
from guide.search import WORKER, build_index
from guide.security import headers_file, htaccess
from guide.site import card_url_of, handout_url_of, url_of
from guide.views import prepare_qr_codes

ROOT = Path(__file__).resolve().parent


def header_files(destination: Path) -> None:
    """Header files for common static hosts (Netlify and Cloudflare Pages, Apache)."""
    paths = ["/static/*"]  # not /pagefind/*, which holds the worker with its own policy
    for file in sorted(destination.rglob("*")):
        relative = file.relative_to(destination).as_posix()
        if file.is_file() and not relative.startswith(("static/", "pagefind/")):
            paths.append("/" + relative.removesuffix("index.html"))
    (destination / "_headers").write_text(headers_file(paths, WORKER), encoding="utf-8")
    (destination / ".htaccess").write_text(htaccess(WORKER), encoding="utf-8")


def write_pages(app: Flask, freezer: Freezer) -> set[str]:
    """Write every content page, handout and quick card on every core first; return their paths (the freezer skips them)."""
    site = app.extensions["guide_site"]
    guides = [page for page in site.pages if page.layout == "guide"]
    urls = (
        [url_of(page) for page in site.pages] + [handout_url_of(p) for p in guides] + [card_url_of(p) for p in guides]
    )

    def write(url: str) -> tuple[str, str | None]:
        path = freezer.root / normalize("NFC", freezer.urlpath_to_filepath(url))  # where Frozen-Flask would write
        response = app.test_client().get(url)
        if response.status_code != 200:
            return str(path), f"Unexpected status {response.status!r} on URL {url}"  # Frozen-Flask's own words
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(response.get_data())
        return str(path), None

    results = parallel_map(write, urls)
    problems = [problem for _, problem in results if problem]
    if problems:
        raise ValueError(problems[0])
    return {path for path, _ in results}


def freeze(destination: Path, cache: Path | None = None) -> int:
    """Freeze the app into `destination`; return the number of pages. `cache` keeps PDF handouts between builds."""
    written: set[str] = set()
    app = create_app(
        {
            "FREEZER_DESTINATION": str(destination),
            "FREEZER_REMOVE_EXTRA_FILES": True,
            "FREEZER_SKIP_EXISTING": lambda url, path: path in written,  # only what write_pages wrote just now
        }
    )
    with app.app_context():
        prepare_qr_codes()
    # Every PDF handout and quick card first (one worker per core), so that each guide page gives their real sizes.
    prerender(app, cache=cache / "handouts" if cache else None)
    freezer = Freezer(app, with_no_argument_rules=True, log_url_for=True)
    written |= write_pages(app, freezer)

    @freezer.register_generator
    def pages():  # type: ignore[no-untyped-def]
        for page in app.extensions["guide_site"].pages:
            if page.slug:
                yield "pages.page", {"lang": page.lang, "slug": page.slug}
                if page.layout == "guide":
                    yield "handouts.handout", {"lang": page.lang, "slug": page.slug}
                    yield "handouts.quickcard", {"lang": page.lang, "slug": page.slug}
            else:
                yield "pages.home", {"lang": page.lang}

    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)  # a missing or broken URL fails the build
        urls = freezer.freeze()
    header_files(destination)
    build_index(destination)  # the search index of each language, into pagefind/
    return sum(1 for url in urls if url.endswith("/"))


def build_cache() -> Path | None:
    """Where rebuilds find the PDF handouts they already made: BUILD_CACHE, .cache/ by default, off when empty."""
    value = os.environ.get("BUILD_CACHE", str(ROOT / ".cache"))
    return Path(value) if value else None


def main() -> int:
    """Build into a temporary folder and swap it in only when everything went well."""
    build = Path(os.environ.get("BUILD_DIR", ROOT / "build"))
    started = time.perf_counter()
    temporary = Path(tempfile.mkdtemp(prefix=".build-", dir=build.parent))
    try:
        count = freeze(temporary, build_cache())
    except ContentError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        print("\n".join(error.problems), file=sys.stderr)
        print(
            f"Build stopped: {len(error.problems)} content problem(s). {build.name}/ was not changed.", file=sys.stderr
        )
        return 1
    except SiteUrlError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"Build stopped: {error} {build.name}/ was not changed.", file=sys.stderr)
        return 1
    except HandoutError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"Build stopped: {error}. {build.name}/ was not changed.", file=sys.stderr)
        return 1
    except Exception as error:
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"Build failed: {type(error).__name__}: {error}. {build.name}/ was not changed.", file=sys.stderr)
        return 1
    old = build.with_name(build.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if build.exists():
        build.rename(old)
    temporary.rename(build)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {count} pages into {build}/ in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
