"""The attract screen's words read well over any picture: the shade behind them is the theme's
background (the light variant set its dark words on a dark shade, over a dark picture: an
outside exhibitor's headline was close to unreadable, all day)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.content import load_stand
from kiosk.content.colours import contrast
from tests.stands import png, write_stand

STAND = """\
format: 1
id: shade
languages: [pl, en]
title:
  pl: "Drukarnia Orientalna w Krakowie"
  en: "The Oriental Press of Kraków"
attract:
  headline:
    pl: "Jak krakowscy zecerzy nauczyli się składać od prawej do lewej"
    en: "How Kraków's compositors learned to set type from right to left"
  image: media/attract.png
{look}panels:
  - id: story
    kind: background
    title: {{pl: Historia, en: History}}
    sections:
      - heading: {{pl: Jeden, en: One}}
        body: {{pl: Tekst., en: Text.}}
"""

WORDS = ("attractTitle", "attractHeadline")
AA_TEXT = 4.5  # WCAG AA for text, as tests/test_look.py asks of the stand's colours


def _named(root: Any, name: str) -> Any:
    stack = [root]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    raise AssertionError(f"no item named {name!r}")


def _least_contrast(text: str, under: QImage, item: Any) -> float:
    """The lowest contrast of `text` against the pixels behind `item` (a grid over its box)."""
    corner = item.mapToScene(item.boundingRect().topLeft())
    worst = 21.0
    for i in range(24):
        for j in range(8):
            x = int(corner.x() + item.width() * (i + 0.5) / 24)
            y = int(corner.y() + item.height() * (j + 0.5) / 8)
            worst = min(worst, contrast(text, under.pixelColor(x, y).name()))
    return worst


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("overlay", ["", "look: {attract_overlay: none}\n"],
                         ids=["own-look", "no-overlay"])
@pytest.mark.parametrize(("light", "picture"), [(True, (0, 0, 0)), (False, (255, 255, 255))],
                         ids=["light-over-black", "dark-over-white"])
def test_the_attract_words_read_over_the_hardest_picture(
        qapp: object, tmp_path: Path, light: bool, picture: tuple[int, int, int],
        overlay: str, size: tuple[int, int]) -> None:
    """Each word's colour against what lies behind it, measured in the pixels with the words
    taken away: at least 4.5:1 in every language, over a black picture in the light variant
    and a white one in the dark, with the kiosk's own look and with the picture shown whole."""
    from kiosk.ui.snapshot import Stage

    folder = write_stand(tmp_path / "shade", STAND.format(look=overlay),
                         {"media/attract.png": png(64, 36, picture)})
    result = load_stand(folder)
    assert result.ok, [p.format() for p in result.problems]
    stage = Stage(result, light=light, size=size)
    try:
        for language in ("pl", "en"):
            stage.controller.resetToAttract()
            stage.controller.setLanguage(language)
            stage.settle()
            root = stage.window.contentItem()
            words = [_named(root, name) for name in WORDS]
            colours = [QColor(item.property("color")).name() for item in words]
            for item in words:
                item.setProperty("opacity", 0.0)  # (kept in place in its column)
            stage.settle()
            under = stage.window.grabWindow()
            for item in words:
                item.setProperty("opacity", 1.0)
            for name, item, colour in zip(WORDS, words, colours, strict=True):
                least = _least_contrast(colour, under, item)
                assert least >= AA_TEXT, (name, language, colour, round(least, 2))
    finally:
        stage.close()
