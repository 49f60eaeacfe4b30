"""The PDF handouts and the print stylesheet: every guide in every language on paper.

The guides come from the app (layout: guide), so a new guide is checked without anyone adding it here.
"""

from __future__ import annotations

import functools
import os
import re
import resource
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

import freeze
from guide import catalogs, create_app, pdf
from guide.content import Page as GuidePage
from guide.languages import LANGUAGES
from guide.site import card_url_of, handout_url_of, url_of

MAX_BYTES = 300 * 1024
MAX_SECONDS = 10.0
MAX_PAGES = {"de": 5, "da": 5, "en": 5, "de-leicht": 8}  # A4 pages of a handout
THIN = 0.6  # no page but the last may be filled less than this
ALONE_MM = 35  # below the top margin: the "On your phone" heading and its rule take about 25 mm on a page of its own


@functools.cache
def guide_pages() -> list[GuidePage]:
    """Every guide in every language, from the app."""
    return pdf.guides(create_app({"TESTING": True}))


GUIDES = [pytest.param(page, id=f"{page.lang}/{page.slug}") for page in guide_pages()]


def handout_file(built: Path, page: GuidePage) -> Path:
    """The built handout of a guide."""
    return built / handout_url_of(page).lstrip("/")


def card_file(built: Path, page: GuidePage) -> Path:
    """The built quick card of a guide."""
    return built / card_url_of(page).lstrip("/")


def qr_addresses(page: GuidePage, base_url: str) -> list[str]:
    """Where a guide's QR codes must lead: the guide, then what its front matter names (qr: [...])."""
    site = guide_site()
    targets = [page] + [site.by_id[(other, page.lang)] for other in page.meta.get("qr", []) if isinstance(other, str)]
    outside = [other["address"] for other in page.meta.get("qr", []) if isinstance(other, dict)]
    return [base_url + url_of(target) for target in targets] + outside


@functools.cache
def reader(path: Path) -> PdfReader:
    """A parsed PDF (each file is read once)."""
    return PdfReader(path)


@functools.cache
def rendering(path: Path) -> list[Image.Image]:
    """The pages of a PDF as grey images at 150 dpi, as a printer would put them on paper (each file once)."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run 'make test', which installs poppler-utils"
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([pdftoppm, "-r", "150", "-gray", "-png", str(path), f"{folder}/page"], check=True)
        return [Image.open(image).convert("L") for image in sorted(Path(folder).glob("page-*.png"))]


def filled(image: Image.Image) -> float:
    """How much of the type area (A4 less the handout's margins, 12 mm top, 18 mm bottom) is used, from 0 to 1.

    The lowest row with ink across more than 1 % of the width counts: a step's border line alone is not content.
    """
    width, height = image.size
    top, bottom = round(height * 12 / 297), round(height * (297 - 18) / 297)
    ink = image.crop((0, top, width, bottom)).point(lambda value: 255 if value < 160 else 0)
    share = ink.resize((1, bottom - top), Image.Resampling.BOX).tobytes()  # each row's share of ink, 0 to 255
    used = [number for number, value in enumerate(share) if value > 255 / 100]
    return (used[-1] + 1) / (bottom - top) if used else 0.0


def flat(text: str) -> str:
    """Text without any white space or case, so that line breaks and upper-case labels do not matter."""
    return re.sub(r"\s+", "", text).casefold()


def test_footer_and_size_texts() -> None:
    assert pdf.counter_content("Seite %(page)s von %(pages)s") == '"Seite " counter(page) " von " counter(pages)'
    assert pdf.counter_content("%(page)s/%(pages)s") == 'counter(page) "/" counter(pages)'
    assert pdf.css_string('Say "hi" </style>\\') == '"Say \\"hi\\" \\3C /style>\\\\"'
    assert [pdf.kilobytes(n) for n in (0, 600, 1024, 86_000)] == [1, 1, 1, 84]


def test_the_guides_come_from_the_app() -> None:
    assert len(guide_pages()) >= 12
    assert {page.lang for page in guide_pages()} == set(LANGUAGES)


@pytest.mark.parametrize("page", GUIDES)
def test_every_guide_has_its_handout_beside_it(built_site: Path, page: GuidePage) -> None:
    file = handout_file(built_site, page)
    assert file.exists(), f"{handout_url_of(page)} is missing"
    assert file.parent == (built_site / url_of(page).strip("/")).parent  # /de/videotermin.pdf beside /de/videotermin/
    assert file.read_bytes().startswith(b"%PDF-")
    assert file.stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("page", GUIDES)
def test_handout_text_has_every_step_in_its_language(built_site: Path, page: GuidePage) -> None:
    document = reader(handout_file(built_site, page))
    text = flat("\n".join(p.extract_text() for p in document.pages))
    assert flat(page.meta["title"]) in text
    assert flat(page.meta["summary"]) in text
    catalog = catalogs()[page.lang]
    needs, label = catalog.gettext("What you need"), catalog.gettext("Step %(number)d")
    assert flat(needs) in text
    for number, _anchor, title in page.steps:
        assert flat(label % {"number": number}) in text, f"step {number} label"
        assert flat(title) in text, f"step {number}: {title}"
    on_paper = pdf.paper_html(page.html)[0]  # web-only sections stay online, with their contacts
    for contact in page.contacts:
        # The site's own office is a contact only where the site file gives one; else a sentence stands there.
        if f'data-id="{contact}"' in on_paper and contact in guide_site().contacts:
            assert flat(guide_site().contacts[contact].name[page.lang]) in text


@pytest.mark.parametrize("page", GUIDES)
def test_handout_qr_codes_decode_to_the_online_pages(built_site: Path, base_url: str, page: GuidePage) -> None:
    found = [
        result.text for image in rendering(handout_file(built_site, page)) for result in zxingcpp.read_barcodes(image)
    ]
    assert sorted(found) == sorted(qr_addresses(page, base_url))


@functools.cache
def guide_site():  # type: ignore[no-untyped-def]
    """The rendered content, for looking up pages by id."""
    return create_app({"TESTING": True}).extensions["guide_site"]


@pytest.mark.parametrize("page", GUIDES)
def test_handout_keeps_its_page_limit_and_wastes_no_paper(built_site: Path, page: GuidePage) -> None:
    """At most 5 pages (Leichte Sprache 8); every page but the last at least 60 % filled, on the rendering."""
    images = rendering(handout_file(built_site, page))
    assert len(images) == len(reader(handout_file(built_site, page)).pages)
    assert len(images) <= MAX_PAGES[page.lang], f"{len(images)} pages"
    fill = [round(filled(image), 2) for image in images]
    assert all(value >= THIN for value in fill[:-1]), f"thin pages: {fill}"


@pytest.mark.parametrize("page", [p for p in GUIDES if p.values[0].meta.get("qr")])
def test_the_qr_block_is_never_alone_on_its_page(built_site: Path, base_url: str, page: GuidePage) -> None:
    """The extra QR codes ("On your phone") share their page with guide text above them.

    On the rendering, they stand lower than a heading at the top of an otherwise empty page would put them.
    """
    others = {
        other["address"] if isinstance(other, dict) else base_url + url_of(guide_site().by_id[(other, page.lang)])
        for other in page.meta["qr"]
    }
    for image in rendering(handout_file(built_site, page)):
        codes = [code for code in zxingcpp.read_barcodes(image) if code.text in others]
        if codes:
            millimetres = min(code.position.top_left.y for code in codes) * 297 / image.size[1]
            assert millimetres > 12 + ALONE_MM, f"the QR block stands alone at the top of a page ({millimetres:.0f} mm)"


def test_the_video_handouts_link_the_device_check(built_site: Path, base_url: str, tmp_path: Path) -> None:
    """The video handout's codes: the guide, its device check in the handout's language, the official test."""
    handout = str(built_site / "da" / "videomoede.pdf")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", handout, str(tmp_path / "p")], check=True)
    found = {r.text for image in tmp_path.glob("p-*.png") for r in zxingcpp.read_barcodes(Image.open(image))}
    assert found == {f"{base_url}/da/videomoede/", f"{base_url}/da/enhedstest/", "https://vk.arbeitsagentur.de"}


@pytest.mark.parametrize("kind", ["handout", "card"])
@pytest.mark.parametrize("page", GUIDES)
def test_handout_and_card_are_tagged_with_title_language_and_embedded_fonts(
    built_site: Path, page: GuidePage, kind: str
) -> None:
    document = reader(handout_file(built_site, page) if kind == "handout" else card_file(built_site, page))
    title = page.meta["title"]
    if kind == "card":
        title = catalogs()[page.lang].gettext("Quick card: %(title)s") % {"title": title}
    catalog = document.trailer["/Root"]
    assert catalog["/Lang"] == LANGUAGES[page.lang].html_lang
    assert catalog["/MarkInfo"]["/Marked"].value is True  # tagged
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert document.metadata is not None
    assert document.metadata.title == title
    fonts = {}
    for sheet in document.pages:
        for font in sheet["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"fonts not embedded: {[n for n, e in fonts.items() if not e]}"
    assert all(re.search(r"DejaVu|Liberation", str(name)) for name in fonts), fonts


def text_sizes(path: Path) -> Counter[float]:
    """How many characters the PDF sets at each font size (in pt, after the text and page transforms)."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes[round(size * abs(a * d - b * c) ** 0.5, 1)] += len(text.strip())

    for sheet in reader(path).pages:
        sheet.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("page", GUIDES)
def test_body_text_is_large_enough(built_site: Path, page: GuidePage) -> None:
    """Body text 12 pt, Leichte Sprache 14 pt: the size of most characters, and of nearly all of them."""
    smallest = 14.0 if page.lang == "de-leicht" else 12.0
    sizes = text_sizes(handout_file(built_site, page))
    body = sizes.most_common(1)[0][0]
    assert body >= smallest
    large = sum(count for size, count in sizes.items() if size >= smallest)
    assert large / sum(sizes.values()) >= 0.85, sizes  # the rest: footer, the QR caption, the date line


def test_leichte_sprache_has_its_own_type_size_and_line_height() -> None:
    css = pdf.HANDOUT_CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.lang-de-leicht \{([^}]*)\}", css)
    assert rule and "font-size: 14pt" in rule[1] and "line-height: 1.5" in rule[1]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the workers, once the pool has closed)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def test_every_handout_builds_within_ten_seconds() -> None:
    """All handouts together, as the freeze makes them (two workers), on a fresh app, on 2 cores.

    The CPU time spread over the 2 cores always counts; the clock time too, unless other work keeps the machine
    busy (then it measures the neighbours, not the handouts).
    """
    app = create_app({"TESTING": True})
    before = cpu_seconds()
    seconds = pdf.prerender(app)
    spent = cpu_seconds() - before
    assert len(app.extensions["handouts"]) == 2 * len(guide_pages())  # a handout and a quick card each
    assert spent / 2 <= MAX_SECONDS, f"{spent:.1f} CPU seconds"
    if os.getloadavg()[0] <= (os.cpu_count() or 2):
        assert seconds <= MAX_SECONDS, f"{seconds:.1f} s"


def test_a_failing_handout_stops_the_build_naming_guide_and_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / "marker.txt").write_text("the last good build", encoding="utf-8")
    (build / ".guide-build").write_text("", encoding="utf-8")  # an earlier build, which freeze.py may replace
    real = pdf.handout_html

    def broken(page: GuidePage) -> str:
        if (page.lang, page.slug) == ("da", "videomoede"):
            raise ValueError("template exploded")
        return real(page)

    monkeypatch.setattr(pdf, "handout_html", broken)
    monkeypatch.setenv("BUILD_DIR", str(build))
    assert freeze.main([]) == 1
    error = capsys.readouterr().err
    assert "content/da/videomoede.md" in error and "video-appointment" in error and "language da" in error
    assert "template exploded" in error and "Traceback" not in error
    assert (build / "marker.txt").read_text(encoding="utf-8") == "the last good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]  # no half-built folder left behind


def test_a_handout_failing_in_a_worker_names_it() -> None:
    """Errors in the worker processes come back as a HandoutError with the guide and language."""
    jobs = [
        pdf.Job(("de", "fine"), "<title>Fine</title><p>Fine.</p>", "http://127.0.0.1:8000/de/fine/", "fine"),
        pdf.Job(("da", "broken"), None, "http://127.0.0.1:8000/da/broken/", "content/da/broken.md (language da)"),  # type: ignore[arg-type]
    ]
    with pytest.raises(pdf.HandoutError, match=r"content/da/broken\.md \(language da\)"):
        pdf.render_all(jobs, workers=2)


@pytest.mark.parametrize("page", GUIDES)
def test_guide_page_links_its_handout_with_the_real_size(built_site: Path, page: GuidePage) -> None:
    html = (built_site / url_of(page).strip("/") / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="handout-link" href="([^"]+)" type="application/pdf">[^<]+<span[^>]*>\(([^)]*)\)', html)
    assert link, "no PDF link"
    assert link[1] == handout_url_of(page)
    size = handout_file(built_site, page).stat().st_size
    # Leichte Sprache writes the unit as a word (no short forms).
    assert re.fullmatch(r"PDF, (\d+) (?:KB|Kilo-Byte)", link[2]) and int(link[2].split()[1]) == round(size / 1024)


def test_serve_mode_answers_the_handout(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/en/video-appointment/").get_data(as_text=True)
    response = client.get("/en/video-appointment.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"(PDF, {round(len(response.data) / 1024)} KB)" in html
    assert client.get("/en/help.pdf").status_code == 404  # only guides have handouts
    assert client.get("/en/nothing.pdf").status_code == 404


def test_staff_tools_list_every_handout(client) -> None:  # type: ignore[no-untyped-def]
    from guide.staff import guide_links

    app = client.application
    with app.app_context():
        links = {entry["id"]: entry for entry in guide_links(app.extensions["guide_site"], lambda p: "https://x" + p)}
    for page in guide_pages():
        assert links[page.id]["pdf"][page.lang] == "https://x" + handout_url_of(page)
    assert links["device-check"]["pdf"] is None
    html = client.get("/de/mitarbeitende/").get_data(as_text=True)
    for page in guide_pages():
        assert f'href="{app.config["SITE_URL"]}{handout_url_of(page)}" type="application/pdf"' in html


def test_print_shows_the_written_guide_without_navigation_or_controls(page: Page, served_site: str) -> None:
    page.goto(served_site + "/de/videotermin/")
    expect(page.locator(".demo.demo-on").first).to_be_attached()  # the practice demos have started
    page.emulate_media(media="print")
    for hidden in (".site-header", ".language-switch", ".breadcrumbs", ".on-this-page", ".page-actions", ".dc-app"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".dc-manual")).to_be_visible()
    for control in page.locator("main button, main input, main select, main textarea").all():
        expect(control).to_be_hidden()
    screens = page.locator(".demo-screen")
    assert screens.count() > 3
    for screen in screens.all():
        expect(screen).to_be_visible()  # the whole sequence, not just the screen the demo shows
    expect(page.locator(".contact-status").first).to_be_hidden()
    expect(page.locator(".on-your-phone figure.qr-code").first).to_be_visible()
    expect(page.locator(".on-your-phone figcaption a").first).to_be_visible()
    assert page.locator(".step").first.evaluate("s => getComputedStyle(s).breakInside") == "avoid"
    size = page.locator(".step-body p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 16  # 12 pt
    after = "a => getComputedStyle(a, '::after').content"
    assert page.locator(".demo a[href^='#']").first.evaluate(after) in ("none", "normal")  # an in-page anchor
    # Where the link text is the address already (QR captions, a contact's website), it is not printed twice.
    assert page.locator(".on-your-phone figcaption a").first.evaluate(after) in ("none", "normal")
    page.goto(served_site + "/de/hilfe/")  # a page whose contacts have a website
    page.emulate_media(media="print")
    assert page.locator(".contact a[itemprop='url']").first.evaluate(after) in ("none", "normal")


def test_a_rebuild_renders_only_the_handouts_that_changed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With a cache folder, unchanged handouts are read back, a changed one is rendered, its old PDF removed."""
    rendered: list[str] = []

    def fake_render(html: str, base_url: str, site_url: str = "", roots=None, stylesheet: str = "") -> bytes:
        rendered.append(base_url)
        return f"%PDF-1.7 {len(rendered)} {base_url}".encode()

    monkeypatch.setattr(pdf, "render_pdf", fake_render)
    first = create_app({"TESTING": True})
    pdf.prerender(first, workers=1, cache=tmp_path)
    assert len(rendered) == 2 * len(guide_pages()) == len(list(tmp_path.glob("*.pdf")))  # handouts and quick cards

    rendered.clear()
    second = create_app({"TESTING": True})
    pdf.prerender(second, workers=1, cache=tmp_path)
    assert rendered == []
    assert second.extensions["handouts"] == first.extensions["handouts"]

    real = pdf.handout_html
    changed = ("da", "videomoede")
    monkeypatch.setattr(
        pdf, "handout_html", lambda page: real(page) + ("<p>New.</p>" if (page.lang, page.slug) == changed else "")
    )
    third = create_app({"TESTING": True})
    pdf.prerender(third, workers=1, cache=tmp_path)
    assert [url.split("/", 3)[-1] for url in rendered] == ["da/videomoede/"]
    assert len(list(tmp_path.glob("*.pdf"))) == 2 * len(guide_pages())
    assert third.extensions["handouts"][changed] != first.extensions["handouts"][changed]
    unchanged = {key: data for key, data in third.extensions["handouts"].items() if key != changed}
    assert unchanged == {key: data for key, data in first.extensions["handouts"].items() if key != changed}


# The quick cards: one A4 page per guide and language, beside the handout.


@pytest.mark.parametrize("page", GUIDES)
def test_quick_card_is_one_page_with_every_step_and_the_support_line(built_site: Path, page: GuidePage) -> None:
    file = card_file(built_site, page)
    assert file.parent == handout_file(built_site, page).parent  # /de/videotermin.card.pdf beside /de/videotermin.pdf
    document = reader(file)
    assert len(document.pages) == len(rendering(file)) == 1
    text = flat(document.pages[0].extract_text())
    assert flat(page.meta["title"]) in text
    for number, _anchor, title in page.steps:
        assert flat(title) in text, f"step {number}: {title}"
    for line in page.meta.get("card", []):
        assert flat(line) in text
    contacts = [guide_site().contacts[c] for c in page.contacts if c in guide_site().contacts]  # office: if given
    on_paper = [c for c in contacts if f'data-id="{c.id}"' in pdf.paper_html(page.html)[0]]
    assert on_paper, "no support contact"
    for contact in on_paper:
        assert flat(contact.name[page.lang]) in text
        web = (contact.web or "").removeprefix("https://")
        reach = contact.phone_display or web or contact.address.get("street") or contact.purpose[page.lang]
        assert flat(reach) in text, f"{contact.id}: {reach}"


@pytest.mark.parametrize("page", GUIDES)
def test_quick_card_qr_codes_decode_to_the_guide_and_its_targets(
    built_site: Path, base_url: str, page: GuidePage
) -> None:
    found = [result.text for result in zxingcpp.read_barcodes(rendering(card_file(built_site, page))[0])]
    assert sorted(found) == sorted(qr_addresses(page, base_url))


@pytest.mark.parametrize("page", GUIDES)
def test_guide_page_links_its_quick_card_with_the_real_size(built_site: Path, page: GuidePage) -> None:
    html = (built_site / url_of(page).strip("/") / "index.html").read_text(encoding="utf-8")
    link = re.search(
        r'<a class="quickcard-link" href="([^"]+)" type="application/pdf">[^<]+<span[^>]*>\(([^)]*)\)',
        html,
    )
    assert link, "no quick card link"
    assert link[1] == card_url_of(page)
    size = card_file(built_site, page).stat().st_size
    assert int(link[2].split()[1]) == round(size / 1024)


def test_staff_tools_list_every_quick_card(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/en/staff/").get_data(as_text=True)
    for page in guide_pages():
        assert f'href="{client.application.config["SITE_URL"]}{card_url_of(page)}" type="application/pdf"' in html
    assert client.get("/en/help.card.pdf").status_code == 404
    response = client.get("/en/secure-message.card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


@pytest.mark.parametrize("page", [p for p in GUIDES if pdf.paper_html(p.values[0].html)[1]])
def test_web_only_sections_stay_online_and_the_handout_names_them(built_site: Path, page: GuidePage) -> None:
    text = flat("\n".join(p.extract_text() for p in reader(handout_file(built_site, page)).pages))
    titles = pdf.paper_html(page.html)[1]
    assert flat(catalogs()[page.lang].gettext("More on this guide's page online:")) in text
    for title in titles:
        assert flat(title) in text
    # The first sentence under each left-out heading is not on paper (unless the handout says it elsewhere too).
    elsewhere = flat(pdf.paper_html(page.html)[0] + " ".join(page.meta["needs"]))
    for heading in re.finditer(r'<h2[^>]*class="web-only"[^>]*>.*?</h2>\s*<p>([^<.]+)', page.html):
        if flat(heading[1]) not in elsewhere:
            assert flat(heading[1]) not in text, heading[1]


@pytest.mark.parametrize("page", GUIDES)
def test_quick_card_text_is_large_enough(built_site: Path, page: GuidePage) -> None:
    """Steps and contacts at body size or larger (12 pt, Leichte Sprache 14 pt): at least half of all characters.

    The rest is the site line, the QR codes' captions (11 pt) and the footer (9 pt).
    """
    smallest = 14.0 if page.lang == "de-leicht" else 12.0
    sizes = text_sizes(card_file(built_site, page))
    large = sum(count for size, count in sizes.items() if size >= smallest)
    assert large / sum(sizes.values()) >= 0.5, sizes
    assert min(sizes) >= 9.0, sizes
