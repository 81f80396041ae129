"""Colours of a stand's own look: WCAG contrast, and the accent's shades (no Qt).

The stand gives one accent colour (`look: {accent: "#1d4e89"}`). The kiosk uses it as the fill
of its buttons and of the attract prompt, with white text on it, so that pair must reach
WCAG AA for text (4.5:1). The other shades the screen needs are worked out here so they
always read well: marks and borders (3:1 against the background, as WCAG asks of parts of
a control) and text in the accent colour (4.5:1 against every background it is drawn on),
for the dark and the light variant. Theme.qml's own colours stay the default.
"""

from __future__ import annotations

import re
from typing import Final

HEX_RE: Final = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_TEXT: Final = 4.5
AA_GRAPHIC: Final = 3.0
TEXT_ON_ACCENT: Final = "#ffffff"
"""Theme.textOnAccent outside high contrast: the text on the accent's fill."""
DARK_BACKGROUNDS: Final = ("#151416", "#1f1d20", "#2a272b")
"""Theme.bg, surface and surfaceRaised of the dark variant."""
LIGHT_BACKGROUNDS: Final = ("#f6f3ee", "#ffffff", "#ebe6df")
DARK_TEXT: Final = "#f2ede4"
"""Theme.text of the dark variant: the attract screen's words, over the overlay."""

RGB = tuple[float, float, float]


def parse(colour: str) -> RGB:
    """`#rgb` or `#rrggbb` as three channels from 0 to 1."""
    if not HEX_RE.match(colour):
        raise ValueError(f"not a colour: {colour!r}")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def normalise(colour: str) -> str:
    """`#ABC` -> `#aabbcc`."""
    return to_hex(parse(colour))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _mix(colour: str, towards: str, amount: float) -> str:
    a, b = parse(colour), parse(towards)
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def reaching(colour: str, against: tuple[str, ...], ratio: float, towards: str) -> str:
    """The shade of `colour` nearest to it, mixed towards `towards` (white or black), that
    has at least `ratio` contrast with every colour in `against`."""
    for step in range(101):
        shade = _mix(colour, towards, step / 100)
        if all(contrast(shade, background) >= ratio for background in against):
            return shade
    return towards


def darker_for_white_text(colour: str) -> str:
    """The nearest darker shade of `colour` that white text on it reads at AA."""
    return reaching(colour, (TEXT_ON_ACCENT,), AA_TEXT, "#000000")


def accent_shades(accent: str) -> dict[str, str]:
    """Every shade of the stand's accent Theme.qml uses, by Theme's property names."""
    accent = normalise(accent)
    return {
        "accent": accent,
        "accentBright": reaching(accent, DARK_BACKGROUNDS, AA_GRAPHIC, "#ffffff"),
        "accentText": reaching(accent, DARK_BACKGROUNDS, AA_TEXT, "#ffffff"),
        "accentBrightLight": reaching(accent, LIGHT_BACKGROUNDS, AA_GRAPHIC, "#000000"),
        "accentTextLight": reaching(accent, LIGHT_BACKGROUNDS, AA_TEXT, "#000000"),
    }


MAP_LAND: Final = "#3a353b"
"""The world map's land (kiosk/ui/worldmap.py LAND): a group's colour must stand out from it."""


def group_shades(accent: str) -> tuple[str, str]:
    """The map colours of a stand's first two recognition groups, from its accent (the
    kiosk's own are a crimson and a pale pink): the accent lifted until it stands out from
    the map's land and the dark backgrounds (3:1, as a mark), and a pale tint of it."""
    strong = reaching(normalise(accent), (MAP_LAND, *DARK_BACKGROUNDS), AA_GRAPHIC, "#ffffff")
    return strong, _mix(strong, "#ffffff", 0.55)
