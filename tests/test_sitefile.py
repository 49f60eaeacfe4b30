"""One engine, many sites: the site file, languages as a choice, drafts, the operator, colours and a site's overrides.

These tests build the fixture sites in tests/sites/ and small sites they write themselves; none of them knows the
shipped content, so rebranding the shipped site needs no change here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from flask import Flask, url_for
from playwright.sync_api import Browser

from guide import create_app
from guide.content import ContentError
from guide.sitefile import SiteFileError, parse_site_file
from guide.theme import DEFAULTS, TEXT_PAIRS, contrast

from .builds import SITES, Build, Builds

ROOT = Path(__file__).resolve().parent.parent
MUSTERSTADT = SITES["musterstadt"]
SUBPATH = SITES["subpath"]


def app_of(site: Path, **config: object) -> Flask:
    """The app of one site folder."""
    return create_app({"TESTING": True, "SITE_DIR": str(site), **config})


def get(app: Flask, path: str) -> str:
    """A page's HTML, asked for under the site's base path as a browser would."""
    response = app.test_client().get(path, base_url=app.config["FREEZER_BASE_URL"])
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def copy_site(source: Path, tmp_path: Path) -> Path:
    """A copy of a fixture site to change in a test."""
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


# The site file, read and checked.


def test_every_problem_names_the_line() -> None:
    text = "\n".join(
        [
            "[site]",  # 1
            'languages = ["de", "fr"]',  # 2
            "colour = 3",  # 3
            "[operator]",  # 4
            'name = "Amt"',  # 5
            'phone = "0800 123"',  # 6
            'kind = "bakery"',  # 7
            "[theme.light]",  # 8
            'accent = "blue"',  # 9
            "[extra]",  # 10
        ]
    )
    _, problems = parse_site_file(text, "site.toml")
    assert "site.toml:2: [site] languages unknown language fr (known: de, de-leicht, da, en)" in problems
    assert any(p.startswith("site.toml:3: unknown key 'colour' in [site]") for p in problems)
    assert any(
        p.startswith("site.toml:6: [operator] phone must be a phone number in international form") for p in problems
    )
    assert any(
        p.startswith("site.toml:7: [operator] kind must be one of jobcenter, municipality, other") for p in problems
    )
    assert any(p.startswith("site.toml:8: [theme] light colour accent must be written like #0b5394") for p in problems)
    assert any(p.startswith("site.toml:10: unknown table [extra]") for p in problems)


def test_bad_toml_names_its_line() -> None:
    _, problems = parse_site_file('[site]\nurl = "https://a.example\n', "site.toml")
    assert problems and problems[0].startswith("site.toml:2: bad TOML")


def test_a_missing_site_file_is_the_defaults(tmp_path: Path) -> None:
    site_file, problems = parse_site_file("", "site.toml")
    assert problems == []
    assert site_file.languages == ("de", "de-leicht", "da", "en")
    assert site_file.operator is None


def test_the_engines_colours_pass_every_text_pair() -> None:
    for scheme, values in DEFAULTS.items():
        for text, background in TEXT_PAIRS:
            assert contrast(values[text], values[background]) >= 4.5, (scheme, text, background)


def test_a_colour_pair_under_4_5_to_1_stops_the_build_with_both_values_and_the_ratio(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8").replace('accent = "#00594f"', 'accent = "#7fb8b0"')
    (site / "site.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SiteFileError) as error:
        app_of(site)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "[theme.light]")
    assert any(
        re.match(
            rf".*site\.toml:{line}: \[theme\] light: text colour accent = #7fb8b0 on bg = #ffffff has a "
            r"contrast of 2\.\d\d:1; WCAG asks at least 4\.5:1",
            p,
        )
        for p in error.value.problems
    ), error.value.problems


def test_a_bad_site_file_stops_freeze_py_with_path_and_line_and_no_traceback(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8").replace('kind = "jobcenter"', "kind = 7")
    (site / "site.toml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("kind ="))
    environment = {**os.environ, "SITE_DIR": str(site), "BUILD_DIR": str(tmp_path / "out" / "build")}
    (tmp_path / "out").mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "freeze.py")], capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 1
    assert f"site.toml:{line}: [operator] kind must be one of jobcenter, municipality, other" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "build").exists()


def test_leave_out_of_an_unknown_page_names_the_site_file_line(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (
        (site / "site.toml")
        .read_text(encoding="utf-8")
        .replace("[operator]", 'leave_out = ["nothing-here"]\n\n[operator]')
    )
    (site / "site.toml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("leave_out"))
    with pytest.raises(ContentError) as error:
        app_of(site)
    assert any(
        re.search(rf"site\.toml:{line}: leave_out names the unknown page 'nothing-here'", p)
        for p in error.value.problems
    )


# Languages are a choice.


def test_a_german_only_site_has_no_danish_or_english_word() -> None:
    app = app_of(MUSTERSTADT)
    client = app.test_client()
    for path in ("/", "/404.html", "/de/", "/de/videotermin/", "/de-leicht/", "/sitemap.xml"):
        html = client.get(path).get_data(as_text=True)
        for word in ("Dansk", "English", "Vælg", "Choose your language", "Page not found", 'hreflang="da"', "/en/"):
            assert word not in html, (path, word)
    assert "Sprache wählen" in client.get("/").get_data(as_text=True)
    assert "Seite nicht gefunden" in client.get("/404.html").get_data(as_text=True)
    for path in ("/da/", "/en/", "/da/hjaelp/"):
        assert client.get(path).status_code == 404


def test_content_of_languages_the_site_did_not_choose_is_ignored(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    (site / "content" / "da").mkdir()
    (site / "content" / "da" / "index.md").write_text("not even front matter", encoding="utf-8")
    assert app_of(site).test_client().get("/da/").status_code == 404


def test_a_content_folder_that_is_no_language_is_an_error(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    (site / "content" / "fr").mkdir()
    (site / "content" / "fr" / "index.md").write_text("---\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        app_of(site)
    assert any(p.startswith("content/fr/:1: 'fr' is not a site language") for p in error.value.problems)


def test_parity_is_checked_among_the_chosen_languages_only(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    (site / "content" / "de-leicht" / "hilfe.md").unlink()
    with pytest.raises(ContentError) as error:
        app_of(site)
    assert "content/de/hilfe.md:2: page 'help' is missing in 'de-leicht' (content/de-leicht/)" in error.value.problems
    assert not [p for p in error.value.problems if "'da'" in p or "'en'" in p]


# Drafts and pages left out.


def test_a_draft_is_nowhere(site_builds: Builds) -> None:
    build = site_builds.get("musterstadt")
    assert not (build.folder / "de" / "entwurf").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in build.folder.rglob("*.html"))
    everything += (build.folder / "sitemap.xml").read_text(encoding="utf-8")
    assert "entwurf" not in everything
    assert "Eine Seite im Entwurf" not in everything


def test_a_link_to_a_draft_names_both_files_and_lines(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    help_page = site / "content" / "de" / "hilfe.md"
    help_page.write_text(
        help_page.read_text(encoding="utf-8") + "\nSiehe [Entwurf](page:draft-guide).\n", encoding="utf-8"
    )
    line = len(help_page.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ContentError) as error:
        app_of(site)
    assert (
        f"content/de/hilfe.md:{line}: link to 'page:draft-guide', which is a draft (content/de/entwurf.md:7)"
        in error.value.problems
    )


def test_leave_out_keeps_a_page_out_of_the_navigation_and_related_lists(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8").replace("[operator]", 'leave_out = ["help"]\n\n[operator]')
    (site / "site.toml").write_text(text, encoding="utf-8")
    home = site / "content" / "de" / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8") + "\nFragen? Lesen Sie die [Hilfe](page:help).\n", encoding="utf-8"
    )
    line = len(home.read_text(encoding="utf-8").splitlines())
    app = app_of(site)
    html = get(app, "/de/videotermin/")
    assert "/de/hilfe/" not in html
    assert "Lesen Sie die <span>Hilfe</span>." in get(app, "/de/")  # the words stay, the link goes
    warnings = app.extensions["guide_site"].warnings
    assert any(w.startswith(f"content/de/index.md:{line}: the link 'page:help' is plain text") for w in warnings), (
        warnings
    )
    assert app.test_client().get("/de/hilfe/").status_code == 404
    assert "/de/hilfe/" not in app.test_client().get("/sitemap.xml").get_data(as_text=True)


# The operator, from the site file.


def test_the_operator_is_shown_where_citizens_look() -> None:
    # The expected facts are read from the fixture's own site file: the engine's tests name no office.
    given = tomllib.loads((MUSTERSTADT / "site.toml").read_text(encoding="utf-8"))
    operator, address = given["operator"], given["operator"]["address"]
    app = app_of(MUSTERSTADT)
    assert f"Diese Website betreibt {operator['name']}." in get(app, "/de/")
    imprint = get(app, "/de/impressum/")
    assert address["street"] in imprint and f"{address['postcode']} {address['city']}" in imprint
    assert f"tel:{operator['phone']}" in imprint
    video = get(app, "/de/videotermin/")
    assert "Ihr Jobcenter: Fragen zu Ihrem Termin und Ihrer Einladung." in video
    assert operator["phone_display"] in video and operator["email"] in video
    feedback = get(app, "/de/barrierefreiheit/")
    assert given["accessibility"]["email"] in feedback and "Wir antworten innerhalb eines Monats." in feedback
    privacy = get(app, "/de/datenschutz/")
    assert operator["name"] in privacy and f"{given['privacy']['log_days']} Tage" in privacy
    assert re.search(r'src="/static/[0-9a-f]{10}/logo\.svg"', get(app, "/de/hilfe/"))


def test_without_an_operator_the_pages_say_less(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8")
    text = text[: text.index("[operator]")] + text[text.index("[privacy]") :]
    (site / "site.toml").write_text(text, encoding="utf-8")
    app = app_of(site)
    video = get(app, "/de/videotermin/")
    assert "Die Kontaktdaten Ihres Jobcenters stehen in Ihrer Einladung" in video
    assert "betreibt" not in video
    assert app.test_client().get("/de/impressum/").status_code == 404
    assert "Bitte melden Sie Barrieren der Stelle" in get(app, "/de/barrierefreiheit/")


# Colours, and a site's own templates and static files.


def test_the_site_colours_become_custom_properties_after_site_css() -> None:
    app = app_of(MUSTERSTADT)
    html = get(app, "/de/")
    site_css = re.search(r"/static/[0-9a-f]{10}/css/site\.css", html)
    assert site_css and site_css.start() < html.index("/css/theme.css")
    css = app.test_client().get("/css/theme.css").get_data(as_text=True)
    assert "--accent: #00594f;" in css


def test_a_site_overrides_engine_templates_and_static_files(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    (site / "templates" / "widgets").mkdir(parents=True)
    (site / "templates" / "widgets" / "imprint.html").write_text("<p>Unser eigenes Impressum</p>\n", encoding="utf-8")
    (site / "static" / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    app = app_of(site)
    assert "Unser eigenes Impressum" in get(app, "/de/impressum/")
    with app.test_request_context():
        favicon, css = url_for("static", filename="favicon.svg"), url_for("static", filename="css/site.css")
    assert app.test_client().get(favicon).get_data(as_text=True).startswith("<svg xmlns='")
    assert app.test_client().get(css).status_code == 200  # the engine's, where the site has none


# The site's address, and a site under a path.


def test_site_url_overrides_the_site_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://elsewhere.example/x")
    app = app_of(MUSTERSTADT)
    assert app.config["SITE_URL"] == "https://elsewhere.example/x"
    assert app.config["BASE_PATH"] == "/x"


def test_everything_of_a_subpath_site_lives_under_its_path(site_builds: Builds) -> None:
    build = site_builds.get("subpath")
    html = build.file("/en/video-appointment/").read_text(encoding="utf-8")
    prefix = "/hilfe"
    for attribute in re.findall(r'(?:href|src|data-[a-z]+)="(/[^"]*)"', html):
        assert attribute.startswith(prefix + "/"), attribute
    assert f'href="{prefix}/en/video-appointment.pdf"' in html
    assert f"{build.url}/en/video-appointment/" in html  # the QR code's address
    sitemap = (build.folder / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{build.url}/da/videomoede/</loc>" in sitemap
    assert f"Sitemap: {build.url}/sitemap.xml" in (build.folder / "robots.txt").read_text(encoding="utf-8")


# The legal pages: conformity status, complaint bodies, the supervisory authority.


def test_the_legal_keys_name_their_line_when_wrong() -> None:
    text = "\n".join(
        [
            "[accessibility]",  # 1
            'status = "mostly"',  # 2
            'reviewed = "1 December"',  # 3
            'was_url = "https://digst.dk/statement"',  # 4
            "[privacy]",  # 5
            'authority_web = "https://datenschutz.example"',  # 6
        ]
    )
    _, problems = parse_site_file(text, "site.toml")
    assert "site.toml:2: [accessibility] status must be one of full, partial, none (got 'mostly')" in problems
    assert "site.toml:3: [accessibility] reviewed must be a date written like 2026-12-01 (no quotes)" in problems
    assert any(
        p.startswith("site.toml:4: [accessibility] was_url must be a statement's address in WAS") for p in problems
    )
    assert any(p.startswith("site.toml:6: [privacy] authority_web needs authority") for p in problems)


def test_the_statement_shows_its_status_date_and_one_complaint_body() -> None:
    app = app_of(MUSTERSTADT)
    statement = get(app, "/de/barrierefreiheit/")
    assert "Diese Website ist teilweise mit den Anforderungen der EN 301 549 und der WCAG 2.1 auf Stufe AA" in statement
    assert 'zuletzt am <time datetime="2026-11-30">30. November 2026</time> geprüft' in statement
    assert "Digitaliseringsstyrelsen" not in statement and "was.digst.dk" not in statement
    easy = get(app, "/de-leicht/barrierefreiheit/")
    assert "Unsere Seite hält die Regeln für Barriere-Freiheit zum Teil ein." in easy


def test_without_a_status_the_statement_makes_no_claim_and_dates_itself_by_the_page(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8")
    text = text.replace('status = "partial"\n', "").replace("reviewed = 2026-11-30\n", "")
    (site / "site.toml").write_text(text, encoding="utf-8")
    statement = get(app_of(site), "/de/barrierefreiheit/")
    assert "EN 301 549" not in statement
    assert 'zuletzt am <time datetime="2026-12-01">1. Dezember 2026</time> aktualisiert' in statement


def test_a_danish_public_body_links_its_was_statement_and_names_digitaliseringsstyrelsen(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    was = "https://www.was.digst.dk/jobcenter-musterstadt-example"
    text = (site / "site.toml").read_text(encoding="utf-8").replace("[privacy]", f'was_url = "{was}"\n\n[privacy]')
    (site / "site.toml").write_text(text, encoding="utf-8")
    app = app_of(site)
    for path, words in (
        ("/de/barrierefreiheit/", "Erklärung zur Barrierefreiheit in WAS"),
        ("/de-leicht/barrierefreiheit/", "Erklärung zur Barriere-Freiheit beim dänischen Staat"),
    ):
        statement = get(app, path)
        assert f'<a href="{was}">{words}</a>' in statement
        assert "Digitaliseringsstyrelsen" in statement and 'href="https://digst.dk"' in statement


def test_the_supervisory_authority_is_named_only_when_given(tmp_path: Path) -> None:
    privacy = get(app_of(MUSTERSTADT), "/de/datenschutz/")
    assert (
        'Die für uns zuständige Aufsichtsbehörde: <a href="https://datenschutz.musterland.example">'
        "Die Landesbeauftragte für den Datenschutz Musterland</a>" in privacy
    )
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8")
    text = "\n".join(row for row in text.splitlines() if not row.startswith("authority"))
    (site / "site.toml").write_text(text, encoding="utf-8")
    assert "Aufsichtsbehörde" not in get(app_of(site), "/de/datenschutz/")


def test_without_an_operator_the_privacy_page_says_whom_to_ask(tmp_path: Path) -> None:
    site = copy_site(MUSTERSTADT, tmp_path)
    text = (site / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(
        text[: text.index("[operator]")] + text[text.index("[privacy]") :], encoding="utf-8"
    )
    privacy = get(app_of(site), "/de/datenschutz/")
    assert "Bitte fragen Sie die Stelle, die Ihnen den Link zu dieser Website geschickt hat" in privacy
    assert "Am Markt 5" not in privacy and "7 Tage" in privacy


# Videos in Deutsche Gebärdensprache (BITV 2.0 § 4 and Anlage 2).

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:05.000\nWillkommen auf unserer Seite.\n"


def make_video(target: Path, seconds: int) -> None:
    """A small WebM video with sound, made by ffmpeg (Debian's ffmpeg, installed by 'make test')."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is missing: run 'make test', which installs it"
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [ffmpeg, "-v", "error", "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=640x360:rate=5"]
    command += ["-f", "lavfi", "-i", f"sine=duration={seconds}", "-c:v", "libvpx", "-deadline", "realtime"]
    command += ["-b:v", "50k", "-c:a", "libvorbis", "-shortest", str(target)]
    subprocess.run(command, check=True)


def with_sign_video(site: Path, seconds: int = 65) -> Path:
    """The site with one sign-language video and its captions in its static/ folder."""
    make_video(site / "static" / "dgs" / "willkommen.webm", seconds)
    (site / "static" / "dgs" / "willkommen.vtt").write_text(CAPTIONS, encoding="utf-8")
    text = (site / "site.toml").read_text(encoding="utf-8")
    text += (
        "\n[[sign_language.videos]]\n"
        'file = "static/dgs/willkommen.webm"\n'
        'captions = "static/dgs/willkommen.vtt"\n'
        'title.de = "Willkommen bei Ihrem Amt"\n'
        'title.de-leicht = "Willkommen: Das steht auf dieser Seite"\n'
    )
    (site / "site.toml").write_text(text, encoding="utf-8")
    return site


def test_without_sign_videos_the_start_page_shows_none() -> None:
    html = get(app_of(MUSTERSTADT), "/de-leicht/")
    assert "<video" not in html and "Gebärden" not in html


def test_a_sign_video_shows_with_captions_size_and_playing_time(tmp_path: Path) -> None:
    site = with_sign_video(copy_site(MUSTERSTADT, tmp_path))
    size = (site / "static" / "dgs" / "willkommen.webm").stat().st_size
    megabytes = f"{max(size / 1_000_000, 0.1):.1f}".replace(".", ",")
    app = app_of(site)
    html = get(app, "/de-leicht/")
    assert "Filme in Deutscher Gebärden-Sprache" in html
    assert re.search(r'<source src="/static/[0-9a-f]{10}/dgs/willkommen\.webm" type="video/webm">', html)
    assert re.search(r'<track kind="captions" src="/static/[0-9a-f]{10}/dgs/willkommen\.vtt" srclang="de"', html)
    assert "Willkommen: Das steht auf dieser Seite" in html
    assert "Der Film dauert 1 Minute und 5 Sekunden." in html
    assert f"Die Datei ist {megabytes} Mega-Byte groß." in html
    german = get(app, "/de/")
    assert "Willkommen bei Ihrem Amt" in german and "Spieldauer: 1 Minute und 5 Sekunden." in german


def test_a_sign_video_that_is_missing_names_its_site_file_line(tmp_path: Path) -> None:
    site = with_sign_video(copy_site(MUSTERSTADT, tmp_path), seconds=1)
    (site / "static" / "dgs" / "willkommen.webm").unlink()
    line = next(
        n for n, row in enumerate((site / "site.toml").read_text().splitlines(), 1) if "sign_language.videos" in row
    )
    with pytest.raises(SiteFileError) as error:
        app_of(site)
    message = (
        f"site.toml:{line}: [[sign_language.videos]] static/dgs/willkommen.webm is not a file in the site's static/"
    )
    assert [p for p in error.value.problems if p.endswith(message + " folder")], error.value.problems


def test_a_file_that_is_no_video_names_its_site_file_line(tmp_path: Path) -> None:
    site = with_sign_video(copy_site(MUSTERSTADT, tmp_path), seconds=1)
    (site / "static" / "dgs" / "willkommen.webm").write_bytes(b"not a video")
    line = next(
        n for n, row in enumerate((site / "site.toml").read_text().splitlines(), 1) if "sign_language.videos" in row
    )
    with pytest.raises(SiteFileError) as error:
        app_of(site)
    message = (
        f"site.toml:{line}: [[sign_language.videos]] static/dgs/willkommen.webm: ffprobe cannot read its playing time"
    )
    assert [p for p in error.value.problems if message in p], error.value.problems


def test_the_sign_video_pages_pass_every_page_check(tmp_path: Path, browser: Browser) -> None:
    from tests import test_every_page as checks  # here, so that its checks are not collected twice

    site = with_sign_video(copy_site(MUSTERSTADT, tmp_path / "site"), seconds=3)
    SITES["sign-video"] = site
    builds = Builds(tmp_path / "builds", Build("default", tmp_path, ""))
    try:
        build = builds.get("sign-video")
        reports: dict[str, dict[str, list[str]]] = {}
        for path in ("/de-leicht/", "/de/"):
            checks.test_html_is_valid("sign-video", path, builds, reports)
            checks.test_links_and_anchors_resolve("sign-video", path, builds)
            checks.test_strict_csp("sign-video", path, builds)
            checks.test_in_chromium("sign-video", path, browser, builds)
        page = browser.new_page()
        page.goto(build.url + "/de-leicht/")
        page.wait_for_function("document.querySelector('video').readyState >= 1")  # the browser read its metadata
        assert 2.5 < page.evaluate("document.querySelector('video').duration") < 3.5
        assert page.evaluate("[...document.querySelector('video').textTracks].map((t) => t.kind)") == ["captions"]
        page.close()
    finally:
        builds.close()
        del SITES["sign-video"]


def test_a_sign_video_entry_is_checked_with_line_numbers() -> None:
    text = "\n".join(
        [
            "[[sign_language.videos]]",  # 1
            'file = "static/dgs/a.mp4"',  # 2
            'captions = "static/dgs/a.vtt"',  # 3
            'title = "Willkommen"',  # 4
            "[[sign_language.videos]]",  # 5
            'file = "dgs/b.avi"',  # 6
            'captions = "static/dgs/b.srt"',  # 7
            "length = 3",  # 8
        ]
    )
    site_file, problems = parse_site_file(text, "site.toml")
    assert [video.file for video in site_file.sign_language] == ["dgs/a.mp4"]
    assert "site.toml:5: [[sign_language.videos]] unknown key length (known: file, captions, title)" in problems
    assert any(
        p.startswith("site.toml:5: [[sign_language.videos]] file must be a .mp4 or .webm video") for p in problems
    )
    assert any(p.startswith("site.toml:5: [[sign_language.videos]] captions must be a WebVTT") for p in problems)
    assert "site.toml:5: [[sign_language.videos]] needs title" in problems
