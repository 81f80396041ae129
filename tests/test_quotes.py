"""Quotations in the visitor's own marks and labels in the language's own capitals.

An outside exhibitor's Greek screen showed English marks (“…” where Greek writes «…») and
"ΠΑΡΆΘΕΣΗ" (Greek capitals drop the accent); a Hebrew or Arabic quotation had no closing mark
at all; and Qt's Font.AllUppercase turns Azerbaijani "i" into "I", not "İ"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
        return {"mark": mark.property("text"), "words": words.property("text"),
                "kind": kind.property("text"),
                "baselines": [item.mapToItem(root, 0, item.property("baselineOffset")).y()
                              for item in (mark, words)]}


def test_a_greek_quotation_has_greek_marks_and_capitals(qapp: object) -> None:
    shown = _remark(load_stand(FIXTURES / "shipwreck-stand"), "el")
    assert shown["mark"] == "\u00AB"
    assert shown["words"].endswith("\u00BB")
    assert shown["kind"] == "ΠΑΡΑΘΕΣΗ"  # not ΠΑΡΆΘΕΣΗ


def test_a_hebrew_quotation_is_closed(qapp: object) -> None:
    shown = _remark(load_stand(FIXTURES / "shipwreck-stand"), "he")
    assert shown["mark"] == "\u201D"
    assert shown["words"].endswith("\u201D")


def test_azerbaijani_capitals_keep_the_dot(qapp: object, sample_stand: Path) -> None:
    shown = _remark(load_stand(sample_stand), "az")
    assert shown["kind"] in ("SİTAT", "DOLAYI NİTQ")  # Sitat, Dolayı nitq: ı is I, i is İ


def test_a_low_opening_mark_hangs_on_the_first_line(qapp: object, tmp_path: Path) -> None:
    """German opens with „: set high like “, it would float above the words upside down."""
    text = FULL.replace("[en, az]", "[en, de]").replace(" az: ", " de: ").replace(
        "sensitive: true", "sensitive: false")
    result = load_stand(write_stand(tmp_path, text, full_media()))
    shown = _remark(result, "de")
    assert shown["mark"] == "\u201E" and shown["words"].endswith("\u201C")
    mark_baseline, words_baseline = shown["baselines"]
    assert abs(mark_baseline - words_baseline) <= 1, shown["baselines"]


def test_a_high_opening_mark_is_not_set_on_the_first_baseline(qapp: object) -> None:
    """(The same measure as above, so that it can fail: « is placed by its box, its ink
    beside the first line, its baseline far below it.)"""
    mark_baseline, words_baseline = _remark(load_stand(FIXTURES / "shipwreck-stand"),
                                            "el")["baselines"]
    assert abs(mark_baseline - words_baseline) > 10
