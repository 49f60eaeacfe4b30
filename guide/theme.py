"""Colours from the site file as CSS custom properties, and the WCAG contrast check of the pairs the pages use."""

from __future__ import annotations

# The engine's colours (the same values start static/css/site.css); a site file's [theme] overrides any of them.
DEFAULTS: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff",
        "fg": "#1b1b1b",
        "muted": "#4a4a4a",
        "line": "#6f6f6f",
        "soft": "#f3f2f1",
        "link": "#1d4ed8",
        "visited": "#6b21a8",
        "accent": "#0b5394",
        "focus": "#ffbf47",
        "tip": "#0b5394",
        "tip-bg": "#eef4fb",
        "warn": "#8a4b00",
        "warn-bg": "#fff4e0",
        "ok": "#1a7f37",
        "error": "#b3261e",
    },
    "dark": {
        "bg": "#121212",
        "fg": "#f0f0f0",
        "muted": "#c8c8c8",
        "line": "#9a9a9a",
        "soft": "#1f1f1f",
        "link": "#8ab4ff",
        "visited": "#d0a8ff",
        "accent": "#8ab4ff",
        "focus": "#ffbf47",
        "tip": "#8ab4ff",
        "tip-bg": "#16233a",
        "warn": "#ffc46b",
        "warn-bg": "#33240d",
        "ok": "#6fdd8b",
        "error": "#ffb4ab",
    },
}
# Text on background, as the stylesheets use them: each pair needs 4.5:1 (WCAG 2.x, 1.4.3 for normal text).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("fg", "bg"),
    ("fg", "soft"),
    ("fg", "tip-bg"),
    ("fg", "warn-bg"),
    ("muted", "bg"),
    ("muted", "soft"),
    ("link", "bg"),
    ("link", "soft"),
    ("link", "tip-bg"),
    ("link", "warn-bg"),
    ("visited", "bg"),
    ("visited", "soft"),
    ("accent", "bg"),  # step numbers, secondary buttons
    ("bg", "accent"),  # primary buttons
    ("bg", "tip"),  # the callout icon
    ("warn", "warn-bg"),
    ("ok", "bg"),  # the device check's verdicts
    ("error", "bg"),
)
MINIMUM = 4.5


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb (WCAG 2.x definition)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colours(theme: dict[str, dict[str, str]], scheme: str) -> dict[str, str]:
    """The engine's colours of one scheme with the site file's on top."""
    return DEFAULTS[scheme] | theme.get(scheme, {})


def contrast_problems(theme: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """Every text pair under 4.5:1 once the site's colours are applied, as (scheme, message)."""
    found = []
    for scheme in DEFAULTS:
        if scheme not in theme:
            continue
        values = colours(theme, scheme)
        for text, background in TEXT_PAIRS:
            ratio = contrast(values[text], values[background])
            if ratio < MINIMUM:
                found.append(
                    (
                        scheme,
                        f"{scheme}: text colour {text} = {values[text]} on {background} = {values[background]} "
                        f"has a contrast of {ratio:.2f}:1; WCAG asks at least {MINIMUM}:1",
                    )
                )
    return found


def theme_css(theme: dict[str, dict[str, str]]) -> str:
    """The site's colours as custom properties for site.css, the widget sheets and handout.css ('' if none)."""
    parts = []
    light, dark = theme.get("light", {}), theme.get("dark", {})
    if light:
        parts.append(":root {\n" + "".join(f"  --{k}: {v};\n" for k, v in light.items()) + "}\n")
    # A light colour must not reach the dark scheme: where the site gives no dark value, the engine's stays.
    dark = {k: DEFAULTS["dark"][k] for k in light} | dark
    if dark:
        body = "".join(f"    --{k}: {v};\n" for k, v in dark.items())
        parts.append("@media (prefers-color-scheme: dark) {\n  :root {\n" + body + "  }\n}\n")
    return "".join(parts)
