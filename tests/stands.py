"""Stands for tests: write stand.yaml text and media into a folder, and build image bytes.

Image files are made here, byte by byte (struct + zlib), so a test says exactly what a
file holds: a real PNG, a PNG header that declares a huge picture, a JPEG frame header.
"""

from __future__ import annotations

import shutil
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.content import LoadResult, Problem, Severity
from kiosk.paths import SAMPLE_STAND

MINIMAL = """\
format: 1
id: mini
languages: [en]
title: Mini
panels:
  - id: story
    kind: background
    title: Story
    sections:
      - heading: One
        body: Some text.
"""
"""The smallest valid stand: no media, no sources, one language, bare-string texts."""

FULL = """\
format: 1
id: full-stand
languages: [en, az]
title: {en: "Full stand", az: "Tam stend"}
subtitle: {en: "Every kind of panel", az: "Hər növ panel"}
attract:
  headline: {en: "Welcome", az: "Xoş gəlmisiniz"}
  prompt: {en: "Touch to begin", az: "Başlamaq üçün toxunun"}
  image: media/attract.png
idle_timeout_s: 90
panels:
  - id: story
    kind: background
    title: {en: "Story", az: "Tarix"}
    sections:
      - heading: {en: "One", az: "Bir"}
        date: "1992-02"
        body: {en: "First paragraph.\\n\\nSecond paragraph.", az: "Mətn."}
        image: {file: media/photo.png, caption: {en: "A photo", az: "Şəkil"}, credit: "Staff"}
        source: src-one
  - id: numbers
    kind: figures
    title: {en: "Numbers", az: "Rəqəmlər"}
    intro: {en: "In figures.", az: "Rəqəmlərlə."}
    figures:
      - label: {en: "Civilians killed", az: "Qətlə yetirilən mülki şəxslər"}
        value: 613
        icon: fa5s.user
        parts:
          - {label: {en: "Children", az: "Uşaqlar"}, value: 63}
          - {label: {en: "Women", az: "Qadınlar"}, value: 106}
        note: {en: "A note.", az: "Qeyd."}
        source: src-one
  - id: recognitions
    kind: recognitions
    title: {en: "Recognition", az: "Tanınma"}
    groups:
      - label: {en: "Parliaments", az: "Parlamentlər"}
        entries:
          - {name: {en: "Mexico", az: "Meksika"}, region: MX}
          - {name: {en: "Scotland", az: "Şotlandiya"}, region: GB-SCT}
          - {name: {en: "22 U.S. states", az: "ABŞ-ın 22 ştatı"}, count: 22}
        source: src-one
  - id: remarks
    kind: remarks
    title: {en: "Remarks", az: "Çıxış"}
    remarks:
      - text: {en: "Peace is possible.", az: "Sülh mümkündür."}
        form: quote
        original_language: en
        speaker: "Jeyhun Bayramov"
        role: {en: "Minister", az: "Nazir"}
        date: 2023-02-26
        sensitive: true
        source: src-one
sources:
  - id: src-one
    title: {en: "An article", az: "Məqalə"}
    publisher: {en: "A ministry", az: "Nazirlik"}
    date: "2023-02"
    url: https://example.org/article
"""
"""A valid stand with every panel kind, two images and a source, in English and Azerbaijani."""


def write_stand(folder: Path, text: str | bytes, files: dict[str, bytes] | None = None) -> Path:
    """Write stand.yaml (text is written as UTF-8, bytes as they are) and media into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "stand.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def full_media() -> dict[str, bytes]:
    """The media FULL names."""
    return {"media/attract.png": png(16, 9), "media/photo.png": png(8, 6)}


def copy_sample(folder: Path) -> Path:
    """A copy of the bundled sample stand, to change without touching the original."""
    shutil.copytree(SAMPLE_STAND, folder)
    return folder


def edit(text: str, old: str, new: str) -> str:
    """`text` with its one occurrence of `old` replaced (fails if `old` is not there once)."""
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times"
    return text.replace(old, new)


def at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """The 1-based (line, column) where the nth occurrence of `needle` starts in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def line_of(text: str, needle: str, nth: int = 1) -> int:
    return at(text, needle, nth)[0]


def only(result: LoadResult) -> Problem:
    """The one problem `result` has (fails, listing them, if there is not exactly one)."""
    assert len(result.problems) == 1, [p.format() for p in result.problems]
    return result.problems[0]


def find(result: LoadResult, phrase: str) -> Problem:
    """The one problem whose message contains `phrase`."""
    found = [p for p in result.problems if phrase in p.message]
    assert len(found) == 1, (phrase, [p.format() for p in result.problems])
    return found[0]


def check(
    problem: Problem,
    line: int,
    column: int | None,
    severity: Severity,
    phrase: str,
    hint: str | None = None,
) -> None:
    """Assert where a problem is, how bad, and what it says (column None: any column)."""
    where = (problem.line, problem.column if column is not None else None)
    assert where == (line, column), problem.format()
    assert problem.severity is severity, problem.format()
    assert phrase in problem.message, problem.format()
    if hint is not None:
        assert hint in problem.hint, problem.format()


# --- image bytes ------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_ihdr(width: int, height: int) -> bytes:
    return png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real, decodable RGB PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height)
    return PNG_SIGNATURE + png_ihdr(width, height) + png_chunk(b"IDAT", pixels) + png_chunk(b"IEND", b"")


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG whose header declares a huge picture (correct CRCs, a few bytes of data)."""
    return (
        PNG_SIGNATURE + png_ihdr(width, height)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int, *, progressive: bool = False, exif: bytes = b"") -> bytes:
    """A JPEG marker stream up to and including its frame header (enough to sniff, not to decode)."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    segments = b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
    if exif:
        segments += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    dqt = b"\x00" + bytes(range(1, 65))
    segments += b"\xff\xdb" + struct.pack(">H", len(dqt) + 2) + dqt
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x00\x03\x11\x00"
    sof = b"\xff\xc2" if progressive else b"\xff\xc0"
    segments += sof + struct.pack(">H", len(frame) + 2) + frame
    return b"\xff\xd8" + segments + b"\xff\xd9"


def svg(width: int, height: int) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="#c33"/></svg>\n'
    ).encode()


def jpeg(width: int, height: int, *, progressive: bool = False) -> bytes:
    """A real JPEG, encoded by Qt's JPEG plugin (baseline or progressive)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QImageWriter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(40, 90, 160))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"jpeg")
    writer.setProgressiveScanWrite(progressive)
    assert writer.write(image), writer.errorString()
    buffer.close()
    return bytes(data.data())


LOOK_STAND = """\
format: 1
id: lighthouse
languages: [en, fr, ar]
title: {en: "The lighthouse keepers", fr: "Les gardiens de phare", ar: "حراس المنارة"}
subtitle: {en: "A coast and its lights", fr: "Une côte et ses feux", ar: "ساحل وأنواره"}
attract:
  image: media/sea.png
look:
  accent: "#1d5c7a"
  attract_overlay: none
  logo: media/logo.png
sensitive_notice:
  en: "The following tells of a shipwreck in which lives were lost."
  fr: "Ce qui suit relate un naufrage qui a coûté des vies."
  ar: "يروي ما يلي قصة غرق سفينة أودى بأرواح."
panels:
  - id: story
    kind: background
    title: {en: "Story", fr: "Histoire", ar: "القصة"}
    sections:
      - heading: {en: "The wreck of 1911", fr: "Le naufrage de 1911", ar: "غرق عام 1911"}
        body: {en: "The storm came at night.", fr: "La tempête arriva de nuit.",
               ar: "هبت العاصفة ليلًا."}
        sensitive:
          notice:
            en: "Photographs of the drowned crew follow."
            fr: "Suivent des photographies de l'équipage noyé."
            ar: "تليها صور لطاقم السفينة الغرقى."
      - heading: {en: "The rescue", fr: "Le sauvetage", ar: "الإنقاذ"}
        body: {en: "Boats went out at dawn.", fr: "Les canots sortirent à l'aube.",
               ar: "خرجت القوارب عند الفجر."}
        sensitive: true
      - heading: {en: "The light", fr: "Le feu", ar: "الضوء"}
        body: {en: "It still turns.", fr: "Il tourne encore.", ar: "ما زال يدور."}
"""
"""A stand with its own look (accent, no overlay, a logo) and its own sensitive notices,
in English, French and Arabic."""
LOOK_ACCENT = (0x1D, 0x5C, 0x7A)
LOGO_RGB = (0xF0, 0xB4, 0x28)


PRESS = """\
format: 1
id: press
languages: [pl, fa, en]
title:
  pl: "Drukarnia Orientalna w Krakowie"
  fa: "چاپخانهٔ شرقی کراکوف"
  en: "The Oriental Press of Kraków"
look:
  logo: media/logo.png
panels:
  - id: story
    kind: background
    title: {pl: Historia, fa: تاریخچه, en: History}
    sections:
      - heading: {pl: Jeden, fa: یک, en: One}
        body: {pl: Tekst., fa: متن., en: Text.}
"""
"""An outside exhibitor's stand (a Kraków press that cast Persian type), cut down: three
languages and a square logo before the title in the top bar."""


def write_press(folder: Path, text: str = PRESS) -> Path:
    return write_stand(folder, text, {"media/logo.png": png(64, 64)})


def write_look_stand(folder: Path, text: str = LOOK_STAND) -> Path:
    return write_stand(folder, text, {
        "media/sea.png": png(64, 36, (40, 90, 120)), "media/logo.png": png(40, 20, LOGO_RGB),
    })


def finishes(call: Callable[[], Any], seconds: float = 5.0) -> Any:
    """What `call` returns (or raises), failing the test if it has not returned in time."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def wav(seconds: float = 0.1, sample: bytes = b"\0\0") -> bytes:
    """A mono 16-bit WAV at 8 kHz holding `seconds` of `sample` (silence by default)."""
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(8000)
        clip.writeframes(sample * int(8000 * seconds))
    return out.getvalue()
