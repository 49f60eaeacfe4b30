"""Map a function over many items in forked worker processes: the build's CPU-bound parts use every core."""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves (a fork and a pipe per worker); the real site stays serial.
MIN_ITEMS = 200

# What the forked workers run: set just before the fork, so closures and unpicklable objects need no pickling.
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def worker_start(parent: int) -> None:
    """In each worker: die with the build, leave Ctrl-C to the build, which stops the pool and cleans up.

    Without this, a worker of a killed build lives on, blocked on a pipe, and holds the caller's output open (a CI
    step never ends). The build process handles SIGINT and SIGTERM; a worker only ends when told or orphaned.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the build died before prctl: nobody would send the signal
            os._exit(1)


def workers() -> int:
    """The processes the build may use: BUILD_WORKERS, or one per core."""
    return int(os.environ.get("BUILD_WORKERS") or os.cpu_count() or 1)


def _run(index: int) -> Any:
    """One item, in a worker."""
    assert _task is not None
    function, items = _task
    return function(items[index])


def parallel_map(function: Callable[[T], R], items: Sequence[T], processes: int | None = None) -> list[R]:
    """[function(item) for item in items], spread over forked processes when that pays; results in order."""
    global _task
    processes = min(processes or workers(), len(items))
    if processes < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _task = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(
            processes, initializer=worker_start, initargs=(os.getpid(),)
        ) as pool:
            return pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (processes * 8)))
    finally:
        _task = None
