"""Drive the QML window as a visitor would: real touch events at the positions of items."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QEventLoop, QPoint, QPointF, QTimer
from PySide6.QtGui import QGuiApplication, QPointingDevice
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

_device: QPointingDevice | None = None


class FakeClock:
    """A monotonic clock a test moves on by hand (`KioskController(clock=...)`)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def touch_device() -> QPointingDevice:
    global _device
    if _device is None:
        _device = QTest.createTouchDevice()
    return _device


def settle(ms: int = 0) -> None:
    """Let the interface catch up, and wait `ms` in the event loop. Waited in an event loop
    of its own, not by QTest.qWait: that keeps Python's lock, and Qt Multimedia's threads,
    which need it to end, would wait for it forever (as the kiosk's app.exec() never does)."""
    for _ in range(5):
        QGuiApplication.processEvents()
    if ms:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()


def items(window: QQuickWindow) -> list[QQuickItem]:
    """Every item in the window's visual tree (delegates included), depth first."""
    found: list[QQuickItem] = []
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(reversed(item.childItems()))
    return found


def find_all(window: QQuickWindow, name: str) -> list[QQuickItem]:
    return [item for item in items(window) if item.objectName() == name]


def shown(item: QQuickItem) -> bool:
    """On screen: the item's centre inside the window, the item and its ancestors visible."""
    root = item
    while root.parentItem() is not None:
        root = root.parentItem()
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    if not (0 <= point.x() < root.width() and 0 <= point.y() < root.height()):
        return False
    return visible(item)


def visible(item: QQuickItem) -> bool:
    """The item and all its ancestors are visible (wherever it is scrolled)."""
    while item is not None:
        if not item.isVisible() or item.opacity() == 0:
            return False
        item = item.parentItem()
    return True


def named(item: Any, name: str) -> list[Any]:
    """The items under `item` (itself included) whose objectName is `name`."""
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        stack.extend(current.childItems())
        if current.objectName() == name:
            found.append(current)
    return found


def activate(window: QQuickWindow) -> None:
    """Ask for the keyboard focus for `window` and wait (up to 1 s) until it has it."""
    window.requestActivate()
    for _ in range(100):
        if QGuiApplication.focusWindow() is window:
            break
        QTest.qWait(10)


def find(window: QQuickWindow, name: str, timeout_ms: int = 5000) -> QQuickItem:
    """The first item named `name`, waiting for it while the interface is still being built."""
    waited = 0
    matches = find_all(window, name)
    while not matches and waited < timeout_ms:
        QTest.qWait(20)
        waited += 20
        matches = find_all(window, name)
    assert matches, f"no item named {name!r} on screen"
    return matches[0]


def centre(item: QQuickItem) -> QPoint:
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    return point.toPoint()


def tap(window: QQuickWindow, point: QPoint) -> None:
    device = touch_device()
    QTest.touchEvent(window, device).press(0, point, window).commit()
    QTest.qWait(30)
    QTest.touchEvent(window, device).release(0, point, window).commit()
    settle(30)


def tap_item(window: QQuickWindow, name: str) -> None:
    tap(window, centre(find(window, name)))


def swipe(window: QQuickWindow, start: QPoint, end: QPoint, steps: int = 12) -> None:
    device = touch_device()
    QTest.touchEvent(window, device).press(0, start, window).commit()
    for step in range(1, steps + 1):
        QTest.qWait(12)
        x = start.x() + (end.x() - start.x()) * step // steps
        y = start.y() + (end.y() - start.y()) * step // steps
        QTest.touchEvent(window, device).move(0, QPoint(x, y), window).commit()
    QTest.touchEvent(window, device).release(0, end, window).commit()
    settle(600)


def long_press(window: QQuickWindow, point: QPoint, ms: int) -> None:
    device = touch_device()
    QTest.touchEvent(window, device).press(0, point, window).commit()
    QTest.qWait(ms)
    QTest.touchEvent(window, device).release(0, point, window).commit()
    settle(50)


@contextlib.contextmanager
def running_kiosk(result: Any, **options: Any) -> Iterator[Any]:
    """A Kiosk on a 1920x1080 offscreen window for one test, closed afterwards."""
    from kiosk.ui.app import Kiosk

    kiosk = Kiosk(result, **options)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    try:
        yield kiosk
    finally:
        kiosk.window.close()
        kiosk.engine.deleteLater()


def require_tools(*tools: str) -> None:
    """Skip a real-window test where its tools are missing; in CI (which installs them), fail."""
    import os
    import shutil

    import pytest

    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (./test.sh installs them as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
