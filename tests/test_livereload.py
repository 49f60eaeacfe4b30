"""Live reload in serve mode: a saved file shows in the open browser by itself; a content error is shown, not fatal."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from guide import create_app, livereload, load_site
from guide.__main__ import watched
from tests.conftest import ROOT
from tests.local import free_port

GUIDE = "en/video-appointment.md"


@pytest.fixture()
def serve_app(tmp_path: Path) -> Flask:
    """A serve-mode app on a copy of the content, so that the test may save files."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content), "LIVE_RELOAD": True})
    livereload.init_app(app, load_site, watched(app))
    return app


def save(path: Path, old: str, new: str) -> None:
    """Change a file as an editor saves it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def title_of(app: Flask, url: str) -> str:
    html = app.test_client().get(url).get_data(as_text=True)
    return html.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]


def test_a_saved_guide_is_rendered_again_and_an_error_keeps_the_last_good_version(serve_app: Flask) -> None:
    reload: livereload.LiveReload = serve_app.extensions["livereload"]
    guide = Path(serve_app.config["CONTENT_DIR"]) / GUIDE
    before = title_of(serve_app, "/en/video-appointment/")
    save(guide, f"title: {before}", "title: Join the video call today")
    assert reload.check() == {"content"}
    assert title_of(serve_app, "/en/video-appointment/") == "Join the video call today"
    assert reload.state.errors == []

    save(guide, "title: Join the video call today", "title: Broken\nnot_a_key: 1")
    assert reload.check() == {"content"}
    assert len(reload.state.errors) == 1
    assert reload.state.errors[0].startswith(f"content/{GUIDE}:5: unknown front matter key 'not_a_key'")
    assert title_of(serve_app, "/en/video-appointment/") == "Join the video call today"  # the last good version

    save(guide, "title: Broken\nnot_a_key: 1", "title: Fixed again")
    reload.check()
    assert reload.state.errors == []
    assert title_of(serve_app, "/en/video-appointment/") == "Fixed again"


def test_only_the_saved_page_is_rendered_again(serve_app: Flask) -> None:
    reload: livereload.LiveReload = serve_app.extensions["livereload"]
    cache = serve_app.extensions["rendered_markdown"]
    before = dict(cache)
    save(Path(serve_app.config["CONTENT_DIR"]) / GUIDE, "## ", "## Saved ")
    reload.check()
    same = [key for key, value in cache.items() if before.get(key) is value]
    assert len(same) == len(cache) - 1  # every other page kept its rendered Markdown


def test_only_serve_mode_pages_have_the_script(serve_app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    assert 'src="/__livereload/script.js?version=0"' in serve_app.test_client().get("/en/").get_data(as_text=True)
    assert "__livereload" not in client.get("/en/").get_data(as_text=True)
    assert client.get("/__livereload/events").status_code == 404


def test_the_frozen_site_has_no_live_reload(built_site: Path) -> None:
    for file in built_site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".js", ".xml", ".txt", ""):
            assert b"livereload" not in file.read_bytes(), file


@pytest.fixture()
def serving(serve_app: Flask) -> Iterator[str]:
    """The serve-mode app on a real server with its watcher running, as `make serve` runs it."""
    server = make_server("127.0.0.1", free_port(), serve_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    serve_app.extensions["livereload"].start(search=False)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_the_open_browser_shows_a_save_and_an_error_by_itself(serving: str, serve_app: Flask, page: Page) -> None:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)
    page.goto(serving + "/en/video-appointment/")
    heading = page.locator("h1")
    guide = Path(serve_app.config["CONTENT_DIR"]) / GUIDE
    old = heading.inner_text()
    page.wait_for_function("() => document.querySelector('script[src*=\"__livereload\"]')")
    save(guide, f"title: {old}", "title: Saved in the editor")
    expect(heading).to_have_text("Saved in the editor")
    save(guide, "title: Saved in the editor", "title: Saved\nnot_a_key: 1")
    dialog = page.locator("dialog.livereload-errors")
    expect(dialog).to_be_visible()
    expect(dialog.locator("li")).to_contain_text(f"content/{GUIDE}:5: unknown front matter key 'not_a_key'")
    expect(heading).to_have_text("Saved in the editor")  # the last good version stays behind the message
    save(guide, "title: Saved\nnot_a_key: 1", "title: Fixed")
    expect(page.locator("h1")).to_have_text("Fixed")
    expect(dialog).to_have_count(0)
    assert violations == []
