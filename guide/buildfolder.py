"""Where a build may go: a destination the build made itself, swapped in atomically, one build at a time.

The rules (README, "Where the build goes"):
- a build writes only into a folder it made: every build holds a marker file (MARKER); a destination that is not
  empty and has no marker is refused, and so is the checkout, the site folder, its content and every parent of them;
- the new build is made in a temporary sibling folder (same file system) and swapped in with one atomic exchange
  (Linux renameat2(RENAME_EXCHANGE), macOS renamex_np(RENAME_SWAP)), so `build/` never goes missing, not even
  for an instant; where neither exists, two renames (a gap of microseconds) are the fallback;
- a lock on the destination's parent folder lets one build at a time run there; a second one waits for the first;
- temporary folders of a killed build (SIGKILL leaves them) are named '.build.partial-*' and removed by the next
  build (under the lock, none of them is in use);
- what is published is world-readable: folders 0755, files 0644, whatever the umask.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".guide-build"  # in every build and every temporary build folder
MARKER_TEXT = "Made by the guide portal's freeze.py. A build may replace this folder; nothing else may be in it.\n"
AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h
RENAME_SWAP = 2  # macOS sys/stdio.h


class DestinationError(Exception):
    """The destination may not be built into; the message says why and what to do."""


def temporary_prefix(destination: Path) -> str:
    """The name start of the destination's temporary folders: '.build.partial-' for build/."""
    return f".{destination.name}.partial-"


def check_destination(destination: Path, protected: list[Path]) -> None:
    """Refuse a destination that is not a previous build, empty or new, or that is or holds a protected folder."""
    if destination.is_symlink():
        raise DestinationError(f"{destination} is a symbolic link: give the folder itself, or a new one.")
    target = destination.resolve()
    for folder in protected:
        folder = folder.resolve()
        if target == folder or target in folder.parents:
            raise DestinationError(
                f"{destination} is or holds {folder}: a build there would replace it. Choose a new folder, like "
                f"{folder / 'build'}."
            )
    if destination.exists() and not destination.is_dir():
        raise DestinationError(f"{destination} is a file, not a folder: choose a new folder.")
    if destination.is_dir() and not (destination / MARKER).is_file() and any(destination.iterdir()):
        raise DestinationError(
            f"{destination} holds files that are not a build of this portal (no {MARKER} file in it): nothing was "
            "deleted. Choose a new or empty folder, or move those files away yourself."
        )


@contextmanager
def locked(destination: Path) -> Iterator[None]:
    """Hold the lock of the destination's parent folder: a second build there waits, with a message, for the first.

    The lock is flock() on the folder itself, not on a lock file: nothing is left behind, and the kernel frees it
    when the build ends, however it ends (SIGKILL included).
    """
    descriptor = os.open(destination.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build into {destination} is running: waiting for it to finish.", file=sys.stderr)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the last descriptor frees the lock


def remove_leftovers(destination: Path) -> list[Path]:
    """Remove the temporary folders of killed builds (only under the lock: none of them is in use); return them."""
    removed = []
    for folder in destination.parent.glob(temporary_prefix(destination) + "*"):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def make_temporary(destination: Path) -> Path:
    """A new temporary folder beside the destination, on the same file system (for the swap)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=temporary_prefix(destination), dir=destination.parent))


def mark(folder: Path) -> None:
    """Mark a finished build as one: a later build may replace it (written last: the freezer removes extra files)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def publishable(folder: Path) -> None:
    """Folders 0755, files 0644: web servers run as another user (mkdtemp makes 0700, a umask may take more)."""
    folder.chmod(0o755)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def _exchange_function():  # type: ignore[no-untyped-def]
    """The C function that swaps two paths atomically, with its flag, or None."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if hasattr(libc, "renameat2"):
        function = libc.renameat2

        def exchange(a: bytes, b: bytes) -> int:
            return function(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)

        return exchange
    if hasattr(libc, "renamex_np"):
        function = libc.renamex_np
        return lambda a, b: function(a, b, RENAME_SWAP)
    return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system or file system cannot."""
    function = _exchange_function()
    if function is None:
        return False
    if function(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # e.g. a file system without the exchange
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(new: Path, destination: Path) -> None:
    """Put `new` at `destination` with no moment without a build; remove the build it replaces."""
    if not destination.exists():
        new.rename(destination)
        return
    if (destination / MARKER).is_file() or not any(destination.iterdir()):
        if not exchange(new, destination):  # the fallback: two renames, a gap of microseconds
            old = new.with_name(new.name + "-old")
            destination.rename(old)
            new.rename(destination)
            new = old
        shutil.rmtree(new, ignore_errors=True)  # the old build, now at the temporary name
        return
    raise DestinationError(f"{destination} changed during the build and is no longer a build: it was kept.")
