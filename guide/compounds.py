"""Compound words split by the site's own vocabulary, so that the search finds a part of a compound.

Pagefind matches the beginnings of words only: "Termin" finds "Terminvergabe", not "Videotermin". A word
is split here when it is made of other words of the same language's pages (with a linking letter between
them, as in Einwilligung-s-erklärung), so the parts a reader may type are the words the site itself uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

# Letters only: digits, hyphens and apostrophes end a word (Pagefind already splits at hyphens).
WORD = re.compile(r"[^\W\d_]+")
MIN_PART = 3  # "Pin" in Pinkode, "med" in medarbejdere; "an" or "er" would split too many words
MIN_LAST = 4  # the last part is longer: "wer|den", "wie|der", "ein|mal" are no compounds
# German writes nouns with a capital: only those are split, not verbs such as "mit|nehmen" or "weiter|gegeben",
# whose parts are rarely what a reader searches for (and each split costs page weight).
NOUNS_CAPITALISED = frozenset({"de", "de-leicht"})
# Not a last part: the present participle's ending (folg-ende, følg-ende) and the Danish -ingen (søgn-ingen).
NOT_LAST = frozenset({"ende", "endes", "enden", "ingen"})
# The linking letters (Fugenelemente) that may stand between two parts.
LINKS: dict[str, tuple[str, ...]] = {
    "de": ("s", "es", "n", "en", "e", "er"),
    "de-leicht": ("s", "es", "n", "en", "e", "er"),
    "da": ("s", "e"),
}
# Endings by which a part may differ from a word of the site: "Anmelde" in Anmeldebild is "anmelden"
# without its -n, the "gespräche" of Videogespräche is "Gespräch" with an -e.
ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("e", "en", "n", "er", "s"),
    "de-leicht": ("e", "en", "n", "er", "s"),
    "da": ("e", "en", "et", "er", "ne", "n", "r"),
}


def words_lower(text: str) -> frozenset[str]:
    """The words of a text, lower case, each once."""
    return frozenset(map(str.lower, WORD.findall(text)))


@dataclass(frozen=True)
class Vocabulary:
    """The words of one language's pages, and how that language joins words into compounds."""

    known: frozenset[str]
    links: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    nouns_only: bool = False  # German: only words written with a capital (nouns) are split at first
    # later_parts of each word asked for so far: a build asks for the same few thousand words about a million times.
    memo: dict[tuple[str, bool], list[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Iterable[str], lang: str) -> Vocabulary:
        """The vocabulary of a language's texts (every word, lower case)."""
        return cls.of_words(words_lower(" ".join(texts)), lang)

    @classmethod
    def of_words(cls, known: frozenset[str], lang: str) -> Vocabulary:
        """The vocabulary of known words (lower case) in a language."""
        return cls(known, LINKS.get(lang, ()), ENDINGS.get(lang, ()), lang in NOUNS_CAPITALISED)

    def is_part(self, part: str, whole: str) -> bool:
        """Whether a piece of a word is a word of the site, its stem or an inflected form, but not the whole word."""
        forms = [part] + [part + ending for ending in self.endings]  # the stem of a word of the site
        forms += [part[: -len(e)] for e in self.endings if part.endswith(e) and len(part) - len(e) >= MIN_PART]
        return any(form in self.known and form != whole for form in forms)

    def split(self, word: str) -> list[str]:
        """The parts of a compound as written (linking letters stay on the part before), or [] for no compound.

        Two parts, each a word of the site of at least MIN_PART letters (the last of MIN_LAST); of all such
        splits the one with the longest first part wins, which keeps a known compound whole inside a longer
        one: Datenschutz|regeln, and later_parts splits Datenschutz in its turn.
        """
        lower = word.lower()
        if len(lower) < MIN_PART + MIN_LAST:
            return []
        best: dict[int, tuple[int, ...]] = {0: ()}  # offset -> the ends of the best split of lower[:offset]
        for start in range(len(lower)):
            if start not in best:
                continue
            for end in range(start + MIN_PART, len(lower) + 1):
                if end == len(lower) and (end - start < MIN_LAST or start == 0 or lower[start:] in NOT_LAST):
                    continue
                if not self.is_part(lower[start:end], lower):
                    continue
                # A linking letter stands between two parts, never at the end: "Folg|ende-s" is no compound.
                links = [link for link in self.links if end + len(link) < len(lower) and lower.startswith(link, end)]
                stops = [end] + [end + len(link) for link in links]
                for stop in stops:
                    candidate = best[start] + (stop,)
                    if len(candidate) > 2:  # Råd|givn|ingen: three parts at once are rarely right
                        continue
                    if stop not in best or (len(candidate), -candidate[0]) < (len(best[stop]), -best[stop][0]):
                        best[stop] = candidate
        ends = best.get(len(lower), ())
        if len(ends) < 2:
            return []
        return [word[start:end] for start, end in zip((0, *ends), ends, strict=False)]

    def split_differently(self, before: frozenset[str], candidates: Iterable[str]) -> set[str]:
        """The words among `candidates` whose later parts differ from what the vocabulary `before` gave them.

        Only a word holding a word that was added or removed (less a possible ending) can split otherwise, so
        the others are not split again: a rebuild after an edit checks a few words, not every word of the site.
        """
        if before == self.known:
            return set()
        longest = max((len(ending) for ending in self.endings), default=0)
        stems = {word[: max(MIN_PART, len(word) - longest)] for word in before ^ self.known}
        earlier = replace(self, known=before, memo={})
        return {
            word
            for word in candidates
            if any(stem in word.lower() for stem in stems) and earlier.later_parts(word) != self.later_parts(word)
        }

    def compound_parts(self, word: str) -> list[str]:
        """split, for the words that this language splits at first (German: nouns only)."""
        return [] if self.nouns_only and not word[:1].isupper() else self.split(word)

    def later_parts(self, word: str, top: bool = True) -> list[str]:
        """The parts after the first, lower case, each split again: what a search by word beginnings misses.

        Datenschutzregeln gives ["schutz", "regeln"]: "Daten" and "Datenschutz" already find it as its beginning.
        """
        if (word, top) in self.memo:
            return self.memo[word, top]
        found: list[str] = []
        for index, part in enumerate(self.compound_parts(word) if top else self.split(word)):
            for piece in ([part.lower()] if index else []) + self.later_parts(part, top=False):
                if piece not in found:
                    found.append(piece)
        self.memo[word, top] = found
        return found
