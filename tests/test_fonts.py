"""The screen looks the same on a machine with no fonts installed: every glyph comes from the
fonts bundled in resources/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
