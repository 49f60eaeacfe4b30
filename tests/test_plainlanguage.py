"""The content check: every rule fires on a bad example, and all real content passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guide.labels import check_body, check_demo, load_labels
from guide.plainlanguage import check_text, lix, negations_over_target, read_words, sentences_of, split_sentences

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
        ("Diese Daten werden gespeichert.\n", "ls-passive"),
        ("Am Anfang wird geprüft, wer Sie sind.\n", "ls-passive"),
        ("Es wurde nichts verschickt.\n", "ls-passive"),
        ("Man sieht daraus, wer Sie sind.\n", "ls-impersonal-man"),
        ("Sie möchten eine Person mitbringen?\n", "ls-subjunctive"),
        ("Das würden wir gern wissen.\n", "ls-subjunctive"),
        ("Wählen Sie die Sprache der Anleitung.\n", "ls-genitive"),
        ("Das ist die Benutzer-Erklärung der Minijob-Zentrale.\n", "ls-genitive"),
        ("Sie brauchen ein Headset (Kopf-Hörer).\n", "ls-brackets"),
        ("Das Internet hat 5 Mbit/s.\n", "ls-abbreviation"),
        ("Drücken Sie Strg und C.\n", "ls-abbreviation"),
        ("Sie bekommen eine SMS.\nDann öffnen Sie die Seite.\nDas geht schnell.\n", "ls-abbreviation"),
        ("Sie brauchen die Geheim-Zahl.\n", "ls-term"),
        ("Rufen Sie den Support an.\n", "ls-term"),
        ("Das sind kleine Jobs.\n", "ls-term"),
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
    text = "Schreiben Sie an barrierefreiheit@example.org.\nRufen Sie 0800 4 555501 an.\nGehen Sie auf [die Seite](https://www.example.org/amt).\n"
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


def test_an_explained_short_form_passes() -> None:
    text = "Sie bekommen eine SMS.\nEine SMS ist eine Nachricht auf dem Handy.\nDarin steht eine PIN.\nEine PIN ist eine geheime Zahl.\n"
    assert rules(text) == []


@pytest.mark.parametrize(
    ("text", "lang", "finding"),
    [
        ("Ring til din kontaktperson.\n", "da", '"kontaktperson": write "rådgiver"'),
        ("Hav et gyldigt ID klar.\n", "da", '"ID": write "legitimation"'),
        ("Tag en tillidsperson med.\n", "da", '"tillidsperson": write "bisidder"'),
        ("Then ask your jobcenter.\n", "en", '"jobcenter": write "job centre"'),
        ("Ask at the jobcentre now.\n", "en", '"jobcentre": write "job centre"'),
        ("It is about mini-jobs.\n", "en", '"mini-jobs": write "minijob"'),
    ],
)
def test_term_lists_of_danish_and_english(text: str, lang: str, finding: str) -> None:
    assert [(f.rule, f.text) for f in check_text(text, 1, lang).findings] == [("term", finding)]


def test_names_and_quoted_labels_keep_their_own_words() -> None:
    assert rules("Log in on jobcenter.digital and open “Profil”.\n", "en") == []
    assert [r for r in rules("Tippen Sie auf „Support“ und dann auf „Geheim-Zahl“.\n")] == []


def test_lix_reads_the_parts_of_a_compound_and_names_the_long_words() -> None:
    sentence = sentences_of("Der Schiebe-Regler ist an.\n", 1)[0]
    assert read_words(sentence) == ["Der", "Schiebe", "Regler", "ist", "an"]
    hard = "Die Online-Kommunikation braucht Einwilligungen.\nDie Online-Kommunikation ist eingeschaltet.\n"
    lix_findings = [f.text for f in check_text(hard, 1, "de-leicht").findings if f.rule == "lix"]
    assert lix_findings and "long words: Kommunikation ×2" in lix_findings[0]
    assert "Einwilligungen" in lix_findings[0]


def test_negations_are_counted_against_one_in_ten_sentences() -> None:
    stats = check_text("Sie müssen nicht fahren.\nEs kostet nichts.\nDas ist gut.\n", 1, "de-leicht")
    assert stats.negations == 2 and negations_over_target(stats)
    stats = check_text("Sie bleiben zu Hause.\nDas ist gut.\n" * 5 + "Es kostet nichts.\n", 1, "de-leicht")
    assert stats.negations == 1 and not negations_over_target(stats)
    assert "ls-negation" not in [f.rule for f in stats.findings]  # reported in --stats, not failed


def test_quoted_labels_must_be_in_the_labels_list() -> None:
    services = load_labels(LABELS)
    found = check_body(
        "Klicken Sie auf „ICH STIMME ZU“.\nDann auf „Weiter“.\n", 1, "de", ["mein-videotermin"], services
    )
    assert found == [(2, "label", '"Weiter" is not a label of mein-videotermin')]


@pytest.mark.parametrize(
    ("line", "lang"),
    [("Klicken Sie auf »Zulassen«.", "de"), ("Klik på „Zulassen“.", "da"), ('Click "Zulassen".', "en")],
)
def test_quote_marks_are_those_of_the_page_language(line: str, lang: str) -> None:
    found = check_body(line + "\n", 1, lang, ["mein-videotermin"], load_labels(LABELS))
    assert [rule for _, rule, _ in found] == ["quote-marks"]


def test_a_demo_shows_only_labels_of_its_service() -> None:
    template = "{{ demo.real('ICH STIMME ZU', _('I agree')) }}\n{{ demo.q('Send pinkoden igen', _('Send'), 'da') }}\n"
    found = check_demo(template, ["mein-videotermin"], load_labels(LABELS))
    assert found == [(2, "label", '"Send pinkoden igen" is not a label of mein-videotermin')]


def test_label_findings_name_path_and_line(tmp_path: Path) -> None:
    from guide.check import run

    content = tmp_path / "content"
    for lang in ("de", "de-leicht", "da", "en"):
        (content / lang).mkdir(parents=True)
        body = "Klicken Sie auf „Schritt 3: Weiter“.\n" if lang == "de" else "Kurz.\n"
        (content / lang / "index.md").write_text(
            "---\npage: home\nlayout: home\ntitle: Start\nsummary: Hier.\nupdated: 2026-11-20\n"
            f"labels: [mein-videotermin]\n---\n{body}",
            encoding="utf-8",
        )
    (content / "labels.toml").write_text(LABELS, encoding="utf-8")
    findings, _ = run(content)
    assert findings == ['content/de/index.md:9: label "Schritt 3: Weiter" is not a label of mein-videotermin']


def test_the_leichte_sprache_catalog_follows_the_rules(tmp_path: Path) -> None:
    from guide.check import catalog_findings

    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Nothing is sent."\nmsgstr "Nichts wird gesendet. Alles bleibt hier."\n\n'
        'msgid "Profile"\nmsgstr "Kommunikationsoptionen"\n\nmsgid "Fine"\nmsgstr "Alles bleibt hier.\\nSie sind fertig."\n',
        encoding="utf-8",
    )
    findings = catalog_findings(po, labels={"Kommunikationsoptionen"})
    assert findings == [
        f"{po}:4: ls-one-sentence-a-line: Nichts wird gesendet. Alles bleibt hier.",
        f"{po}:4: ls-passive: Nichts wird gesendet.",
    ]


def test_every_demo_is_listed_under_a_service() -> None:
    from guide.check import demo_findings

    assert demo_findings(load_labels(LABELS)) != []  # the small list owns none of the real demos
    assert demo_findings(load_labels((ROOT / "content" / "labels.toml").read_text(encoding="utf-8"))) == []


LABELS = """
[mein-videotermin]
name = "Mein Videotermin"
demos = []
labels = [
  { text = "ICH STIMME ZU", source = "001_36e75af5ada48652.txt:94" },
  { text = "Zulassen", source = "001_36e75af5ada48652.txt:113" },
]
"""
