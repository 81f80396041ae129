"""Images QML asks for by name: qtawesome icons and offline QR codes."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, unquote

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from kiosk.content import icons

log = logging.getLogger("kiosk.ui")
FALLBACK_ICON = "fa5s.circle"


class IconProvider(QQuickImageProvider):
    """`image://icon/fa5s.user?color=#f2ede4` -> the icon, drawn at the requested size.

    The glyphs are qtawesome's: its bundled icon fonts and charmaps, drawn here directly
    (as qtawesome draws them) so that start-up does not pay for importing qtawesome and the
    Qt wrappers it brings (about 130 ms, measured in docs/benchmarks.md).
    """

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._families: dict[str, str] = {}

    def _family(self, prefix: str) -> str | None:
        if prefix not in self._families:
            file = icons.font_file(prefix)
            font_id = QFontDatabase.addApplicationFont(str(file)) if file else -1
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            self._families[prefix] = families[0] if families else ""
        return self._families[prefix] or None

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        name, _, query = id.partition("?")
        color = QColor(parse_qs(query).get("color", ["#ffffff"])[0])
        side = max(requested.width(), requested.height(), 16) if requested.isValid() else 96
        prefix, _, icon = unquote(name).partition(".")
        code = icons.charmap(prefix).get(icon)
        family = self._family(prefix)
        if code is None or family is None:  # validation warned; a neutral mark instead
            log.warning("unknown icon %r; showing %s", name, FALLBACK_ICON)
            prefix, _, icon = FALLBACK_ICON.partition(".")
            code, family = icons.charmap(prefix)[icon], self._family(prefix)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont(family or "")
        font.setPixelSize(round(0.875 * side))  # as qtawesome: room for the font's bearing
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        if prefix.endswith("s"):
            font.setWeight(QFont.Weight.Black)  # Font Awesome's solid style is weight 900
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(QRect(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, chr(int(code, 16)))
        painter.end()
        size.setWidth(side)
        size.setHeight(side)
        return image


class QrProvider(QQuickImageProvider):
    """`image://qr/<url-encoded text>` -> a QR code, dark on light, with a quiet zone."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        import segno  # only when a visitor opens a source with a URL

        text = unquote(id)
        try:
            qr = segno.make(text or " ", error="m", micro=False)
        except (segno.DataOverflowError, ValueError) as exc:  # validation keeps urls short
            log.error("no QR code for a url of %d characters: %s", len(text), exc)
            blank = QImage(1, 1, QImage.Format.Format_RGB32)  # no code rather than a wrong one
            blank.fill(QColor("#ffffff"))
            size.setWidth(1)
            size.setHeight(1)
            return blank
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


class MediaProvider(QQuickImageProvider):
    """`image://media/<url-encoded path>` -> a stand picture that is not plainly a PNG or
    JPEG file (`kiosk.visit.present.media_url`): an SVG is drawn from its safe copy, so even a
    file that reached the screen without validation cannot make the renderer open another
    file; a PNG or JPEG (by content) is decoded upright (EXIF) at the size asked; anything
    else is not shown (a null image: the Image item shows its placeholder)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        from kiosk.content.media import MediaError, sniff_bytes
        from kiosk.content.svg import SvgRefused
        from kiosk.ui.imaging import draw_picture, render_svg

        path = Path(unquote(id))
        image = QImage()
        try:
            with path.open("rb") as handle:
                kind = sniff_bytes(handle.read(64 * 1024), path.name).format
            if kind == "svg":
                image = render_svg(path, requested)
            elif kind in ("png", "jpeg"):
                image = draw_picture(path, kind, requested)
            else:
                log.warning("%s is a %s picture, which the kiosk does not show", path, kind)
        except SvgRefused as exc:
            log.warning("%s is not shown: line %d: %s", path, exc.problem.line,
                        exc.problem.message)
        except (MediaError, OSError) as exc:
            log.warning("%s is not shown: %s", path, exc)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
