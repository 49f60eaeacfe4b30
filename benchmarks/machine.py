"""Facts about the machine and the tools a benchmark ran with."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory() -> str:
    """Total memory from /proc/meminfo, in GiB."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def version_of(command: list[str]) -> str:
    """The first line a tool prints about its version, or 'not installed'."""
    if shutil.which(command[0]) is None:
        return "not installed"
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def facts() -> dict[str, str]:
    """The machine: cores, memory, CPU, and the versions of Python and Node."""
    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory(),
        "CPU": cpu_model(),
        "kernel": platform.release(),
        "Python": sys.version.split()[0],
        "Node.js": version_of(["node", "--version"]),
    }


def stop_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    """End a server or browser the benchmarks started: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
