"""Image decoding with Qt: the proof that an image can be shown, within a memory limit."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
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


def _decode(path: Path, max_pixels: int) -> str | None:
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    size = reader.size()
    if size.isValid() and size.width() * size.height() > max_pixels:
        return f"{size.width()}x{size.height()} pixels is too large"
    if bytes(reader.format().data()) == b"svg":
        # render vector images small: this proves they parse without a big allocation
        reader.setScaledSize(QSize(256, 256))
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
