"""The content check: every rule fires on a bad example, and all real content passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guide.plainlanguage import check_text, lix, sentences_of, split_sentences

ROOT = Path(__file__).resolve().parent.parent


def rules(text: str, lang: str = "de-leicht") -> list[str]:
    """The rules that fire on a text."""
    return [f.rule for f in check_text(text, 1, lang).findings]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Sie öffnen die E-Mail. Dann klicken Sie auf den Link.\n", "ls-one-sentence-a-line"),
        ("Sie öffnen die E-Mail; dann klicken Sie.\n", "ls-semicolon"),
        ("Öffnen Sie z. B. die E-Mail.\n", "ls-abbreviation"),
        ("Sie haben usw. gelesen.\n", "ls-abbreviation"),
        ("Das dauert ca. 5 Minuten.\n", "ls-abbreviation"),
        ("Sie haben fünf Minuten Zeit.\n", "ls-number-as-word"),
        ("Die Online-Kommunikationsfunktion ist an.\n", "ls-long-word"),
        ("Die Einverständniserklärung ist wichtig.\n", "ls-long-word"),
        ("Sie klicken in der E-Mail auf den Link und dann auf den Knopf mit dem Wort.\n", "ls-sentence-length"),
        ("Sie öffnen in Ruhe die neue E-Mail von Ihrem Amt.\n" * 3, "ls-average-length"),
        (
            "Verwaltungsverfahren erfordern Zustimmungserklärungen.\nBehördenkommunikation funktioniert elektronisch.\n",
            "lix",
        ),
    ],
)
def test_each_leichte_sprache_rule_fires(text: str, rule: str) -> None:
    assert rule in rules(text)


def test_good_leichte_sprache_passes() -> None:
    text = "Öffnen Sie die E-Mail.\nKlicken Sie auf den Link.\nDas dauert 5 Minuten.\nDas Schiebe-Regler-Feld ist rechts.\n"
    assert rules(text) == []


def test_quoted_screen_labels_are_exempt() -> None:
    text = "Klicken Sie auf „Zwei-Faktor-Authentifizierung“.\nDort steht „ICH STIMME ZU; bitte usw.“.\n"
    assert rules(text) == []


def test_links_addresses_and_numbers_are_not_words_to_split() -> None:
    text = "Schreiben Sie an barrierefreiheit@hilfeportal.de.\nRufen Sie 0800 4 555501 an.\nGehen Sie auf [die Seite](https://www.jobcenter-alzey-worms.de).\n"
    assert rules(text) == []


@pytest.mark.parametrize(
    ("lang", "limit"),
    [("de", 40), ("da", 35), ("en", 35)],
)
def test_lix_limit_per_language(lang: str, limit: int) -> None:
    hard = "Administrative verification procedures necessitate comprehensive documentation requirements.\n"
    assert rules(hard * 2, lang) == ["lix"]
    assert rules("Open the mail. Click the link. Type the code.\n", lang) == []


def test_lix_is_words_per_sentence_plus_percent_long_words() -> None:
    sentences = sentences_of("Open the message now. Then read everything carefully.\n", 1)
    assert [len(s.words) for s in sentences] == [4, 4]
    assert lix(sentences) == pytest.approx(4 + 100 * 3 / 8)


def test_abbreviations_and_dates_do_not_split_sentences() -> None:
    assert split_sentences("Sie brauchen z. B. einen Ausweis. Dann geht es los.") == [
        "Sie brauchen z. B. einen Ausweis.",
        "Dann geht es los.",
    ]
    assert split_sentences("Wir haben den Text am 20. November 2026 geschrieben.") == [
        "Wir haben den Text am 20. November 2026 geschrieben."
    ]


def test_findings_name_path_line_and_rule(tmp_path: Path) -> None:
    from guide.check import run

    content = tmp_path / "content"
    for lang in ("de", "de-leicht", "da", "en"):
        (content / lang).mkdir(parents=True)
        body = "Kurzer Satz.\nNoch ein Satz; mit Semikolon.\n" if lang == "de-leicht" else "Short text.\n"
        (content / lang / "index.md").write_text(
            f"---\npage: home\nlayout: home\ntitle: Start\nsummary: Hier.\nupdated: 2026-11-20\n---\n{body}",
            encoding="utf-8",
        )
    findings, _ = run(content)
    assert findings == ["content/de-leicht/index.md:9: ls-semicolon: Noch ein Satz; mit Semikolon."]


def test_all_content_passes_the_check() -> None:
    """The real content: parity, and the plain-language rules of each language."""
    result = subprocess.run(
        [sys.executable, "-m", "guide.check", "--stats"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert "0 finding(s)" in result.stderr
