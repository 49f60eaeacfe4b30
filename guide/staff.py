"""What the staff tools show: every guide's links in every language, e-mail texts to paste and a printable card."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import HtmlLexer

from .languages import LANGUAGES
from .site import Site, card_url_of, handout_url_of, url_of

# Placeholders the link builder replaces in the browser; the highlighted HTML keeps them as plain text.
LINK, TITLE, CHECK, NUMBER, STEP = "__LINK__", "__TITLE__", "__CHECK__", "__NUMBER__", "__STEP__"
LIGHT_STYLE, DARK_STYLE = "vs", "github-dark"


def guide_links(site: Site, absolute: Any, lang: str = "de") -> list[dict[str, Any]]:
    """Each guide and the device check, with title, address, steps and (guides only) PDF handout in every language.

    The guides come in the site's order (as on the start page of `lang`), the device check last.
    """
    entries = []
    ids = [p.id for p in site.guides(lang)] + ["device-check"]
    for page_id in ids:
        versions = {lang: site.by_id.get((page_id, lang)) for lang in site.languages}
        if not all(versions.values()):
            continue
        check = {
            lang: site.by_id.get((other, lang))
            for lang in site.languages
            for other in versions[lang].meta.get("qr", [])
            if isinstance(other, str)
        }
        pdfs = {lang: absolute(handout_url_of(page)) for lang, page in versions.items() if page.layout == "guide"}
        entries.append(
            {
                "id": page_id,
                "title": {lang: page.meta["title"] for lang, page in versions.items()},
                "url": {lang: absolute(url_of(page)) for lang, page in versions.items()},
                "steps": {lang: [[a, t] for _, a, t in page.steps] for lang, page in versions.items()},
                "check": {lang: absolute(url_of(page)) for lang, page in check.items() if page} or None,
                "pdf": pdfs or None,
                "card": {lang: absolute(card_url_of(page)) for lang, page in versions.items() if page.layout == "guide"}
                or None,
            }
        )
    return entries


def email_templates(languages: tuple[str, ...] = tuple(LANGUAGES)) -> dict[str, dict[str, str]]:
    """Per site language: the plain-text and HTML e-mail blocks with placeholders, in four variants.

    With or without the device-check line (key suffix `_check`), with or without a chosen step (`_step`).
    """
    blocks: dict[str, dict[str, str]] = {}
    for code in languages:
        language = LANGUAGES[code]
        with force_locale(language.locale):
            intro = gettext("Here is a step-by-step guide for you: %(title)s", title=TITLE)
            step = gettext("Please read step %(number)s: %(title)s", number=NUMBER, title=STEP)
            check = gettext("Before your video appointment, test your camera and microphone here: %(link)s", link=CHECK)
            html_intro = gettext(
                "Here is a step-by-step guide for you: %(title)s", title=f'<a href="{LINK}">{TITLE}</a>'
            )
            html_check = gettext(
                "Before your video appointment, test your camera and microphone here: %(link)s",
                link=f'<a href="{CHECK}">{CHECK}</a>',
            )
        blocks[code] = {}
        for suffix, with_check, with_step in (
            ("", False, False),
            ("_check", True, False),
            ("_step", False, True),
            ("_check_step", True, True),
        ):
            text = f"{intro}\n" + (f"{step}\n" if with_step else "") + LINK + (f"\n\n{check}" if with_check else "")
            html = f"<p>{html_intro}</p>" + (f"\n<p>{step}</p>" if with_step else "")
            html += f"\n<p>{html_check}</p>" if with_check else ""
            blocks[code] |= {f"text{suffix}": text, f"html{suffix}": html, f"highlighted{suffix}": highlighted(html)}
    return blocks


def card_texts(
    languages: tuple[str, ...] = tuple(LANGUAGES), operator_names: dict[str, str | None] | None = None
) -> dict[str, dict[str, str]]:
    """Per site language: the printable card's HTML lang and its lines, the step line with placeholders.

    `operator_names` give, per language, the office that hands the card out (the site file's operator); without
    one the card names none.
    """
    texts = {}
    for code in languages:
        language = LANGUAGES[code]
        # The card is in the guide's language, whatever the staff page's language is.
        with force_locale(language.locale):
            texts[code] = {
                "lang": language.html_lang,
                "step": gettext("Step %(number)s: %(title)s", number=NUMBER, title=TITLE),
                "scan": gettext("Scan the QR code with the camera of your phone."),
                "opens": gettext("The guide opens."),
                "type": gettext("Or type this address into the browser:"),
                "operator": gettext("Handed out by: %(name)s", name=name)
                if (name := (operator_names or {}).get(code))
                else "",
            }
    return texts


def highlighted(html: str) -> Markup:
    """The HTML snippet highlighted by Pygments with CSS classes (the CSP allows no inline styles)."""
    return Markup(highlight(html, HtmlLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True)))


def highlight_css() -> str:
    """The stylesheet for highlighted snippets: a light and a dark style, chosen by the reader's scheme."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
