"""The device check in Chromium: each browser condition in its own launch, each with its message."""

from __future__ import annotations

import gzip
import re
import struct
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType, Page, expect

from tests.conftest import ROOT
from tests.local import CHROMIUM_ARGS
from tests.pages import axe_violations, static_path

FAKE_DEVICES = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def spaced(text: str) -> re.Pattern[str]:
    """The text as a reader sees it: a line break in a message (Leichte Sprache) shows as a space."""
    return re.compile(r"\s+".join(map(re.escape, text.split())))


PAGES = {
    "de": "/de/geraetetest/",
    "de-leicht": "/de-leicht/geraetetest/",
    "da": "/da/enhedstest/",
    "en": "/en/device-check/",
}
VERDICT = {
    "green": {
        "de": "Bereit: Ihre Geräte funktionieren für einen Videotermin.",
        "de-leicht": "Grün: Alles ist bereit für den Video-Termin.",
        "da": "Klar: Dit udstyr virker til et videomøde.",
        "en": "Ready: your devices work for a video appointment.",
    },
    "red": {
        "de": "Nicht bereit: Lesen Sie die Hinweise unten.",
        "de-leicht": "Rot: Etwas geht nicht. Lesen Sie die Hinweise.",
        "da": "Ikke klar: Læs rådene nedenfor.",
        "en": "Not ready: read the advice below.",
    },
}
DONE = re.compile("^(green|yellow|red)$")
# Keeps every stream the page gets, so a test can see that each track ended.
TRACK_STREAMS = """
window.__streams = [];
const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await original(constraints);
  window.__streams.push(stream);
  return stream;
};
"""


@contextmanager
def chromium(
    browser_type: BrowserType, launch_args: dict[str, Any], extra: list[str], **context: Any
) -> Iterator[Page]:
    """A separate Chromium launch with its own flags (flags cannot change within a launch)."""
    browser = browser_type.launch(**{**launch_args, "args": CHROMIUM_ARGS + extra})
    page = browser.new_context(**context).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        browser.close()
    assert errors == []


def start(page: Page, url: str) -> None:
    """Open the page and start the check."""
    page.goto(url)
    page.get_by_role("button", name=re.compile("^(Start the check|Test starten|Start testen)$")).click()


def verdict(page: Page, state: str | re.Pattern[str] = DONE, timeout: float = 15000) -> str:
    """Wait for the verdict; return the result lines as the user reads them."""
    widget = page.locator(".device-check")
    expect(widget).to_have_attribute("data-state", state, timeout=timeout)
    return page.locator(".dc-results").inner_text()


@pytest.fixture(scope="module")
def media_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A silent WAV and a black Y4M video, made here so that nothing is downloaded."""
    folder = tmp_path_factory.mktemp("media")
    silent = folder / "silent.wav"
    with wave.open(str(silent), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(48000)
        file.writeframes(struct.pack("<h", 0) * 48000 * 2)
    black = folder / "black.y4m"
    width, height = 320, 240
    frame = b"FRAME\n" + bytes([16]) * (width * height) + bytes([128]) * (width * height // 2)
    black.write_bytes(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n".encode() + frame * 30)
    # One grey frame with a bright band: Chromium loops the file, so every frame is the same one.
    still = folder / "still.y4m"
    luma = bytes([60]) * (width * height // 2) + bytes([200]) * (width * height // 2)
    still.write_bytes(y4m_header(width, height, 30) + b"FRAME\n" + luma + bytes([128]) * (width * height // 2))
    # 160 × 120 at 2 frames a second, each frame different: small and slow, but moving.
    w, h = 160, 120
    frames = b"".join(b"FRAME\n" + bytes([40 + 80 * (i % 2)]) * (w * h) + bytes([128]) * (w * h // 2) for i in range(4))
    small = folder / "small.y4m"
    small.write_bytes(y4m_header(w, h, 2) + frames)
    return {"silent": silent, "black": black, "still": still, "small": small}


def y4m_header(width: int, height: int, fps: int) -> bytes:
    """The header of a YUV4MPEG2 file, 4:2:0, progressive, square pixels."""
    return f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode()


@pytest.mark.parametrize("lang", PAGES)
def test_working_devices_are_green(browser_type, browser_type_launch_args, served_site, lang) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.goto(served_site + PAGES[lang])
        expect(page.locator(".device-check")).to_have_attribute("data-state", "idle")
        page.locator("[data-action=start]").click()
        # The camera is watched for 2 seconds (frozen frames); how long the rest takes depends on the machine.
        results = verdict(page, "green")
        expect(page.locator(".dc-verdict")).to_have_text(re.compile(re.escape(VERDICT["green"][lang])))
        assert results.count("✓") == 5 and "?" in results  # the speaker waits for the user's answer
        expect(page.locator(".dc-preview")).to_be_visible()
        assert page.locator(".dc-preview").evaluate("v => v.videoWidth") > 0
        expect(page.locator(".dc-icon").first).to_have_text("✓")
        assert axe_violations(page) == []


def test_no_permission_gives_the_blocked_message(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(
        browser_type, browser_type_launch_args, ["--use-fake-device-for-media-stream", "--deny-permission-prompts"]
    ) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "red")
        assert "You or your browser blocked the camera and microphone for this page." in results
        assert "Chrome and browsers like it: click the symbol left of the address" in results
        assert "Firefox:" in results and "Safari:" in results
        assert "0800 4 555501" in results  # the support line, from contacts.toml
        expect(page.locator(".dc-verdict")).to_have_text(re.compile(VERDICT["red"]["en"]))
        assert axe_violations(page) == []


@pytest.mark.parametrize("lang", PAGES)
def test_verdict_red_in_every_language(browser_type, browser_type_launch_args, served_site, lang) -> None:
    with chromium(
        browser_type, browser_type_launch_args, ["--use-fake-device-for-media-stream", "--deny-permission-prompts"]
    ) as page:
        start(page, served_site + PAGES[lang])
        verdict(page, "red")
        expect(page.locator(".dc-verdict")).to_have_text(spaced(VERDICT["red"][lang]))


def test_no_device_gives_the_no_device_message(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, ["--use-fake-ui-for-media-stream"]) as page:
        start(page, served_site + PAGES["de"])
        results = verdict(page, "red")
        assert "Es wurden keine Kamera und kein Mikrofon gefunden." in results


def test_device_in_use_gives_the_in_use_message(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.add_init_script(
            "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Could not start video source', 'NotReadableError'));"
        )
        start(page, served_site + PAGES["da"])
        results = verdict(page, "red")
        assert "Et andet program bruger kameraet eller mikrofonen." in results


def test_silent_microphone_gives_a_warning(browser_type, browser_type_launch_args, served_site, media_files) -> None:
    flags = [*FAKE_DEVICES, f"--use-file-for-fake-audio-capture={media_files['silent']}"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "yellow", timeout=12000)
        assert "The microphone hears nothing." in results
        expect(page.locator("[data-check=microphone]")).to_have_attribute("data-status", "warn")
        assert axe_violations(page) == []


def test_black_camera_gives_a_warning(browser_type, browser_type_launch_args, served_site, media_files) -> None:
    flags = [*FAKE_DEVICES, f"--use-file-for-fake-video-capture={media_files['black']}"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "yellow")
        assert "The camera picture is black." in results
        expect(page.locator("[data-check=camera]")).to_have_attribute("data-status", "warn")


def test_output_choice_hidden_without_set_sink_id(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.add_init_script("delete AudioContext.prototype.setSinkId; delete HTMLMediaElement.prototype.setSinkId;")
        start(page, served_site + PAGES["en"])
        verdict(page)
        expect(page.locator(".dc-output")).to_be_hidden()
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        start(page, served_site + PAGES["en"])
        verdict(page)
        expect(page.get_by_label("Speaker or headset")).to_be_visible()


def test_offline_gives_the_offline_message(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.goto(served_site + PAGES["en"])
        page.context.set_offline(True)
        page.locator("[data-action=start]").click()
        results = verdict(page, "red")
        assert "Your device is offline." in results


def test_plain_http_on_a_real_name_is_not_secure(browser_type, browser_type_launch_args, served_site) -> None:
    port = served_site.rsplit(":", 1)[1]
    flags = [*FAKE_DEVICES, "--host-resolver-rules=MAP portal.test 127.0.0.1"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        start(page, f"http://portal.test:{port}{PAGES['en']}")
        results = verdict(page, "red")
        assert "This page is not opened securely (https)" in results


def test_every_track_ends_when_the_check_ends(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.add_init_script(TRACK_STREAMS)
        start(page, served_site + PAGES["en"])
        verdict(page, "green")
        live = "window.__streams.flatMap(s => s.getTracks()).filter(t => t.readyState === 'live').length"
        assert page.evaluate(live) == 2
        page.get_by_role("button", name="End the check and switch the camera off").click()
        assert page.evaluate(live) == 0
        expect(page.locator(".dc-released")).to_have_text(
            "The check has ended. Your camera and microphone are switched off."
        )
        # Leaving the page releases them too.
        page.get_by_role("button", name="Start the check").click()
        verdict(page, "green")
        assert page.evaluate(live) == 2
        page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
        assert page.evaluate(live) == 0


def test_the_whole_check_with_the_keyboard(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.goto(served_site + PAGES["en"])
        start_button = page.locator("[data-action=start]")
        for _ in range(60):
            page.keyboard.press("Tab")
            if start_button.evaluate("b => b === document.activeElement"):
                break
        page.keyboard.press("Enter")
        verdict(page, "green")
        # Focus moved to the stop button; go on to the questions and answer them.
        expect(page.locator("[data-action=stop]")).to_be_focused()
        answers = {"camera": "yes", "speaker": "no"}
        for name, value in answers.items():
            target = page.locator(f"[data-answer={name}][data-value={value}]")
            for _ in range(40):
                page.keyboard.press("Tab")
                if target.evaluate("b => b === document.activeElement"):
                    break
            page.keyboard.press("Space")
            expect(target).to_have_attribute("aria-pressed", "true")
        results = verdict(page, "yellow")
        assert "You did not hear the tone." in results
        page.locator("[data-action=stop]").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".dc-released")).to_be_visible()
        expect(start_button).to_be_focused()


def test_nothing_but_the_test_file_is_requested(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.goto(served_site + PAGES["en"])
        page.wait_for_load_state("networkidle")
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.locator("[data-action=start]").click()
        verdict(page, "green")
        page.get_by_role("button", name="Play a test tone").click()
        page.locator("[data-answer=speaker][data-value=yes]").click()
        expect(page.locator("[data-check=speaker]")).to_have_attribute("data-status", "ok")
        # The browser fetches the page's icon on its own schedule; it is not part of the check.
        during = [url.split("?")[0] for url in requests if not url.endswith("/favicon.svg")]
        assert during == [served_site + static_path("device-check/speed-test.bin")]


def test_without_javascript_the_checklist_is_shown(browser, served_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + PAGES["de"])
    expect(page.locator(".dc-manual li")).to_have_count(7)
    provider = page.locator(".device-check > :last-child")  # the provider's own test is the last line
    expect(provider.get_by_role("link")).to_have_attribute("href", "https://vk.arbeitsagentur.de")
    expect(page.locator(".dc-app")).to_be_hidden()
    context.close()


def test_script_budget() -> None:
    """At most 12 KB gzip, loaded as a module (deferred), never blocking the page."""
    script = ROOT / "static" / "js" / "widgets" / "device-check.js"
    assert len(gzip.compress(script.read_bytes(), 9)) <= 12 * 1024


def test_switching_the_microphone_reruns_its_part(browser_type, browser_type_launch_args, served_site) -> None:
    flags = ["--use-fake-device-for-media-stream=device-count=2", "--use-fake-ui-for-media-stream"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        page.add_init_script(TRACK_STREAMS)
        start(page, served_site + PAGES["en"])
        verdict(page, "green")
        cameras = page.get_by_role("combobox", name="Camera")
        expect(cameras.locator("option")).to_have_count(2)
        first = page.evaluate("window.__streams.length")
        cameras.select_option(index=1)
        expect(page.locator("[data-check=camera]")).to_have_attribute("data-status", "ok")
        assert page.evaluate("window.__streams.length") == first + 1
        live = page.evaluate(
            "window.__streams.flatMap(s => s.getVideoTracks()).filter(t => t.readyState === 'live').length"
        )
        assert live == 1  # the old camera was released


def test_in_app_browser_gets_a_hint(browser_type, browser_type_launch_args, served_site) -> None:
    agent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36 Instagram 300.0"
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES, user_agent=agent) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "yellow")
        assert "This page is open inside an app." in results


def test_before_start_no_control_shows_and_none_throws(browser_type, browser_type_launch_args, served_site) -> None:
    with chromium(browser_type, browser_type_launch_args, FAKE_DEVICES) as page:
        page.goto(served_site + PAGES["de"])
        expect(page.locator(".device-check")).to_have_attribute("data-started", "true")
        expect(page.locator(".dc-panels")).to_be_hidden()
        for name in ["Ja", "Nein", "Testton abspielen", "3 Sekunden aufnehmen und abspielen"]:
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        # Even a click the reader cannot make (hidden controls, a scripted tap) does nothing and throws nothing.
        page.evaluate(
            "document.querySelectorAll('.device-check button:not([data-action=start]), .device-check select').forEach(c => c.click())"
        )
        page.evaluate(
            "document.querySelectorAll('.device-check select').forEach(s => s.dispatchEvent(new Event('change')))"
        )
        expect(page.locator(".device-check")).to_have_attribute("data-state", "idle")
        expect(page.locator(".dc-released")).to_be_hidden()
    # chromium() asserts that no page error happened


def test_frozen_picture_gives_a_warning(browser_type, browser_type_launch_args, served_site, media_files) -> None:
    flags = [*FAKE_DEVICES, f"--use-file-for-fake-video-capture={media_files['still']}"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "yellow")
        assert "The picture has not moved for 2 seconds." in results
        assert "black" not in results
        expect(page.locator("[data-check=camera]")).to_have_attribute("data-status", "warn")


def test_small_slow_picture_gives_both_warnings(
    browser_type, browser_type_launch_args, served_site, media_files
) -> None:
    flags = [*FAKE_DEVICES, f"--use-file-for-fake-video-capture={media_files['small']}"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        start(page, served_site + PAGES["en"])
        results = verdict(page, "yellow")
        assert "The picture is very small (160 × 120, under 320 × 240)." in results
        assert "pictures a second (under 5)" in results
        assert "has not moved" not in results


def test_try_again_reruns_only_camera_and_microphone(browser_type, browser_type_launch_args, served_site) -> None:
    flags = ["--use-fake-device-for-media-stream", "--deny-permission-prompts"]
    with chromium(browser_type, browser_type_launch_args, flags) as page:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url.split("?")[0]))
        start(page, served_site + PAGES["en"])
        assert "You or your browser blocked" in verdict(page, "red")
        retry = page.get_by_role("button", name="Try camera and microphone again")
        expect(retry).to_be_visible()
        connection = page.locator("[data-check=connection]").inner_text()
        page.context.grant_permissions(["camera", "microphone"], origin=served_site)
        if retry.is_visible():  # the browser may have told the page already, which then tries again itself
            retry.click()
        verdict(page, "green")
        expect(retry).to_be_hidden()
        expect(page.locator("[data-check=camera]")).to_have_attribute("data-status", "ok")
        assert page.locator("[data-check=connection]").inner_text() == connection  # not measured again
        assert requests.count(served_site + static_path("device-check/speed-test.bin")) == 1
