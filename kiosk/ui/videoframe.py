"""Where a video's pictures are drawn: an item of the kiosk's own, not Qt Multimedia's
VideoOutput, which draws nothing under Qt Quick's software renderer (the one a kiosk PC
without a GPU runs, `kiosk.venue.renderer`).

The player (`kiosk.ui.playback.Playback`) decodes on Qt Multimedia's own threads, which hand
each frame to its video sink. The frame is turned into a picture (`QVideoFrame.toImage`,
10-20 ms for a full HD frame on a 2-core PC) on a thread of the kiosk's own, `converting`
(a `Converter` there keeps only the latest frame when it falls behind); the user interface's
thread only paints the latest picture into this item. No Python runs on Qt Multimedia's
threads (see playback.py). Without Qt Multimedia (the `media` extra) the item exists and
draws nothing: the QML around it shows the poster.
"""

from __future__ import annotations

import atexit
from typing import Any

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QMetaObject,
    QObject,
    QRectF,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
)


def multimedia_installed() -> bool:
    """Whether Qt Multimedia (PySide6-Addons, the `media` extra) can be imported here."""
    return not multimedia_missing()


def multimedia_missing() -> str:
    """Why Qt Multimedia cannot be imported here ('' when it can): not installed, or a
    system library it needs missing (libpulse0 on Linux)."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as error:
        return str(error) or type(error).__name__
    return ""


_thread: QThread | None = None


def converting() -> QThread:
    """The one thread where frames become pictures (started on first use, ended at exit)."""
    global _thread
    if _thread is None:
        _thread = QThread()
        _thread.setObjectName("kiosk-video-frames")
        _thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_end_converting)
        atexit.register(_end_converting)
    return _thread


def _end_converting() -> None:
    global _thread
    if _thread is not None:
        _thread.quit()
        _thread.wait(2000)
        _thread = None


class Converter(QObject):
    """On the `converting` thread: the latest frame come, as a picture."""

    converted = Signal(QImage)

    def __init__(self) -> None:
        super().__init__()
        self._pending: Any = None
        self._scheduled = False

    @Slot(object)
    def take(self, frame: Any) -> None:
        """A frame (queued from a decoding thread): kept, converted once the frames queued
        before the conversion are taken (only the latest of them is converted)."""
        self._pending = frame
        if not self._scheduled:
            self._scheduled = True
            QMetaObject.invokeMethod(self, "convert", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def convert(self) -> None:
        frame, self._pending, self._scheduled = self._pending, None, False
        if frame is None or not frame.isValid():
            return
        image = frame.toImage()
        if not image.isNull():
            self.converted.emit(image)


@QmlElement
class VideoFrame(QQuickPaintedItem):
    """The latest picture of the video playing into it, fitted inside the item (letterboxed,
    never cropped); nothing until the first one comes."""

    hasFrameChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._shown = False
        self.painted = 0
        """Pictures painted so far (benchmarks/video_loop.py counts dropped frames by it)."""
        self.setOpaquePainting(False)

    @Property(bool, notify=hasFrameChanged, final=True)
    def hasFrame(self) -> bool:
        """Whether a picture is drawn (until then, and after `clear`, the poster shows)."""
        return self._shown

    def clear(self) -> None:
        self._image = None
        if self._shown:
            self._shown = False
            self.hasFrameChanged.emit()
        self.update()

    def show_image(self, image: QImage) -> None:
        """The video's latest picture, painted at the next frame."""
        self._image = image
        if not self._shown:
            self._shown = True
            self.hasFrameChanged.emit()
        self.update()

    def paint(self, painter: QPainter) -> None:
        image = self._image
        if image is None or image.width() == 0 or image.height() == 0:
            return
        scale = min(self.width() / image.width(), self.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        target = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, image)
        self.painted += 1
