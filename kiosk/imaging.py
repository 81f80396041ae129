"""Image decoding with Qt: the proof that an image can be shown, within a memory limit."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QSize, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImageReader

ALLOCATION_LIMIT_MB = 256


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
    one with `qt_decode`'s own capture. Both captures are process-wide: a kiosk loading a
    stand in the background, while it shows another, uses `capture=False`.
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
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    size = reader.size()
    if size.isValid() and size.width() * size.height() > max_pixels:
        return f"{size.width()}x{size.height()} pixels is too large"
    kind = bytes(reader.format().data())
    if kind == b"svg":
        # render vector images small: this proves they parse without a big allocation
        reader.setScaledSize(QSize(256, 256))
    elif kind == b"jpeg" and size.isValid():
        # libjpeg reads and checks every byte of the picture however small it draws it; at
        # an eighth of its size (as the screen, which decodes at display size) it is ~5x faster
        reader.setScaledSize(QSize(-(-size.width() // 8), -(-size.height() // 8)))
    if reader.read().isNull():
        return reader.errorString() or "unknown decoding error"
    return None


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
