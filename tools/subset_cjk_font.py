"""Make the bundled Simplified Chinese fonts: Noto Sans CJK SC (Regular, Bold) from Debian's
fonts-noto-cjk, cut down to the 6,763 hanzi of GB 2312 (the characters of nearly every
modern Simplified Chinese text), the CJK punctuation (U+3000-303F) and the full-width forms
(U+FF00-FFEF): about 3 MB a weight instead of 20 MB. Any character left out is an empty box,
which `kiosk validate` names (it reads these fonts' character maps).

Needs fontTools, which the kiosk itself does not (a tool for whoever regenerates the fonts):

    apt-get download fonts-noto-cjk            # 1:20220127+repack1-1 on Debian 12
    dpkg-deb -x fonts-noto-cjk_*.deb x
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python tools/subset_cjk_font.py x/usr/share/fonts/opentype/noto resources/fonts
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

SC = 2  # the collection's fonts: JP, KR, SC, TC, HK, then the Mono ones


def characters() -> list[int]:
    found = set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the table's gaps
                found.add(ord(bytes([high, low]).decode("gb2312")))
    return sorted(found)


def main(source: Path, target: Path) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    for weight in ("Regular", "Bold"):
        font = TTCollection(str(source / f"NotoSansCJK-{weight}.ttc")).fonts[SC]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.hinting = False
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=characters())
        subsetter.subset(font)
        font.save(str(target / f"NotoSansCJKsc-{weight}-subset.otf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
