"""The staff link builder: links to guides and single steps, e-mail texts in every language, copy buttons, a card."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.pages import axe_violations

STAFF = {"de": "/de/mitarbeitende/", "da": "/da/medarbejdere/", "en": "/en/staff/"}
GUIDE_URLS = {
    "de": "/de/videotermin/",
    "de-leicht": "/de-leicht/videotermin/",
    "da": "/da/videomoede/",
    "en": "/en/video-appointment/",
}
CHECK_URLS = {
    "de": "/de/geraetetest/",
    "de-leicht": "/de-leicht/geraetetest/",
    "da": "/da/enhedstest/",
    "en": "/en/device-check/",
}
STEP3 = {"de": "schritt-3", "de-leicht": "schritt-3", "da": "trin-3", "en": "step-3"}
INTRO = {
    "de": "Hier ist eine Schritt-für-Schritt-Anleitung für Sie:",
    "de-leicht": "Hier ist eine Anleitung für Sie:",
    "da": "Her er en trin-for-trin-vejledning til dig:",
    "en": "Here is a step-by-step guide for you:",
}
SCAN = {
    "da": ["Scan QR-koden med kameraet på din telefon.", "Så åbnes vejledningen."],
    "de-leicht": ["Halten Sie die Handy-Kamera auf den QR-Code.", "Dann geht die Anleitung auf."],
}
# Sheet size in points (1/72 inch) and the least width of the printed code itself (without its white margin), in mm.
SHEETS = {"a6": ((297.6, 419.5), 55), "a4": ((595.3, 841.9), 115)}
STRAYS = """() => {
  const card = document.querySelector('.lb-card');
  return [...document.body.querySelectorAll('*')]
    .filter((e) => e.getClientRects().length && e !== card && !card.contains(e) && !e.contains(card))
    .map((e) => e.tagName + '.' + e.className);
}"""


@pytest.fixture()
def builder(browser: Browser, served_site: str):  # type: ignore[no-untyped-def]
    """The English staff page with clipboard access."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site)
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    expect(page.locator(".lb-app")).to_be_visible()  # the widget has started; keys pressed before would go nowhere
    yield page
    context.close()


def choose(page: Page, guide: str, lang: str, step: str = "") -> None:
    """Choose with the keyboard-operable selects."""
    page.get_by_label("Guide", exact=True).select_option(guide)
    page.get_by_label("Language of the guide").select_option(lang)
    page.get_by_label("Step", exact=True).select_option(step)


@pytest.mark.parametrize("lang", GUIDE_URLS)
def test_link_to_a_single_step_in_every_language(builder: Page, served_site: str, lang: str) -> None:
    choose(builder, "video-appointment", lang, "2")
    link = builder.get_by_label("Link", exact=True).input_value()
    assert link == f"{served_site}{GUIDE_URLS[lang]}#{STEP3[lang]}"
    target = builder.context.new_page()
    target.goto(link)
    expect(target.locator(f"#{STEP3[lang]}")).to_contain_text("3")
    target.close()


def test_steps_follow_the_chosen_guide(builder: Page) -> None:
    choose(builder, "secure-message", "da")
    options = builder.get_by_label("Step", exact=True).locator("option")
    expect(options).to_have_count(7)  # the whole guide and six steps
    expect(options.nth(2)).to_have_text(re.compile(r"^2\. "))


def test_copy_link_puts_it_on_the_clipboard(builder: Page, served_site: str) -> None:
    choose(builder, "online-communication", "de", "0")
    builder.get_by_role("button", name="Copy link").click()
    expect(builder.locator(".lb-status")).to_have_text("Copied to the clipboard.")
    assert builder.evaluate("navigator.clipboard.readText()") == f"{served_site}/de/online-kommunikation/#schritt-1"


@pytest.mark.parametrize("lang", GUIDE_URLS)
def test_email_texts_have_working_links_in_their_language(builder: Page, served_site: str, lang: str) -> None:
    choose(builder, "video-appointment", "en")
    text = builder.locator(f"#lb-text-{lang}").input_value()
    assert text.startswith(INTRO[lang])
    links = re.findall(r"https?://\S+", text)
    assert links == [served_site + GUIDE_URLS[lang], served_site + CHECK_URLS[lang]]
    for link in links:
        assert builder.request.get(link).status == 200
    section = builder.locator(f".lb-email[data-lang={lang}]")
    section.get_by_role("button", name="Copy text").click()
    assert builder.evaluate("navigator.clipboard.readText()") == text


def test_html_snippet_is_highlighted_and_copies_as_html(builder: Page, served_site: str) -> None:
    choose(builder, "video-appointment", "da", "3")
    shown = builder.locator(".lb-email[data-lang=da] .lb-html")
    expect(shown.locator(".highlight span.nt").first).to_be_visible()  # tag names, coloured by class
    assert shown.locator("[style]").count() == 0
    builder.locator(".lb-email[data-lang=da]").get_by_role("button", name="Copy HTML").click()
    html = builder.evaluate("navigator.clipboard.readText()")
    assert f'<a href="{served_site}/da/videomoede/#trin-4">Deltag i et videomøde</a>' in html
    assert f'<a href="{served_site}/da/enhedstest/">' in html
    assert shown.inner_text().strip() == html.strip()


def test_guides_without_device_check_have_no_device_line(builder: Page) -> None:
    choose(builder, "secure-message", "en")
    assert "camera" not in builder.locator("#lb-text-en").input_value()


def test_builder_with_the_keyboard_and_axe(builder: Page, served_site: str) -> None:
    builder.get_by_label("Guide", exact=True).focus()
    builder.keyboard.press("ArrowDown")  # the next guide
    builder.keyboard.press("Tab")
    builder.keyboard.press("Tab")
    expect(builder.get_by_label("Step", exact=True)).to_be_focused()
    builder.keyboard.press("ArrowDown")
    link = builder.get_by_label("Link", exact=True).input_value()
    assert re.search(r"#step-1$", link)
    assert axe_violations(builder) == []


def test_without_javascript_every_link_and_code_is_listed(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + STAFF["de"])
    expect(page.locator(".lb-app")).to_be_hidden()
    links = page.locator(".lb-list figcaption a")
    expect(links).to_have_count(16)  # four guides and pages, four languages
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    for lang, path in GUIDE_URLS.items():
        assert served_site + path in hrefs, lang
    expect(page.locator(".lb-list .qr-svg")).to_have_count(16)
    context.close()


@pytest.fixture()
def printer(browser: Browser, served_site: str):  # type: ignore[no-untyped-def]
    """The English staff page, where window.print counts its calls instead of opening a dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    expect(page.locator(".lb-app")).to_be_visible()  # the widget has started; keys pressed before would go nowhere
    yield page
    context.close()


def run(*command: str) -> str:
    """The output of a poppler tool."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def sheets(pdf: Path) -> tuple[int, float, float]:
    """The number of pages of a PDF and the size of its first page in points, from pdfinfo."""
    info = run("pdfinfo", str(pdf))
    pages = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert pages and size, info
    return int(pages[1]), float(size[1]), float(size[2])


def letters(text: str) -> str:
    """The text without white space and hyphens: lines wrap, and pdftotext joins a word broken at its hyphen."""
    return re.sub(r"[\s-]", "", text)


def test_card_preview_follows_guide_language_and_step(builder: Page) -> None:
    card = builder.locator(".lb-card")
    choose(builder, "video-appointment", "da", "2")
    link = builder.get_by_label("Link", exact=True).input_value()
    expect(card).to_have_attribute("lang", "da")
    expect(card.locator(".lb-card-title")).to_have_text("Deltag i et videomøde")
    expect(card.locator(".lb-card-step")).to_have_text("Trin 3: Giv adgang til kamera og mikrofon")
    expect(card.locator(".lb-card-help > span")).to_have_text(SCAN["da"])
    expect(card.locator(".lb-card-link")).to_have_text(link)
    code = card.get_by_role("img")
    expect(code).to_have_attribute("aria-label", f"QR code for {link}")  # in the staff page's language
    expect(card.locator(".lb-card-code")).to_have_attribute("lang", "en")
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))] == [link]
    choose(builder, "secure-message", "de-leicht")
    expect(card).to_have_attribute("lang", "de-x-ls")
    expect(card.locator(".lb-card-title")).to_have_text("Sichere Nachricht öffnen und beantworten")
    expect(card.locator(".lb-card-step")).to_be_hidden()  # the whole guide: no step line
    expect(card.locator(".lb-card-help > span")).to_have_text(SCAN["de-leicht"])
    expect(card.locator(".lb-card-link")).to_have_text(builder.get_by_label("Link", exact=True).input_value())


@pytest.mark.parametrize("size", SHEETS)
def test_print_card_is_one_sheet_of_its_size(printer: Page, tmp_path: Path, size: str) -> None:
    (width, height), least_code = SHEETS[size]
    choose(printer, "video-appointment", "de-leicht", "3")
    link = printer.get_by_label("Link", exact=True).input_value()
    assert link.endswith("/de-leicht/videotermin/#schritt-4")
    printer.get_by_role("radio", name=re.compile(f"^{size.upper()} ")).check()
    expect(printer.locator(".lb-card")).to_have_attribute("data-size", size)
    printer.get_by_role("button", name="Print this card").click()
    assert printer.evaluate("window.printed") == 1
    printer.emulate_media(media="print")
    assert printer.evaluate(STRAYS) == []  # only the card and its ancestors have a box
    pdf = tmp_path / "card.pdf"
    printer.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)

    pages, measured_width, measured_height = sheets(pdf)
    assert pages == 1
    assert abs(measured_width - width) < 2 and abs(measured_height - height) < 2, (measured_width, measured_height)

    run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "card"))
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))
    assert [r.text for r in results] == [link]
    corners = results[0].position
    assert (corners.top_right.x - corners.top_left.x) / 150 * 25.4 >= least_code  # large enough to scan at arm's length

    text = letters(run("pdftotext", str(pdf), "-"))
    step = printer.locator(".lb-card-step").inner_text()
    assert step.startswith("Schritt 4: ")
    for shown in ["Ein Termin per Video", step, *SCAN["de-leicht"], link]:
        assert letters(shown) in text
    for other in ["Tools for staff", "Printable card", "Card size", "E-mail texts to paste", "QR code for any link"]:
        assert letters(other) not in text


def test_ctrl_p_prints_the_card_alone(printer: Page, tmp_path: Path) -> None:
    choose(printer, "video-appointment", "da", "2")
    printer.emulate_media(media="print")  # as Ctrl+P: no button pressed
    assert printer.evaluate(STRAYS) == []
    pdf = tmp_path / "ctrl-p.pdf"
    printer.pdf(path=str(pdf), prefer_css_page_size=True)
    assert sheets(pdf)[0] == 1


def test_email_names_the_chosen_step_in_each_language(builder: Page) -> None:
    choose(builder, "video-appointment", "da", "2")
    read = {
        "de": "Bitte lesen Sie Schritt 3: ",
        "de-leicht": "Bitte lesen Sie Schritt 3: ",
        "da": "Læs trin 3: Giv adgang til kamera og mikrofon",
        "en": "Please read step 3: ",
    }
    for lang, line in read.items():
        text = builder.locator(f"#lb-text-{lang}").input_value().splitlines()
        assert text[0].startswith(INTRO[lang]) and text[1].startswith(line), text
        assert f"#{STEP3[lang]}" in text[2]
    html = builder.locator(".lb-email[data-lang=da] .lb-html").inner_text()
    assert "<p>Læs trin 3: Giv adgang til kamera og mikrofon</p>" in html
    choose(builder, "video-appointment", "da")
    assert "trin 3" not in builder.locator("#lb-text-da").input_value()


def test_text_of_the_guide_language_comes_first(builder: Page) -> None:
    order = builder.locator(".lb-email")
    for lang in ["da", "de-leicht", "en"]:
        choose(builder, "video-appointment", lang)
        expect(order.first).to_have_attribute("data-lang", lang)
        rest = [code for code in GUIDE_URLS if code != lang]
        assert order.evaluate_all("s => s.map(e => e.dataset.lang)")[1:] == rest  # the others in the site's order


def test_guides_come_in_the_order_of_the_start_page(builder: Page, served_site: str) -> None:
    home = builder.context.new_page()
    home.goto(served_site + "/en/")
    listed = home.locator("main a[href*='/en/']").evaluate_all("a => a.map(e => e.textContent.trim())")
    home.close()
    options = builder.get_by_label("Guide", exact=True).locator("option").all_inner_texts()
    guides = [title for title in listed if title in options]
    assert options[: len(guides)] == guides and len(guides) == len(options) - 1  # the device check last


def test_the_card_names_the_office_only_when_the_site_does(app, builder: Page) -> None:  # type: ignore[no-untyped-def]
    from guide.staff import card_texts

    with app.test_request_context():
        assert {texts["operator"] for texts in card_texts().values()} == {""}
        named = card_texts(operator_names=dict.fromkeys(("de", "de-leicht", "da", "en"), "Example Office"))
    assert named["da"]["operator"] == "Udleveret af: Example Office"
    assert named["en"]["operator"] == "Handed out by: Example Office"
    # This build's site names no office (operator_name is None): the card has no such line.
    expect(builder.locator(".lb-card-operator")).to_have_count(0)
    expect(builder.locator(".lb-card")).not_to_contain_text("Handed out by")


def test_card_size_with_the_keyboard_and_axe(builder: Page) -> None:
    a6 = builder.get_by_role("radio", name=re.compile("^A6 "))
    a4 = builder.get_by_role("radio", name=re.compile("^A4 "))
    card = builder.locator(".lb-card")
    expect(a6).to_be_checked()
    expect(card).to_have_attribute("data-size", "a6")
    builder.locator(".lb-email").last.get_by_role("button", name="Copy HTML").focus()  # the e-mail texts come first
    builder.keyboard.press("Tab")
    expect(a6).to_be_focused()
    builder.keyboard.press("ArrowDown")
    expect(a4).to_be_focused()
    expect(a4).to_be_checked()
    expect(card).to_have_attribute("data-size", "a4")
    builder.keyboard.press("Tab")
    expect(builder.get_by_role("button", name="Print this card")).to_be_focused()
    builder.keyboard.press("Shift+Tab")
    builder.keyboard.press("ArrowUp")
    expect(a6).to_be_checked()
    expect(card).to_have_attribute("data-size", "a6")
    expect(card.get_by_role("img")).to_be_visible()
    assert axe_violations(builder) == []
