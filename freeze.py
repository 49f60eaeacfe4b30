"""Build a site into a static folder (build/): all or nothing, the last good build stays on any error or interruption."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sys
import time
import warnings
from pathlib import Path
from unicodedata import normalize

import rcssmin
from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning

from guide import DEFAULT_SITE_URL, SiteUrlError, create_app, site_url_is_local
from guide.buildfolder import (
    DestinationError,
    check_destination,
    locked,
    make_temporary,
    mark,
    publishable,
    remove_leftovers,
    swap_in,
)
from guide.content import ContentError
from guide.deploy import write_build_files
from guide.parallel import parallel_map
from guide.pdf import HandoutError, prerender
from guide.qr import keys
from guide.search import build_index
from guide.site import card_url_of, handout_url_of, url_of
from guide.sitefile import SiteFileError, load_site_file
from guide.views import prepare_qr_codes

ROOT = Path(__file__).resolve().parent


def minify_stylesheets(folder: Path) -> None:
    """Strip comments and spaces from the built stylesheets (rcssmin), which the first round trip of a guide counts.

    The sources keep their comments for authors; on site.css this saves about 460 bytes of gzip.
    """
    for sheet in folder.rglob("*.css"):
        sheet.write_text(rcssmin.cssmin(sheet.read_text(encoding="utf-8")), encoding="utf-8")


def write_pages(app: Flask, freezer: Freezer) -> set[str]:
    """Write every content page, handout and quick card on every core first; return their paths (the freezer skips them)."""
    site = app.extensions["guide_site"]
    guides = [page for page in site.pages if page.layout == "guide"]
    urls = (
        [url_of(page) for page in site.pages] + [handout_url_of(p) for p in guides] + [card_url_of(p) for p in guides]
    )

    def write(url: str) -> tuple[str, str | None]:
        path = freezer.root / normalize("NFC", freezer.urlpath_to_filepath(url))  # where Frozen-Flask would write
        response = app.test_client().get(url, base_url=app.config["FREEZER_BASE_URL"])
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


def freeze(destination: Path, cache: Path | None = None, site: Path | None = None) -> int:
    """Freeze a site folder (default: the repository's top level) into `destination`; return the number of pages.

    `cache` keeps PDF handouts between builds.
    """
    written: set[str] = set()
    config: dict[str, object] = {
        "FREEZER_DESTINATION": str(destination),
        "FREEZER_REMOVE_EXTRA_FILES": True,
        "FREEZER_SKIP_EXISTING": lambda url, path: path in written,  # only what write_pages wrote just now
    }
    app = create_app(config | ({"SITE_DIR": str(site)} if site else {}))
    for warning in app.extensions["guide_site"].warnings:
        print(f"warning: {warning}", file=sys.stderr)
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

    @freezer.register_generator
    def qr_images():  # type: ignore[no-untyped-def]
        for key in sorted(keys()):  # every code the guides show, encoded by prepare_qr_codes above
            yield "pages.qr_image", {"key": key}

    @freezer.register_generator
    def site_static():  # type: ignore[no-untyped-def]
        own = app.extensions["site_dir"] / "static"
        if own.is_dir() and own != Path(app.static_folder or ""):
            for file in sorted(own.rglob("*")):
                if file.is_file():
                    yield "static", {"filename": file.relative_to(own).as_posix()}

    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)  # a missing or broken URL fails the build
        urls = freezer.freeze()
    minify_stylesheets(destination / "static")
    languages = app.extensions["site_file"].languages
    write_build_files(destination, languages, app.config["BASE_PATH"])  # _headers and .htaccess, rules by page type
    build_index(destination, languages)  # the search index of each language, into pagefind/
    return sum(1 for url in urls if url.endswith("/"))


def build_cache(site: Path) -> Path | None:
    """Where rebuilds find the PDF handouts they already made: BUILD_CACHE, the site's .cache/ by default, off when empty."""
    value = os.environ.get("BUILD_CACHE", str(site / ".cache"))
    return Path(value) if value else None


class Interrupted(BaseException):
    """SIGTERM, like Ctrl-C's KeyboardInterrupt: not an Exception, so that no handler in the build swallows it."""


def on_terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the build as Ctrl-C does: the temporary folder and the workers are cleaned up."""
    raise Interrupted


def site_address(site: Path) -> str:
    """The address a build of `site` will use: SITE_URL, else the site file's url ('' if the file is unreadable)."""
    try:
        return os.environ.get("SITE_URL") or load_site_file(site).url
    except SiteFileError:
        return ""  # the build itself reports the site file's problems


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: which site, and where its build goes."""
    parser = argparse.ArgumentParser(
        prog="freeze.py",
        description="Build a site into a static folder. The build is made beside the destination and swapped in "
        "only when everything went well; the destination must be new, empty or an earlier build.",
        epilog="Environment: SITE_URL (the site's public address), BUILD_DIR (the destination if --out is not "
        "given), BUILD_CACHE (the handout cache; empty: none), BUILD_WORKERS (processes).",
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=Path(os.environ.get("SITE_DIR") or ROOT),
        metavar="DIR",
        help="the site folder with site.toml and content/ (default: SITE_DIR, or %(default)s)",
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="the destination (default: BUILD_DIR, or DIR/build)")
    return parser.parse_args(argv)


def destination_of(args: argparse.Namespace) -> Path:
    """--out, else BUILD_DIR, else the site's build/; relative to the current folder."""
    chosen = args.out or (Path(os.environ["BUILD_DIR"]) if os.environ.get("BUILD_DIR") else args.site / "build")
    return Path(os.path.abspath(chosen))


def os_message(error: OSError, destination: Path) -> str:
    """One line for a file system error: read-only, full, no permission, or what the system said."""
    where = error.filename or destination.parent
    reasons = {
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "no permission to write there",
        errno.EPERM: "no permission to write there",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return f"Build stopped: cannot write {where}: {reason}. {destination.name}/ was not changed."


def main(argv: list[str] | None = None) -> int:
    """Build into a temporary folder and swap it in only when everything went well."""
    args = parse_args(argv)
    site = Path(os.path.abspath(args.site))
    build = destination_of(args)
    if not (site / "content").is_dir():
        print(f"Build stopped: {site} is not a site folder (it has no content/ folder).", file=sys.stderr)
        return 1
    if site_url_is_local(site_address(site)):
        print(
            f"Warning: neither SITE_URL nor the site file's url is set, so the build uses {DEFAULT_SITE_URL}: QR "
            "codes, PDF handouts, the sitemap and staff links will point to this computer. Set url in site.toml "
            "(or SITE_URL=https://...) to the site's address.",
            file=sys.stderr,
        )
    started = time.perf_counter()
    temporary: Path | None = None
    previous = signal.getsignal(signal.SIGINT), signal.signal(signal.SIGTERM, on_terminate)
    try:
        check_destination(build, [ROOT, site, site / "content"])
        build.parent.mkdir(parents=True, exist_ok=True)
        with locked(build):
            remove_leftovers(build)
            temporary = make_temporary(build)
            count = freeze(temporary, build_cache(site), site if site != ROOT else None)
            mark(temporary)
            publishable(temporary)
            check_destination(build, [ROOT, site, site / "content"])  # it may have changed while we built
            swap_in(temporary, build)
            temporary = None
    except (KeyboardInterrupt, Interrupted):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up half-way
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print(f"Build interrupted. {build.name}/ was not changed.", file=sys.stderr)
        return 130
    except DestinationError as error:
        print(f"Build stopped: {error}", file=sys.stderr)
        return 1
    except ContentError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(
            f"Build stopped: {len(error.problems)} content problem(s). {build.name}/ was not changed.", file=sys.stderr
        )
        return 1
    except SiteFileError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(
            f"Build stopped: the site file has {len(error.problems)} problem(s). {build.name}/ was not changed.",
            file=sys.stderr,
        )
        return 1
    except (SiteUrlError, HandoutError) as error:
        print(f"Build stopped: {str(error).rstrip('.')}. {build.name}/ was not changed.", file=sys.stderr)
        return 1
    except OSError as error:
        print(os_message(error, build), file=sys.stderr)
        return 1
    except Exception as error:
        print(f"Build failed: {type(error).__name__}: {error}. {build.name}/ was not changed.", file=sys.stderr)
        return 1
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        signal.signal(signal.SIGINT, previous[0])  # main() may run inside another program (the tests)
        signal.signal(signal.SIGTERM, previous[1])
    print(f"Built {count} pages into {build}/ in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
