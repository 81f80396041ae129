"""The screen looks the same on a machine with no fonts installed: every glyph comes from the
fonts bundled in resources/, whose lines of every script are spaced alike."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent


def snapshot(stand: Path, out: Path, language: str, env: dict[str, str]) -> list[Path]:
    subprocess.run(
        [sys.executable, "-m", "kiosk", "snapshot", str(stand), "--lang", language,
         "--out", str(out)],
        env=env, check=True, capture_output=True, timeout=180,
    )
    return sorted(out.iterdir())


def test_hiding_every_system_font_changes_no_pixel(tmp_path: Path) -> None:
    no_fonts = tmp_path / "fonts.conf"
    no_fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    hidden = {**os.environ, "FONTCONFIG_FILE": str(no_fonts)}
    for stand, language in ((ROOT / "content/khojaly-31", "az"),
                            (ROOT / "tests/fixtures/rtl-stand", "ar")):
        normal = snapshot(stand, tmp_path / f"normal-{language}", language, dict(os.environ))
        bare = snapshot(stand, tmp_path / f"bare-{language}", language, hidden)
        assert [p.name for p in normal] == [p.name for p in bare]
        for one, two in zip(normal, bare, strict=True):
            assert QImage(str(one)) == QImage(str(two)), f"{one.name} changes without system fonts"


def test_chinese_is_drawn_with_a_bundled_font() -> None:
    """A zh stand showed every character as an empty box: no CJK font was bundled, and a
    venue's offline machine has none of its own."""
    from kiosk.content.glyphs import bundled
    from kiosk.content.strings import STRINGS

    covered = bundled()
    stand = (ROOT / "tests/fixtures/cjk-stand/stand.yaml").read_text(encoding="utf-8")
    chinese = {c for c in stand if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
    assert len(chinese) > 100
    assert chinese <= covered, sorted(chinese - covered)[:10]
    labels = "".join(STRINGS["zh"].values())  # the kiosk's own words in Chinese
    assert {c for c in labels if c > "\u2fff"} <= covered
    assert "\u9f98" not in covered  # a rare character outside GB 2312 is named by validate


def test_qt_font_notes_do_not_flood_staff_output(qapp: object) -> None:
    """Qt notes, once per text, a fallback font without OpenType tables for a script
    (hundreds of `qt.text.font.db: OpenType support missing` lines for a Hindi stand, in
    `kiosk validate` and `kiosk snapshot`): off; its warnings stay on."""
    from PySide6.QtCore import QLoggingCategory

    category = QLoggingCategory("qt.text.font.db")
    assert not category.isInfoEnabled()
    assert category.isWarningEnabled()


def test_arabic_script_lines_are_spaced_as_latin_ones(qapp: object) -> None:
    """Noto Sans Arabic as Debian ships it makes a line 2.11 em high (Noto Sans: 1.36 em), so
    Persian and Arabic text stood about 1.5 times as far apart as Latin (found by the outside
    exhibitor with a Persian stand); the bundled files are re-made with a line of about Noto
    Sans's (tools/tune_fonts.py), the baseline where Noto Sans has it."""
    from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout

    def font(family: str, bold: bool = False) -> QFont:
        made = QFont(family)
        made.setPixelSize(100)
        made.setBold(bold)
        return made

    def line_height(text: str, bold: bool) -> float:  # in the app's font, as a Text sets it
        layout = QTextLayout(text, font("Noto Sans", bold))
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(10_000)
        layout.endLayout()
        return line.height()

    latin = QFontMetricsF(font("Noto Sans"))
    for bold in (False, True):
        arabic = QFontMetricsF(font("Noto Sans Arabic", bold))
        assert arabic.ascent() == latin.ascent()
        assert latin.height() < arabic.height() < 1.15 * latin.height()
        assert arabic.leading() == 0
        persian = line_height("از کارگاهی در کازیمیرژ تا موزه", bold)
        assert persian < 1.15 * line_height("From a workshop to a museum", bold)


def test_two_lines_of_a_persian_heading_keep_apart(qapp: object) -> None:
    """Closer lines must still keep apart: in a title on two lines at the tightest line height
    a heading has (1.1, the attract screen's), the tall letters and marks of the second line
    (madda, hamza, tanwin, ﷲ) stay clear of the deep letters of the first (ع ج م)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QColor
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    from tests.uidriver import settle

    first, second = "جمع عمیق مردم", "آثار لإ أؤ ﷲ لطفاً تقریباً"
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(f"""
import QtQuick
import QtQuick.Window
Window {{
    width: 1400; height: 600; visible: true; color: "black"
    Column {{
        Text {{
            objectName: "persian"
            font.family: "Noto Sans"; font.pixelSize: 100; font.bold: true; lineHeight: 1.1
            textFormat: Text.StyledText
            text: "<font color='#ff0000'>{first}</font><br><font color='#00ff00'>{second}</font>"
        }}
        Text {{
            objectName: "english"
            font.family: "Noto Sans"; font.pixelSize: 100; font.bold: true; lineHeight: 1.1
            text: "Founding of\\nthe press"
        }}
    }}
}}""".encode(), QUrl("probe.qml"))
    window = component.create()
    assert window is not None, component.errorString()
    try:
        settle(50)
        persian, english = (window.findChild(QObject, name) for name in ("persian", "english"))
        assert persian.property("lineCount") == english.property("lineCount") == 2
        # the lines about as far apart as Latin ones (they were 1.55 times as far)
        assert persian.property("height") < 1.15 * english.property("height")
        grab = window.grabWindow()

        def ink_rows(inked: Callable[[QColor], bool]) -> list[int]:
            return [y for y in range(int(persian.property("height")))
                    if any(inked(QColor(grab.pixel(x, y))) for x in range(grab.width()))]

        first_ink = ink_rows(lambda c: c.red() > 40 and c.red() > c.green())
        second_ink = ink_rows(lambda c: c.green() > 40 and c.green() > c.red())
        assert first_ink and second_ink
        assert max(first_ink) < min(second_ink), "the two lines' ink meets"
    finally:
        window.close()
        window.deleteLater()


def test_the_fonts_are_the_files_their_readme_names() -> None:
    """resources/fonts/README.md is where the fonts' provenance is kept (a Debian package, or
    a tool that re-made them): every file there has the SHA-256 the README gives."""
    folder = ROOT / "resources/fonts"
    named = {name: digest for digest, name in re.findall(
        r"^([0-9a-f]{64})  (\S+\.[ot]tf)$", (folder / "README.md").read_text(encoding="utf-8"),
        re.MULTILINE)}
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
             for path in folder.glob("*.[ot]tf")}
    assert named == found
