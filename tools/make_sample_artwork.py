#!/usr/bin/env python3
"""Generate the abstract sample artwork of the bundled stand ``content/khojaly-31``.

The images are calm, abstract illustrations (lights, a horizon, memorial rings, a stylised
carnation). They are not photographs and show no text, flags, maps or people. Output is
deterministic: every random choice comes from a seeded generator, so running the script
again produces the same pictures.

Usage (no display needed)::

    QT_QPA_PLATFORM=offscreen python tools/make_sample_artwork.py [OUTPUT_DIR]

OUTPUT_DIR defaults to ``content/khojaly-31/media`` next to this script's repository.
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

# Palette: near-black charcoal, warm off-white, one muted deep crimson, a soft candle amber.
CHARCOAL_TOP = QColor("#1c1b1d")
CHARCOAL_BOTTOM = QColor("#0e0e0f")
OFF_WHITE = QColor("#f2ebdd")
CRIMSON = QColor("#8e1b2b")
CRIMSON_DEEP = QColor("#5a0f1a")
CRIMSON_LIGHT = QColor("#a32d40")
AMBER = QColor("#e9bf7a")
STEM = QColor("#36402f")

SECTION_SIZE = (1600, 1000)
ATTRACT_SIZE = (1920, 1080)


def rgba(color: QColor, alpha: float) -> QColor:
    """Return a copy of ``color`` with alpha in 0..1."""
    c = QColor(color)
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Linear blend of two colours, t in 0..1."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def new_canvas(size: tuple[int, int]) -> tuple[QImage, QPainter]:
    w, h = size
    # Paint at 16 bits per channel so that soft, faint gradients blend without banding or
    # colour casts; save() converts to 8 bits per channel.
    img = QImage(w, h, QImage.Format.Format_RGBX64)
    img.fill(CHARCOAL_BOTTOM)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.setPen(Qt.PenStyle.NoPen)
    return img, p


def save(img: QImage, path: Path) -> None:
    out = img.convertToFormat(QImage.Format.Format_RGB32)
    if not out.save(str(path), "PNG"):
        raise SystemExit(f"make_sample_artwork: could not write {path}")


def paint_backdrop(
    p: QPainter, w: int, h: int, top: QColor = CHARCOAL_TOP, bottom: QColor = CHARCOAL_BOTTOM
) -> None:
    g = QLinearGradient(0, 0, 0, h)
    g.setColorAt(0.0, top)
    g.setColorAt(1.0, bottom)
    p.fillRect(QRectF(0, 0, w, h), QBrush(g))


def paint_vignette(p: QPainter, w: int, h: int, strength: float = 0.55) -> None:
    r = math.hypot(w, h) * 0.62
    g = QRadialGradient(QPointF(w / 2, h / 2), r)
    g.setColorAt(0.0, rgba(QColor("#000000"), 0.0))
    g.setColorAt(0.6, rgba(QColor("#000000"), 0.0))
    g.setColorAt(1.0, rgba(QColor("#000000"), strength))
    p.fillRect(QRectF(0, 0, w, h), QBrush(g))


def glow(
    p: QPainter, x: float, y: float, radius: float, color: QColor, alpha: float, sy: float = 1.0
) -> None:
    """A soft round (or vertically stretched) glow."""
    g = QRadialGradient(QPointF(0, 0), radius)
    g.setColorAt(0.0, rgba(color, alpha))
    g.setColorAt(0.35, rgba(color, alpha * 0.35))
    g.setColorAt(1.0, rgba(color, 0.0))
    p.save()
    p.translate(x, y)
    p.scale(1.0, sy)
    p.setBrush(QBrush(g))
    p.drawEllipse(QPointF(0, 0), radius, radius)
    p.restore()


def flame(p: QPainter, x: float, y: float, height: float, alpha: float = 1.0) -> None:
    """A small teardrop flame whose base sits at (x, y)."""
    wdt = height * 0.34
    path = QPainterPath(QPointF(x, y - height))
    path.cubicTo(
        QPointF(x + wdt * 0.25, y - height * 0.62),
        QPointF(x + wdt, y - height * 0.35),
        QPointF(x, y),
    )
    path.cubicTo(
        QPointF(x - wdt, y - height * 0.35),
        QPointF(x - wdt * 0.25, y - height * 0.62),
        QPointF(x, y - height),
    )
    g = QLinearGradient(x, y - height, x, y)
    g.setColorAt(0.0, rgba(AMBER, 0.0 * alpha))
    g.setColorAt(0.25, rgba(AMBER, 0.85 * alpha))
    g.setColorAt(0.75, rgba(OFF_WHITE, 1.0 * alpha))
    g.setColorAt(1.0, rgba(AMBER, 0.7 * alpha))
    p.setBrush(QBrush(g))
    p.drawPath(path)


def candle_light(p: QPainter, x: float, y: float, size: float, alpha: float) -> None:
    """A distant candle: warm halo, small flame, faint reflection below."""
    glow(p, x, y - size * 0.5, size * 4.2, AMBER, 0.16 * alpha)
    glow(p, x, y - size * 0.45, size * 1.6, AMBER, 0.45 * alpha)
    if size >= 3.0:
        flame(p, x, y, size * 1.5, alpha)
    else:
        glow(p, x, y - size * 0.5, size * 0.9, OFF_WHITE, 0.9 * alpha)
    glow(p, x, y + size * 0.9, size * 1.4, AMBER, 0.08 * alpha, sy=0.35)


def candle_field(
    p: QPainter,
    w: int,
    h: int,
    horizon: float,
    rng: random.Random,
    rows: int,
    x0: float = 0.0,
    x1: float | None = None,
    base: float = 11.0,
) -> None:
    """Rows of small lights receding towards a horizon, drawn from far to near."""
    x1 = w if x1 is None else x1
    for r in range(rows):
        t = (r + 1) / rows  # 0 = far, 1 = near
        depth = t**1.9
        y = horizon + (h - horizon) * (0.03 + 0.92 * depth)
        size = 1.0 + base * depth
        spacing = 14.0 + 120.0 * depth
        alpha = 0.30 + 0.65 * t
        n = int((x1 - x0) / spacing) + 2
        offset = rng.uniform(0, spacing)
        for i in range(n):
            x = x0 + offset + i * spacing + rng.uniform(-0.25, 0.25) * spacing
            if x < x0 - 10 or x > x1 + 10:
                continue
            yy = y + rng.uniform(-0.12, 0.12) * spacing * 0.4
            candle_light(p, x, yy, size * rng.uniform(0.85, 1.1), alpha * rng.uniform(0.7, 1.0))


def horizon_glow(
    p: QPainter, w: int, h: int, y: float, color: QColor, alpha: float, spread: float
) -> None:
    g = QLinearGradient(0, y - spread, 0, y + spread * 0.25)
    g.setColorAt(0.0, rgba(color, 0.0))
    g.setColorAt(0.8, rgba(color, alpha))
    g.setColorAt(1.0, rgba(color, 0.0))
    p.fillRect(QRectF(0, y - spread, w, spread * 1.25), QBrush(g))


# --------------------------------------------------------------------------- artworks


def carnation(
    p: QPainter, cx: float, cy: float, scale: float, angle: float, rng: random.Random
) -> None:
    """A stylised red carnation seen from the side: ruffled head, calyx, stem and leaves.

    (cx, cy) is the base of the calyx; the flower grows upwards before rotation by ``angle``
    degrees. ``scale`` is roughly the height of the head in pixels.
    """
    s = scale
    p.save()
    p.translate(cx, cy)
    p.rotate(angle)

    # Stem and two slender leaves.
    stem = QPainterPath(QPointF(0, s * 0.05))
    stem.cubicTo(
        QPointF(s * 0.06, s * 1.4), QPointF(-s * 0.08, s * 2.6), QPointF(s * 0.02, s * 3.9)
    )
    pen = QPen(STEM, s * 0.055)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(stem)
    p.setPen(Qt.PenStyle.NoPen)
    for ly, side, length in ((1.55, 1, 1.05), (2.45, -1, 1.2)):
        leaf = QPainterPath(QPointF(0, s * ly))
        leaf.cubicTo(
            QPointF(side * s * 0.25, s * (ly - 0.1)),
            QPointF(side * s * 0.55, s * (ly - 0.45)),
            QPointF(side * s * 0.55 * length, s * (ly - 0.75 * length)),
        )
        leaf.cubicTo(
            QPointF(side * s * 0.42, s * (ly - 0.35)),
            QPointF(side * s * 0.18, s * (ly - 0.02)),
            QPointF(0, s * (ly + 0.06)),
        )
        lg = QLinearGradient(0, s * ly, side * s * 0.5, s * (ly - 0.7))
        lg.setColorAt(0.0, STEM)
        lg.setColorAt(1.0, mix(STEM, OFF_WHITE, 0.12))
        p.setBrush(QBrush(lg))
        p.drawPath(leaf)

    # Calyx: a slim tapered cup.
    calyx = QPainterPath(QPointF(-s * 0.05, s * 0.08))
    calyx.cubicTo(
        QPointF(-s * 0.09, -s * 0.15), QPointF(-s * 0.17, -s * 0.35), QPointF(-s * 0.17, -s * 0.5)
    )
    calyx.lineTo(QPointF(s * 0.17, -s * 0.5))
    calyx.cubicTo(
        QPointF(s * 0.17, -s * 0.35), QPointF(s * 0.09, -s * 0.15), QPointF(s * 0.05, s * 0.08)
    )
    calyx.closeSubpath()
    cg = QLinearGradient(-s * 0.17, 0, s * 0.17, 0)
    cg.setColorAt(0.0, mix(STEM, CHARCOAL_BOTTOM, 0.3))
    cg.setColorAt(0.55, mix(STEM, OFF_WHITE, 0.15))
    cg.setColorAt(1.0, mix(STEM, CHARCOAL_BOTTOM, 0.4))
    p.setBrush(QBrush(cg))
    p.drawPath(calyx)

    # Head: layered fans of petals with finely serrated (fringed) edges, back to front.
    layers = [
        # (spread half-angle deg, radius, centre y, base colour, light colour)
        (78, 0.78, -0.42, CRIMSON_DEEP, CRIMSON),
        (64, 0.84, -0.44, CRIMSON, CRIMSON_LIGHT),
        (48, 0.74, -0.46, mix(CRIMSON, CRIMSON_DEEP, 0.35), CRIMSON),
        (30, 0.66, -0.48, CRIMSON, mix(CRIMSON_LIGHT, OFF_WHITE, 0.05)),
    ]
    for li, (spread, radius, ycen, c0, c1) in enumerate(layers):
        n_petals = 3 + li % 2
        for k in range(n_petals):
            a_mid = -spread + (2 * spread) * (k + 0.5) / n_petals + rng.uniform(-3, 3)
            half = (2 * spread) / n_petals * 0.75 + 6
            r = s * radius * rng.uniform(0.95, 1.03)
            petal = QPainterPath(QPointF(0, s * ycen))
            teeth = 9
            for j in range(teeth * 2 + 1):
                a = math.radians(a_mid - half + (2 * half) * j / (teeth * 2))
                rr = r * (1.0 if j % 2 == 0 else rng.uniform(0.88, 0.93))
                # Soft rounding of the fan's outline.
                edge = 1.0 - 0.18 * abs((j - teeth) / teeth) ** 2
                petal.lineTo(QPointF(math.sin(a) * rr * edge, s * ycen - math.cos(a) * rr * edge))
            petal.closeSubpath()
            pg = QRadialGradient(QPointF(0, s * ycen), r)
            pg.setColorAt(0.0, mix(c0, CHARCOAL_BOTTOM, 0.35))
            pg.setColorAt(0.55, c0)
            pg.setColorAt(0.92, c1)
            pg.setColorAt(1.0, mix(c1, OFF_WHITE, 0.08))
            p.setBrush(QBrush(pg))
            p.drawPath(petal)
            # A thin fold line down the petal.
            fold = QPen(rgba(CRIMSON_DEEP, 0.45), max(1.0, s * 0.008))
            p.setPen(fold)
            a = math.radians(a_mid)
            p.drawLine(
                QPointF(0, s * ycen),
                QPointF(math.sin(a) * r * 0.8, s * ycen - math.cos(a) * r * 0.8),
            )
            p.setPen(Qt.PenStyle.NoPen)
    p.restore()


def art_attract(path: Path) -> None:
    """Attract screen: a field of candle lights under a quiet horizon, one carnation."""
    w, h = ATTRACT_SIZE
    rng = random.Random(2601)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#19181a"), QColor("#0c0c0d"))
    horizon = h * 0.64
    horizon_glow(p, w, h, horizon, CRIMSON, 0.22, h * 0.22)
    horizon_glow(p, w, h, horizon, AMBER, 0.06, h * 0.05)
    # Ground below the horizon, slightly darker.
    g = QLinearGradient(0, horizon, 0, h)
    g.setColorAt(0.0, QColor("#121112"))
    g.setColorAt(1.0, QColor("#09090a"))
    p.fillRect(QRectF(0, horizon, w, h - horizon), QBrush(g))
    candle_field(p, w, h, horizon, rng, rows=11, base=9.0)
    # The carnation on the right third, leaning slightly, in a soft pool of light.
    glow(p, w * 0.79, h * 0.42, h * 0.42, CRIMSON, 0.14)
    carnation(p, w * 0.79, h * 0.43, h * 0.2, 8.0, rng)
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


def art_rings(path: Path) -> None:
    """Concentric memorial rings around a soft light."""
    w, h = SECTION_SIZE
    rng = random.Random(3101)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h)
    cx, cy = w * 0.5, h * 0.5
    glow(p, cx, cy, h * 0.55, CRIMSON, 0.22)
    glow(p, cx, cy, h * 0.12, AMBER, 0.5)
    glow(p, cx, cy, h * 0.03, OFF_WHITE, 0.9)
    p.setBrush(Qt.BrushStyle.NoBrush)
    radius = h * 0.09
    i = 0
    while radius < math.hypot(w, h) * 0.55:
        fade = max(0.0, 1.0 - radius / (h * 0.95))
        color = CRIMSON_LIGHT if i == 3 else OFF_WHITE
        alpha = (0.55 if i == 3 else 0.30) * fade + 0.03
        pen = QPen(rgba(color, alpha), 2.4 if i == 3 else 1.3)
        p.setPen(pen)
        p.drawEllipse(QPointF(cx, cy), radius, radius)
        radius *= 1.0 + rng.uniform(0.16, 0.2)
        i += 1
    p.setPen(Qt.PenStyle.NoPen)
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


def art_horizon(path: Path) -> None:
    """A distant horizon at night under a low crimson glow."""
    w, h = SECTION_SIZE
    rng = random.Random(3102)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#161517"), QColor("#0d0d0e"))
    horizon = h * 0.6
    horizon_glow(p, w, h, horizon, CRIMSON, 0.42, h * 0.34)
    horizon_glow(p, w, h, horizon, AMBER, 0.10, h * 0.06)
    # Faint stars, very sparse.
    for _ in range(70):
        x, y = rng.uniform(0, w), rng.uniform(0, horizon * 0.65)
        glow(p, x, y, rng.uniform(1.5, 3.2), OFF_WHITE, rng.uniform(0.15, 0.45))
    # Gently rolling land in three layers, the nearest darkest.
    for layer, (base, amp, color) in enumerate(
        ((0.0, 14, "#1a1416"), (0.03, 22, "#120f10"), (0.08, 30, "#0a0a0b"))
    ):
        y0 = horizon + h * base
        land = QPainterPath(QPointF(0, h))
        phase = rng.uniform(0, math.tau)
        freq = rng.uniform(1.2, 2.2) + layer * 0.4
        steps = 80
        for k in range(steps + 1):
            x = w * k / steps
            y = (
                y0
                + amp * math.sin(phase + freq * math.tau * k / steps)
                + amp * 0.4 * math.sin(phase * 2 + 3.1 * freq * math.tau * k / steps)
            )
            land.lineTo(QPointF(x, y))
        land.lineTo(QPointF(w, h))
        land.closeSubpath()
        p.setBrush(QColor(color))
        p.drawPath(land)
    paint_vignette(p, w, h, 0.55)
    p.end()
    save(img, path)


def art_candle(path: Path) -> None:
    """A single candle in darkness, its light reflected on a still surface."""
    w, h = SECTION_SIZE
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#141315"), QColor("#0b0b0c"))
    cx = w * 0.5
    table = h * 0.72
    glow(p, cx, h * 0.42, h * 0.6, CRIMSON, 0.16)
    glow(p, cx, h * 0.40, h * 0.3, AMBER, 0.16)
    # Still surface.
    sg = QLinearGradient(0, table, 0, h)
    sg.setColorAt(0.0, QColor("#151314"))
    sg.setColorAt(1.0, QColor("#0a0a0a"))
    p.fillRect(QRectF(0, table, w, h - table), QBrush(sg))
    # Candle body.
    cw, ch = w * 0.05, h * 0.26
    body = QRectF(cx - cw / 2, table - ch, cw, ch)
    bg = QLinearGradient(body.left(), 0, body.right(), 0)
    bg.setColorAt(0.0, mix(mix(OFF_WHITE, AMBER, 0.35), CHARCOAL_BOTTOM, 0.72))
    bg.setColorAt(0.4, mix(OFF_WHITE, AMBER, 0.3))
    bg.setColorAt(0.6, mix(OFF_WHITE, AMBER, 0.4))
    bg.setColorAt(1.0, mix(mix(OFF_WHITE, AMBER, 0.35), CHARCOAL_BOTTOM, 0.82))
    p.setBrush(QBrush(bg))
    p.drawRoundedRect(body, 4, 4)
    # Warm light on the top of the candle.
    tg = QLinearGradient(0, body.top(), 0, body.top() + ch * 0.35)
    tg.setColorAt(0.0, rgba(AMBER, 0.55))
    tg.setColorAt(1.0, rgba(AMBER, 0.0))
    p.setBrush(QBrush(tg))
    p.drawRoundedRect(body, 4, 4)
    # The candle darkens towards its foot.
    fg = QLinearGradient(0, body.top() + ch * 0.3, 0, body.bottom())
    fg.setColorAt(0.0, rgba(CHARCOAL_BOTTOM, 0.0))
    fg.setColorAt(1.0, rgba(CHARCOAL_BOTTOM, 0.55))
    p.setBrush(QBrush(fg))
    p.drawRoundedRect(body, 4, 4)
    # Wick and flame.
    p.setPen(QPen(QColor("#2a2220"), 3))
    p.drawLine(QPointF(cx, body.top()), QPointF(cx, body.top() - 12))
    p.setPen(Qt.PenStyle.NoPen)
    glow(p, cx, body.top() - 40, 130, AMBER, 0.35)
    flame(p, cx, body.top() - 6, 78)
    glow(p, cx, body.top() - 28, 14, OFF_WHITE, 0.7)
    # Reflection.
    glow(p, cx, table + 60, 150, AMBER, 0.10, sy=0.25)
    rg = QLinearGradient(0, table, 0, table + ch * 0.8)
    rg.setColorAt(0.0, rgba(OFF_WHITE, 0.10))
    rg.setColorAt(1.0, rgba(OFF_WHITE, 0.0))
    p.setBrush(QBrush(rg))
    p.drawRect(QRectF(cx - cw / 2, table + 2, cw, ch * 0.8))
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


def art_lights(path: Path) -> None:
    """A wide field of small candle lights receding into the dark."""
    w, h = SECTION_SIZE
    rng = random.Random(3104)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#171618"), QColor("#0c0c0d"))
    horizon = h * 0.38
    horizon_glow(p, w, h, horizon, CRIMSON, 0.25, h * 0.25)
    g = QLinearGradient(0, horizon, 0, h)
    g.setColorAt(0.0, QColor("#131213"))
    g.setColorAt(1.0, QColor("#0a0a0a"))
    p.fillRect(QRectF(0, horizon, w, h - horizon), QBrush(g))
    candle_field(p, w, h, horizon, rng, rows=16, base=11.0)
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


def art_pillars(path: Path) -> None:
    """A quiet colonnade of vertical light, as of a vigil, rising from a dark floor."""
    w, h = SECTION_SIZE
    rng = random.Random(3105)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#121113"), QColor("#0d0d0e"))
    floor = h * 0.74
    horizon_glow(p, w, h, floor, CRIMSON, 0.30, h * 0.45)
    count = 9
    for i in range(count):
        t = (i + 0.5) / count
        x = w * (0.08 + 0.84 * t) + rng.uniform(-12, 12)
        centre = 1.0 - abs(t - 0.5) * 1.3
        height = h * (0.42 + 0.25 * centre) * rng.uniform(0.92, 1.05)
        width = w * 0.012 + w * 0.006 * centre
        g = QLinearGradient(0, floor - height, 0, floor)
        g.setColorAt(0.0, rgba(OFF_WHITE, 0.0))
        g.setColorAt(0.7, rgba(mix(OFF_WHITE, AMBER, 0.4), 0.30 + 0.25 * centre))
        g.setColorAt(1.0, rgba(OFF_WHITE, 0.55 + 0.3 * centre))
        p.setBrush(QBrush(g))
        p.drawRoundedRect(
            QRectF(x - width / 2, floor - height, width, height), width / 2, width / 2
        )
        # A soft, tall halo around each column.
        glow(
            p,
            x,
            floor - height * 0.3,
            width * 4.5,
            AMBER,
            0.10 + 0.06 * centre,
            sy=height * 0.6 / (width * 4.5),
        )
        glow(p, x, floor, width * 5, AMBER, 0.35)
        # Reflection on the floor.
        rg = QLinearGradient(0, floor, 0, floor + height * 0.35)
        rg.setColorAt(0.0, rgba(OFF_WHITE, 0.16))
        rg.setColorAt(1.0, rgba(OFF_WHITE, 0.0))
        p.setBrush(QBrush(rg))
        p.drawRect(QRectF(x - width / 2, floor + 3, width, height * 0.35))
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


def art_stage(path: Path) -> None:
    """An empty stage: one soft, warm spotlight falling between dark crimson curtains."""
    w, h = SECTION_SIZE
    rng = random.Random(3106)
    img, p = new_canvas((w, h))
    paint_backdrop(p, w, h, QColor("#131214"), QColor("#0b0b0c"))
    floor = h * 0.72
    fg = QLinearGradient(0, floor, 0, h)
    fg.setColorAt(0.0, QColor("#171415"))
    fg.setColorAt(1.0, QColor("#0a0a0a"))
    p.fillRect(QRectF(0, floor, w, h - floor), QBrush(fg))
    # Spotlight beam: several nested cones, each faint, so its edges are soft.
    cx = w * 0.5
    beam_color = mix(OFF_WHITE, AMBER, 0.35)
    layers = 24
    for k in range(layers):
        t = k / (layers - 1)  # 0 = widest, 1 = narrowest
        top = w * (0.045 - 0.03 * t)
        bottom = w * (0.22 - 0.12 * t)
        beam = QPainterPath(QPointF(cx - top, -2))
        beam.lineTo(QPointF(cx + top, -2))
        beam.lineTo(QPointF(cx + bottom, floor))
        beam.lineTo(QPointF(cx - bottom, floor))
        beam.closeSubpath()
        bg = QLinearGradient(0, 0, 0, floor)
        bg.setColorAt(0.0, rgba(beam_color, 0.016))
        bg.setColorAt(1.0, rgba(beam_color, 0.008))
        p.setBrush(QBrush(bg))
        p.drawPath(beam)
    # Pool of light on the floor.
    glow(p, cx, floor + h * 0.04, w * 0.24, beam_color, 0.30, sy=0.16)
    glow(p, cx, floor + h * 0.04, w * 0.13, AMBER, 0.30, sy=0.16)
    # Curtains: vertical folds at both sides, full height, fading into the floor's shadow.
    for left in (True, False):
        x_edge = w * 0.19 if left else w * 0.81
        x_out = 0.0 if left else float(w)
        folds = 7
        for k in range(folds):
            xa = x_out + (x_edge - x_out) * k / folds
            xb = x_out + (x_edge - x_out) * (k + 1) / folds
            rect = QRectF(min(xa, xb), 0, abs(xb - xa) + 1, h)
            cg = QLinearGradient(rect.left(), 0, rect.right(), 0)
            shade = 0.62 + 0.2 * rng.random()
            cg.setColorAt(0.0, mix(CRIMSON_DEEP, CHARCOAL_BOTTOM, shade))
            cg.setColorAt(0.5, mix(CRIMSON, CHARCOAL_BOTTOM, shade - 0.12))
            cg.setColorAt(1.0, mix(CRIMSON_DEEP, CHARCOAL_BOTTOM, shade))
            p.setBrush(QBrush(cg))
            p.drawRect(rect)
        # Soft shadow cast by the curtain's inner edge.
        sw = 60.0
        sx = x_edge if left else x_edge - sw
        sg = QLinearGradient(x_edge, 0, x_edge + (sw if left else -sw), 0)
        sg.setColorAt(0.0, rgba(QColor("#000000"), 0.45))
        sg.setColorAt(1.0, rgba(QColor("#000000"), 0.0))
        p.setBrush(QBrush(sg))
        p.drawRect(QRectF(sx, 0, sw, h))
    # Darken the lower part of the curtains and the stage front.
    hg = QLinearGradient(0, h * 0.62, 0, h)
    hg.setColorAt(0.0, rgba(CHARCOAL_BOTTOM, 0.0))
    hg.setColorAt(1.0, rgba(CHARCOAL_BOTTOM, 0.85))
    p.setBrush(QBrush(hg))
    p.drawRect(QRectF(0, h * 0.62, w, h * 0.38))
    paint_vignette(p, w, h, 0.6)
    p.end()
    save(img, path)


ARTWORKS: dict[str, Callable[[Path], None]] = {
    "attract.png": art_attract,
    "rings.png": art_rings,
    "horizon.png": art_horizon,
    "candle.png": art_candle,
    "lights.png": art_lights,
    "pillars.png": art_pillars,
    "stage.png": art_stage,
}


def check_bindings() -> None:
    """Refuse to run on Qt bindings that leak references to None.

    PySide6 6.12.0 (abi3 wheel) on Python 3.11 drops a reference to ``None`` on every call
    of a method that returns nothing; thousands of painter calls then crash the interpreter
    ("none_dealloc: deallocating None"). Python 3.12 and newer are immune (None is immortal).
    """
    img = QImage(4, 4, QImage.Format.Format_RGB32)
    p = QPainter(img)
    before = sys.getrefcount(None)
    for _ in range(100):
        p.save()
        p.restore()
    after = sys.getrefcount(None)
    p.end()
    if after < before - 100:
        raise SystemExit(
            "make_sample_artwork: these Qt bindings lose a reference to None on every void "
            "call (seen with PySide6 6.12.0 on Python 3.11) and would crash mid-drawing; "
            "use another PySide6 release (e.g. 6.11.x) or Python 3.12+."
        )


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parent.parent
    out = Path(argv[1]) if len(argv) > 1 else repo / "content" / "khojaly-31" / "media"
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    check_bindings()
    for name, draw in ARTWORKS.items():
        target = out / name
        draw(target)
        print(f"{target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
