"""The four site languages: URL prefix, Babel locale, HTML lang and step anchors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One site language, as DESIGN.md fixes it."""

    code: str  # URL prefix
    locale: str  # Babel locale
    html_lang: str
    name: str  # shown in the language switch, in the language itself
    step_word: str  # anchor prefix of steps: #schritt-1, #trin-1, #step-1
    hreflang: str | None  # None: not listed among the hreflang alternates


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "de", "de", "Deutsch", "schritt", "de"),
        Language("de-leicht", "de@leicht", "de-x-ls", "Leichte Sprache", "schritt", None),
        Language("da", "da", "da", "Dansk", "trin", "da"),
        Language("en", "en", "en", "English", "step", "en"),
    )
}

# German and Leichte Sprache link to each other with a visible switch on every page.
PARTNER: dict[str, str] = {"de": "de-leicht", "de-leicht": "de"}


def step_anchor(lang: str, number: int) -> str:
    """Return the id of step `number` in language `lang`, e.g. 'schritt-3'."""
    return f"{LANGUAGES[lang].step_word}-{number}"
