"""Faithful to the stand: no screen shows a number its stand.yaml does not state, and a
quotation read in another language than it was said in is marked as a translation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import LoadResult, load_stand
from kiosk.paths import SAMPLE_STAND
from kiosk.visit.present import Presenter

FIXTURES = Path(__file__).parent / "fixtures"
SEPARATORS = ",.'\u00a0\u202f\u066b\u066c\u2009 "
NUMBER = re.compile(rf"\d+(?:[{SEPARATORS}]\d{{3}}(?!\d))*")


def numbers(text: str) -> set[int]:
    """The numbers written in `text`, in any script's digits, grouped or not (1,275 and
    1 275 and ١٬٢٧٥ are 1275)."""
    plain = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    return {int(re.sub(rf"[{SEPARATORS}]", "", found)) for found in NUMBER.findall(plain)}


def test_numbers_are_read_as_written() -> None:
    assert numbers("1,275 people, 63 children; ١٬٢٧٥ and 1\u00a0275; 2023-02-26") == {
        1275, 63, 2023, 2, 26}


def stands(tmp_path: Path) -> Iterator[LoadResult]:
    """Every test stand: the sample, the right-to-left fixture, those of tests/stands.py."""
    from tests.stands import FULL, MINIMAL, full_media, write_stand

    yield load_stand(SAMPLE_STAND)
    yield load_stand(FIXTURES / "rtl-stand")
    yield load_stand(FIXTURES / "city-stand")  # written as an outside exhibitor would
    yield load_stand(FIXTURES / "cjk-stand")
    yield load_stand(write_stand(tmp_path / "minimal", MINIMAL))
    yield load_stand(write_stand(tmp_path / "full", FULL, full_media()))


NOT_PRINTED = frozenset({"icon", "image", "panelId", "kind", "sourceIds", "region", "id"})
"""Row keys that name things (an icon, a file, an id) rather than print them."""


def strings(value: Any) -> Iterator[str]:
    """Every string a row prints (numbers as numbers are not printed: `value`, `fraction`)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PRINTED:
                yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def shown_by_presenter(result: LoadResult, language: str) -> Iterator[str]:
    from kiosk.ui.formats import LocaleFormats

    assert result.stand is not None
    view = Presenter(result.stand, result.folder, language, LocaleFormats(language))
    for index in range(len(result.stand.panels)):
        yield from strings(view.panel(index))
        rows = view.rows(index)
        yield from strings(rows)
        yield from strings(view.timeline(index))
        for code in view.map_highlights(index):
            yield from strings(view.country_entries(index, code))
        for row in rows:
            for source in row["sourceIds"]:
                yield from strings(view.source(source))


def test_no_row_shows_a_number_its_stand_does_not_state(tmp_path: Path) -> None:
    for result in stands(tmp_path):
        assert result.ok and result.stand is not None, [p.format() for p in result.problems]
        stated = numbers((result.folder / "stand.yaml").read_text(encoding="utf-8"))
        for language in result.stand.languages:
            for text in shown_by_presenter(result, language):
                invented = numbers(text) - stated
                assert not invented, (result.folder.name, language, text)


def test_the_sample_recognitions_show_10_and_never_29(sample_result: LoadResult) -> None:
    shown = set()
    for language in ("en", "az", "ru"):
        shown |= {text for text in shown_by_presenter(sample_result, language)}
    totals = [number for text in shown for number in numbers(text)]
    assert 10 in totals
    assert 29 not in totals  # 7 parliaments + the bodies of 22 U.S. states


# --- on the screen --------------------------------------------------------------------------


def screen_texts(window: Any) -> list[str]:
    """The text of every visible Text item (scrolled out of view or not)."""
    from tests.uidriver import items, visible

    return [str(item.property("text")) for item in items(window)
            if item.metaObject().indexOfProperty("textFormat") >= 0 and visible(item)
            and item.property("text")]


@pytest.mark.parametrize(("folder", "language"), [(SAMPLE_STAND, "ru"), (FIXTURES / "rtl-stand", "ar")])
def test_no_screen_shows_a_number_its_stand_does_not_state(
    qapp: object, folder: Path, language: str
) -> None:
    """Every panel as QML draws it: the texts QML builds itself too (a pager, a badge)."""
    from kiosk.ui.app import Kiosk, register_fonts
    from tests.uidriver import settle

    result = load_stand(folder)
    assert result.ok and result.stand is not None
    stated = numbers((folder / "stand.yaml").read_text(encoding="utf-8"))
    register_fonts()
    kiosk = Kiosk(result, idle_timeout=60, animations=False)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    try:
        controller = kiosk.controller
        controller.setLanguage(language)
        controller.activity()
        for index in range(len(result.stand.panels)):
            controller.goTo(index)
            settle(50)
            for text in screen_texts(kiosk.window):
                assert not numbers(text) - stated, (result.stand.panels[index].id, text)
    finally:
        kiosk.window.close()
        kiosk.engine.deleteLater()


def test_the_translation_mark_is_shown_where_the_words_are_translated(kiosk: Any) -> None:
    """In Russian the sample's quotation says "Перевод с английского" above its words, in
    view, clear of them, in larger text too; in English (the words as said) it says nothing."""
    from tests.uidriver import find_all, settle, shown

    controller, window = kiosk.controller, kiosk.window
    controller.activity()
    controller.goTo(3)

    def mark_and_quote() -> tuple[Any, Any] | None:
        settle(700)
        marks = [m for m in find_all(window, "translatedFrom") if shown(m)]
        quotes = [q for q in find_all(window, "quote") if shown(q)]
        return (marks[0], quotes[0]) if marks else None

    for language, large in (("ru", False), ("az", True)):
        controller.setLanguage(language)
        controller.setProperty("largeText", large)
        found = mark_and_quote()
        assert found is not None, (language, large)
        mark, quote = found
        expected = {"ru": "Перевод с английского", "az": "İngilis dilindən tərcümə"}[language]
        assert mark.property("text") == expected
        assert mark.width() > 0 and mark.height() > 0
        assert mark.property("contentWidth") <= mark.width() + 1  # not cut off
        from PySide6.QtCore import QPointF

        mark_bottom = mark.mapToScene(QPointF(0, mark.height())).y()
        quote_top = quote.mapToScene(QPointF(0, 0)).y()
        assert mark_bottom <= quote_top, (language, large, mark_bottom, quote_top)
    controller.setProperty("largeText", False)
    controller.setLanguage("en")
    assert mark_and_quote() is None
