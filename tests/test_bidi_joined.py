"""Texts shown on one line with a separator (a caption and its credit, an occasion and its
date) keep their own order in a right-to-left language: each part is isolated from the
others' direction (Theme.joined). Without it a Hebrew caption ending in a Latin name and a
Latin credit ran together into one left-to-right stretch: "Agia Eirini · Kavos Maritime
Museum התורן של", read as "the mast of Kavos Maritime Museum". Checked with Qt's own
bidirectional layout (QTextLayout), as a Text item lays the line out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from kiosk.content import load_stand
from tests.uidriver import running_kiosk

CAPTION = "התורן של Agia Eirini"
CREDIT = "Kavos Maritime Museum"


def joined(kiosk: Any, parts: list[str], separator: str) -> str:
    theme = kiosk.engine.singletonInstance("Kiosk", "Theme")
    return str(QMetaObject.invokeMethod(theme, "joined", Q_RETURN_ARG("QVariant"),
                                        Q_ARG("QVariant", parts), Q_ARG("QVariant", separator)))


def x_of(text: str, part: str) -> float:
    """Where the middle of the word `part` is drawn on a line of `text` laid out as a Text
    item lays it out (its direction from its text: the first letter with a direction,
    outside isolates), a cursor inside a word: at the edge of a run its place is ambiguous."""
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    return line.cursorToX(text.index(part) + len(part) // 2)[0]


def test_a_caption_and_its_credit_keep_their_order_right_to_left(qapp: object,
                                                                 sample_stand: Path) -> None:
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        text = joined(kiosk, [CAPTION, CREDIT], "  ·  ")
        assert joined(kiosk, ["", CREDIT, ""], " · ") == CREDIT  # the line's direction: its
    plain = f"{CAPTION}  ·  {CREDIT}"
    # as plain text, the Latin name of the caption and the credit form one stretch, the
    # credit drawn to the right of the caption's name; isolated, the credit comes after the
    # whole caption, to its left, as a right-to-left reader reads on
    assert x_of(plain, "Maritime") > x_of(plain, "Eirini")
    assert x_of(text, "Maritime") < x_of(text, "Eirini") < x_of(text, "התורן")


def test_next_to_arabic_script_digits_the_parts_are_parted_by_a_comma(qapp: object,
                                                                    sample_stand: Path) -> None:
    """Persian's zero is a dot (۰): "سخنرانی · ۲۱ مارس ۱۸۹۴" read as 210 March. Found by the
    outside exhibitor with a Persian stand."""
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        persian = joined(kiosk, ["سخنرانی در کراکوف", "۲۱ مارس ۱۸۹۴"], " · ")
        arabic = joined(kiosk, ["صورة", "١٩٢٠"], "  ·  ")
        latin = joined(kiosk, ["Speech in Kraków", "21 March 1894"], " · ")
        # a Latin caption whose credit has such digits: not an Arabic-script text
        plate = joined(kiosk, ["Plate \u0661\u0662", "1992"], " · ")
    assert persian == "سخنرانی در کراکوف\u060c \u2068۲۱ مارس ۱۸۹۴\u2069"
    assert "·" not in arabic and "\u060c" in arabic
    assert latin == "Speech in Kraków · \u206821 March 1894\u2069"
    assert "\u060c" not in plate and "·" in plate
