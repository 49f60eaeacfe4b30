"""The build cache in .cache/: rendered pages, handouts, QR codes and Markdown, kept under what they depend on.

A rebuild renders only what its inputs changed. Every cached file is stored under a key, the SHA-256 of
everything it depends on, so an entry is either exactly right or never found:

- the engine: every file of guide/ (code, templates, catalogs) and freeze.py, the versions of the libraries
  that render, and the static folders' hash (it is in every page's addresses);
- the site: its site file, its own templates/ and static/, every content file that is not a page (contacts,
  labels), the site address, and what renders the PDFs (a benchmark's stand-in is another renderer);
- every page's front matter, address and step titles (a start page, the staff pages and the sitemap list
  other pages by them);
- the output's own page file, and for a guide page the sizes of its PDFs, which it shows.

A page also shows the parts of compounds that the search finds (guide/search.py), split by the words of every
page of its language. So each cached page keeps the words it holds and how they split; an entry whose words now
split differently is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ENGINE = Path(__file__).resolve().parent
ROOT = ENGINE.parent
LIBRARIES = (
    "flask",
    "flask-babel",
    "babel",
    "jinja2",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "pyyaml",
    "rcssmin",
    "segno",
    "weasyprint",
    "zxing-cpp",
)
SKIPPED = ("__pycache__", ".pyc")  # made by Python from the files that are hashed


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each ended by a zero byte so that ('ab', 'c') and ('a', 'bc') differ."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update((part.encode("utf-8") if isinstance(part, str) else part) + b"\0")
    return sha.hexdigest()


def files_digest(files: Iterable[Path], base: Path) -> str:
    """SHA-256 over the paths (relative to `base`) and contents of `files`, in a stable order."""
    sha = hashlib.sha256()
    for file in sorted(files):
        if file.is_file() and not any(part in SKIPPED or part.endswith(SKIPPED) for part in file.parts):
            sha.update(file.relative_to(base).as_posix().encode("utf-8") + b"\0")
            sha.update(hashlib.sha256(file.read_bytes()).digest())
    return sha.hexdigest()


def library_versions() -> str:
    """The installed versions of the libraries that render pages, PDFs and codes."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return " ".join(found)


_engine: list[str] = []


def engine_version() -> str:
    """The engine's fingerprint: its files and the libraries' versions (read once per process)."""
    if not _engine:
        files = [*ENGINE.rglob("*"), ROOT / "freeze.py"]
        _engine.append(digest(files_digest(files, ROOT), library_versions()))
    return _engine[0]


def site_inputs(site_dir: Path, content_dir: Path) -> str:
    """The site's own inputs besides its pages: the site file, its templates, and content files that are no page."""
    files = [site_dir / "site.toml", *(site_dir / "templates").rglob("*")]
    files += [file for file in content_dir.rglob("*") if file.suffix != ".md"]
    return digest(
        files_digest([f for f in files if f.is_relative_to(site_dir)], site_dir),
        files_digest([f for f in files if not f.is_relative_to(site_dir)], content_dir),
    )


def pages_digest(pages: Iterable[Any]) -> str:
    """What every page shows of the others: front matter, address, layout and step titles of each page."""
    shown = [
        (page.path, page.lang, page.slug, json.dumps(page.meta, sort_keys=True, default=str), page.steps)
        for page in pages
    ]
    return digest(json.dumps(sorted(shown), default=str))


class Store:
    """Files kept under their keys in one folder, with a small index of what each key needs to stay valid."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.root = str(folder)
        self.index_file = folder / "index.pickle"
        try:
            self.index: dict[str, Any] = pickle.loads(self.index_file.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            self.index = {}  # no cache yet, or one of another version: everything is rendered
        self.used: set[str] = set()
        self.changed = False

    def path(self, key: str) -> str:
        """Where the file of `key` is kept (a string: a rebuild asks for thousands, pathlib is slow at that)."""
        return os.path.join(self.root, key[:2], key)

    def get(self, key: str) -> Any | None:
        """What the index keeps beside the file of `key` (None: not cached)."""
        if key in self.index and os.path.isfile(self.path(key)):
            self.used.add(key)
            return self.index[key]
        return None

    def recall(self, key: str) -> Any | None:
        """The note kept under `key` without a file of its own (None: none)."""
        if key in self.index:
            self.used.add(key)
        return self.index.get(key)

    def remember(self, key: str, note: Any) -> None:
        """Keep a note under `key`, without a file."""
        self.changed |= self.index.get(key) != note
        self.index[key] = note
        self.used.add(key)

    def put(self, key: str, data: bytes, note: Any = True) -> None:
        """Keep `data` under `key` (written whole, then renamed), with `note` in the index."""
        write_whole(Path(self.path(key)), data)
        self.remember(key, note)

    def place(self, key: str, destination: str | Path) -> None:
        """Put the file of `key` at `destination` (its folder exists): see link."""
        link(self.path(key), destination)

    def save(self) -> None:
        """Keep only this build's entries and write the index (the folder does not grow build after build)."""
        for key in set(self.index) - self.used:
            Path(self.path(key)).unlink(missing_ok=True)
            del self.index[key]
            self.changed = True
        if not self.changed:
            return
        write_whole(self.index_file, pickle.dumps(self.index, protocol=pickle.HIGHEST_PROTOCOL))


def link(source: str | Path, destination: str | Path) -> None:
    """Put `source` at `destination`: a hard link, or a copy across file systems.

    A build never writes into a file it linked: every file of the cache and the build is written whole under
    another name and renamed, so a link shares bytes that do not change.
    """
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def load_pickle(path: Path) -> Any | None:
    """A pickled object, or None when the file is missing or unreadable (another version made it)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None


def save_pickle(path: Path, value: Any) -> None:
    """Write an object whole, then rename it into place."""
    write_whole(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def write_whole(path: Path, data: bytes) -> None:
    """Write a file under another name, then rename it: a reader (or a build linked to it) never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
