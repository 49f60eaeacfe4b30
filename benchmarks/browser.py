"""Debian's Chromium as the benchmarks start it: the flags this closed network needs, and a DevTools port for Lighthouse."""

from __future__ import annotations

import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.local import CHROMIUM, CHROMIUM_ARGS, free_port

from .machine import stop_process

LIGHTHOUSE_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu"]


def chromium_version() -> str:
    """The version line of the Chromium the benchmarks drive."""
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        return f"not available ({error})"


@contextmanager
def debugging_chromium() -> Iterator[int]:
    """Start headless Chromium with a DevTools port on 127.0.0.1 and a fresh profile; yield the port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        args = [
            CHROMIUM,
            *LIGHTHOUSE_ARGS,
            *(arg for arg in CHROMIUM_ARGS if arg not in LIGHTHOUSE_ARGS),
            f"--remote-debugging-port={port}",
        ]
        args += [f"--user-data-dir={profile}", "about:blank"]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError(f"{CHROMIUM} did not open its DevTools port") from None
                    time.sleep(0.2)
            yield port
        finally:
            stop_process(process, 10)
