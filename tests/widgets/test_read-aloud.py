"""Read aloud (widgets/read-aloud.html) in Chromium with a stubbed speechSynthesis: voices, marks, keyboard."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.pages import axe_violations

# A stand-in for the browser's speech: the voices the test gives, every utterance recorded, and the sentence ends
# when the test says so (window.__endSentence), as a real voice would fire "end" after speaking it.
STUB = """
(() => {
  let voices = VOICES;
  const later = LATER;
  let current = null;
  window.__spoken = [];
  window.__cancelled = 0;
  class Utterance extends EventTarget {
    constructor(text) { super(); this.text = text; this.voice = null; this.lang = ""; this.rate = 1; }
  }
  const synth = new EventTarget();
  synth.getVoices = () => voices;
  synth.speak = (utterance) => {
    current = utterance;
    window.__spoken.push({ text: utterance.text, lang: utterance.lang, rate: utterance.rate, voice: utterance.voice?.name });
    utterance.dispatchEvent(new Event("start"));
  };
  synth.cancel = () => {
    window.__cancelled += 1;
    const utterance = current;
    current = null;
    if (utterance) utterance.dispatchEvent(Object.assign(new Event("error"), { error: "interrupted" }));
  };
  synth.pause = synth.resume = () => {};
  window.__endSentence = () => {
    const utterance = current;
    current = null;
    utterance.dispatchEvent(new Event("boundary"));
    utterance.dispatchEvent(new Event("end"));
  };
  window.__voicesArrive = () => { voices = later; synth.dispatchEvent(new Event("voiceschanged")); };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();
"""
GERMAN = {"name": "Anna", "lang": "de-DE", "localService": True, "default": False, "voiceURI": "anna"}
GERMAN_REMOTE = {"name": "Cloud", "lang": "de-DE", "localService": False, "default": True, "voiceURI": "cloud"}
ENGLISH = {"name": "Daniel", "lang": "en-GB", "localService": True, "default": True, "voiceURI": "daniel"}
DANISH = {"name": "Sara", "lang": "da_DK", "localService": True, "default": False, "voiceURI": "sara"}


def open_with_voices(
    browser: Browser,
    url: str,
    voices: list[dict[str, Any]],
    later: list[dict[str, Any]] | None = None,
    width: int = 1280,
) -> Page:
    """A fresh context whose speechSynthesis has these voices (and `later` after voiceschanged), at `url`."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(STUB.replace("VOICES", json.dumps(voices)).replace("LATER", json.dumps(later or [])))
    page = context.new_page()
    page.goto(url)
    return page


def spoken(page: Page) -> list[dict[str, Any]]:
    """Every utterance so far."""
    return page.evaluate("window.__spoken")


def started(page: Page) -> None:
    """Wait until the widget has started (after the page's load event): it has added each step's control."""
    page.locator(".read-aloud-step").first.wait_for(state="attached")


@pytest.mark.parametrize(
    ("path", "voices", "label", "rate"),
    [
        ("/de-leicht/videotermin/", [GERMAN_REMOTE, GERMAN], "Vorlesen", 0.8),
        ("/de/videotermin/", [ENGLISH, GERMAN], "Vorlesen", 1),
        ("/da/videomoede/", [DANISH], "Læs op", 1),
        ("/en/video-appointment/", [GERMAN, ENGLISH], "Read aloud", 1),
    ],
)
def test_a_local_voice_of_the_language_shows_a_control_for_the_page_and_each_step(
    browser: Browser, served_site: str, path: str, voices: list[dict[str, Any]], label: str, rate: float
) -> None:
    page = open_with_voices(browser, served_site + path, voices)
    control = page.locator("p.page-actions .read-aloud-play")
    expect(control).to_be_visible()
    expect(control).to_have_text(label)
    steps = page.locator("li.step")
    expect(page.locator("li.step .read-aloud-play")).to_have_count(steps.count())
    expect(page.locator("li.step .read-aloud-play").first).to_be_visible()
    control.click()
    first = spoken(page)[0]
    local = next(v for v in voices if v["localService"] and v["lang"][:2] == path[1:3])
    assert (first["voice"], first["lang"], first["rate"]) == (local["name"], local["lang"], rate)
    assert first["text"] == page.locator("h1").inner_text()
    page.context.close()


@pytest.mark.parametrize(
    "voices",
    [[], [GERMAN_REMOTE], [ENGLISH, DANISH]],
    ids=["no voice", "only a remote German voice", "local voices of other languages"],
)
def test_without_a_local_voice_of_the_language_nothing_is_shown(
    browser: Browser, served_site: str, voices: list[dict[str, Any]]
) -> None:
    page = open_with_voices(browser, served_site + "/de/videotermin/", voices)
    started(page)
    expect(page.locator(".read-aloud")).to_have_count(1 + page.locator("li.step").count())
    for control in page.locator(".read-aloud").all():
        expect(control).to_be_hidden()
    # Not even a word for a screen reader: hidden controls are out of the accessibility tree.
    expect(page.get_by_role("button", name=re.compile("vorlesen", re.IGNORECASE))).to_have_count(0)
    page.context.close()


def test_voices_that_arrive_later_show_the_control(browser: Browser, served_site: str) -> None:
    page = open_with_voices(browser, served_site + "/en/video-appointment/", [], later=[ENGLISH])
    started(page)
    control = page.locator("p.page-actions .read-aloud-play")
    expect(control).to_be_hidden()
    page.evaluate("window.__voicesArrive()")
    expect(control).to_be_visible()
    page.context.close()


def test_the_sentence_being_read_is_marked_and_escape_stops(browser: Browser, served_site: str) -> None:
    page = open_with_voices(browser, served_site + "/en/video-appointment/", [ENGLISH])
    control = page.locator("p.page-actions .read-aloud-play")
    expect(control).to_have_attribute("aria-pressed", "false")
    control.click()
    expect(control).to_have_attribute("aria-pressed", "true")  # screen readers say "pressed" while it reads
    mark = page.locator(".read-aloud-current")
    expect(mark).to_have_text(page.locator("h1").inner_text())
    page.evaluate("window.__endSentence()")
    lead = page.locator("p.lead").inner_text()
    first, second = lead.split(". ", 1)  # the summary has two sentences, read and marked one by one
    assert spoken(page)[1]["text"] == first + "."
    expect(mark).to_have_text(first + ".")
    page.evaluate("window.__endSentence()")
    assert spoken(page)[2]["text"] == second
    expect(mark).to_have_text(second)
    stop = page.locator("p.page-actions .read-aloud-stop")
    expect(stop).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".read-aloud-current")).to_have_count(0)
    expect(control).to_have_attribute("aria-pressed", "false")
    expect(control).to_have_text("Read aloud")
    expect(stop).to_be_hidden()
    assert page.evaluate("window.__cancelled") >= 1
    # The text is whole again: no sentence was lost or doubled by the marks.
    assert page.locator("p.lead").inner_text() == lead
    page.context.close()


def test_a_step_is_read_and_paused_continued_and_stopped_with_the_keyboard(browser: Browser, served_site: str) -> None:
    page = open_with_voices(browser, served_site + "/de/videotermin/", [GERMAN])
    step = page.locator("li.step").nth(1)
    button = step.locator(".read-aloud-play")
    expect(button).to_have_text("Vorlesen")
    title = " ".join((step.locator("h2").text_content() or "").split())  # "Schritt 2 Stimmen Sie zu"
    expect(button).to_have_accessible_description(title)
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert spoken(page)[0]["text"] == title  # the step, not the page, from its title on
    page.evaluate("window.__endSentence()")
    second = spoken(page)[1]["text"]
    expect(step.locator(".read-aloud-current").first).to_be_visible()
    page.keyboard.press("Enter")  # pause
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(step.locator(".read-aloud-current").first).to_be_visible()  # the mark shows where the reader left off
    expect(step.locator(".read-aloud-stop")).to_be_visible()
    count = len(spoken(page))
    page.keyboard.press("Space")  # continue: the sentence again, from its start
    expect(button).to_have_attribute("aria-pressed", "true")
    assert len(spoken(page)) == count + 1
    assert spoken(page)[-1]["text"] == second
    page.keyboard.press("Tab")
    expect(step.locator(".read-aloud-stop")).to_be_focused()
    page.keyboard.press("Enter")  # stop
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_be_focused()  # the stop button hid itself: the focus goes back to the control
    expect(page.locator(".read-aloud-current")).to_have_count(0)
    page.context.close()


def test_each_line_of_leichte_sprache_is_a_sentence_of_its_own(browser: Browser, served_site: str) -> None:
    page = open_with_voices(browser, served_site + "/de-leicht/videotermin/", [GERMAN])
    step = page.locator("li.step").nth(1)
    step.locator(".read-aloud-play").click()
    lines = step.locator(".step-body p").first.inner_text().splitlines()  # one sentence a line, parted by <br>
    for line in lines[:3]:
        page.evaluate("window.__endSentence()")
        assert spoken(page)[-1]["text"] == line
        expect(step.locator(".read-aloud-current")).to_have_text(line)
    page.context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_nothing_while_a_step_is_read(browser: Browser, served_site: str, width: int) -> None:
    page = open_with_voices(browser, served_site + "/da/videomoede/", [DANISH], width=width)
    page.locator("li.step .read-aloud-play").first.click()
    page.evaluate("window.__endSentence()")
    expect(page.locator(".read-aloud-current").first).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.context.close()


def test_nothing_is_shown_without_javascript(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/de-leicht/videotermin/")
    expect(page.locator(".read-aloud")).to_be_hidden()
    context.close()
