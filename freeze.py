"""Build a site into a static folder (build/): all or nothing, the last good build stays on any error or interruption."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import shutil
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import Any
from unicodedata import normalize

import rcssmin
from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning

from guide import DEFAULT_SITE_URL, SiteUrlError, create_app, pdf, site_url_is_local
from guide.buildcache import (
    Store,
    digest,
    engine_version,
    link,
    load_pickle,
    pages_digest,
    save_pickle,
    site_inputs,
    write_whole,
)
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
from guide.content import ContentError, Page
from guide.deploy import write_build_files
from guide.parallel import parallel_map
from guide.pdf import CARD, HandoutError, prerender
from guide.qr import key_of, svg_file
from guide.search import build_index, vocabulary_of, words_of
from guide.site import Site, card_url_of, handout_url_of, url_of
from guide.sitefile import SiteFileError, load_site_file
from guide.views import prepare_qr_codes

ROOT = Path(__file__).resolve().parent
LAST_BUILD: dict[str, int] = {}  # what the last freeze() rendered and what it took from the cache


def minify_stylesheets(folder: Path) -> None:
    """Strip comments and spaces from the built stylesheets (rcssmin), which the first round trip of a guide counts.

    The sources keep their comments for authors; on site.css this saves about 460 bytes of gzip.
    """
    for sheet in folder.rglob("*.css"):  # written under another name and renamed: never into a linked file
        write_whole(sheet, rcssmin.cssmin(sheet.read_text(encoding="utf-8")).encode("utf-8"))


class RestFreezer(Freezer):
    """Frozen-Flask for what write_pages leaves: every address of the endpoints it writes is written already."""

    WRITTEN = frozenset({"pages.page", "pages.home", "handouts.handout", "handouts.quickcard", "pages.qr_image"})

    def _check_endpoints(self, seen_endpoints: set[str]) -> None:
        """Frozen-Flask warns of an endpoint it froze nothing for (an error in this build); these were written."""
        super()._check_endpoints(seen_endpoints | self.WRITTEN)


def remove_extra_files(folder: Path, kept: set[str]) -> None:
    """Remove what an earlier build left in `folder` and this one did not write, as Frozen-Flask would."""
    for file in [path for path in folder.rglob("*") if path.is_file() and str(path) not in kept]:
        file.unlink()
        with contextlib.suppress(OSError):
            file.parent.rmdir()


def keep_frozen(freezer: Freezer, store: Store, shared: str, frozen: dict[str, str]) -> None:
    """Keep what Frozen-Flask wrote: static files, the sitemap, the chooser, the 404 page.

    They depend on the shared inputs alone, so a rebuild that shares them links these files instead of freezing
    them again.
    """
    root, entries = freezer.root, []
    for path, url in sorted(frozen.items()):
        key = digest(shared, "frozen", url)
        store.put(key, Path(path).read_bytes())
        entries.append((url, str(Path(path).relative_to(root)), key))
    store.remember(digest(shared, "frozen"), entries)


def link_frozen(freezer: Freezer, store: Store, shared: str) -> dict[str, str] | None:
    """Link what an earlier build froze with the same shared inputs; None if the cache does not hold all of it."""
    entries = store.recall(digest(shared, "frozen"))
    if not entries or any(store.get(key) is None for _, _, key in entries):
        return None
    linked = {}
    for url, relative, key in entries:
        path = freezer.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        store.place(key, path)
        linked[str(path)] = url
    return linked


def shared_key(app: Flask) -> str:
    """What every page, handout and quick card of this build depends on besides its own page file (buildcache)."""
    site = app.extensions["guide_site"]
    return digest(
        engine_version(),
        site_inputs(app.extensions["site_dir"], Path(app.config["CONTENT_DIR"])),
        app.static_url_path or "",
        app.config["SITE_URL"],
        app.config["FREEZER_BASE_URL"],
        f"{pdf.render_all.__module__}.{pdf.render_all.__qualname__}",  # a benchmark's stand-in is another renderer
        pages_digest(site.pages),
    )


def pdf_keys(site: Site, shared: str) -> dict[tuple[str, str], str]:
    """The build-cache key of each guide's handout and quick card: the guide's page file and the shared inputs."""
    found = {}
    for page in site.pages:
        if page.layout == "guide":
            found[page.lang, page.slug] = digest(shared, "handout", handout_url_of(page), page.source)
            found[page.lang, page.slug + CARD] = digest(shared, "card", card_url_of(page), page.source)
    return found


def page_key(app: Flask, page: Page, shared: str) -> str:
    """The build-cache key of a page: its page file, the shared inputs, and the sizes of the PDFs it shows."""
    sizes = []
    if page.layout == "guide":
        known = app.extensions["handout_sizes"]
        sizes = [str(known[page.lang, page.slug]), str(known[page.lang, page.slug + CARD])]
    return digest(shared, "page", url_of(page), page.source, *sizes)


def write_pages(
    app: Flask, freezer: Freezer, store: Store | None, shared: str, pdfs: Path | None = None
) -> dict[str, str]:
    """Write every content page, handout, quick card and QR image first; return their paths and addresses.

    A page whose key the build cache holds, and whose words split as they did, is linked from the cache; the
    others are rendered on every core and kept there. The handouts and codes are in memory already; `pdfs`, the
    folder of cached handouts, holds each handout's file, which is linked instead of written again.
    """
    site = app.extensions["guide_site"]
    stats = app.extensions["build_stats"]

    root = str(freezer.root)
    folders: set[str] = set()

    def target(url: str) -> str:
        """Where Frozen-Flask would write `url`, its folder made (string joins: a rebuild asks for thousands)."""
        path = os.path.join(root, normalize("NFC", freezer.urlpath_to_filepath(url)))
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        return path

    written: dict[str, str] = {}
    handouts, names = app.extensions["handouts"], app.extensions["handout_names"]
    for page in site.pages:
        if page.layout == "guide":
            for url, key in ((handout_url_of(page), page.slug), (card_url_of(page), page.slug + CARD)):
                path = target(url)
                if pdfs:
                    link(pdfs / f"{names[page.lang, key]}.pdf", path)
                else:
                    Path(path).write_bytes(handouts[page.lang, key])  # no cache: every PDF is in memory
                written[str(path)] = url
    for address in app.extensions["qr_codes"]:
        url = f"/qr/{key_of(address)}.svg"
        if store:  # a link is cheaper than a write; the file depends on the address and the engine alone
            key = digest(engine_version(), "QR image", address)
            if store.get(key) is None:
                store.put(key, svg_file(address).encode("utf-8"))
            store.place(key, target(url))
        else:
            Path(target(url)).write_text(svg_file(address), encoding="utf-8")
        written[str(target(url))] = url

    todo: list[tuple[Page, str]] = []
    with app.app_context():  # each made once, before the workers fork
        vocabularies = {lang: vocabulary_of(lang) for lang in site.languages}
    keys = {id(page): page_key(app, page, shared) for page in site.pages}
    notes = {id(page): store.get(keys[id(page)]) for page in site.pages} if store else {}
    resplit: dict[str, set[str]] = {}  # per language: the words of cached pages that now split otherwise
    for lang, known in vocabularies.items():
        before = store.recall(f"vocabulary {lang}") if store else None
        cached = [notes[id(p)] for p in site.pages if p.lang == lang and notes.get(id(p)) is not None]
        resplit[lang] = known.split_differently(before or frozenset(), set().union(*cached)) if cached else set()
        if store:
            store.remember(f"vocabulary {lang}", known.known)
    for page in site.pages:
        note = notes.get(id(page))
        if store and note is not None and not note & resplit[page.lang]:
            store.place(keys[id(page)], target(url_of(page)))
            written[str(target(url_of(page)))] = url_of(page)
        else:
            todo.append((page, keys[id(page)]))

    def write(item: tuple[Page, str]) -> tuple[str, str, Any, str | None]:
        page, key = item
        url, path = url_of(page), target(url_of(page))
        response = app.test_client().get(url, base_url=app.config["FREEZER_BASE_URL"])
        if response.status_code != 200:
            return str(path), key, None, f"Unexpected status {response.status!r} on URL {url}"  # Frozen-Flask's words
        body = response.get_data()
        if store is None:
            Path(path).write_bytes(body)
            return str(path), key, None, None
        note = words_of(body.decode("utf-8"))
        store.put(key, body)
        store.place(key, path)
        return str(path), key, note, None

    results = parallel_map(write, todo)
    problems = [problem for *_, problem in results if problem]
    if problems:
        raise ValueError(problems[0])
    for (page, _), (path, key, note, _) in zip(todo, results, strict=True):
        written[path] = url_of(page)
        if store is not None:
            store.remember(key, frozenset(map(sys.intern, note)))  # pickled once per word, not per page
    stats["pages"], stats["pages rendered"] = len(site.pages), len(todo)
    return written


def freeze(destination: Path, cache: Path | None = None, site: Path | None = None) -> int:
    """Freeze a site folder (default: the repository's top level) into `destination`; return the number of pages.

    `cache` keeps Markdown, QR codes, pages and PDF handouts between builds (guide/buildcache.py).
    """
    written: dict[str, str] = {}
    config: dict[str, object] = {
        "FREEZER_DESTINATION": str(destination),
        "FREEZER_REMOVE_EXTRA_FILES": False,  # it would remove what write_pages wrote; see remove_extra_files
        "FREEZER_SKIP_EXISTING": lambda url, path: path in written,  # only what write_pages wrote just now
    }
    if cache:
        config["BUILD_CACHE"] = str(cache)
    had_files = destination.is_dir() and any(destination.iterdir())  # an earlier build: what is gone goes
    app = create_app(config | ({"SITE_DIR": str(site)} if site else {}))
    stats: dict[str, int] = app.extensions.setdefault("build_stats", LAST_BUILD)
    stats.clear()
    for warning in app.extensions["guide_site"].warnings:
        print(f"warning: {warning}", file=sys.stderr)
    store = Store(cache / "pages") if cache else None
    shared = shared_key(app)
    qr_file = cache / f"qr-{engine_version()[:16]}.pickle" if cache else None
    known = (load_pickle(qr_file) or {}) if qr_file else {}
    with app.app_context():
        codes = app.extensions["qr_codes"] = prepare_qr_codes(known)
    if qr_file and codes != known:
        for old in qr_file.parent.glob("qr-*.pickle"):
            old.unlink()
        save_pickle(qr_file, codes)
    stats["QR codes"], stats["QR codes encoded"] = len(codes), len(set(codes) - set(known))
    # Every PDF handout and quick card first (one worker per core), so that each guide page gives their real sizes.
    by_page = pdf_keys(app.extensions["guide_site"], shared)
    names = {key: name for key, page_key in by_page.items() if store and (name := store.recall(page_key))}
    prerender(app, cache=cache / "handouts" if cache else None, known=names)
    for key, name in app.extensions["handout_names"].items():
        if store:
            store.remember(by_page[key], name)
    stats["PDFs"], stats["PDFs made again"] = len(by_page), app.extensions["handouts_rendered"]
    freezer = RestFreezer(app, with_no_argument_rules=True, log_url_for=True)
    written |= write_pages(app, freezer, store, shared, cache / "handouts" if cache else None)

    @freezer.register_generator
    def site_static():  # type: ignore[no-untyped-def]
        own = app.extensions["site_dir"] / "static"
        if own.is_dir() and own != Path(app.static_folder or ""):
            for file in sorted(own.rglob("*")):
                if file.is_file():
                    yield "static", {"filename": file.relative_to(own).as_posix()}

    frozen = link_frozen(freezer, store, shared) if store else None
    if frozen is None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FrozenFlaskWarning)  # a missing or broken URL fails the build
            frozen = {str(freezer.root / page.path): page.url for page in freezer.freeze_yield()}
        minify_stylesheets(destination / "static")
        if store:
            keep_frozen(freezer, store, shared, {path: url for path, url in frozen.items() if path not in written})
    if had_files:
        remove_extra_files(destination, set(written) | set(frozen))
    urls = set(frozen.values()) | set(written.values())
    languages = app.extensions["site_file"].languages
    write_build_files(destination, languages, app.config["BASE_PATH"])  # _headers and .htaccess, rules by page type
    build_index(destination, languages)  # the search index of each language, into pagefind/
    if store:
        store.save()
    return sum(1 for url in urls if url.endswith("/"))


def cache_summary(stats: dict[str, int]) -> str:
    """One line on what the build made and what it took from the cache."""
    return (
        f"Rendered {stats['pages rendered']} of {stats['pages']} content pages, made {stats['PDFs made again']} of "
        f"{stats['PDFs']} PDFs and encoded {stats['QR codes encoded']} of {stats['QR codes']} QR codes; "
        "the rest came from the build cache."
    )


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
    print(cache_summary(LAST_BUILD))
    return 0


if __name__ == "__main__":
    sys.exit(main())
