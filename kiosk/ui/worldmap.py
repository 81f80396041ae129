"""The world map: vendored Natural Earth outlines, drawn once per highlight set, hit-tested.

QML shows the map as an image (`image://map/<code>=<group>,...`), so a frame never
redraws 240 country outlines; a tap asks `country_at` which country lies under it.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtQuick import QQuickImageProvider

from kiosk.content.colours import HEX_RE, group_shades
from kiosk.paths import MAP_FILE

log = logging.getLogger("kiosk.ui")
_TOKEN = re.compile(r"[MLZ]|-?\d+(?:\.\d+)?")

LAND = QColor("#3a353b")
BORDER = QColor("#151416")
GROUP_COLOURS = ("#c8374d", "#e9a3ad", "#d9a55a", "#8fb3c9", "#b58ed0")
# high contrast: the land dark, the named countries in bright colours far apart in hue and
# far from the land (each at least 7:1 against it), the borders black
HC_LAND = QColor("#3d3d3d")
HC_BORDER = QColor("#000000")
HC_GROUP_COLOURS = ("#ffd84d", "#5ce1ff", "#ffffff", "#ff8ef2", "#8dff7a")


def group_colours(high_contrast: bool = False, accent: str = "") -> tuple[str, ...]:
    """The colours of a panel's groups, in order. A stand with its own accent colour has its
    first two groups in shades of that accent (the kiosk's own are shades of its crimson);
    high contrast wins over both."""
    if high_contrast:
        return HC_GROUP_COLOURS
    if accent:
        return (*group_shades(accent), *GROUP_COLOURS[2:])
    return GROUP_COLOURS


def _parse(path: str) -> QPainterPath:
    result = QPainterPath()
    result.setFillRule(Qt.FillRule.OddEvenFill)
    tokens = _TOKEN.findall(path)
    index, command = 0, "M"
    while index < len(tokens):
        token = tokens[index]
        if token in ("M", "L", "Z"):
            command = token
            index += 1
            if token == "Z":
                result.closeSubpath()
            continue
        x, y = float(tokens[index]), float(tokens[index + 1])
        index += 2
        if command == "M":
            result.moveTo(x, y)
            command = "L"
        else:
            result.lineTo(x, y)
    return result


class WorldMap:
    def __init__(self, file: Path = MAP_FILE) -> None:
        data = json.loads(file.read_text(encoding="utf-8"))
        self.width = float(data["width"])
        self.height = float(data["height"])
        self._countries: dict[str, dict[str, object]] = data["countries"]
        self._paths: dict[str, QPainterPath] = {}

    @property
    def codes(self) -> list[str]:
        return sorted(self._countries)

    def path(self, code: str) -> QPainterPath | None:
        if code not in self._paths:
            country = self._countries.get(code)
            if country is None:
                return None
            self._paths[code] = _parse(str(country["path"]))
        return self._paths[code]

    def is_tiny(self, code: str) -> bool:
        return bool(self._countries.get(code, {}).get("tiny"))

    def label_point(self, code: str) -> QPointF | None:
        country = self._countries.get(code)
        if country is None or "label" not in country:
            return None
        label = country["label"]
        assert isinstance(label, list)
        return QPointF(float(label[0]), float(label[1]))

    def country_at(self, x: float, y: float, among: set[str] | None = None) -> str:
        """The country at (x, y) in map units; tiny highlighted ones count within a radius."""
        point = QPointF(x, y)
        for code in sorted(among) if among else self.codes:
            path = self.path(code)
            if path is not None and path.contains(point):
                return code
        if among:
            nearest = min(
                ((code, self.label_point(code)) for code in among if self.label_point(code)),
                key=lambda item: _distance(item[1], point),  # type: ignore[arg-type]
                default=None,
            )
            if nearest and _distance(nearest[1], point) < 12:  # type: ignore[arg-type]
                return nearest[0]
        return ""

    def render(self, highlights: dict[str, int], size: QSize,
               high_contrast: bool = False, accent: str = "") -> QImage:
        width = max(64, size.width()) if size.isValid() and size.width() > 0 else 1000
        scale = width / self.width
        height = round(self.height * scale)
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        colours = group_colours(high_contrast, accent)
        land = HC_LAND if high_contrast else LAND
        pen = QPen(HC_BORDER if high_contrast else BORDER, 0.6 / max(scale, 0.01) * scale)
        pen.setCosmetic(False)
        painter.setPen(pen)
        for code in self.codes:
            path = self.path(code)
            if path is None:
                continue
            group = highlights.get(code)
            painter.setBrush(QColor(colours[group % len(colours)])
                             if group is not None else land)
            painter.drawPath(path)
        for code, group in highlights.items():  # tiny states get a visible dot
            point = self.label_point(code)
            if point is not None and self.is_tiny(code):
                painter.setBrush(QColor(colours[group % len(colours)]))
                painter.drawEllipse(QRectF(point.x() - 4, point.y() - 4, 8, 8))
        painter.end()
        return image


def _distance(a: QPointF, b: QPointF) -> float:
    return float(((a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2) ** 0.5)


@functools.cache
def world_map() -> WorldMap:
    return WorldMap()


def encode_highlights(highlights: dict[str, int]) -> str:
    return ",".join(f"{code}={group}" for code, group in sorted(highlights.items()))


def decode_highlights(text: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for part in unquote(text).split(","):
        code, _, group = part.partition("=")
        if code and group.isdigit():
            result[code] = int(group)
    return result


class MapProvider(QQuickImageProvider):
    """`image://map/MX=0,PK=0,RO=1` -> the world with those countries in their group colour
    (`...?hc`: in the high-contrast colours; `...?accent=1f5e4a`: the first groups in shades of
    the stand's accent)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        codes, _, options = id.partition("?")
        accent = "#" + options.removeprefix("accent=") if options.startswith("accent=") else ""
        image = world_map().render(decode_highlights(codes), requested,
                                   high_contrast=options == "hc",
                                   accent=accent if HEX_RE.match(accent) else "")
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
