"""Compound splitting by the site's own vocabulary, and the hidden parts that Pagefind indexes before a compound."""

from __future__ import annotations

import re

from guide.compounds import Vocabulary
from guide.search import with_parts


def german(*words: str) -> Vocabulary:
    return Vocabulary.of([" ".join(words)], "de")


def danish(*words: str) -> Vocabulary:
    return Vocabulary.of([" ".join(words)], "da")


def test_a_compound_of_two_words_of_the_site_is_split_as_written() -> None:
    assert german("Video", "Termin", "Videotermin").split("Videotermin") == ["Video", "termin"]


def test_the_linking_letter_stays_on_the_first_part() -> None:
    vocabulary = german("Einwilligung", "Erklärung")
    assert vocabulary.split("Einwilligungserklärung") == ["Einwilligungs", "erklärung"]


def test_parts_may_be_inflected_forms_or_stems_of_words_of_the_site() -> None:
    assert german("Video", "Gespräch").split("Videogespräche") == ["Video", "gespräche"]
    assert german("anmelden", "Bild").split("Anmeldebild") == ["Anmelde", "bild"]
    assert danish("pin", "kode").split("pinkoden") == ["pin", "koden"]


def test_a_known_compound_stays_whole_inside_a_longer_one_and_is_split_in_its_turn() -> None:
    vocabulary = german("Daten", "Schutz", "Datenschutz", "Regeln")
    assert vocabulary.split("Datenschutzregeln") == ["Datenschutz", "regeln"]
    assert vocabulary.later_parts("Datenschutzregeln") == ["schutz", "regeln"]


def test_short_pieces_and_endings_are_no_parts() -> None:
    assert german("wer", "den").split("werden") == []  # the last part has four letters at least
    assert german("folgen", "Ende").split("Folgendes") == []  # no participle ending, no linking letter at the end
    assert german("Termin").split("Termin") == []  # a word is not a compound of itself
    assert german("Video").split("Videotermin") == []  # "termin" is no word of this site


def test_english_joins_no_words() -> None:
    assert Vocabulary.of(["screen reader screenreader"], "en").links == ()


PARTS = re.compile(r'<span data-pagefind-index-attrs="data-parts" data-parts="([^"]*)"></span>(\w+)')


def test_the_parts_stand_in_an_empty_span_just_before_the_compound() -> None:
    html = str(with_parts("<p>Ihr Videotermin beginnt.</p>", german("Video", "Termin", "Videotermin")))
    assert PARTS.findall(html) == [("_termin", "Videotermin")]
    assert re.sub(r"<[^>]+>", "", html) == "Ihr Videotermin beginnt."  # the text a reader sees is the same


def test_parts_are_given_once_per_section_and_not_where_pagefind_finds_them_anyway() -> None:
    vocabulary = german("Video", "Termin", "Videotermin")
    html = (
        '<h2 id="a">A</h2><p>Videotermin, Videotermin.</p>'
        '<h2 id="b">B</h2><p>Videotermin und ein Termin.</p>'
        '<h2 id="c">C</h2><p>Videotermin</p>'
    )
    assert PARTS.findall(str(with_parts(html, vocabulary))) == [("_termin", "Videotermin"), ("_termin", "Videotermin")]


def test_ignored_elements_and_scripts_get_no_parts() -> None:
    vocabulary = german("Video", "Termin", "Videotermin")
    html = '<div data-module="x" data-pagefind-ignore><div>Videotermin</div></div><script>"Videotermin"</script>'
    assert "data-parts" not in with_parts(html + "<textarea>Videotermin</textarea>", vocabulary)
