"""Image decoding with Qt: the proof that an image can be shown, within a memory limit.

The commands and the kiosk do not call these decoders themselves: they ask an
`kiosk.ui.decodeapart.ApartDecoder`, whose child process (`serve`) runs them, so that no image
can stop the process that asked. SVGs are drawn only from their safe copy
(`kiosk.content.svg`), here and on the screen (`render_svg`, `draw_svg`)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QMessageLogContext,
    QSize,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QPainter

ALLOCATION_LIMIT_MB = 256
log = logging.getLogger("kiosk.imaging")


def set_allocation_limit() -> None:
    """Cap every image decode in the process (Qt refuses larger images instead of allocating)."""
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def qt_decode(path: Path, max_pixels: int, *, capture: bool = True) -> str | None:
    """Decode `path` fully; return why it cannot be shown, or None when it can.

    With `capture` (the command line) the decoders' warnings are caught to tell a damaged
    file; that swaps process-wide handlers, so a background thread passes capture=False.
    """
    set_allocation_limit()
    if not capture:
        return _decode(path, max_pixels)
    messages: list[str] = []

    def collect(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        messages.append(message)

    # reading the header already runs the image library: capture what it says from here on
    previous = qInstallMessageHandler(collect)
    try:
        with _stderr_captured() as captured:
            problem = _decode(path, max_pixels)
        messages.extend(captured)
    finally:
        qInstallMessageHandler(previous)
    if problem:
        return problem
    damage = [m for m in messages if _is_damage(m)]
    if damage:
        return f"the file is damaged ({damage[0].strip()})"
    return None


class QtDecoder:
    """`qt_decode` for one image; `many` decodes a batch on a pool of threads.

    Qt's image readers release Python's lock, so a first start on a stand of many photos
    decodes them side by side. The decoders' warnings are told apart by the thread that
    gets them; what an image library writes straight to the C stderr cannot be, so if the
    batch wrote any sign of damage there, the images that passed are decoded again one by
    one with `qt_decode`'s own capture. Both captures are process-wide (fine in the decoding
    child, `serve`, which does nothing else); `capture=False` leaves them alone.
    """

    def __init__(self, workers: int | None = None, *, capture: bool = True) -> None:
        self.workers = workers if workers is not None else min(8, os.cpu_count() or 1)
        self.capture = capture

    def __call__(self, path: Path, max_pixels: int) -> str | None:
        return qt_decode(path, max_pixels, capture=self.capture)

    def many(self, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
        if self.workers < 2 or len(paths) < 2:
            return [self(path, max_pixels) for path in paths]
        set_allocation_limit()
        # Qt takes the first thread that touches it for its main thread, and the image
        # plugins load once: both happen here, before any worker reads an image
        QImageReader.supportedImageFormats()
        if not self.capture:
            with ThreadPoolExecutor(self.workers) as pool:
                return list(pool.map(lambda path: _decode(path, max_pixels), paths))
        heard: dict[int, list[str]] = {}

        def collect(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
            heard.setdefault(threading.get_ident(), []).append(message)

        def decode(path: Path) -> str | None:
            mine = heard.setdefault(threading.get_ident(), [])
            mine.clear()
            problem = _decode(path, max_pixels)
            damage = [m for m in mine if _is_damage(m)]
            return problem or (f"the file is damaged ({damage[0].strip()})" if damage else None)

        previous = qInstallMessageHandler(collect)
        try:
            with _stderr_captured() as captured, ThreadPoolExecutor(self.workers) as pool:
                said = list(pool.map(decode, paths))
        finally:
            qInstallMessageHandler(previous)
        if any(_is_damage(line) for line in captured):
            said = [problem or qt_decode(path, max_pixels) for path, problem in zip(paths, said, strict=True)]
        return said


def _decode(path: Path, max_pixels: int) -> str | None:
    if _is_svg(path):
        return _decode_svg(path)
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)  # as the screen shows it: a phone photo upright
    size = reader.size()
    if size.isValid() and size.width() * size.height() > max_pixels:
        return f"{size.width()}x{size.height()} pixels is too large"
    kind = bytes(reader.format().data())
    if kind == b"jpeg" and size.isValid():
        # libjpeg reads and checks every byte of the picture however small it draws it, and
        # an eighth of its size is the cheapest to draw (docs/benchmarks.md)
        reader.setScaledSize(QSize(-(-size.width() // 8), -(-size.height() // 8)))
    if reader.read().isNull():
        return reader.errorString() or "unknown decoding error"
    return None


def _is_svg(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    from kiosk.content.media import MediaError, sniff_bytes

    try:
        return sniff_bytes(head, path.name).format == "svg"
    except MediaError:
        return False


SVG_PROOF_STEPS = (((256, 144), 0.5), ((640, 360), 1.5), ((1920, 1080), 5.0))
"""Sizes an SVG is drawn at to prove it, each within a time: a drawing within the SVG limits
can still paint the whole screen thousands of times (10,000 full-screen shapes, a tiny
pattern), which would keep the kiosk's image thread for minutes. Each step is at most ~9
times the area of the one before, so a drawing that passes one step cannot take much more
than 9 times its time at the next: the proof ends within ~20 s however slow the drawing."""


def _decode_svg(path: Path) -> str | None:
    """Draw the safe copy of an SVG up to screen size (as the screen draws it:
    `render_svg`), timed, and decode the pictures embedded in it."""
    from kiosk.content import svg

    try:
        with path.open("rb") as handle:
            found = svg.inspect(handle.read(svg.MAX_BYTES + 1))
    except OSError as exc:
        return exc.strerror or str(exc)
    if not found.ok:
        return f"line {found.problems[0].line}: {found.problems[0].message}"
    copy = svg.copy_of(found)
    for (width, height), allowed in SVG_PROOF_STEPS:
        started = time.monotonic()
        if draw_svg(copy, QSize(width, height)).isNull():
            return "the drawing could not be drawn"
        took = time.monotonic() - started
        if took > allowed:
            return (f"the drawing takes {took:.1f} s to draw at {width}x{height}, more than "
                    f"{allowed} s; simplify it (fewer shapes covering the whole picture, no "
                    "tiny patterns or dashes), or export it as PNG")
    for data in found.embedded:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        reader = QImageReader(buffer)
        reader.setDecideFormatFromContent(True)
        if reader.read().isNull():
            return f"an embedded picture cannot be decoded: {reader.errorString()}"
    return None


MAX_SVG_SIDE = 4096


def render_svg(path: Path, requested: QSize) -> QImage:
    """The SVG in `path` drawn from its safe copy (`kiosk.content.svg.safe_copy`: nothing in
    it can name another file). Raises SvgRefused or OSError."""
    from kiosk.content import svg

    with path.open("rb") as handle:
        return draw_svg(svg.safe_copy(handle.read(svg.MAX_BYTES + 1)), requested)


def draw_svg(copy: bytes, requested: QSize) -> QImage:
    """Draw a safe copy to cover `requested` with its own proportions, at most
    `MAX_SVG_SIDE` on a side; a null image when Qt cannot draw it."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(copy))
    if not renderer.isValid():
        return QImage()
    natural = renderer.defaultSize()
    if natural.isEmpty():
        natural = QSize(1024, 1024)
    width, height = natural.width(), natural.height()
    if requested.width() > 0 or requested.height() > 0:
        scale = max(requested.width() / width, requested.height() / height)
    else:
        scale = 1.0
    scale = min(scale, MAX_SVG_SIDE / max(width, height))
    target = QSize(max(1, round(width * scale)), max(1, round(height * scale)))
    image = QImage(target, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        return image
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def draw_picture(path: Path, kind: str, requested: QSize) -> QImage:
    """A PNG or JPEG decoded as `kind` (never by another format's reader), upright (EXIF
    orientation), at a size covering `requested`; a null image when it cannot be."""
    reader = QImageReader(str(path), kind.encode())
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    natural = reader.size()
    if natural.isValid() and (requested.width() > 0 or requested.height() > 0):
        wanted = QSize(requested)
        if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
            wanted.transpose()  # the size is asked upright; the file is stored turned
        scale = max(wanted.width() / natural.width(), wanted.height() / natural.height())
        if scale < 1:
            reader.setScaledSize(QSize(max(1, round(natural.width() * scale)),
                                       max(1, round(natural.height() * scale))))
    return reader.read()


def serve() -> int:
    """`kiosk --decode-apart`: decode the images a parent (`ApartDecoder`) sends, as JSON
    on stdin, and say of each, a JSON line on stdout, why it cannot be shown (or null).

    `{"paths": [...], "max_pixels": N, "one_by_one": bool}`: a batch is decoded on threads
    and told at the end; one by one, each image is announced (`{"start": i}`) before it is
    decoded, so the parent can tell which image a crash happened on. `{"ready": true}` first,
    once Qt has started: from then on the parent times the images."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    # the right Qt application for decoding: fonts and the image plugins need one
    app = QGuiApplication.instance() or QGuiApplication(["kiosk-decode"])
    request = json.loads(sys.stdin.read())
    paths = [Path(p) for p in request["paths"]]
    max_pixels = int(request["max_pixels"])
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    if request.get("one_by_one") or len(paths) < 2:
        for index, path in enumerate(paths):
            out.write(json.dumps({"start": index}) + "\n")
            out.flush()
            out.write(json.dumps({"done": index, "problem": qt_decode(path, max_pixels)}) + "\n")
            out.flush()
    else:
        decoder = QtDecoder()
        from kiosk.ui.decodeapart import BATCH

        for first in range(0, len(paths), BATCH):  # told a few at a time: the parent sees progress
            said = decoder.many(paths[first:first + BATCH], max_pixels)
            for index, problem in enumerate(said, first):
                out.write(json.dumps({"done": index, "problem": problem}) + "\n")
            out.flush()
    del app
    return 0


@contextlib.contextmanager
def _stderr_captured() -> Iterator[list[str]]:
    """Collect what image libraries write straight to the C stderr (libpng, libjpeg)."""
    lines: list[str] = []
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())


def _is_damage(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in ("error", "corrupt", "premature", "truncat", "crc"))
