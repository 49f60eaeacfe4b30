"""Requests per second and latency of one guide page from the Flask app under gunicorn, loaded by wrk on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.local import free_port

from .machine import stop_process

ROOT = Path(__file__).resolve().parent.parent
DURATION = 10  # seconds of load
CONNECTIONS = 8
MAX_REQUESTS = 200_000  # wrk stops earlier when it has this many answers
WORKERS = os.cpu_count() or 2
# wrk answers every response through this script, which stops the thread after MAX_REQUESTS answers.
STOP_AFTER = """\
local answers = 0
local limit = tonumber(os.getenv("WRK_MAX_REQUESTS") or "200000")
response = function(status, headers, body)
  answers = answers + 1
  if answers >= limit then wrk.thread:stop() end
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Load:
    """What wrk measured."""

    server: str
    path: str
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: str


def milliseconds(text: str) -> float:
    """wrk's '1.23ms', '456.00us' or '1.02s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS[match[2]]


def parse_wrk(output: str, server: str, path: str) -> Load:
    """Requests, duration, rate, p50, p99 and errors from `wrk --latency` output."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not (done and rate and "50" in percentiles and "99" in percentiles):
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    errors = re.findall(r"(Socket errors: .*|Non-2xx or 3xx responses: \d+)", output)
    seconds = milliseconds(done[2] + done[3]) / 1000
    return Load(
        server,
        path,
        int(done[1]),
        seconds,
        float(rate[1]),
        milliseconds(percentiles["50"]),
        milliseconds(percentiles["99"]),
        "; ".join(errors) or "none",
    )


def wait_until_up(url: str, timeout: float = 60) -> None:
    """Poll `url` until it answers 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.3)


def gunicorn_version() -> str:
    """The installed gunicorn version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gunicorn")
    except PackageNotFoundError:
        return "not installed"


def load_guide_page(path: str) -> Load:
    """Serve the app with gunicorn (sync workers, one per core) and load `path` with wrk for DURATION seconds."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is missing (make bench installs Debian's wrk)")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    command += ["--log-level", "warning", "guide:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "SITE_URL": origin})
    try:
        wait_until_up(origin + path, timeout=120)
        for _ in range(4 * WORKERS):  # each worker renders the page's PDF handout once, on its first request
            wait_until_up(origin + path)
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(STOP_AFTER)
            script.flush()
            args = [wrk, "--threads", "1", "--connections", str(CONNECTIONS), "--duration", f"{DURATION}s"]
            args += ["--timeout", "5s", "--latency", "--script", script.name, origin + path]
            env = {**os.environ, "WRK_MAX_REQUESTS": str(MAX_REQUESTS)}
            output = subprocess.run(
                args, capture_output=True, text=True, check=True, env=env, timeout=DURATION + 30
            ).stdout
    finally:
        stop_process(server, 15)
    return parse_wrk(output, f"gunicorn {gunicorn_version()}, {WORKERS} sync workers", path)
