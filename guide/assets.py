"""Fingerprinted static files: every static URL carries a hash of the static folder, /static/<hash>/css/site.css.

One hash for the whole folder, put into the static URL path when the app is made, so that url_for('static', ...)
gives hashed addresses without a change to any template, and the scripts' relative imports (init.js loads
./widgets/<name>.js, a widget loads ../demo-screens.js or ../../vendor/...) resolve inside the same hashed folder
without an import map, which the strict policy would forbid as an inline script. A change to any static file gives
every static file a new address: the folder is small, and hosts may cache each address for a year.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

IGNORED = (".map",)  # not frozen (FREEZER_STATIC_IGNORE)


def static_files(folder: Path) -> list[Path]:
    """The files under the static folder that the site serves, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(IGNORED))


def static_hash(*folders: Path) -> str:
    """Ten hex digits of SHA-256 over every static file's path and content: the engine's, then a site's own."""
    digest = hashlib.sha256()
    for folder in dict.fromkeys(f.resolve() for f in folders if f.is_dir()):
        for file in static_files(folder):
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:10]
