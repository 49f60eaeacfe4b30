"""freeze.py never loses an operator's files: its destination, the atomic swap, the lock, interrupts, permissions."""

from __future__ import annotations

import errno
import os
import select
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

import freeze
from guide import buildfolder
from guide.buildfolder import MARKER, locked

RUN = [sys.executable, str(Path(__file__).with_name("buildrun.py"))]
ENV = {**os.environ, "SITE_URL": "https://hilfe.test", "BUILD_CACHE": "", "BUILD_WORKERS": "2"}
ENV.pop("BUILD_DIR", None)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(destination: Path) -> list[str]:
    """Temporary build folders beside the destination."""
    return sorted(p.name for p in destination.parent.glob(f".{destination.name}.partial-*"))


@contextmanager
def build_process(mode: str, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """A build in its own session; whatever happens, it and all its workers are killed afterwards."""
    process = subprocess.Popen(
        [*RUN, mode, *args], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def started_workers(process: subprocess.Popen[bytes], count: int) -> list[int]:
    """Read the build's stderr until `count` workers said they started; their pids."""
    assert process.stderr is not None
    pids = []
    while len(pids) < count:
        line = process.stderr.readline().decode()
        assert line, f"the build ended before {count} workers started (rc {process.wait()})"
        if line.startswith("worker-started "):
            pids.append(int(line.split()[1]))
    return pids


def has_ended(pid: int) -> bool:
    """Whether a process (not our child) has exited: its pidfd becomes readable, waited for up to 60 s."""
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([descriptor], [], [], 60)[0])
    finally:
        os.close(descriptor)


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished build, made as an operator would (umask 077), to be copied by each test."""
    destination = tmp_path_factory.mktemp("earlier") / "build"
    result = subprocess.run(
        [*RUN, "ok", "--out", str(destination)], env=ENV, capture_output=True, preexec_fn=lambda: os.umask(0o077)
    )
    assert result.returncode == 0, result.stderr.decode()
    return destination


def copy_of(build: Path, tmp_path: Path) -> Path:
    """A copy of a build in a test's own folder."""
    subprocess.run(["cp", "-a", str(build), str(tmp_path / "build")], check=True)
    return tmp_path / "build"


# D1: only a folder the build made itself is replaced.


def test_a_folder_that_is_not_a_build_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    (site / "upload.txt").parent.mkdir()
    (site / "upload.txt").write_text("an operator's file", encoding="utf-8")
    (site / ".well-known").mkdir()
    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "backup.txt").write_text("a backup", encoding="utf-8")
    assert freeze.main(["--out", str(site)]) == 1
    message = capsys.readouterr().err
    assert f"Build stopped: {site} holds files that are not a build" in message and "nothing was deleted" in message
    assert (site / "upload.txt").read_text(encoding="utf-8") == "an operator's file"
    assert (site / ".well-known").is_dir() and (tmp_path / "site.old" / "backup.txt").exists()
    assert not leftovers(site)


@pytest.mark.parametrize("where", ["checkout", "checkout's parent", "content", "site", "site's parent"])
def test_the_checkout_the_site_and_their_parents_are_refused(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "page.md").write_text("x", encoding="utf-8")
    places = {
        "checkout": freeze.ROOT,
        "checkout's parent": freeze.ROOT.parent,
        "content": site / "content",
        "site": site,
        "site's parent": tmp_path,
    }
    monkeypatch.setenv("BUILD_DIR", str(places[where]))  # BUILD_DIR=$PWD deleted a whole checkout
    assert freeze.main(["--site", str(site)]) == 1
    assert "Build stopped:" in capsys.readouterr().err
    assert (site / "content" / "page.md").exists() and (freeze.ROOT / ".git").exists()


def test_help_prints_the_options_and_builds_nothing(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "freeze.py", "--help"], cwd=freeze.ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "--site DIR" in result.stdout and "--out DIR" in result.stdout and "BUILD_DIR" in result.stdout
    assert "Built" not in result.stdout


# D3: a build is world-readable, whatever the umask; and it may replace an earlier build.


def test_a_build_is_readable_by_the_web_server_and_replaces_an_earlier_one(earlier_build: Path, tmp_path: Path) -> None:
    for path in [earlier_build, *earlier_build.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), f"{path}: {oct(mode)}"
    assert (earlier_build / MARKER).is_file() and (earlier_build / "de" / "index.html").is_file()
    build = copy_of(earlier_build, tmp_path)
    (build / "de" / "stale.html").write_text("from the earlier build", encoding="utf-8")
    result = subprocess.run([*RUN, "ok", "--out", str(build)], env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (build / "de" / "stale.html").exists() and (build / "de" / "index.html").is_file()
    assert not leftovers(build)


# D7: the swap leaves no moment without a build.


def test_the_swap_is_one_atomic_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build, new = tmp_path / "build", tmp_path / ".build.partial-x"
    for folder, text in ((build, "old"), (new, "new")):
        folder.mkdir()
        (folder / MARKER).write_text("", encoding="utf-8")
        (folder / "index.html").write_text(text, encoding="utf-8")

    def rename(self: Path, target: Path) -> None:  # a slow disk: another process looks between two renames
        assert (build / "index.html").exists(), "build/ was missing during the swap"
        os.rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    buildfolder.swap_in(new, build)
    assert (build / "index.html").read_text(encoding="utf-8") == "new"
    assert not new.exists()


def test_without_an_exchange_the_swap_falls_back_to_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(buildfolder, "exchange", lambda a, b: False)
    build, new = tmp_path / "build", tmp_path / ".build.partial-x"
    for folder, text in ((build, "old"), (new, "new")):
        folder.mkdir()
        (folder / MARKER).write_text("", encoding="utf-8")
        (folder / "index.html").write_text(text, encoding="utf-8")
    buildfolder.swap_in(new, build)
    assert (build / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_a_second_build_waits_for_the_first(earlier_build: Path, tmp_path: Path) -> None:
    build = copy_of(earlier_build, tmp_path)
    (build / "stale.html").write_text("from the earlier build", encoding="utf-8")
    before = snapshot(build)
    with locked(build), build_process("ok", "--out", str(build)) as second:  # the first build holds the lock
        assert second.stderr is not None
        line = second.stderr.readline().decode()
        while "waiting" not in line:
            assert line, "the second build ended without waiting"
            line = second.stderr.readline().decode()
        assert f"Another build into {build} is running: waiting for it to finish." in line
        assert not leftovers(build) and snapshot(build) == before
    # leaving the block killed the waiting build: nothing of it remains
    assert snapshot(build) == before and not leftovers(build)
    with build_process("ok", "--out", str(build)) as third:
        assert third.wait() == 0
    assert not (build / "stale.html").exists() and not leftovers(build)


# D7: interrupted builds clean up their folder and every worker, without a traceback.


@pytest.mark.parametrize(
    ("mode", "sig", "group"),
    [
        ("block-pages", signal.SIGINT, True),  # Ctrl-C in a terminal signals the whole process group
        ("block-pdf", signal.SIGINT, True),
        ("block-pages", signal.SIGTERM, False),  # CI cancelling a step signals the build alone
        ("block-pdf", signal.SIGTERM, False),
    ],
)
def test_an_interrupted_build_cleans_up(mode: str, sig: int, group: bool, earlier_build: Path, tmp_path: Path) -> None:
    build = copy_of(earlier_build, tmp_path)
    before = snapshot(build)
    with build_process(mode, "--out", str(build)) as process:
        workers = started_workers(process, 2)
        assert leftovers(build), "the build had not made its temporary folder yet"
        (os.killpg if group else os.kill)(process.pid, sig)
        _, err = process.communicate(timeout=120)  # returns only when no worker holds the output open
        assert process.returncode == 130
        assert b"Traceback" not in err, err.decode()
        assert b"Build interrupted." in err
    assert all(has_ended(pid) for pid in workers)
    assert not leftovers(build) and snapshot(build) == before


@pytest.mark.parametrize("mode", ["block-pages", "block-pdf"])
def test_a_killed_build_leaves_no_worker_and_the_next_build_removes_its_folder(
    mode: str, earlier_build: Path, tmp_path: Path
) -> None:
    build = copy_of(earlier_build, tmp_path)
    (build / "stale.html").write_text("from the earlier build", encoding="utf-8")
    before = snapshot(build)
    with build_process(mode, "--out", str(build)) as process:
        workers = started_workers(process, 2)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=120)  # a worker left behind would hold the pipe open: CI would hang here
    assert all(has_ended(pid) for pid in workers)
    assert leftovers(build) and snapshot(build) == before
    with build_process("ok", "--out", str(build)) as next_build:
        assert next_build.wait() == 0
    assert not leftovers(build) and not (build / "stale.html").exists()


# A read-only or full destination: one line, no traceback.


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EROFS, "the file system is read-only"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "no permission to write there"),
    ],
)
def test_a_read_only_or_full_destination_gives_one_line(
    code: int, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object, **kwargs: object) -> str:
        raise OSError(code, os.strerror(code), str(tmp_path / "x"))

    monkeypatch.setattr(buildfolder.tempfile, "mkdtemp", fail)  # where the old build raised outside its try
    assert freeze.main(["--out", str(tmp_path / "build")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"Build stopped: cannot write {tmp_path / 'x'}: {reason}. build/ was not changed."
    assert "Traceback" not in "\n".join(err)


def test_a_destination_in_a_read_only_place_gives_one_line() -> None:
    result = subprocess.run(
        [*RUN, "ok", "--out", "/proc/guide-build"], env=ENV, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Build stopped: ")
    assert "Traceback" not in result.stderr


def test_building_with_the_local_default_address_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    os.environ.pop("SITE_URL", None)
    assert freeze.main(["--out", str(freeze.ROOT)]) == 1  # refused at once: only the warning matters here
    assert "Warning: neither SITE_URL nor the site file's url is set" in capsys.readouterr().err
