"""Live reload for `make serve`: watch the sources, rebuild what changed, tell the open browsers by server-sent events.

Only in serve mode (`python -m guide`): the frozen site has no trace of it. A poll of file times (no dependency,
works on every file system) finds a change; content, the site file, contacts and labels rebuild the Site (an error
keeps the last good one and is shown in the browser and the terminal as `path:line: message`), a catalog is
compiled again, a template or static file only empties the page cache. The search index follows in a background
thread. Pages are rendered again only when a browser asks for them.
"""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, Response, current_app, send_file, url_for

from .content import ContentError

bp = Blueprint("livereload", __name__, url_prefix="/__livereload")
SCRIPT = Path(__file__).resolve().parent / "livereload.js"
POLL = 0.1  # seconds between two looks at the files' times
INDEX_DELAY = 2.0  # seconds after a change before the search index is rebuilt
HEARTBEAT = 15.0  # seconds: a comment line keeps proxies from closing a quiet stream
ERROR_TITLE = "The site has content errors; the last good version is served until they are fixed"


class State:
    """The version the browsers should show and the content errors, if any; waiters wake on every change."""

    def __init__(self) -> None:
        """Version 0, no errors."""
        self.version = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()

    def publish(self, errors: list[str]) -> None:
        """A new version (or new errors): wake every open event stream."""
        with self.changed:
            self.version += 1
            self.errors = errors
            self.changed.notify_all()

    def message(self) -> str:
        """The event the browsers get: the version and the errors."""
        return json.dumps({"version": self.version, "errors": self.errors, "title": ERROR_TITLE})

    def wait(self, version: int, timeout: float) -> bool:
        """Wait until the version differs from `version`; False after `timeout` seconds."""
        with self.changed:
            return self.changed.wait_for(lambda: self.version != version, timeout)


def snapshot(roots: list[Path]) -> dict[Path, float]:
    """Every watched file with its modification time."""
    found: dict[Path, float] = {}
    for root in roots:
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for file in files:
            try:
                found[file] = file.stat().st_mtime_ns
            except FileNotFoundError:  # removed while we looked
                continue
    return found


def changes(before: dict[Path, float], after: dict[Path, float]) -> set[Path]:
    """Files added, removed or saved between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def compile_catalog(po: Path) -> None:
    """Compile one saved .po file to its .mo beside it, as `pybabel compile` does."""
    with po.open("rb") as source:
        catalog = read_po(source)
    with po.with_suffix(".mo").open("wb") as target:
        write_mo(target, catalog)


class LiveReload:
    """The watcher thread of one app and what it does on a change."""

    def __init__(self, app: Flask, rebuild: Callable[[Flask], Any], watched: dict[str, list[Path]]) -> None:
        """`rebuild(app)` gives a new Site or raises ContentError; `watched` names the roots of each kind."""
        self.app = app
        self.rebuild = rebuild
        self.watched = watched
        self.state = State()
        self.index = SearchIndex(app)
        self.times = {kind: snapshot(roots) for kind, roots in watched.items()}
        self.searching = False

    def start(self, search: bool = True) -> None:
        """Watch in a daemon thread; build the first search index in another (search=False: no index at all)."""
        self.searching = search
        threading.Thread(target=self.watch, name="livereload", daemon=True).start()
        if search:
            self.index.request()

    def watch(self) -> None:
        """Look at the files' times for ever; act on each change."""
        while True:
            time.sleep(POLL)  # the watcher's own pace, in the server process; tests wait for states
            self.check()

    def check(self) -> set[str]:
        """One look: act on what changed; return the kinds that changed."""
        changed: dict[str, set[Path]] = {}
        for kind, roots in self.watched.items():
            now = snapshot(roots)
            found = changes(self.times[kind], now)
            self.times[kind] = now
            if found:
                changed[kind] = found
        if changed:
            self.apply(changed)
        return set(changed)

    def apply(self, changed: dict[str, set[Path]]) -> None:
        """Compile catalogs, rebuild the site if its sources changed, empty the caches, tell the browsers."""
        started = time.perf_counter()
        for po in sorted(p for p in changed.get("catalogs", set()) if p.suffix == ".po"):
            try:
                compile_catalog(po)
            except Exception as error:  # a half-saved catalog: say so, keep the old one
                self.report([f"{po}:1: {error}"])
                return
        if "catalogs" in changed:
            self.times["catalogs"] = snapshot(self.watched["catalogs"])  # the .mo files just written
            babel = self.app.extensions.get("babel")
            if babel is not None:
                babel.domain_instance.cache.clear()
        if changed.keys() & {"content", "catalogs"}:
            try:
                site = self.rebuild(self.app)
            except ContentError as error:
                self.report(error.problems)
                return
            self.app.extensions["guide_site"] = site
        self.app.extensions.pop("rendered_pages", None)  # rendered again when a browser asks for them
        self.app.extensions.pop("rendered_widgets", None)
        before = self.app.extensions.setdefault("handouts_before_reload", {})
        before.update(self.app.extensions.pop("handouts", {}))  # their sizes, until a PDF is asked for (pdf.py)
        self.app.extensions.pop("handout_sizes", None)  # a build's, not this serve's
        self.app.extensions.pop("handout_files", None)
        names = ", ".join(sorted(str(p.name) for paths in changed.values() for p in paths)[:5])
        print(f"Reloaded after a change to {names} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
        self.state.publish([])
        if self.searching and changed.keys() & {"content", "catalogs", "templates"}:
            self.index.request()

    def report(self, problems: list[str]) -> None:
        """A content error: the terminal and every open browser get each `path:line: message`."""
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} content problem(s); serving the last good version.", file=sys.stderr)
        self.state.publish(problems)


class SearchIndex:
    """The serve mode's search index: the pages written to a folder and indexed by Pagefind, in the background."""

    def __init__(self, app: Flask) -> None:
        """No index yet; one build at a time, and one more if asked while building."""
        self.app = app
        self.wanted = threading.Event()
        self.lock = threading.Lock()
        self.folder: Path | None = None
        atexit.register(self.remove)

    def remove(self) -> None:
        """Remove the last index when the server stops."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def request(self) -> None:
        """Ask for a new index; it is built in a background thread."""
        self.wanted.set()
        if self.lock.acquire(blocking=False):
            threading.Thread(target=self.run, name="search-index", daemon=True).start()

    def run(self) -> None:
        """Build while asked to; the bundle route answers from the last finished index."""
        try:
            while self.wanted.is_set():
                # Let the browsers' reloads go first: the index renders every page, in this process.
                time.sleep(INDEX_DELAY)
                self.wanted.clear()
                self.build()
        finally:
            self.lock.release()

    def build(self) -> None:
        """Write every page as the build would and run Pagefind over them; swap the folder in when done."""
        from .search import BUNDLE, build_index
        from .site import url_of

        folder = Path(tempfile.mkdtemp(prefix="guide-serve-search-"))
        try:
            client = self.app.test_client()
            for page in self.app.extensions["guide_site"].pages:
                target = folder / url_of(page).strip("/") / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(client.get(url_of(page)).get_data())
            build_index(folder)
        except Exception as error:  # the search is a convenience in serve mode; the pages never wait for it
            print(f"The search index was not rebuilt: {error}", file=sys.stderr)
            shutil.rmtree(folder, ignore_errors=True)
            return
        old, self.folder = self.folder, folder
        self.app.config["SEARCH_BUILD_DIR"] = str(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        print(f"Search index ready ({BUNDLE}/).", file=sys.stderr)


@bp.app_template_global("livereload_script")
def livereload_script() -> str:
    """The script's address with the version this page is rendered at: a change before it connects still counts."""
    return url_for("livereload.script", version=current_app.extensions["livereload"].state.version)


@bp.route("/script.js")
def script() -> Response:
    """The small module that listens for changes; allowed by the strict policy as a script of this origin."""
    return send_file(SCRIPT, mimetype="text/javascript", max_age=0)


@bp.route("/events")
def events() -> Response:
    """Server-sent events: the current state at once, then one event for each new version."""
    state: State = current_app.extensions["livereload"].state

    def stream() -> Iterator[str]:
        version = state.version
        yield f"data: {state.message()}\n\n"
        while True:
            if state.wait(version, HEARTBEAT):
                version = state.version
                yield f"data: {state.message()}\n\n"
            else:
                yield ": still here\n\n"

    return Response(stream(), mimetype="text/event-stream", headers={"X-Accel-Buffering": "no"})


def init_app(app: Flask, rebuild: Callable[[Flask], Any], watched: dict[str, list[Path]]) -> LiveReload:
    """Turn live reload on for a serve-mode app: the routes, the script tag (LIVE_RELOAD) and the watcher."""
    app.config["LIVE_RELOAD"] = True
    app.jinja_env.auto_reload = True  # a saved template is read again
    app.register_blueprint(bp)
    reload = LiveReload(app, rebuild, watched)
    app.extensions["livereload"] = reload
    return reload
