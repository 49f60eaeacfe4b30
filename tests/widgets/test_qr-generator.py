"""The QR generator: what is typed is what is shown is what the code holds, bad links get no code, downloads decode."""

from __future__ import annotations

import base64
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.pages import axe_violations

STAFF = {"en": "/en/staff/", "de": "/de/mitarbeitende/", "da": "/da/medarbejdere/"}
MAX_BYTES = 2331  # byte mode, level M, version 40
SCHEME_ERROR = "Only web addresses that start with https:// or http:// can become a QR code."
HTTP_WARNING = "this link is not encrypted (http://). Use https:// if the website supports it."
SVG = "{http://www.w3.org/2000/svg}"

HOSTS = [
    "bürgeramt.example",
    "jobcenter-köln.example",
    "københavn.example",
    "ærø-kommune.example",
    "straße.example",
    "www.arbeitsagentur.de",
    "jobcenter.digital",
    "hilfe.example.org:8443",
    "sub.domæne.dk",
    "xn--brgeramt-q9a.example",
    "Example.ORG",
]
WORDS = [
    "hilfe", "übersicht", "größe", "straße", "ærlig", "søg", "på", "blåbær", "fußgänger", "Öffnungszeiten",
    "anträge", "mødested", "video-møde", "Schritt_3", "a", "x1", "%C3%A4", "~user", "ÆØÅ", "ÄÖÜ", "äöüß",
]  # fmt: skip
FRAGMENTS = ["#schritt-3", "#trin-2", "#step-1", "#ø", "#Überblick", "#a=b&c", ""]
PUNCTUATION = "-._~!$&'()*+,;=:@%"


def generated_links(count: int, seed: int = 20261120) -> list[str]:
    """Web addresses with ä ö ü ß æ ø å, internationalised hosts, queries, fragments, short to long."""
    rng = random.Random(seed)
    links = []
    for n in range(count):
        scheme = "http" if n % 10 == 0 else rng.choice(["https", "https", "HTTPS", "Https"])
        host = rng.choice(HOSTS)
        depth = rng.choice([0, 1, 2, 3, 6, 12, 25, 50]) if n % 4 else rng.randint(0, 3)
        path = "/" + "/".join(rng.choice(WORDS) for _ in range(depth))
        if rng.random() < 0.3:
            path += rng.choice(["/", ".html", "/index.php", "-" + "".join(rng.choices(PUNCTUATION, k=4))])
        query = ""
        if rng.random() < 0.5:
            pairs = [f"{rng.choice(WORDS)}={rng.choice(WORDS)}" for _ in range(rng.randint(1, 6))]
            query = "?" + "&".join(pairs)
        links.append(f"{scheme}://{host}{path}{query}{rng.choice(FRAGMENTS)}")
    return links


LINKS = generated_links(220)


def decode(png: bytes) -> str:
    """The one QR code in a PNG, as UTF-8 text (from its raw bytes, so no charset guessing)."""
    found = zxingcpp.read_barcodes(Image.open(BytesIO(png)))
    assert len(found) == 1, "no QR code found" if not found else "more than one code"
    return found[0].bytes.decode("utf-8")


@pytest.fixture()
def staff(browser: Browser, served_site: str) -> Iterator[Page]:
    """The English staff page, at twice the pixel density so that even long codes decode from a screenshot."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2, accept_downloads=True)
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    expect(page.locator(".qrg-app")).to_be_visible()
    yield page
    context.close()


def make(page: Page, text: str) -> None:
    """Type a link and wait until the code shows exactly it."""
    page.locator("#qrg-input").fill(text)
    expect(page.locator(".qrg-code svg")).to_have_attribute("data-content", text.strip())


def test_generated_links_decode_to_exactly_what_was_typed(staff: Page) -> None:
    assert len(LINKS) >= 200
    assert any("ø" in x for x in LINKS) and any("ß" in x for x in LINKS) and any("bürgeramt" in x for x in LINKS)
    assert max(len(x.encode()) for x in LINKS) > 500
    code = staff.locator(".qrg-code svg")
    field = staff.locator("#qrg-input")
    staff.clock.install()  # skip the 150 ms debounce instead of waiting for it 220 times
    decoded = 0
    for link in LINKS:
        field.fill(link)
        staff.clock.run_for(200)
        assert code.get_attribute("data-content") == link
        assert staff.locator(".qrg-content").text_content() == link
        assert decode(code.screenshot()) == link, link
        decoded += 1
    assert decoded == len(LINKS)


def test_surrounding_spaces_are_trimmed_and_nothing_else_changes(staff: Page) -> None:
    make(staff, "  https://bürgeramt.example/Öffnungszeiten?ø=å#Schritt-2 \t")
    text = "https://bürgeramt.example/Öffnungszeiten?ø=å#Schritt-2"
    assert staff.locator(".qrg-content").text_content() == text
    assert decode(staff.locator(".qrg-code svg").screenshot()) == text
    assert staff.locator(".qrg-code svg").get_attribute("aria-label") == f"QR code for {text}"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("javascript:alert(1)", SCHEME_ERROR),
        ("JavaScript:alert(document.cookie)", SCHEME_ERROR),
        ("data:text/html,<script>alert(1)</script>", SCHEME_ERROR),
        ("vbscript:msgbox(1)", SCHEME_ERROR),
        ("file:///etc/passwd", SCHEME_ERROR),
        ("ftp://ftp.example.org/file.txt", SCHEME_ERROR),
        ("mailto:hilfe@example.org", SCHEME_ERROR),
        ("tel:+4980044555500", SCHEME_ERROR),
        ("www.example.org", SCHEME_ERROR),
        ("https:example.org", SCHEME_ERROR),
        ("https://", None),  # still being typed: no code and no message yet
        ("https://example.org/" + "a" * 2980, "it needs 3000 bytes, and a QR code holds at most 2331"),
        ("https://example.org/" + "ä" * 1156, "it needs 2332 bytes"),
    ],
)
def test_bad_input_gets_its_message_and_no_code(staff: Page, bad: str, message: str | None) -> None:
    make(staff, "https://example.org/")
    field = staff.locator("#qrg-input")
    field.fill(bad)
    expect(staff.locator(".qrg-result")).to_be_hidden()
    expect(staff.locator(".qrg-code svg")).to_have_count(1)  # the last code stays in the DOM, hidden
    error = staff.locator("#qrg-error")
    if message is None:
        expect(error).to_be_hidden()
        expect(field).to_have_attribute("aria-invalid", "false")
        return
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "qrg-hint qrg-error")
    expect(staff.locator("#qrg-warning")).to_be_hidden()


def test_the_largest_link_that_fits_makes_a_code(staff: Page) -> None:
    link = "https://example.org/" + "ø" * ((MAX_BYTES - 20) // 2) + "x" * ((MAX_BYTES - 20) % 2)
    assert len(link.encode()) == MAX_BYTES
    make(staff, link)
    expect(staff.locator("#qrg-error")).to_be_hidden()
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Download as PNG").click()
    assert decode(Path(download.value.path()).read_bytes()) == link
    staff.locator("#qrg-input").fill(link + "x")
    expect(staff.locator("#qrg-error")).to_contain_text("it needs 2332 bytes")
    expect(staff.locator(".qrg-result")).to_be_hidden()


def test_http_gets_a_warning_and_still_a_code(staff: Page) -> None:
    link = "http://københavn.example/sikker-besked?trin=3"
    make(staff, link)
    warning = staff.locator("#qrg-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(HTTP_WARNING)
    field = staff.locator("#qrg-input")
    expect(field).to_have_attribute("aria-invalid", "false")
    expect(field).to_have_attribute("aria-describedby", "qrg-hint qrg-warning")
    assert decode(staff.locator(".qrg-code svg").screenshot()) == link
    make(staff, "https://københavn.example/")
    expect(warning).to_be_hidden()
    expect(field).to_have_attribute("aria-describedby", "qrg-hint")


def test_empty_field_shows_neither_code_nor_error(staff: Page) -> None:
    make(staff, "https://example.org/")
    staff.locator("#qrg-input").fill("   ")
    expect(staff.locator(".qrg-result")).to_be_hidden()
    expect(staff.locator("#qrg-error")).to_be_hidden()
    expect(staff.locator("#qrg-warning")).to_be_hidden()
    expect(staff.locator("#qrg-input")).to_have_attribute("aria-invalid", "false")


def test_downloads_svg_and_png_decode_to_the_link(staff: Page) -> None:
    link = "https://bürgeramt.example/anträge/größe?søg=blåbær&x=1#trin-2"
    make(staff, link)
    shown_path = staff.locator(".qrg-code svg path").get_attribute("d")

    with staff.expect_download() as svg_download:
        staff.get_by_role("button", name="Download as SVG").click()
    assert svg_download.value.suggested_filename == "qr-code.svg"
    svg_text = Path(svg_download.value.path()).read_text(encoding="utf-8")
    root = ET.fromstring(svg_text.encode())  # well-formed, with its namespace
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}path").get("d") == shown_path
    assert "style" not in svg_text
    # Render the file as an image on its own and read it back.
    viewer = staff.context.new_page()
    source = "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()
    viewer.set_content(f'<img alt="" src="{source}">')
    assert decode(viewer.locator("img").screenshot()) == link
    viewer.close()

    with staff.expect_download() as png_download:
        staff.get_by_role("button", name="Download as PNG").click()
    assert png_download.value.suggested_filename == "qr-code.png"
    png = Path(png_download.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG")
    assert decode(png) == link
    width, height = Image.open(BytesIO(png)).size
    size = int(root.get("viewBox").split()[2])
    assert width == height == size * 10


def test_print_card_prints_only_the_card(browser: Browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    link = "https://hilfe.example.org/de/videotermin/#schritt-4"
    make(page, link)
    page.get_by_role("button", name="Print card").click()
    assert page.evaluate("window.printed") == 1
    expect(page.locator("html")).to_have_class(re.compile(r"\bprinting-qr-card\b"))
    page.emulate_media(media="print")
    card = page.locator(".qrg-card")
    expect(card).to_be_visible()
    expect(card.locator("svg")).to_be_visible()
    expect(card.locator(".qrg-content")).to_have_text(link)
    for hidden in ["h1", ".site-header", ".site-footer", "#qrg-input", ".qrg-actions", ".content > p"]:
        expect(page.locator(hidden).first).to_be_hidden()
    # Everything with a box is the card, inside it, or one of its ancestors (which draw nothing of their own).
    strays = page.evaluate(
        """() => {
          const card = document.querySelector('.qrg-card');
          return [...document.body.querySelectorAll('*')]
            .filter((e) => e.getClientRects().length && e !== card && !card.contains(e) && !e.contains(card))
            .map((e) => e.tagName + '.' + e.className);
        }"""
    )
    assert strays == []
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bprinting-qr-card\b"))
    # An ordinary print of the staff page is the link builder's card (Ctrl+P prints the card, not the lists),
    # and never the QR generator's buttons or field.
    expect(page.locator(".lb-card")).to_be_visible()
    expect(page.locator(".qrg-actions")).to_be_hidden()
    context.close()


def test_no_request_while_generating(staff: Page) -> None:
    requests: list[str] = []
    staff.on("request", lambda request: requests.append(request.url))
    for link in LINKS[:20]:
        make(staff, link)
    staff.locator("#qrg-input").fill("javascript:alert(1)")
    expect(staff.locator("#qrg-error")).to_be_visible()
    assert requests == []


@pytest.mark.parametrize(("width", "scheme"), [(320, "light"), (1280, "dark")])
def test_axe_in_every_state(browser: Browser, served_site: str, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    field = page.locator("#qrg-input")
    expect(field).to_be_visible()
    found: dict[str, list[str]] = {}

    def check(state: str) -> None:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        found[state] = [f"scrolls sideways by {overflow}px"] if overflow > 0 else []
        found[state] += axe_violations(page)

    check("empty")
    make(page, "https://bürgeramt.example/öffnungszeiten?tag=mo#schritt-1")
    check("code")
    field.fill("javascript:alert(1)")
    expect(page.locator("#qrg-error")).to_be_visible()
    check("error")
    make(page, "http://example.org/")
    expect(page.locator("#qrg-warning")).to_be_visible()
    check("http")
    context.close()
    assert {state: v for state, v in found.items() if v} == {}


def test_keyboard_only(staff: Page) -> None:
    for _ in range(300):  # the link builder above it has many controls
        staff.keyboard.press("Tab")
        if staff.evaluate("document.activeElement.id") == "qrg-input":
            break
    else:
        pytest.fail("Tab never reached the field")
    link = "https://straße.example/ærø?å=1"
    staff.keyboard.type(link)
    expect(staff.locator(".qrg-code svg")).to_have_attribute("data-content", link)
    staff.keyboard.press("Tab")
    expect(staff.get_by_role("button", name="Download as SVG")).to_be_focused()
    with staff.expect_download() as svg:
        staff.keyboard.press("Enter")
    assert svg.value.suggested_filename == "qr-code.svg"
    staff.keyboard.press("Tab")
    expect(staff.get_by_role("button", name="Download as PNG")).to_be_focused()
    with staff.expect_download() as png:
        staff.keyboard.press("Enter")
    assert decode(Path(png.value.path()).read_bytes()) == link
    staff.keyboard.press("Tab")
    expect(staff.get_by_role("button", name="Print card")).to_be_focused()


def test_status_is_announced_once_the_typing_settles(staff: Page) -> None:
    staff.evaluate(
        """() => {
          window.said = [];
          const status = document.querySelector('.qrg-status');
          new MutationObserver(() => status.textContent && window.said.push(status.textContent))
            .observe(status, { childList: true, characterData: true, subtree: true });
        }"""
    )
    # The page's clock moves only when the test moves it, so a slow machine can neither stretch the typing into
    # pauses nor cut the settling short.
    staff.clock.install()
    staff.clock.pause_at(staff.evaluate("Date.now()") + 1000)
    for key in "https://example.org/hjælp":
        staff.locator("#qrg-input").press_sequentially(key)
        staff.clock.run_for(120)  # a reader's pace: well under the second after which the status speaks
    assert staff.evaluate("window.said") == [], "the status spoke while the reader was still typing"
    staff.clock.run_for(1000)
    expect(staff.locator(".qrg-status")).to_have_text("QR code updated.")
    staff.clock.run_for(10_000)  # long after the typing settled, it was said once
    assert staff.evaluate("window.said") == ["QR code updated."]
    staff.locator("#qrg-input").fill("vbscript:x")
    staff.clock.run_for(2000)  # the error, too, is said once the typing settles
    expect(staff.locator(".qrg-status")).to_contain_text(SCHEME_ERROR)


@pytest.mark.parametrize(
    ("lang", "label", "updated"),
    [("de", "Link (Internet-Adresse)", "QR-Code aktualisiert."), ("da", "Link (webadresse)", "QR-koden er opdateret.")],
)
def test_words_come_in_the_page_language(page: Page, served_site: str, lang: str, label: str, updated: str) -> None:
    page.goto(served_site + STAFF[lang])
    page.get_by_label(label).fill("https://københavn.example/")
    expect(page.locator(".qrg-status")).to_have_text(updated)


def test_without_javascript_it_points_to_the_guides_codes(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + STAFF["en"])
    note = page.locator(".qrg-nojs")
    expect(note).to_be_visible()
    expect(note).to_contain_text("only works with JavaScript")
    expect(note).to_contain_text("QR code of every guide is listed further down this page")
    expect(page.locator(".qrg-app")).to_be_hidden()
    context.close()


@pytest.mark.parametrize(
    ("link", "warning", "host"),
    [
        ("https://hilfe.example.org/\u202egpj.exe", "change the direction of the text", "hilfe.example.org"),
        ("https://hilfe.exa\u200bmple.org/", "invisible characters", "hilfe.exa\u200bmple.org (hilfe.example.org)"),
        ("https://hilfe.example.org/x\u0007y", "invisible characters", "hilfe.example.org"),
        ("https://hilfe.example.org@evil.example/", "but to evil.example.", "evil.example"),
        (
            "https://\u0430pple.example/login",
            "mixes letters of different alphabets",
            "\u0430pple.example (xn--pple-43d.example)",
        ),
    ],
    ids=["bidi override", "zero-width space", "control character", "user info", "mixed scripts"],
)
def test_deceptive_links_get_a_warning_and_the_host_is_shown(staff: Page, link: str, warning: str, host: str) -> None:
    make(staff, link)
    expect(staff.locator("#qrg-warning")).to_be_visible()
    expect(staff.locator("#qrg-warning")).to_contain_text(warning)
    expect(staff.locator("#qrg-input")).to_have_attribute("aria-describedby", "qrg-hint qrg-warning")
    expect(staff.locator(".qrg-host")).to_have_text(f"This QR code leads to the website {host}.")
    assert decode(staff.locator(".qrg-code svg").screenshot()) == link  # still exactly what was typed


def test_a_plain_link_shows_its_host_and_no_warning(staff: Page) -> None:
    make(staff, "https://københavn.example/sikker-besked")
    expect(staff.locator("#qrg-warning")).to_be_hidden()
    expect(staff.locator(".qrg-host")).to_have_text(
        "This QR code leads to the website københavn.example (xn--kbenhavn-54a.example)."
    )


def test_warnings_come_in_the_page_language(page: Page, served_site: str) -> None:
    page.goto(served_site + STAFF["de"])
    page.get_by_label("Link (Internet-Adresse)").fill("https://hilfe.example.org@evil.example/")
    expect(page.locator("#qrg-warning")).to_have_text(
        "Achtung: Dieser Link enthält ein @ vor der Website. Er führt nicht zu dem, was vor dem @ steht, sondern zu "
        "evil.example."
    )
    expect(page.locator(".qrg-host")).to_have_text("Dieser QR-Code führt zur Website evil.example.")
