"""Support contacts: one data file, checked on load, rendered as blocks in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.contacts import load_contacts, parse_contacts

ROOT = Path(__file__).resolve().parent.parent
GOOD = """
[line]
phone = "+498004555501"
phone_display = "0800 4 555501"
free = true
timezone = "Europe/Berlin"
hours = [{ days = [1, 2, 3, 4, 5], opens = "08:00", closes = "18:00" }]
name = { de = "A", de-leicht = "A", da = "A", en = "A" }
purpose = { de = "P", de-leicht = "P", da = "P", en = "P" }
"""


def test_the_contacts_file_is_valid() -> None:
    contacts, problems = load_contacts(ROOT / "content" / "contacts.toml")
    assert problems == []
    support = contacts["ba-video-support"]
    assert (support.phone, support.phone_display, support.free) == ("+498004555501", "0800 4 555501", True)
    assert support.technical_support  # the line the device check names
    assert "office" not in contacts  # the site's own office comes from site.toml, not from this file


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('phone = "+498004555501"', 'phone = "0800 4 555501"'), "2: line: 'phone' must be in international form"),
        (('timezone = "Europe/Berlin"', 'timezone = "Mars/Base"'), "2: line: unknown timezone 'Mars/Base'"),
        (('en = "P"', 'fr = "P"'), "2: line: 'purpose' lacks the language(s) en"),
        (('opens = "08:00"', 'opens = "8 Uhr"'), "'hours' need 'opens' and 'closes' as HH:MM"),
        (("days = [1, 2, 3, 4, 5]", "days = [0]"), "'hours' need 'days' as numbers from 1 (Monday) to 7"),
        (("free = true", "fee = true"), "unknown key 'fee'"),
        (("[line]", "[line"), "contacts.toml:2: bad TOML"),
    ],
)
def test_contact_errors_name_file_and_line(change: tuple[str, str], expected: str) -> None:
    _, problems = parse_contacts(GOOD.replace(*change), "content/contacts.toml")
    assert any(expected in p for p in problems), problems


def test_unknown_contact_id_is_a_content_error(tmp_path: Path) -> None:
    from guide.content import scan_directives

    problems = scan_directives("/// contact | hotline\n///\n", 7, set(), {"ba-video-support"})
    assert [f"{p.line}: {p.message}" for p in problems] == ["7: unknown contact 'hotline' (known: ba-video-support)"]


@pytest.mark.parametrize(
    ("url", "hours"),
    [
        ("/de/hilfe/", "Montag bis Freitag, 08:00 bis 18:00 Uhr (deutsche Zeit)"),
        ("/de-leicht/hilfe/", "Montag bis Freitag, 08:00 bis 18:00 Uhr nach der Zeit in Deutschland"),
        ("/da/hjaelp/", "mandag til fredag, 08.00 til 18.00 (tysk tid)"),
        ("/en/help/", "Monday to Friday, 8:00\u202fAM to 6:00\u202fPM (time in Germany)"),
    ],
)
def test_contact_block_in_the_page_language(client, url: str, hours: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert '<a class="contact-phone" href="tel:+498004555501" itemprop="telephone"' in html
    assert ">0800 4 555501</a>" in html
    assert hours in re.sub(r"<span[^>]*></span>", "", html)  # the search's empty index spans aside
    assert 'itemtype="https://schema.org/ContactPoint"' in html
    assert '<link itemprop="contactOption" href="https://schema.org/TollFree">' in html


def test_help_pages_list_every_contact(client) -> None:
    contacts, _ = load_contacts(ROOT / "content" / "contacts.toml")
    for url in ("/de/hilfe/", "/de-leicht/hilfe/", "/da/hjaelp/", "/en/help/"):
        html = client.get(url).get_data(as_text=True)
        names = re.findall(r'<h3 class="contact-name" itemprop="name">([^<]+)</h3>', html)
        assert len(names) == len(contacts), url
