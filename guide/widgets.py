"""The registry of widgets that content may embed with '/// widget | name'."""

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
    }
)
