"""Compound words split by the site's own vocabulary, so that the search finds a part of a compound."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters only: digits, hyphens and apostrophes end a word (Pagefind already splits at hyphens).
WORD = re.compile(r"[^\W\d_]+")
MIN_PART = 3  # "Pin" in Pinkode, "med" in medarbejdere; "an" or "er" would split too many words
MIN_LAST = 4  # the last part is longer: "wer|den", "wie|der", "ein|mal" are no compounds
# The linking letters (Fugenelemente) that may stand between two parts: Einwilligung-s-erklärung.
LINKS: dict[str, tuple[str, ...]] = {
    "de": ("s", "es", "n", "en", "e", "er"),
    "de-leicht": ("s", "es", "n", "en", "e", "er"),
    "da": ("s", "e"),
}


def words(text: str) -> list[str]:
    """The words of a text, as written."""
    return WORD.findall(text)


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word of the texts, in lower case: the words a reader of the site may search for."""
    return frozenset(word.lower() for text in texts for word in words(text))


def split(word: str, known: frozenset[str], links: tuple[str, ...]) -> list[str]:
    """The parts of a compound as written (with their linking letters), or [] if it is no compound of known words.

    Each part is a known word of at least MIN_PART letters (the last of MIN_LAST), the whole word not counted; a part but the last
    may carry a linking letter. Of all splits, the one with the fewest parts wins, then the longest first part.
    """
    lower = word.lower()
    if len(lower) < MIN_PART + MIN_LAST:
        return []
    ends = _split(lower, known - {lower}, links)
    if not ends or len(ends) < 2:
        return []
    parts, start = [], 0
    for end in ends:
        parts.append(word[start:end])
        start = end
    return parts


def _split(lower: str, known: frozenset[str], links: tuple[str, ...]) -> tuple[int, ...] | None:
    """The end offsets of the best split of a lower-case word into known words, or None."""
    best: dict[int, tuple[int, ...]] = {0: ()}  # offset -> ends of the best split of lower[:offset]
    for start in range(len(lower)):
        if start not in best:
            continue
        for end in range(start + MIN_PART, len(lower) + 1):
            part = lower[start:end]
            if part not in known or (end == len(lower) and end - start < MIN_LAST):
                continue
            ends = [end] + [end + len(link) for link in links if lower.startswith(link, end) and end < len(lower)]
            for stop in ends:
                candidate = best[start] + (stop,)
                if stop not in best or _better(candidate, best[stop]):
                    best[stop] = candidate
    return best.get(len(lower))


def _better(candidate: tuple[int, ...], current: tuple[int, ...]) -> bool:
    """Fewer parts first, then a longer first part (which keeps known compounds whole inside longer ones)."""
    return (len(candidate), -candidate[0]) < (len(current), -current[0])


def later_parts(word: str, known: frozenset[str], links: tuple[str, ...]) -> list[str]:
    """The parts after the first, lower case, each one split again: what a search by word beginnings misses.

    Datenschutzregeln gives ["schutz", "regeln"]: "daten" and "datenschutz" already find it as its beginning.
    """
    parts = split(word, known, links)
    found: list[str] = []
    for index, part in enumerate(parts):
        if index:
            found.append(part.lower())
        found += [p for p in later_parts(part, known, links) if p not in found]
    return found
