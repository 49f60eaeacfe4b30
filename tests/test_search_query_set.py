"""The search's query set, on the shipped content: what readers type, and the page and step they must find.

A content test: each query runs in Chromium against the frozen site, and the expected page must be among
the first three results, with a link to the expected step (or section) of that page. Parts of compounds are
the point (a reader types "Termin" for "Videotermin"); whole words, real labels, plurals and words that stand
only in one step's text keep the rest honest. When the content changes, change the queries with it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

SEARCH = {"de": "/de/suche/", "de-leicht": "/de-leicht/suche/", "da": "/da/soeg/", "en": "/en/search/"}
TOP = 3  # the expected page is among the first three results
# Known misses, kept in the set so that the recall stays honest; strict, so a fix shows as a failure to remove.
MISSES: dict[tuple[str, str], str] = {
    ("de-leicht", "Optionen"): "Kommunikationsoptionen: 'Optionen' is no word of the site, so it is not split",
    ("da", "mappen"): "spammappen: 'spam' is no Danish word of the site, so it is not split",
    ("de-leicht", "Daten"): "Anmelde-Daten is found, but three pages that use 'Daten' itself rank higher",
    ("da", "billedet"): "loginbilledet is found, but three pages that use 'billedet' itself rank higher",
    ("de", "Bild"): "Kamerabild is found, but since the merged content three pages that use 'Bild' itself rank higher",
    ("da", "rummet"): "rådgivningsrummet: since the Danish review 'rummet' stands nowhere else, so it is not split",
}

# (language, what the reader types, the page it must find, the step or section it must link to, why)
QUERIES: list[tuple[str, str, str, str, str]] = [
    ("de", "Regeln", "/de/datenschutz/", "links-zu-anderen-websites", "part: Datenschutzregeln"),
    ("de", "Erklärung", "/de/videotermin/", "schritt-2", "part: Einwilligungserklärung"),
    ("de", "Fenster", "/de/videotermin/", "schritt-4", "part: Testfenster"),
    ("de", "Kundennummer", "/de/videotermin/", "schritt-2", "whole word"),
    ("de", "Nummer", "/de/videotermin/", "schritt-2", "part: Kundennummer"),
    ("de", "Gespräche", "/de/geraetetest/", "was-der-test-pruft", "part: Videogespräche"),
    ("de", "Kommunikation", "/de/videotermin/", "schritt-1", "part: Videokommunikation"),
    ("de", "Agentur", "/de/hilfe/", "mein-videotermin-der-bundesagentur-fur-arbeit", "part: Arbeitsagentur"),
    ("de", "Bild", "/de/datenschutz/", "geratetest-ubungsseiten-und-suche", "part: Kamerabild"),
    ("de", "Termin", "/de/geraetetest/", "ihre-daten-bleiben-bei-ihnen", "part: Videotermin"),
    ("de", "Regler", "/de/online-kommunikation/", "schritt-4", "part: Schieberegler"),
    ("de", "Zustimmung", "/de/videotermin/", "schritt-2", "whole word"),
    ("de", "ICH STIMME ZU", "/de/videotermin/", "schritt-2", "label"),
    ("de", "Pinkode", "/de/sichere-nachricht/", "schritt-2", "label"),
    ("de", "Anhänge", "/de/sichere-nachricht/", "schritt-4", "plural"),
    ("de", "Spam", "/de/videotermin/", "die-einladung-ist-nicht-gekommen", "only in one section's text"),
    ("de", "Nutzungsbedingungen", "/de/videotermin/", "schritt-2", "only in one step's text"),
    ("de-leicht", "Termin", "/de-leicht/hilfe/", "mein-videotermin", "part: Videotermin"),
    ("de-leicht", "Agentur", "/de-leicht/hilfe/", "mein-videotermin", "part: Bundes-Agentur"),
    ("de-leicht", "Raum", "/de-leicht/videotermin/", "schritt-5", "part: Beratungs-Raum"),
    ("de-leicht", "Regler", "/de-leicht/online-kommunikation/", "schritt-4", "part: Schiebe-Regler"),
    ("de-leicht", "Zahl", "/de-leicht/sichere-nachricht/", "needs-title", "part: Geheim-Zahl"),
    ("de-leicht", "Optionen", "/de-leicht/online-kommunikation/", "schritt-3", "part: Kommunikationsoptionen"),
    ("de-leicht", "Sprecher", "/de-leicht/geraetetest/", "das-pruft-der-test", "part: Laut-Sprecher"),
    ("de-leicht", "Daten", "/de-leicht/online-kommunikation/", "needs-title", "part: Anmelde-Daten"),
    ("de-leicht", "Pinkode", "/de-leicht/sichere-nachricht/", "schritt-2", "label"),
    ("de-leicht", "Beratungsraum betreten", "/de-leicht/videotermin/", "schritt-5", "label"),
    ("de-leicht", "Vollbild", "/de-leicht/videotermin/", "im-gesprach", "label"),
    ("de-leicht", "Anhänge", "/de-leicht/sichere-nachricht/", "schritt-4", "plural"),
    ("de-leicht", "Regeln", "/de-leicht/videotermin/", "schritt-2", "plural"),
    ("de-leicht", "Einladung", "/de-leicht/videotermin/", "schritt-1", "whole word"),
    ("de-leicht", "Fenster", "/de-leicht/videotermin/", "schritt-3", "only in one step's text"),
    ("de-leicht", "Ordner", "/de-leicht/videotermin/", "es-kam-keine-einladung", "part: Spam-Ordner"),
    ("da", "kode", "/da/sikker-besked/", "trin-2", "part: pinkode"),
    ("da", "Pinkode", "/da/sikker-besked/", "trin-2", "label"),
    ("da", "nummer", "/da/videomoede/", "trin-2", "part: kundenummer"),
    ("da", "erklæring", "/da/videomoede/", "trin-2", "part: samtykkeerklæringen"),
    ("da", "rummet", "/da/videomoede/", "trin-5", "part: rådgivningsrummet"),
    ("da", "mappen", "/da/videomoede/", "invitationen-er-ikke-kommet", "part: spammappen"),
    ("da", "kommunikation", "/da/online-kommunikation/", "trin-3", "part: onlinekommunikation"),
    ("da", "adresse", "/da/online-kommunikation/", "det-betyder-dit-samtykke", "part: mailadresse"),
    ("da", "læsere", "/da/tilgaengelighed/", "hvad-der-endnu-ikke-er-tilgngeligt", "part: skærmlæsere"),
    ("da", "tidspunktet", "/da/videomoede/", "trin-1", "whole word"),
    ("da", "punktet", "/da/videomoede/", "trin-1", "part: tidspunktet"),
    ("da", "billedet", "/da/hjaelp/", "sikre-beskeder-fra-kbenhavns-kommune", "part: loginbilledet"),
    ("da", "møder", "/da/enhedstest/", "dine-data-bliver-hos-dig", "part: videomøder"),
    ("da", "Svar sikkert", "/da/sikker-besked/", "trin-5", "label"),
    ("da", "Beratungsraum betreten", "/da/videomoede/", "trin-5", "label"),
    ("da", "filer", "/da/sikker-besked/", "trin-4", "plural"),
    ("da", "skyderen", "/da/online-kommunikation/", "trin-4", "whole word"),
    ("da", "vedhæftede", "/da/sikker-besked/", "trin-4", "only in one step's text"),
    ("en", "camera", "/en/video-appointment/", "step-3", "whole word"),
    ("en", "Pinkode", "/en/secure-message/", "step-2", "label"),
    ("en", "ICH STIMME ZU", "/en/video-appointment/", "step-2", "label"),
    ("en", "Beratungsraum betreten", "/en/video-appointment/", "step-5", "label"),
    ("en", "GESCHAFFT", "/en/online-communication/", "step-5", "label"),
    ("en", "attachments", "/en/secure-message/", "step-4", "plural"),
    ("en", "slider", "/en/online-communication/", "step-4", "whole word"),
    ("en", "invitation", "/en/video-appointment/", "step-1", "whole word"),
    ("en", "consent form", "/en/video-appointment/", "step-2", "two words"),
    ("en", "spam", "/en/video-appointment/", "the-invitation-has-not-arrived", "only in one section's text"),
    ("en", "reply", "/en/secure-message/", "step-5", "whole word"),
    ("en", "Kommunikationsoptionen", "/en/online-communication/", "step-3", "label"),
    ("en", "screen readers", "/en/accessibility/", "what-is-not-yet-accessible", "plural"),
    ("en", "cookies", "/en/privacy/", "cookies-tracking-and-other-servers", "plural"),
    ("en", "devices", "/en/video-appointment/", "step-4", "plural"),
    ("en", "pop-up", "/en/video-appointment/", "step-3", "only in one step's text"),
]


def found(page: Page, served_site: str, lang: str, term: str) -> list[tuple[str, list[str]]]:
    """Search as a reader does; return each result's page link with the links of its steps and sections."""
    page.goto(served_site + SEARCH[lang])
    page.locator("#search-term").fill(term)
    widget = page.locator("[data-module='site-search']")
    expect(widget).to_have_attribute("data-state", "done")
    expect(page.locator(".search-status")).not_to_be_empty()
    return page.locator(".search-result").evaluate_all(
        """items => items.map(item => [
          item.querySelector('.search-result-title a').getAttribute('href'),
          [...item.querySelectorAll('.search-steps a')].map(a => a.getAttribute('href')),
        ])"""
    )


CASES = [
    pytest.param(*query, id=f"{query[0]}-{query[1]}", marks=[pytest.mark.xfail(reason=MISSES[query[:2]], strict=True)])
    if query[:2] in MISSES
    else pytest.param(*query, id=f"{query[0]}-{query[1]}")
    for query in QUERIES
]


@pytest.mark.parametrize(("lang", "term", "url", "anchor", "why"), CASES)
def test_the_query_finds_its_page_and_step(
    page: Page, served_site: str, lang: str, term: str, url: str, anchor: str, why: str
) -> None:
    results = found(page, served_site, lang, term)
    top = [href for href, _ in results[:TOP]]
    assert url in top, f"{term!r} ({why}): {url} not among the first {TOP}: {top}"
    steps = dict(results)[url]
    assert f"{url}#{anchor}" in steps, f"{term!r} ({why}): no link to #{anchor} in {steps}"


def test_at_least_fifteen_queries_per_language_and_few_misses() -> None:
    counts = {lang: sum(1 for q in QUERIES if q[0] == lang) for lang in SEARCH}
    assert min(counts.values()) >= 15, counts
    assert set(MISSES) <= {q[:2] for q in QUERIES}
    assert len(MISSES) <= len(QUERIES) // 10, "recall fell below 90 %"
