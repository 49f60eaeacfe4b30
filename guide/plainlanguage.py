"""Plain-language rules per language: sentence length, LIX, and the rules of Leichte Sprache (pure)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Real screen labels are quoted and exempt: „…“ (German), »…« (Danish), "…" and “…” (English).
QUOTED = re.compile(r"„[^“”\"\n]*[“”\"]|»[^«\n]*«|“[^”\n]*”|\"[^\"\n]*\"")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
URL = re.compile(
    r"(?:https?://|www\.)[^\s)]*[^\s.,;:!?)]|[\w.+-]+@[\w-]+\.[\w-]+(?:\.[\w-]+)*|\b[\w-]+\.(?:de|dk|digital|org|com)\b"
)
PHONE = re.compile(r"\+?\d[\d ]{5,}\d")
DIRECTIVE = re.compile(r"^/{3,}\s*(?P<name>[a-z-]*)\s*(?:\|\s*(?P<arg>.*))?$")
MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)|[*_`]+")
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ][0-9A-Za-zÀ-ÖØ-öø-ÿ'’-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„»“(]?[A-ZÀ-ÖØ-Þ0-9])")
# "20. November": a German ordinal, not the end of a sentence.
ORDINAL = re.compile(
    r"\b(\d{1,2})\.(?=\s(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)"
)
# Dotted abbreviations, kept whole when splitting sentences; in Leichte Sprache each is an error.
ABBREVIATIONS = re.compile(
    r"\b(?:z\.\s?B\.|u\.\s?a\.|d\.\s?h\.|z\.\s?T\.|o\.\s?Ä\.|u\.\s?U\.|usw\.|bzw\.|ggf\.|ca\.|Nr\.|evtl\.|inkl\.|"
    r"bzgl\.|etc\.|vgl\.|sog\.|Tel\.|Str\.|max\.|min\.|zzgl\.|u\.\s?v\.\s?m\.|e\.g\.|i\.e\.|f\.eks\.|bl\.a\.|dvs\.|ca\.)",
    re.IGNORECASE,
)
NUMBER_WORDS = re.compile(
    r"\b(?:eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|hundert|"
    r"tausend|zweiten|dritten|vierten|fünften)\b",
    re.IGNORECASE,
)
LIX_LIMIT = {"de": 40, "de-leicht": 25, "da": 35, "en": 35}
LS_MAX_WORDS, LS_MAX_AVERAGE, LS_LONG_WORD = 12, 8, 14
# Sentences longer than this are counted in the figures (only Leichte Sprache fails on them).
LONG_SENTENCE = {"de": 20, "de-leicht": LS_MAX_WORDS, "da": 20, "en": 20}

# Leichte Sprache: a form of "werden" with a participle is passive ("wird … geprüft").
PASSIVE_AUX = re.compile(r"\b(?:wird|werden|wurde|wurden|worden)\b", re.IGNORECASE)
PARTICIPLE = re.compile(r"\b(?:\w*ge\w{2,}(?:t|en)|\w{3,}iert)\b")
# A participle without "ge" ends the sentence: "… verschickt", "… verbunden".
PREFIXED_PARTICIPLE = re.compile(r"^(?:ver|be|er|ent|zer|über|unter)\w{2,}(?:t|en)$")
IMPERSONAL = re.compile(r"\b[Mm]an\b")
SUBJUNCTIVE = re.compile(
    r"\b(?:möchte|möchten|möchtest|würde|würden|würdest|könnte|könnten|sollte|sollten|hätte|hätten|wäre|wären|dürfte|dürften)\b",
    re.IGNORECASE,
)
# "die Sprache der Anleitung", "die Erklärung des Amts": a noun, then der/des and a noun. "Sie der …" is a dative.
GENITIVE = re.compile(
    r"\b(?!(?:Sie|Ihnen|Das|Die|Der|Dann|Dort|Hier|In|Im|Auf|Mit|Zum|Zur|Bei|Beim|Von|Vom|Vor|Nach|Aus|An|Am|Unter|Über|Für|"
    r"Beispiel)\b)[A-ZÄÖÜ][\wäöüß-]+ (?:des|der) (?:[a-zäöü]+ )?(?!Reihe nach)[A-ZÄÖÜ]"
)
BRACKETS = re.compile(r"[()\[\]]")
# Short forms a reader may not know: capitals (WLAN, PIN) and units or keys (Mbit/s, Strg).
SHORT_FORM = re.compile(r"(?<![\w-])(?:[A-ZÄÖÜ]{2,}|Mbit/s|kbit/s|Strg|Std|Min)(?![\wäöü])")
# Short forms that Leichte Sprache keeps, each explained at its first use on a page by these words.
EXPLAINED = {"WLAN": "ohne Kabel", "PIN": "geheime Zahl", "SMS": "Handy"}
# Names that are written in capitals and are no short form to explain.
NAMES = {"ELSTER", "WCAG", "BITV", "BGG", "IT", "QR", "PDF", "E", "IP", "LAN", "TV", "EU", "AA", "HTML", "PNG", "SVG"}
# One word for one thing: the chosen word, then the variants to avoid (whole words, outside quotes).
TERMS = {
    "de": {"Ansprechperson": ["Ansprechpartnerin", "Ansprechpartner"], "Spam-Ordner": ["Spamordner"]},
    "de-leicht": {
        "PIN": ["Geheim-Zahl", "Geheimzahl", "PIN-Code"],
        "Technik-Hilfe": ["Support"],
        "Schiebe-Regler": ["Regler", "Schieberegler"],
        "Alltags-Sprache": ["Standard-Deutsch"],
        "Bundes-Agentur": ["Bundesagentur"],
        "Minijob": ["kleine Jobs", "kleiner Job"],
        "sichere Nachricht": ["sichere Post"],
        "Video-Termin": ["Videotermin"],
        "Ansprech-Person": ["Ansprechperson", "Berater", "Beraterin"],
    },
    "da": {
        "rådgiver": ["kontaktperson", "kontaktpersonen"],
        "legitimation": ["ID"],
        "bisidder": ["tillidsperson", "person, som du har tillid til"],
        "øvelsessider": ["øvesider", "øveside"],
        "mailboks": ["indbakke"],
    },
    "en": {
        "job centre": ["jobcenter", "jobcentre", "job center", "jobcenters", "jobcentres"],
        "video consultation": ["video advice"],
        "minijob": ["mini-job", "mini-jobs"],
        "adviser": ["contact person"],
        "certificates": ["proofs"],
    },
}
NEGATION = {
    "de": r"nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemals|niemand|ohne",
    "da": r"ikke|ingen|intet|ingenting|aldrig|ingen|uden",
    "en": r"not|no|never|nobody|nothing|none|without|cannot|\w+n't",
}
NEGATIONS = {lang: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for lang, words in NEGATION.items()}
NEGATIONS["de-leicht"] = NEGATIONS["de"]
NEGATION_TARGET = 0.1  # Leichte Sprache: at most one negation per ten sentences


@dataclass
class Sentence:
    """One sentence and the line it starts on."""

    line: int
    text: str
    words: list[str]


@dataclass
class Finding:
    """A rule broken at a line."""

    line: int
    rule: str
    text: str


@dataclass
class Stats:
    """Figures of one page."""

    words: int = 0
    sentences: int = 0
    lix: float = 0.0
    longest: Sentence | None = None
    over: int = 0
    passive: int = 0
    negations: int = 0
    findings: list[Finding] = field(default_factory=list)


def readable_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """The text a reader reads, line by line: markup, links, addresses and quoted labels neutralised."""
    lines = []
    for offset, raw in enumerate(body.splitlines()):
        directive = DIRECTIVE.match(raw.strip())
        if directive:
            if directive["name"] in ("step", "tip", "warning") and directive["arg"]:
                raw = directive["arg"]
            else:
                continue
        if raw.lstrip().startswith("|") or not raw.strip():
            continue
        text = LINK.sub(r"\1", raw)
        text = URL.sub("X", text)
        text = PHONE.sub("0", text)
        text = QUOTED.sub("X", text)  # a quoted label counts as one short word
        text = MARKUP.sub("", text).strip()
        if text:
            lines.append((first_line + offset, text))
    return lines


def split_sentences(text: str) -> list[str]:
    """Split a line into sentences, keeping dotted abbreviations whole."""
    protected = ABBREVIATIONS.sub(lambda m: m[0].replace(".", "\x00").replace(" ", "\x01"), text)
    protected = ORDINAL.sub("\\1\x00", protected)
    parts = SENTENCE_END.split(protected)
    return [p.replace("\x00", ".").replace("\x01", " ").strip() for p in parts if p.strip()]


def sentences_of(body: str, first_line: int) -> list[Sentence]:
    """Every sentence of a page body with its line."""
    found = []
    for line, text in readable_lines(body, first_line):
        for sentence in split_sentences(text):
            words = WORD.findall(sentence)
            if words:
                found.append(Sentence(line, sentence, words))
    return found


def read_words(sentence: Sentence) -> list[str]:
    """The words a reader reads: the parts of a hyphenated compound count one by one (Schiebe-Regler is two)."""
    return [part for word in sentence.words for part in re.split(r"[-'’]", word) if part]


def long_words(sentences: list[Sentence]) -> list[str]:
    """The read words longer than six letters, which make LIX rise."""
    return [w for s in sentences for w in read_words(s) if len(w) > 6]


def lix(sentences: list[Sentence]) -> float:
    """LIX: read words per sentence plus the percentage of read words longer than six letters."""
    words = [w for s in sentences for w in read_words(s)]
    if not words:
        return 0.0
    return len(words) / len(sentences) + 100 * len(long_words(sentences)) / len(words)


def is_passive(sentence: str) -> bool:
    """A form of "werden" and a participle in one sentence: "wird … geprüft", "wurde … verschickt"."""
    aux = PASSIVE_AUX.search(sentence)
    if not aux:
        return False
    last = WORD.findall(sentence[aux.end() :])[-1:]
    return bool(PARTICIPLE.search(sentence, aux.end()) or (last and PREFIXED_PARTICIPLE.match(last[0])))


def term_findings(line: int, text: str, lang: str, rule: str = "term") -> list[Finding]:
    """Avoided variants of a chosen word on one line."""
    findings = []
    for chosen, variants in TERMS.get(lang, {}).items():
        for variant in variants:
            for _ in re.finditer(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", text):
                findings.append(Finding(line, rule, f'"{variant}": write "{chosen}"'))
    return findings


def ls_line_findings(line: int, text: str) -> list[Finding]:
    """The Leichte Sprache rules that look at one line of text (pages and catalog alike)."""
    findings = []
    sentences = split_sentences(text)
    if len(sentences) > 1:
        findings.append(Finding(line, "ls-one-sentence-a-line", text))
    if ";" in text:
        findings.append(Finding(line, "ls-semicolon", text))
    for match in ABBREVIATIONS.finditer(text):
        findings.append(Finding(line, "ls-abbreviation", match[0]))
    for match in NUMBER_WORDS.finditer(text):
        findings.append(Finding(line, "ls-number-as-word", match[0]))
    for word in WORD.findall(text):
        if any(len(part) >= LS_LONG_WORD for part in re.split(r"[-'’]", word)):
            findings.append(Finding(line, "ls-long-word", f"{word} (split it with a hyphen)"))
    for sentence in sentences:
        if is_passive(sentence):
            findings.append(Finding(line, "ls-passive", sentence))
        if IMPERSONAL.search(sentence):
            findings.append(Finding(line, "ls-impersonal-man", sentence))
        for match in SUBJUNCTIVE.finditer(sentence):
            findings.append(Finding(line, "ls-subjunctive", f"{match[0]}: {sentence}"))
        for match in GENITIVE.finditer(sentence):
            findings.append(Finding(line, "ls-genitive", f"{match[0]}…: {sentence}"))
    if BRACKETS.search(text):
        findings.append(Finding(line, "ls-brackets", text))
    for match in SHORT_FORM.finditer(text):
        if match[0] not in EXPLAINED and match[0] not in NAMES:
            findings.append(Finding(line, "ls-abbreviation", f"{match[0]} (write the word, or explain it)"))
    findings += term_findings(line, text, "de-leicht", "ls-term")
    return findings


def unexplained(lines: list[tuple[int, str]]) -> list[Finding]:
    """WLAN, PIN, SMS: the first use on a page is explained on its line or the two after it."""
    findings = []
    for short, explanation in EXPLAINED.items():
        for index, (line, text) in enumerate(lines):
            if re.search(rf"(?<![\w-]){short}(?![\wäöü])", text):
                near = " ".join(t for _, t in lines[index : index + 3])
                if explanation not in near:
                    findings.append(
                        Finding(line, "ls-abbreviation", f'{short}: explain it at its first use ("{explanation}")')
                    )
                break
    return findings


def leichte_sprache(body: str, first_line: int, sentences: list[Sentence]) -> list[Finding]:
    """The rules of Leichte Sprache that a machine can check."""
    findings = []
    lines = readable_lines(body, first_line)
    for line, text in lines:
        findings += ls_line_findings(line, text)
    findings += unexplained(lines)
    for sentence in sentences:
        if len(sentence.words) > LS_MAX_WORDS:
            findings.append(
                Finding(sentence.line, "ls-sentence-length", f"{len(sentence.words)} words: {sentence.text}")
            )
    if sentences:
        average = sum(len(s.words) for s in sentences) / len(sentences)
        if average > LS_MAX_AVERAGE:
            findings.append(Finding(first_line, "ls-average-length", f"{average:.1f} words a sentence (at most 8)"))
    return findings


def check_text(body: str, first_line: int, lang: str) -> Stats:
    """Figures and findings of one page body in language `lang`."""
    sentences = sentences_of(body, first_line)
    stats = Stats(
        words=sum(len(s.words) for s in sentences),
        sentences=len(sentences),
        lix=lix(sentences),
        longest=max(sentences, key=lambda s: len(s.words), default=None),
        over=sum(1 for s in sentences if len(s.words) > LONG_SENTENCE[lang]),
        passive=sum(1 for s in sentences if is_passive(s.text)) if lang in ("de", "de-leicht") else 0,
        negations=sum(len(NEGATIONS[lang].findall(s.text)) for s in sentences),
    )
    if lang == "de-leicht":
        stats.findings += leichte_sprache(body, first_line, sentences)
    elif lang in TERMS:
        for line, text in readable_lines(body, first_line):
            stats.findings += term_findings(line, text, lang)
    if stats.lix > LIX_LIMIT[lang]:
        counted = Counter(long_words(sentences)).most_common(12)
        named = ", ".join(f"{word} ×{n}" if n > 1 else word for word, n in counted)
        stats.findings.append(
            Finding(
                first_line, "lix", f"LIX {stats.lix:.1f} is above {LIX_LIMIT[lang]} for {lang}; long words: {named}"
            )
        )
    return stats


def negations_over_target(stats: Stats) -> bool:
    """Leichte Sprache aims at one negation per ten sentences at most."""
    return stats.negations > NEGATION_TARGET * max(stats.sentences, 1)
