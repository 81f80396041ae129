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
