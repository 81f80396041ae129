"""The stand's title in the top bar stays readable and inside the bar: an outside exhibitor's
Polish title was shrunk to 26 px and cut ("Drukarnia Orientalna w Kra…") on a portrait screen
with larger text, and their Persian title on two lines ran out of the portrait bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF

from kiosk.content import LoadResult, load_stand
from tests.stands import PRESS, write_press

PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def _items(item: Any) -> Iterator[Any]:
    yield item
    for child in item.childItems():
        yield from _items(child)


def _named(stage: Any, name: str) -> Any:
    return next(item for item in _items(stage.window.contentItem()) if item.objectName() == name)


def _rect(item: Any) -> QRectF:
    return QRectF(item.mapToScene(item.boundingRect().topLeft()),
                  item.mapToScene(item.boundingRect().bottomRight()))


def _stand(tmp_path: Path, text: str = PRESS) -> LoadResult:
    result = load_stand(write_press(tmp_path / "press", text))
    assert result.ok, [p.format() for p in result.problems]
    return result


class Bar:
    """A kiosk on a stage showing the first panel; `look(language, large)` reads its top bar."""

    def __init__(self, result: LoadResult, size: tuple[int, int]) -> None:
        from kiosk.ui.snapshot import Stage

        self.stage = Stage(result, size=size)
        self.theme: Any = self.stage.kiosk.engine.singletonInstance("Kiosk", "Theme")

    def look(self, language: str, large: bool) -> dict[str, Any]:
        controller = self.stage.controller
        controller.setLanguage(language)
        controller.activity()
        controller.setProperty("largeText", large)
        self.stage.go_to(0)
        self.stage.settle()
        bar, title = _named(self.stage, "topBar"), _named(self.stage, "barTitle")
        buttons = [item for item in _items(bar)
                   if item.objectName().startswith(("language-", "toggle-")) and item.isVisible()]
        return {"bar": _rect(bar), "title": _rect(title), "item": title,
                "buttons": [_rect(button) for button in buttons],
                "codes": [b.childItems()[0].property("text") for b in buttons
                          if b.objectName().startswith("language-")],
                "pager": _rect(_named(self.stage, "pager")), "ownRow": bar.property("ownRow"),
                "smallest": float(self.theme.property("label"))}

    def close(self) -> None:
        self.stage.close()


@pytest.fixture
def portrait(qapp: object, tmp_path: Path) -> Iterator[Bar]:
    bar = Bar(_stand(tmp_path), PORTRAIT)
    yield bar
    bar.close()


def _readable_inside(seen: dict[str, Any]) -> None:
    """The title whole, at least as large as the buttons' labels, inside the bar and clear of
    its buttons; the panels begin below the bar."""
    title, bar, item = seen["title"], seen["bar"], seen["item"]
    assert item.property("font").pixelSize() >= seen["smallest"], item.property("font")
    assert not item.property("truncated")
    assert item.property("lineCount") <= 2
    assert bar.contains(title), (title, bar)
    assert bar.top() >= 0
    assert not any(title.intersects(button) for button in seen["buttons"])
    assert seen["pager"].top() >= bar.bottom() - 0.5, (seen["pager"], bar)


def test_the_polish_title_with_larger_text_in_portrait_is_whole_and_large(
        portrait: Bar) -> None:
    """It was 26 px, smaller than the text it stood beside, and cut off: now it takes a row
    of its own above the buttons, at its full size, and the bar grows for it."""
    seen = portrait.look("pl", large=True)
    _readable_inside(seen)
    assert seen["ownRow"]
    assert seen["item"].property("font").pixelSize() >= 42  # Theme.label with larger text
    assert seen["item"].property("lineCount") == 1
    # the buttons in a row of their own, below the title
    assert all(button.top() >= seen["title"].bottom() for button in seen["buttons"])


@pytest.mark.parametrize("large", [False, True])
def test_the_persian_title_in_portrait_stays_inside_the_bar(portrait: Bar, large: bool) -> None:
    """Two lines of Persian are taller than two of Latin: beside the buttons only where they
    fit the bar, else on a row of their own; never over the panel or off the screen."""
    _readable_inside(portrait.look("fa", large))


def test_every_language_and_text_size_keeps_the_title_readable(qapp: object,
                                                               tmp_path: Path) -> None:
    for size in (PORTRAIT, LANDSCAPE):
        bar = Bar(_stand(tmp_path / str(size[0])), size)
        try:
            for language in ("pl", "fa", "en"):
                for large in (False, True):
                    seen = bar.look(language, large)
                    try:
                        _readable_inside(seen)
                    except AssertionError as error:
                        raise AssertionError((size, language, large)) from error
        finally:
            bar.close()


def test_in_landscape_the_languages_go_to_codes_before_the_title_leaves_the_row(
        qapp: object, tmp_path: Path) -> None:
    """A title that fits beside the language buttons' codes but not their names, at a readable
    size: the codes, the title on the bar's one row. A title that fits beside neither: its own
    row, and the names back."""
    text = PRESS.replace('"Drukarnia Orientalna w Krakowie"',
                         '"Drukarnia Orientalna w Krakowie nad Wisłą"')
    bar = Bar(_stand(tmp_path, text), LANDSCAPE)
    try:
        seen = bar.look("pl", large=True)
        _readable_inside(seen)
        assert not seen["ownRow"] and seen["codes"] == ["PL", "FA", "EN"]
        assert seen["item"].property("lineCount") == 1
    finally:
        bar.close()
    text = PRESS.replace('"Drukarnia Orientalna w Krakowie"', '"' + " ".join(
        ["Drukarnia Orientalna w Krakowie"] * 3) + '"')
    bar = Bar(_stand(tmp_path / "long", text), LANDSCAPE)
    try:
        seen = bar.look("pl", large=True)
        _readable_inside(seen)
        assert seen["ownRow"] and seen["codes"] == ["Polski", "فارسی", "English"]
    finally:
        bar.close()


def test_a_title_that_fits_beside_the_buttons_keeps_the_bar_one_row(portrait: Bar) -> None:
    """The bar grows only for a title that needs it: the English title on two lines beside
    the buttons, the bar as tall as it always was."""
    seen = portrait.look("en", large=False)
    _readable_inside(seen)
    assert not seen["ownRow"]
    assert seen["bar"].height() == pytest.approx(112)
