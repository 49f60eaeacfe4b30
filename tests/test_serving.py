"""Serving the app: `python -m guide` (make serve) on its own address, and gunicorn in production, both with headers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from guide.search import WORKER
from guide.security import HEADERS, IMMUTABLE, REVALIDATE, csp, worker_csp
from tests.conftest import ROOT
from tests.local import free_port
from tests.pages import static_path
from tests.realservers import wait_for_port
from tests.test_real_servers import get


@contextmanager
def running(command: list[str], port: int, log: Path, **env: str) -> Iterator[str]:
    """Run a server command until the port answers; yield its origin; always stop it."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | env
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT, env=environment)
        try:
            wait_for_port(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_make_serve_points_every_address_at_itself_and_says_once_where(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with running([sys.executable, "-m", "guide", "--port", str(port)], port, log) as origin:
        status, headers, body = get(origin, "/en/video-appointment/")
        html = body.decode()
        staff = get(origin, "/en/staff/")[2].decode()
    assert status == 200
    assert f'<link rel="canonical" href="{origin}/en/video-appointment/">' in html
    assert f"QR code for {origin}/en/video-appointment/" in html  # the code a reader scans
    assert "127.0.0.1:8000" not in html + staff
    assert f"{origin}/en/video-appointment/" in staff  # the staff links
    assert log.read_text(encoding="utf-8").count(f"Open {origin}/") == 1
    assert headers["Content-Security-Policy"] == csp(header=True)
    assert headers["Cache-Control"] == REVALIDATE


@pytest.fixture(scope="module")
def gunicorn(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under gunicorn, as README's production command runs it (the search bundle from the build)."""
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    command = [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command.append("guide:create_app()")
    with running(command, port, log, SITE_URL="https://hilfe.example.org", BUILD_DIR=str(built_site)) as origin:
        yield origin


@pytest.mark.parametrize("path", ["/", "/de/", "/en/video-appointment/", "/da/medarbejdere/", "/404.html"])
def test_gunicorn_serves_pages_with_every_header(gunicorn: str, path: str) -> None:
    status, headers, _ = get(gunicorn, path)
    assert status == 200
    assert headers["Content-Security-Policy"] == csp(header=True)
    assert {name: headers[name] for name in HEADERS} == HEADERS
    assert headers["Cache-Control"] == REVALIDATE
    assert headers["Strict-Transport-Security"] == "max-age=31536000"  # the site is HTTPS


def test_gunicorn_caches_fingerprinted_files_and_gives_the_worker_its_policy(gunicorn: str, built_site: Path) -> None:
    status, headers, _ = get(gunicorn, static_path("vendor/qrcode-generator.js"))
    assert (status, headers.get_content_type(), headers["Cache-Control"]) == (200, "text/javascript", IMMUTABLE)
    status, headers, _ = get(gunicorn, WORKER)
    assert (status, headers["Content-Security-Policy"]) == (200, worker_csp())
    status, headers, body = get(gunicorn, "/de/no-such-guide/")
    title = re.search(rb"<title>[^<]+</title>", (built_site / "404.html").read_bytes())
    assert status == 404 and title and title[0] in body
    assert headers["Content-Security-Policy"] == csp(header=True)
