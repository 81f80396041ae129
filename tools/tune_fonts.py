"""Make the bundled Arabic fonts: Noto Sans Arabic (Regular, Bold) from Debian's fonts-noto-core,
with line metrics for a screen instead of the originals', which make room in every line for the
tallest stack of vowel marks above and below.

The originals say ascent 1.374 em and descent 0.738 em, 2.11 em a line (Noto Sans: 1.069 +
0.293 = 1.36 em). Qt sets a line as high as the highest font in it, so Persian and Arabic text
stood about 1.5 times as far apart as Latin (2.95 em a line at the kiosk's line height of 1.4).
Here the ascent is Noto Sans's (a Persian line's baseline sits where a Latin line's does) and
the descent holds the deepest letters (final ي 0.46 em; ع ج م 0.39), 1.54 em a line. What
reaches higher or lower (tanwin 1.11 em, a hamza over a damma 1.30 em, a kasra under ع) uses
the room the line height gives: two lines of a heading at line height 1.1 keep apart
(tests/test_fonts.py); only a stacked mark straight under the dots of a final ي would meet them.
hhea, OS/2 typo (with USE_TYPO_METRICS set: without it Qt reads the win values) and OS/2 win
say the same, so every renderer spaces lines alike. Outlines, hinting, layout tables and names
are kept; the version string (name ID 5) says the file was changed. Noto has no Reserved Font
Name (OFL.txt), so the family keeps its name.

Only the originals are accepted (SHA-256 below, as in resources/fonts/README.md), so running
it again gives the same files. Needs fontTools, which the kiosk itself does not:

    apt-get download fonts-noto-core           # 20201225-1 on Debian 12
    dpkg-deb -x fonts-noto-core_*.deb x        # (or from git: git show fdb29e7:resources/fonts/...)
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python tools/tune_fonts.py x/usr/share/fonts/truetype/noto resources/fonts
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

ORIGINALS = {
    "NotoSansArabic-Regular.ttf": "504d7407d86875acf7d04dfaa0fd7524d0b8797723bc4aa18022f29db25b0b6e",
    "NotoSansArabic-Bold.ttf": "ded6fc7359ca36d15d7aab9ef0c066e21ce48b26a069994d6602fa2cb9a1b952",
}
ASCENT = 1069  # font units (1000 an em): Noto Sans's
DESCENT = 470
USE_TYPO_METRICS = 1 << 7  # OS/2 fsSelection bit 7
MARK = "; kiosk line metrics"  # appended to the version string (name ID 5)


def tune(source: Path, target: Path, ascent: int = ASCENT, descent: int = DESCENT) -> None:
    from fontTools.ttLib import TTFont

    # read whole first, so that the target may be the source; no timestamp or bounding boxes
    # recomputed: only the metrics below change
    font = TTFont(io.BytesIO(source.read_bytes()), recalcBBoxes=False, recalcTimestamp=False)
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, -descent, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, -descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, descent
    os2.fsSelection |= USE_TYPO_METRICS
    for record in font["name"].names:
        if record.nameID == 5 and MARK not in str(record):
            record.string = str(record) + MARK
    font.save(str(target))


def main(source: Path, target: Path) -> int:
    for name, digest in ORIGINALS.items():
        found = hashlib.sha256((source / name).read_bytes()).hexdigest()
        if found != digest:
            print(f"{source / name}: not the original (SHA-256 {found}, expected {digest})",
                  file=sys.stderr)
            return 1
    for name in ORIGINALS:
        tune(source / name, target / name)
        print(hashlib.sha256((target / name).read_bytes()).hexdigest(), name)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
