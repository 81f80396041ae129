"""Images QML asks for by name: qtawesome icons and offline QR codes."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, unquote

import segno
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

log = logging.getLogger("kiosk.ui")
FALLBACK_ICON = "fa5s.circle"


class IconProvider(QQuickImageProvider):
    """`image://icon/fa5s.user?color=#f2ede4` -> the icon, rendered at the requested size."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        import qtawesome

        name, _, query = id.partition("?")
        options = parse_qs(query)
        color = options.get("color", ["#ffffff"])[0]
        side = max(requested.width(), requested.height(), 16) if requested.isValid() else 96
        try:
            icon = qtawesome.icon(unquote(name), color=color)
        except Exception:  # an unknown name: validation warned; show a neutral mark
            log.warning("unknown icon %r; showing %s", name, FALLBACK_ICON)
            icon = qtawesome.icon(FALLBACK_ICON, color=color)
        image: QImage = icon.pixmap(QSize(side, side)).toImage()
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class QrProvider(QQuickImageProvider):
    """`image://qr/<url-encoded text>` -> a QR code, dark on light, with a quiet zone."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        text = unquote(id)
        qr = segno.make(text or " ", error="m", micro=False)
        matrix = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
        modules = len(matrix)
        side = max(requested.width(), requested.height(), modules * 4) if requested.isValid() \
            else modules * 8
        scale = max(1, side // modules)
        image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#000000"))
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(x * scale, y * scale, scale, scale)
        painter.end()
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
