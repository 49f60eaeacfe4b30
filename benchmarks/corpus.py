"""A large content folder for the build benchmark: generated guides in four languages beside the real pages."""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LANGS = ("de", "de-leicht", "da", "en")
WIDGET = "device-check"
CONTACT = "ba-video-support"
# A plain sentence of the real pages: a capital letter first, a full stop or question mark last, no link or markup.
SENTENCE = re.compile(r"^[A-ZÄÖÜÆØÅ][^\[\]()#*|/`<>]{20,140}[.?]$")


@dataclass(frozen=True)
class Words:
    """The few fixed words of a generated guide in one language."""

    slug: str  # file name prefix: anleitung-007
    title: str
    step_word: str  # step anchors: #schritt-2
    tip: str
    warning: str
    trouble: str  # the heading of the troubleshooting section
    see_step: str


WORDS = {
    "de": Words("anleitung", "Anleitung", "schritt", "Gut zu wissen", "Wichtig", "Wenn etwas nicht klappt", "Schritt"),
    "de-leicht": Words(
        "anleitung", "Anleitung", "schritt", "Gut zu wissen", "Wichtig", "Wenn etwas nicht klappt", "Schritt"
    ),
    "da": Words("vejledning", "Vejledning", "trin", "Godt at vide", "Vigtigt", "Hvis noget går galt", "trin"),
    "en": Words("guide", "Guide", "step", "Good to know", "Important", "If something goes wrong", "step"),
}


def sentences(lang: str) -> list[str]:
    """The plain sentences of the real pages of one language, the pool the generated text is drawn from."""
    found: list[str] = []
    for file in sorted((CONTENT / lang).glob("*.md")):
        body = file.read_text(encoding="utf-8").split("\n---", 1)[-1]
        found += [line.strip() for line in body.splitlines() if SENTENCE.match(line.strip())]
    if len(found) < 20:
        raise RuntimeError(f"too few plain sentences in content/{lang}/ to generate guides from ({len(found)})")
    return sorted(set(found))


def short_title(sentence: str) -> str:
    """A step title from a sentence: its first six words, without the end mark."""
    return " ".join(sentence.rstrip(".?").split()[:6])


def quoted(text: str) -> str:
    """A YAML string in double quotes (JSON's form is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def guide(index: int, count: int, lang: str, pool: list[str]) -> str:
    """One generated guide: front matter, intro, 4 to 8 steps with a tip, a warning, a widget and a contact."""
    words = WORDS[lang]
    pick = random.Random(f"{lang}-{index}")  # the text differs by language; the structure depends on `index` only

    def text(n: int) -> str:
        return "\n".join(pick.sample(pool, n))

    steps = 4 + index % 5
    page_id = f"bench-guide-{index:03d}"
    other = f"bench-guide-{(index + 1) % count:03d}"
    qr = "qr: [device-check]\n" if index % 5 == 0 else ""
    lines = [
        "---",
        f"page: {page_id}",
        "layout: guide",
        f"title: {quoted(f'{words.title} {index + 1}: {short_title(pick.choice(pool))}')}",
        f"summary: {quoted(pick.choice(pool))}",
        "updated: 2026-11-20",
        f'service: "{words.title} {index + 1}"',
        "needs:",
        *(f"  - {quoted(short_title(sentence))}" for sentence in pick.sample(pool, 3)),
        f"related: [{other}]",
        f"{qr}contacts: [{CONTACT}]",
        "---",
        "",
        text(4),
        "",
        text(3),
        "",
    ]
    for number in range(1, steps + 1):
        title = short_title(pick.choice(pool))
        if number == 2:
            lines += [f"//// step | {title}", text(3), "", f"/// tip | {words.tip}", text(2), "///", "////", ""]
        elif number == 3:
            lines += [f"//// step | {title}", text(2), "", f"/// widget | {WIDGET}", "///", "////", ""]
        elif number == 4:
            lines += [f"//// step | {title}", text(2), "", f"/// warning | {words.warning}", text(2), "///"]
            lines += ["", f"/// contact | {CONTACT}", "///", "////", ""]
        else:
            lines += [f"/// step | {title}", text(4), "", text(2), "///", ""]
    anchor = f"{words.step_word}-2"
    lines += [f"## {words.trouble}", "", text(3), f"[{words.see_step} 2](page:{other}#{anchor})", "", text(3), ""]
    lines += [f"### {short_title(pick.choice(pool))}", "", text(4), ""]
    return "\n".join(lines)


def generate(destination: Path, per_language: int = 250) -> int:
    """Copy the real content (contacts.toml included) and add `per_language` guides per language; return the pages."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(CONTENT, destination)
    for lang in LANGS:
        pool = sentences(lang)
        folder = destination / lang
        for index in range(per_language):
            name = f"{WORDS[lang].slug}-{index:03d}.md"
            (folder / name).write_text(guide(index, per_language, lang, pool), encoding="utf-8")
    return sum(1 for _ in destination.glob("*/*.md"))
