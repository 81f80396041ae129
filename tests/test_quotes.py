"""Quotations in the visitor's own marks and labels in the language's own capitals.

An outside exhibitor's Greek screen showed English marks (“…” where Greek writes «…») and
"ΠΑΡΆΘΕΣΗ" (Greek capitals drop the accent); a Hebrew or Arabic quotation had no closing mark
at all; and Qt's Font.AllUppercase turns Azerbaijani "i" into "I", not "İ"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontMetricsF

from kiosk.content import load_stand
from kiosk.ui.controller import quote_marks
from tests.stands import FULL, full_media, write_stand
from tests.uidriver import find, find_all, running_kiosk, settle

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("language", "marks"), [
    ("en", ["\u201C", "\u201D"]),  # “…”
    ("el", ["\u00AB", "\u00BB"]),  # «…»
    ("ru", ["\u00AB", "\u00BB"]),
    ("de", ["\u201E", "\u201C"]),  # „…“
    ("he", ["\u201D", "\u201D"]),  # ”…”
    ("ar", ["\u201D", "\u201C"]),  # ”…“, the closing one on the left
    ("en-GB", ["\u201C", "\u201D"]),
    ("tlh", ["\u201C", "\u201D"]),  # a language Qt does not know: English's
    ("no", ["\u00AB", "\u00BB"]),  # Norwegian, Bokmål to Qt (nb)
    ("EN", ["\u201C", "\u201D"]),  # not a tag as written: never another's
])
def test_each_language_has_its_own_quotation_marks(language: str, marks: list[str]) -> None:
    assert quote_marks(language) == marks


def _remark(result: Any, language: str) -> dict[str, Any]:
    """What the remarks panel shows of its first remark in `language`: its opening mark,
    its words, its kind, and the first baselines of the mark and the words on the screen."""
    with running_kiosk(result, animations=False) as kiosk:
        kinds = [panel.kind for panel in result.stand.panels]
        kiosk.controller.activity()
        kiosk.controller.setLanguage(language)
        kiosk.controller.goTo(kinds.index("remarks"))
        settle(300)
        remark = find(kiosk.window, "remark-0")

        def own(name: str) -> Any:
            (item,) = [item for item in find_all(kiosk.window, name) if remark.isAncestorOf(item)]
            return item

        mark, words, kind = own("decoration"), own("quote"), own("remarkKind")
        root = kiosk.window.contentItem()
        return {"mark": mark.property("opening"), "drawn": mark.property("text"),
                "mark_shown": mark.isVisible(),
                "font": mark.property("font"), "words": words.property("text"),
                "kind": kind.property("text"),
                "baselines": [item.mapToItem(root, 0, item.property("baselineOffset")).y()
                              for item in (mark, words)],
                "ink_top": mark.mapToItem(root, 0, mark.property("baselineOffset")).y()
                + QFontMetricsF(mark.property("font")).tightBoundingRect(
                    mark.property("opening")).y(),
                "capitals": -QFontMetricsF(words.property("font")).tightBoundingRect("H").y()}


def test_a_greek_quotation_has_greek_marks_and_capitals(qapp: object) -> None:
    shown = _remark(load_stand(FIXTURES / "shipwreck-stand"), "el")
    assert shown["mark"] == "\u00AB"
    assert shown["words"].endswith("\u00BB")
    assert shown["kind"] == "ΠΑΡΑΘΕΣΗ"  # not ΠΑΡΆΘΕΣΗ


def test_a_hebrew_quotation_is_closed(qapp: object) -> None:
    shown = _remark(load_stand(FIXTURES / "shipwreck-stand"), "he")
    assert shown["mark"] == "\u201D"
    assert shown["words"].endswith("\u201D")


def _glyphs(text: str, font: Any) -> list[int]:
    """The glyphs Qt draws for `text` in `font`, its direction from its text."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine().setLineWidth(10_000)
    layout.endLayout()
    return [glyph for run in layout.glyphRuns() for glyph in run.glyphIndexes()]


def test_a_persian_opening_mark_is_drawn_as_persian_draws_it(qapp: object, tmp_path: Path
                                                             ) -> None:
    """Persian opens with « (U+00AB): right to left it is drawn mirrored, pointing away from
    the words, as the closing one at the other end is. The big mark, alone in its Text, was
    drawn left to right: «…« (found by the outside exhibitor with a Persian stand)."""
    text = FULL.replace("[en, az]", "[en, fa]").replace(" az: ", " fa: ").replace(
        "sensitive: true", "sensitive: false")
    shown = _remark(load_stand(write_stand(tmp_path, text, full_media())), "fa")
    assert shown["mark"] == "\u00AB" and shown["words"].endswith("\u00BB")
    assert shown["drawn"] == "\u200F\u00AB"  # in a line that runs right to left
    # (the mark's last glyph: the right-to-left mark before it draws nothing)
    assert _glyphs(shown["drawn"], shown["font"])[-1] == _glyphs("\u00BB", shown["font"])[0]
    assert _glyphs("\u00AB", shown["font"]) != _glyphs("\u00BB", shown["font"])


def test_azerbaijani_capitals_keep_the_dot(qapp: object, sample_stand: Path) -> None:
    shown = _remark(load_stand(sample_stand), "az")
    assert shown["kind"] in ("SİTAT", "DOLAYI NİTQ")  # Sitat, Dolayı nitq: ı is I, i is İ


def test_a_low_opening_mark_hangs_from_the_first_line(qapp: object, tmp_path: Path) -> None:
    """German opens with „: set high like “, it looked like a closing ” (found by the outside
    exhibitor in Polish). Its ink hangs from the first line's baseline."""
    text = FULL.replace("[en, az]", "[en, de]").replace(" az: ", " de: ").replace(
        "sensitive: true", "sensitive: false")
    result = load_stand(write_stand(tmp_path, text, full_media()))
    shown = _remark(result, "de")
    assert shown["mark"] == "\u201E" and shown["words"].endswith("\u201C")
    _, words_baseline = shown["baselines"]
    assert abs(shown["ink_top"] - words_baseline) <= 1, (shown["ink_top"], words_baseline)


def test_a_high_opening_mark_starts_where_the_capitals_do(qapp: object, tmp_path: Path
                                                         ) -> None:
    """« and “ stand beside the first line, their ink from the top of its capitals: placed
    by a fixed offset, the mark hung below a Persian first line (taller than a Latin one)."""
    persian = FULL.replace("[en, az]", "[en, fa]").replace(" az: ", " fa: ").replace(
        "sensitive: true", "sensitive: false")
    for folder, language in ((FIXTURES / "shipwreck-stand", "el"),
                             (FIXTURES / "shipwreck-stand", "he"),
                             (write_stand(tmp_path, persian, full_media()), "fa")):
        shown = _remark(load_stand(folder), language)
        _, words_baseline = shown["baselines"]
        expected = words_baseline - shown["capitals"]
        assert abs(shown["ink_top"] - expected) <= 3, (language, shown["ink_top"], expected)


def _full_in(tmp_path: Path, language: str, words: str) -> Any:
    text = FULL.replace("[en, az]", f"[en, {language}]").replace(" az: ", f" {language}: ").replace(
        "sensitive: true", "sensitive: false").replace(
        f'{language}: "Sülh mümkündür."', f'{language}: "{words}"')
    return load_stand(write_stand(tmp_path, text, full_media()))


def test_japanese_corner_brackets_are_set_in_the_line(qapp: object, tmp_path: Path) -> None:
    """「 drawn large in the margin hung its long stroke over the first two lines (found by
    the attacker)."""
    shown = _remark(_full_in(tmp_path, "ja", "私たちは決して忘れません。"), "ja")
    assert shown["mark"] == "\u300C" and not shown["mark_shown"]
    assert shown["words"] == "\u300C私たちは決して忘れません。\u300D"


def test_a_right_to_left_quotation_starting_with_a_latin_word_runs_right_to_left(
        qapp: object, tmp_path: Path) -> None:
    """"UNESCO أعلنت ..." was laid out left to right (its first letter decides in Qt): the
    closing mark beside the opening one (found by the attacker)."""
    shown = _remark(_full_in(tmp_path, "ar", "UNESCO أعلنت اليوم عن موقع جديد."), "ar")
    assert shown["words"] == "\u200FUNESCO أعلنت اليوم عن موقع جديد.\u201C"
    english = _remark(_full_in(tmp_path / "en", "ar", "Peace is possible."), "ar")
    assert not english["words"].startswith("\u200F")  # (a text with no Arabic in it: as it is)
