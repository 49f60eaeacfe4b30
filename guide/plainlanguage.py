"""Plain-language rules per language: sentence length, LIX, and the rules of Leichte Sprache (pure)."""

from __future__ import annotations

import re
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


def lix(sentences: list[Sentence]) -> float:
    """LIX: words per sentence plus the percentage of words longer than six letters."""
    words = [w for s in sentences for w in s.words]
    if not words:
        return 0.0
    long_words = sum(1 for w in words if len(re.sub(r"[-'’]", "", w)) > 6)
    return len(words) / len(sentences) + 100 * long_words / len(words)


def leichte_sprache(body: str, first_line: int, sentences: list[Sentence]) -> list[Finding]:
    """The rules of Leichte Sprache that a machine can check."""
    findings = []
    for line, text in readable_lines(body, first_line):
        if len(split_sentences(text)) > 1:
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
    )
    if lang == "de-leicht":
        stats.findings += leichte_sprache(body, first_line, sentences)
    if stats.lix > LIX_LIMIT[lang]:
        stats.findings.append(Finding(first_line, "lix", f"LIX {stats.lix:.1f} is above {LIX_LIMIT[lang]} for {lang}"))
    return stats
