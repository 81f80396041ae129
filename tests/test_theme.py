"""The design system, measured: contrast of text, size of touch targets, in every mode."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor

from tests.uidriver import items, settle, shown, tap, tap_item


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(one: QColor, two: QColor) -> float:
    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("mode", ["dark", "light", "highContrast"])
def test_text_contrast_meets_wcag_aaa(kiosk: Any, mode: str) -> None:
    theme = kiosk.engine.singletonInstance("Kiosk", "Theme")
    theme.setProperty("light", mode == "light")
    theme.setProperty("highContrast", mode == "highContrast")
    colour = lambda name: QColor(theme.property(name))  # noqa: E731
    for background in ("bg", "surface"):
        assert contrast(colour("text"), colour(background)) >= 7, (mode, background)
        assert contrast(colour("textMuted"), colour(background)) >= 7, (mode, background)
        assert contrast(colour("accentText"), colour(background)) >= 4.5, (mode, background)
    assert contrast(colour("textOnAccent"), colour("accent")) >= 4.5, mode


def test_touch_targets_are_at_least_72_px(kiosk: Any) -> None:
    tap(kiosk.window, kiosk.window.contentItem().mapToScene(
        kiosk.window.contentItem().boundingRect().center()).toPoint())
    settle(100)
    names = ("nav-", "language-", "toggle-")
    targets = [item for item in items(kiosk.window)
               if item.objectName().startswith(names) and shown(item)]
    assert len(targets) >= 4 + 3 + 2
    for item in targets:
        assert min(item.width(), item.height()) >= 72, item.objectName()


def test_larger_text_scales_type_by_half_again(kiosk: Any) -> None:
    theme = kiosk.engine.singletonInstance("Kiosk", "Theme")
    before = theme.property("body")
    tap(kiosk.window, kiosk.window.contentItem().boundingRect().center().toPoint())
    tap_item(kiosk.window, "toggle-largeText")
    assert kiosk.controller.largeText is True
    assert theme.property("body") >= before * 1.5 - 1
    tap_item(kiosk.window, "toggle-highContrast")
    assert theme.property("highContrast") is True
    kiosk.controller.resetToAttract()
    settle()
    assert kiosk.controller.largeText is False
    assert theme.property("highContrast") is False
