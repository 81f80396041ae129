"""The image providers QML uses: icons from qtawesome's fonts, offline QR codes, the map."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.ui.providers import IconProvider, QrProvider


def coloured(image: QImage, colour: str) -> int:
    wanted = QColor(colour)
    return sum(
        1 for y in range(image.height()) for x in range(image.width())
        if QColor(image.pixel(x, y)).rgb() == wanted.rgb() and QColor.fromRgba(image.pixel(x, y)).alpha()
    )


def test_icons_are_drawn_at_the_requested_size_and_colour(qapp: object) -> None:
    size = QSize()
    image = IconProvider().requestImage("fa5s.user?color=%23ff0000", size, QSize(64, 64))
    assert (image.width(), image.height()) == (64, 64) == (size.width(), size.height())
    assert coloured(image, "#ff0000") > 300


def test_different_icons_look_different_and_unknown_ones_fall_back(qapp: object) -> None:
    provider = IconProvider()
    user = provider.requestImage("fa5s.user?color=%23ffffff", QSize(), QSize(48, 48))
    globe = provider.requestImage("fa5s.globe-europe?color=%23ffffff", QSize(), QSize(48, 48))
    unknown = provider.requestImage("fa5s.no-such-icon?color=%23ffffff", QSize(), QSize(48, 48))
    circle = provider.requestImage("fa5s.circle?color=%23ffffff", QSize(), QSize(48, 48))
    assert user != globe
    assert unknown == circle


def test_qr_codes_have_a_quiet_zone_and_dark_modules(qapp: object) -> None:
    image = QrProvider().requestImage("https%3A%2F%2Fexample.org%2Fsource", QSize(), QSize(300, 300))
    assert image.width() == image.height() >= 100
    assert QColor(image.pixel(2, 2)) == QColor("#ffffff")  # the quiet zone
    assert coloured(image, "#000000") > image.width() * image.height() * 0.2


def test_a_url_too_long_for_a_qr_code_gives_no_code_rather_than_an_error(qapp: object) -> None:
    from urllib.parse import quote

    image = QrProvider().requestImage(quote("ж" * 3000, safe=""), QSize(), QSize(300, 300))
    assert coloured(image, "#000000") == 0
