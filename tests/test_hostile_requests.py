"""The app under abuse: thousands of hostile paths, odd methods, a forged Host header and a cold-cache stampede."""

from __future__ import annotations

import itertools
import logging
import threading

import pytest
from flask import Flask

from guide import __main__ as dev_server
from guide import create_app, pdf, views

TRAVERSALS = [
    "../",
    "..%2f",
    "..%2F",
    "%2e%2e/",
    "%2e%2e%2f",
    "%252e%252e%252f",
    "..\\",
    "..%5c",
    "%c0%ae%c0%ae/",
    "\uff0e\uff0e/",
    "..;/",
    ".%00./",
]
PREFIXES = ["/", "/de/", "/static/", "/static/css/", "/pagefind/", "/de/videotermin/"]
TARGETS = ["etc/passwd", "pyproject.toml", "guide/__init__.py", "content/de/index.md", ".git/config", "secret.txt"]
SUFFIXES = ["", "%00.html", "?download=1", ";jsessionid=1"]
# What must never be in an answer: the start of each file above.
SECRETS = ["root:x:0:0", "[project]", "The guide portal: a Flask app", "page: home", "[core]", "the build machine's"]
ODD_METHODS = ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "BREW", "PROPFIND"]


def hostile_paths() -> list[str]:
    """Traversal in every encoding, at two depths, to six targets, with four endings; NUL; huge paths."""
    paths = [
        prefix + traversal * depth + target + suffix
        for prefix, traversal, depth, target, suffix in itertools.product(
            PREFIXES, TRAVERSALS, (1, 8), TARGETS, SUFFIXES
        )
    ]
    paths += ["/de/\x00", "/%00", "/de%00/", "/static/%00../../etc/passwd", "//etc/passwd", "/\\etc\\passwd"]
    paths += ["/de/" + "a" * 10_000, "/" + "%2e" * 30_000, "/de/?" + "&".join(f"q{n}=1" for n in range(2_000))]
    return paths


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app with a Pagefind bundle from a 'build' beside which a secret lies."""
    build = tmp_path_factory.mktemp("served") / "build"
    (build / "pagefind").mkdir(parents=True)
    (build / "pagefind" / "pagefind.js").write_text("// the bundle", encoding="utf-8")
    (build / "secret.txt").write_text("the build machine's secret", encoding="utf-8")
    (build.parent / "secret.txt").write_text("the build machine's secret", encoding="utf-8")
    return create_app({"TESTING": True, "SEARCH_BUILD_DIR": str(build)})


def test_thousands_of_hostile_paths_give_no_error_and_no_file(
    hostile_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = hostile_app.test_client()
    paths = hostile_paths()
    assert len(paths) > 3_000
    statuses: dict[int, int] = {}
    with caplog.at_level(logging.ERROR):
        for path in paths:
            response = client.get(path)  # TESTING: an exception in a view would raise here
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500, path
            body = response.get_data(as_text=True)
            leaked = [secret for secret in SECRETS if secret in body]
            assert not leaked, f"{path[:120]} gave {leaked}"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert set(statuses) <= {200, 308, 404, 400, 414}, statuses
    print(f"{len(paths)} hostile paths: {dict(sorted(statuses.items()))}")


@pytest.mark.parametrize("method", ODD_METHODS)
@pytest.mark.parametrize("path", ["/de/", "/pagefind/pagefind.js", "/static/css/site.css", "/nope/"])
def test_only_get_and_head_are_answered(hostile_app: Flask, method: str, path: str) -> None:
    response = hostile_app.test_client().open(path, method=method, data=b"x" * 1_000)
    assert response.status_code == 405, (method, path, response.status_code)
    assert response.headers["Allow"] == "GET, HEAD"
    assert "// the bundle" not in response.get_data(as_text=True)


def test_get_and_head_still_answer(hostile_app: Flask) -> None:
    client = hostile_app.test_client()
    assert client.get("/pagefind/pagefind.js").get_data(as_text=True) == "// the bundle"
    assert client.head("/de/").status_code == 200


@pytest.mark.parametrize("url", ["/de", "http://evil.example/de", "/de/videotermin"])
def test_a_redirect_never_takes_its_host_from_the_request(hostile_app: Flask, url: str) -> None:
    response = hostile_app.test_client().get(url, headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == url.removeprefix("http://evil.example") + "/"


def stampede(app: Flask, url: str, count: int = 50) -> list[int]:
    """`count` first requests for one URL at the same moment; their status codes."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def request() -> None:
        barrier.wait()
        statuses.append(app.test_client().get(url).status_code)

    threads = [threading.Thread(target=request) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_fifty_first_requests_render_a_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app({"TESTING": True})
    renders = []
    arrived = threading.Condition()
    asked = [0]
    original_render, original_page = views._render_page, views.render_page

    def slow_render(page):  # type: ignore[no-untyped-def]
        renders.append(page.slug)
        with arrived:  # stay in the render until every request has asked (the old code rendered 50 times)
            arrived.wait_for(lambda: asked[0] >= 50, timeout=60)
        return original_render(page)

    def asking(page):  # type: ignore[no-untyped-def]
        with arrived:
            asked[0] += 1
            arrived.notify_all()
        return original_page(page)

    monkeypatch.setattr(views, "_render_page", slow_render)
    monkeypatch.setattr(views, "render_page", asking)
    monkeypatch.setattr(pdf, "render_all", lambda jobs, workers=1: {job.key: b"%PDF-1.7\n" for job in jobs})
    assert stampede(app, "/de/videotermin/") == [200] * 50
    assert renders == ["videotermin"]


def test_fifty_first_requests_render_a_handout_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app({"TESTING": True})
    calls = []
    entered = threading.Condition()
    waiting = [0]

    def slow_render(jobs, workers=1):  # type: ignore[no-untyped-def]
        calls.append([job.key for job in jobs])
        with entered:  # stay in the render until every request has asked (the old code rendered 50 times)
            entered.wait_for(lambda: waiting[0] >= 50, timeout=60)
        return {job.key: b"%PDF-1.7\n" for job in jobs}

    original = pdf.handout_bytes

    def asking(page):  # type: ignore[no-untyped-def]
        with entered:
            waiting[0] += 1
            entered.notify_all()
        return original(page)

    monkeypatch.setattr(pdf, "render_all", slow_render)
    monkeypatch.setattr(pdf, "handout_bytes", asking)
    assert stampede(app, "/de/videotermin.pdf") == [200] * 50
    assert calls == [[("de", "videotermin")]]


def test_the_development_server_listens_on_127_0_0_1_only(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("FLASK_RUN_HOST", "0.0.0.0")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setattr("sys.argv", ["guide", "--debug", "--port", "5001"])
    assert dev_server.main() == 0
    assert seen == {"host": "127.0.0.1", "port": 5001, "debug": True, "use_evalex": False}  # no debugger console
