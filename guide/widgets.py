"""The registry of widgets that content may embed with '/// widget | name', and what each reads from its page."""

from __future__ import annotations

# One name everywhere: templates/widgets/<name>.html, static/js/widgets/<name>.js,
# tests/widgets/test_<name>.py and data-module="<name>".
CONTENT_WIDGETS: frozenset[str] = frozenset(
    {
        "device-check",
        "demo-online-communication",
        "demo-video-consent",
        "demo-minijob-declaration",
        "demo-secure-message",
        "qr-generator",
        "link-builder",
        "site-search",
        "offline-guides",
        # Server-rendered only: the operator's facts from the site file, on the imprint, privacy and accessibility pages.
        "imprint",
        "privacy-facts",
        "accessibility-feedback",
        "accessibility-status",
        "accessibility-was",
        "privacy-authority",
        "sign-language",
    }
)

# What a widget's HTML reads from its page besides the language. A widget is rendered once per build for each
# distinct value, so that 250 guides with a device check render its 60 messages once, not 250 times.
# tests/test_widget_facts.py checks every template against this table.
PAGE_FACTS: dict[str, tuple[str, ...]] = {
    "contact": (),
    "device-check": ("layout",),
    "demo-online-communication": (),
    "demo-video-consent": ("steps",),
    "demo-minijob-declaration": (),
    "demo-secure-message": (),
    "qr-generator": (),
    "link-builder": (),
    "site-search": (),
    "offline-guides": (),
    "imprint": (),
    "privacy-facts": (),
    "accessibility-feedback": (),
    "accessibility-status": ("meta",),  # the page's 'updated' date when the site file gives no 'reviewed'
    "accessibility-was": (),
    "privacy-authority": (),
    "sign-language": (),
}
