"""Markdown set-up and the directives: steps, tips, warnings, widgets and page: links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markupsafe import Markup
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from .compounds import words_lower
from .languages import step_anchor

STEP_HEADING = re.compile(
    r'<h2 class="step-title" id="([^"]+)"><span class="step-number">[^<]*</span> (.*?)</h2>', re.S
)

Resolver = Callable[[str], str | None]  # page id -> URL path in the page's language; '' for a page left out

# Authors write Markdown, not HTML (AUTHORING.md): raw HTML could redirect readers (<meta http-equiv="refresh">),
# fake a widget slot, or make the PDF handout load local files. Links go to the web, e-mail, phones or pages.
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:", "page:")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SLOT_ATTRIBUTES = ("data-widget", "data-id")


@dataclass
class Rendered:
    """The result of rendering one page body."""

    html: str
    steps: list[tuple[int, str, str]] = field(default_factory=list)
    widgets: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)  # ids, in order of appearance
    links: list[str] = field(default_factory=list)  # internal targets, resolved
    unknown_pages: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)  # links to pages the site leaves out, kept as plain text
    relative: list[str] = field(default_factory=list)  # relative links such as ../other/, as written
    refused: list[tuple[str, str]] = field(default_factory=list)  # (text to find the line by, message)
    slots: list[etree.Element] = field(default_factory=list)  # made by the directives: the only real slots
    words: frozenset[str] = frozenset()  # every word of the text, lower case: the search's vocabulary (compounds)


class StepBlock(Block):
    """/// step | Title: one numbered step; numbering happens in StepList."""

    NAME = "step"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """Create the list item with its heading; the number comes later."""
        item = etree.SubElement(parent, "li", {"class": "step"})
        heading = etree.SubElement(item, "h2", {"class": "step-title"})
        heading.text = self.argument
        return etree.SubElement(item, "div", {"class": "step-body"})


class CalloutBlock(Block):
    """/// tip | Title and /// warning | Title: distinct callouts."""

    ARGUMENT = True
    ICON = ""

    def on_create(self, parent: etree.Element) -> etree.Element:
        """Create the callout with an icon and title, so colour is never the only signal."""
        box = etree.SubElement(parent, "div", {"class": f"callout callout-{self.NAME}", "role": "note"})
        title = etree.SubElement(box, "p", {"class": "callout-title"})
        icon = etree.SubElement(title, "span", {"class": "callout-icon", "aria-hidden": "true"})
        icon.text = self.ICON
        icon.tail = self.argument
        return box


class TipBlock(CalloutBlock):
    """A tip: good to know."""

    NAME = "tip"
    ICON = "i"


class WarningBlock(CalloutBlock):
    """A warning: important."""

    NAME = "warning"
    ICON = "!"


class WidgetBlock(Block):
    """/// widget | name: a slot that the view fills with the rendered widget."""

    NAME = "widget"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """Create the slot element."""
        slot = etree.SubElement(parent, "div", {"class": "widget-slot", "data-widget": self.argument})
        self.md.rendered.slots.append(slot)  # type: ignore[attr-defined]
        return slot


class ContactBlock(Block):
    """/// contact | id: a support contact block, filled by the view in the page's language."""

    NAME = "contact"
    ARGUMENT = True

    def on_create(self, parent: etree.Element) -> etree.Element:
        """Create the slot element."""
        attributes = {"class": "widget-slot", "data-widget": "contact", "data-id": self.argument}
        slot = etree.SubElement(parent, "div", attributes)
        self.md.rendered.slots.append(slot)  # type: ignore[attr-defined]
        return slot


class GuideBlocks(BlocksExtension):
    """The portal's directives as pymdown-extensions blocks."""

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr) -> None:  # noqa: N802 (pymdownx API)
        """Register step, tip, warning, widget and contact."""
        for block in (StepBlock, TipBlock, WarningBlock, WidgetBlock, ContactBlock):
            block_mgr.register(block, {})


class GuideTree(Treeprocessor):
    """Number the steps into one ordered list, resolve page: links, collect widgets."""

    def __init__(
        self, md: markdown.Markdown, lang: str, resolve: Resolver, step_label: Callable[[int], str], base_path: str
    ):
        super().__init__(md)
        self.lang, self.resolve, self.step_label, self.base_path = lang, resolve, step_label, base_path

    def run(self, root: etree.Element) -> None:
        """Walk the tree once the blocks are built."""
        result: Rendered = self.md.rendered  # type: ignore[attr-defined]
        self._refuse(root, result)
        self._group_steps(root, result)
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("page:"):
                page_id, _, anchor = href[5:].partition("#")
                url = self.resolve(page_id)
                if url is None:
                    result.unknown_pages.append(href)
                    continue
                if url == "":  # the site leaves the page out: the words stay, the link goes
                    link.tag = "span"
                    link.attrib.pop("href")
                    result.unlinked.append(href)
                    continue
                link.set("href", url + (f"#{anchor}" if anchor else ""))
                result.links.append(link.get("href", "").removeprefix(self.base_path))
            elif href.startswith("/") and not href.startswith("//"):
                result.links.append(href)  # checked as a site path; written under the site's base path
                link.set("href", self.base_path + href)
            elif href.startswith("#"):
                result.links.append(href)
            elif href and not SCHEME.match(href) and not href.startswith("//"):
                result.relative.append(href)  # checked against the page's own address: ../nope/ is broken
        for slot in root.iter("div"):
            if slot.get("class") != "widget-slot":
                continue
            if slot.get("data-widget") == "contact":
                result.contacts.append(slot.get("data-id", ""))
            else:
                result.widgets.append(slot.get("data-widget", ""))

    def _refuse(self, root: etree.Element, result: Rendered) -> None:
        """Record what an author may not write: event or style attributes, slots, other link schemes, images."""
        for element in root.iter():
            made_by_directive = any(element is slot for slot in result.slots)
            for name, value in element.attrib.items():
                if name.lower().startswith("on") or name.lower() == "style":
                    result.refused.append((name, f"the attribute '{name}' is not allowed: write Markdown, not HTML"))
                if not made_by_directive and (name in SLOT_ATTRIBUTES or "widget-slot" in value.split()):
                    result.refused.append(
                        (name, "widget and contact slots come only from '/// widget' and '/// contact'")
                    )
            for name in ("href", "src"):
                value = element.get(name)
                if value is None:
                    continue
                scheme = SCHEME.match(value.strip())
                if element.tag == "img" and (scheme or value.startswith("//")):
                    result.refused.append((value, f"an image must be one of the site's own files, not '{value[:80]}'"))
                elif scheme and not value.strip().lower().startswith(LINK_SCHEMES):
                    allowed = ", ".join(LINK_SCHEMES)
                    result.refused.append((value, f"a link to '{value[:80]}' is not allowed (allowed: {allowed})"))

    def _group_steps(self, root: etree.Element, result: Rendered) -> None:
        """Wrap consecutive step items in <ol class="steps"> and number them."""
        children = list(root)
        run: list[etree.Element] = []
        for child in [*children, None]:
            if child is not None and child.tag == "li" and child.get("class") == "step":
                run.append(child)
                continue
            if run:
                position = list(root).index(run[0])
                steps = etree.Element("ol", {"class": "steps"})
                for item in run:
                    root.remove(item)
                    steps.append(item)
                root.insert(position, steps)
                run = []
        for item in root.iter("li"):
            if item.get("class") != "step":
                continue
            number = len(result.steps) + 1
            anchor = step_anchor(self.lang, number)
            heading = item.find("h2")
            assert heading is not None
            title = "".join(heading.itertext())
            heading.set("id", anchor)
            label = etree.Element("span", {"class": "step-number"})
            label.text = self.step_label(number)
            label.tail = " " + (heading.text or "")
            heading.text = None
            heading.insert(0, label)
            result.steps.append((number, anchor, title))


# What each of Python-Markdown's inline patterns needs in the text to match at all (its regular expression starts
# with it): a text without any of them cannot match. Patterns of other extensions are always tried.
TRIGGERS: dict[str, tuple[str, ...]] = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.REFERENCE_RE: ("[",),
    inlinepatterns.LINK_RE: ("[",),
    inlinepatterns.IMAGE_LINK_RE: ("![",),
    inlinepatterns.IMAGE_REFERENCE_RE: ("![",),
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    r"\*|_": ("*", "_"),  # em_strong's delimiters
}


class QuickInline(InlineProcessor):
    """Python-Markdown's inline processor, but a pattern is not tried on a text that lacks what it starts with.

    The inline patterns were the largest part of rendering a page: each of fourteen is tried on every text, and
    most texts hold no backtick, bracket, angle bracket, ampersand, asterisk or underscore. The result is the
    same; tests/test_content.py renders every page both ways.
    """

    def _InlineProcessor__handleInline(self, data: str, index: int = 0) -> str:  # noqa: N802
        """InlineProcessor.__handleInline, with the check before each pattern."""
        if isinstance(data, util.AtomicString):
            return data
        start, count = 0, len(self.inlinePatterns)
        while index < count:
            pattern = self.inlinePatterns[index]
            needs = TRIGGERS.get(getattr(pattern, "pattern", None))
            if needs is not None and all(data.find(text, start) == -1 for text in needs):
                index, start = index + 1, 0  # what a pattern that does not match gives
                continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, index, start)
            if not matched:
                index += 1
        return data


class GuideExtension(Extension):
    """Registers the tree processor that knows the page's language."""

    def __init__(self, lang: str, resolve: Resolver, step_label: Callable[[int], str], base_path: str = ""):
        super().__init__()
        self.lang, self.resolve, self.step_label, self.base_path = lang, resolve, step_label, base_path

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        """Run after the blocks and inline patterns are in the tree."""
        tree = GuideTree(md, self.lang, self.resolve, self.step_label, self.base_path)
        md.treeprocessors.register(tree, "guide", 0)
        md.treeprocessors.register(QuickInline(md), "inline", 20)  # in place of Python-Markdown's own


def render(text: str, lang: str, resolve: Resolver, step_label: Callable[[int], str], base_path: str = "") -> Rendered:
    """Render a page body to HTML in language `lang`."""
    extensions: list[Extension | str] = [
        "attr_list",
        "tables",
        "sane_lists",
        "toc",
        GuideBlocks(),
        GuideExtension(lang, resolve, step_label, base_path),
    ]
    if lang == "en":
        extensions.append("smarty")
    if lang == "de-leicht":
        extensions.append("nl2br")  # Leichte Sprache: one sentence a line, as written
    md = markdown.Markdown(extensions=extensions, extension_configs={"toc": {"toc_depth": "2-3"}})
    md.rendered = Rendered(html="")  # type: ignore[attr-defined]
    html = md.convert(text)
    result: Rendered = md.rendered  # type: ignore[attr-defined]
    result.html = html
    for raw in md.htmlStash.rawHtmlBlocks:  # raw HTML, blocks and inline (step titles too); entities start with '&'
        raw = str(raw)
        if raw.lstrip().startswith("<"):
            first = raw.strip().splitlines()[0]
            result.refused.append((first, f"raw HTML is not allowed, write Markdown: {first[:80]}"))
    result.slots = []  # found by now; elements need not cross to the process that asked
    # Titles are read from the final HTML: inline placeholders (smarty's quotes) are resolved only there.
    titles = dict(STEP_HEADING.findall(html))
    result.steps = [(n, anchor, Markup(titles[anchor]).striptags()) for n, anchor, _ in result.steps]
    result.words = words_lower(Markup(html).striptags())  # here, on every core
    return result
