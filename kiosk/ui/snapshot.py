"""Render every screen of a stand to PNG, settled (no animation in flight), headless."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from kiosk.content import LoadResult

SETTLE_ROUNDS = 12
SETTLE_TIMEOUT_S = 20.0


def _images_loading(root: Any) -> bool:
    """Is any image in the visual tree still loading? (A broken one is done: it shows its
    placeholder.)"""
    from PySide6.QtQml import QQmlEngine, QQmlExpression

    stack = [root]
    while stack:
        item = stack.pop()
        stack.extend(item.childItems())
        if item.metaObject().className().startswith("QQuickImage") and item.isVisible():
            context = QQmlEngine.contextForObject(item)
            if context is None:
                continue
            loading, _ = QQmlExpression(context, item, "status === Image.Loading").evaluate()
            if loading:
                return True
    return False


def _headless() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")


def render_snapshots(
    result: LoadResult,
    out: Path,
    size: tuple[int, int] = (1920, 1080),
    language: str | None = None,
    *,
    light: bool = False,
    large_text: bool = False,
    high_contrast: bool = False,
    rotation: int = 0,
) -> list[Path]:
    """Write attract-<lang>.png and <panel-id>-<lang>.png for every language into `out`."""
    _headless()
    from kiosk.ui.app import Kiosk, application, install_message_handler

    install_message_handler()
    app = application()
    if result.stand is None:
        raise ValueError("a stand that failed validation is never rendered")
    kiosk = Kiosk(result, animations=False, light=light, rotation=rotation)
    controller, window = kiosk.controller, kiosk.window
    window.resize(*size)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle() -> None:
        """Until nothing is left to do: events handled and every image on screen loaded."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while True:
            for _ in range(SETTLE_ROUNDS):
                app.processEvents()
            if not _images_loading(window.contentItem()) or time.monotonic() > deadline:
                return
            time.sleep(0.01)

    def grab(name: str) -> None:
        settle()
        image = window.grabWindow()
        path = out / f"{name}.png"
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)

    languages = [language] if language else list(result.stand.languages)
    for code in languages:
        controller.resetToAttract()
        controller.setLanguage(code)
        grab(f"attract-{code}")
        controller.activity()
        controller.setProperty("largeText", large_text)
        controller.setProperty("highContrast", high_contrast)
        for index, panel in enumerate(result.stand.panels):
            controller.goTo(index)
            grab(f"{panel.id}-{code}")
    controller.resetToAttract()
    window.close()
    del kiosk
    return written
