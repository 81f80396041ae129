"""Which characters the bundled fonts can draw, read from the fonts themselves (no Qt).

The screen draws every text with the fonts in resources/fonts and never with the system's
(`kiosk.ui.app.register_fonts`): a character none of them has is an empty box to a visitor.
This module reads each font's character map (the `cmap` table of a TrueType/OpenType file,
formats 4 and 12, the two every current font carries) so that validation, which runs without
Qt, can warn of such characters. It reads only the table headers and the map (about 20 ms for
the bundled fonts, once per process); a font it cannot read adds nothing.
"""

from __future__ import annotations

import functools
import logging
import struct
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("kiosk.content.glyphs")

FONT_SUFFIXES = (".ttf", ".otf")
_UNICODE_FULL = ((3, 10), (0, 4), (0, 6))  # subtables that map all of Unicode (format 12)
_UNICODE_BMP = ((3, 1), (0, 3), (0, 2), (0, 1), (0, 0))  # the Basic Multilingual Plane (format 4)


class FontError(ValueError):
    """A font file whose character map cannot be read."""


def font_characters(data: bytes) -> frozenset[int]:
    """The code points the font in `data` maps to a glyph. Raises FontError."""
    try:
        return frozenset(_characters(data))
    except struct.error:
        raise FontError("the font file is cut short") from None


def _characters(data: bytes) -> Iterable[int]:
    cmap = _table(data, b"cmap")
    _version, count = struct.unpack_from(">HH", data, cmap)
    subtables: dict[tuple[int, int], int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        subtables.setdefault((platform, encoding), cmap + offset)
    for key in _UNICODE_FULL + _UNICODE_BMP:
        if key in subtables:
            start = subtables[key]
            kind = struct.unpack_from(">H", data, start)[0]
            if kind == 12:
                return _format_12(data, start)
            if kind == 4:
                return _format_4(data, start)
    raise FontError("the font has no Unicode character map of format 4 or 12")


def _table(data: bytes, tag: bytes) -> int:
    count = struct.unpack_from(">H", data, 4)[0]
    for index in range(count):
        name, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if name == tag:
            return int(offset)
    raise FontError(f"the font has no '{tag.decode()}' table")


def _format_4(data: bytes, start: int) -> set[int]:
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends_at = start + 14
    starts_at = ends_at + 2 * segments + 2  # after the reserved pad
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments
    ends = struct.unpack_from(f">{segments}H", data, ends_at)
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, deltas_at)
    offsets = struct.unpack_from(f">{segments}H", data, ranges_at)
    found: set[int] = set()
    for index, (first, last, delta, offset) in enumerate(zip(starts, ends, deltas, offsets,
                                                            strict=True)):
        if first > last:
            continue
        if offset == 0:  # glyph = code + delta (mod 65536); glyph 0 is .notdef, no glyph
            found.update(code for code in range(first, last + 1) if (code + delta) & 0xFFFF)
            continue
        at = ranges_at + 2 * index + offset  # the glyph ids of this segment, in the array
        glyphs = struct.unpack_from(f">{last - first + 1}H", data, at)
        found.update(code for code, glyph in zip(range(first, last + 1), glyphs, strict=True)
                     if glyph and (glyph + delta) & 0xFFFF)
    found.discard(0xFFFF)  # the segment every format 4 map must end with
    return found


def _format_12(data: bytes, start: int) -> set[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    found: set[int] = set()
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * index)
        if last >= 0x110000 or last - first > 0x110000:
            raise FontError("the character map names characters beyond Unicode")
        found.update(range(first + (glyph == 0), last + 1))
    return found


def covered(folder: Path) -> frozenset[str]:
    """Every character some font in `folder` can draw (empty when there is no font)."""
    return _covered(folder.resolve())


@functools.lru_cache(maxsize=4)
def _covered(folder: Path) -> frozenset[str]:
    codes: set[int] = set()
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in FONT_SUFFIXES)
    for file in files:
        try:
            codes |= font_characters(file.read_bytes())
        except (OSError, FontError) as exc:
            log.warning("cannot read the characters of the font %s: %s", file.name, exc)
    return frozenset(chr(code) for code in codes if not 0xD800 <= code <= 0xDFFF)


def bundled() -> frozenset[str]:
    """Every character the kiosk's bundled fonts can draw."""
    from kiosk.paths import FONTS_DIR

    return covered(FONTS_DIR)
