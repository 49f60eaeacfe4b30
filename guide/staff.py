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
LINK, TITLE, CHECK, NUMBER = "__LINK__", "__TITLE__", "__CHECK__", "__NUMBER__"
LIGHT_STYLE, DARK_STYLE = "vs", "github-dark"


def guide_links(site: Site, absolute: Any) -> list[dict[str, Any]]:
    """Each guide and the device check, with title, address, steps and (guides only) PDF handout in every language."""
    entries = []
    first = next(iter(site.languages))
    ids = [p.id for p in site.pages if p.lang == first and p.layout == "guide"] + ["device-check"]
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
    """Per site language: the plain-text and HTML e-mail blocks with placeholders, and the device-check line."""
    blocks = {}
    for code in languages:
        language = LANGUAGES[code]
        with force_locale(language.locale):
            intro = gettext("Here is a step-by-step guide for you: %(title)s", title=TITLE)
            check = gettext("Before your video appointment, test your camera and microphone here: %(link)s", link=CHECK)
            html_intro = gettext(
                "Here is a step-by-step guide for you: %(title)s", title=f'<a href="{LINK}">{TITLE}</a>'
            )
            html_check = gettext(
                "Before your video appointment, test your camera and microphone here: %(link)s",
                link=f'<a href="{CHECK}">{CHECK}</a>',
            )
        html = f"<p>{html_intro}</p>"
        html_with_check = f"{html}\n<p>{html_check}</p>"
        blocks[code] = {
            "text": f"{intro}\n{LINK}",
            "text_check": f"{intro}\n{LINK}\n\n{check}",
            "html": html,
            "html_check": html_with_check,
            "highlighted": highlighted(html),
            "highlighted_check": highlighted(html_with_check),
        }
    return blocks


def card_texts(languages: tuple[str, ...] = tuple(LANGUAGES)) -> dict[str, dict[str, str]]:
    """Per site language: the printable card's HTML lang and its lines, the step line with placeholders."""
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
