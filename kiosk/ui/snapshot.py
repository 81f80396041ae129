"""Render every screen of a stand to PNG, settled (no animation in flight), headless."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from kiosk.content import LoadResult

SETTLE_ROUNDS = 12
SETTLE_TIMEOUT_S = 20.0
POLISH_ROUNDS = 3
FULL_LIMIT = 16000  # px: the tallest whole-panel picture `--full` makes


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


def scrolls_down(item: Any) -> bool:
    """Is `item` a Flickable or ListView that moves up and down?"""
    klass = str(item.metaObject().className())
    if klass.startswith("QQuickFlickable"):
        return True
    if not klass.startswith("QQuickListView"):
        return False
    from PySide6.QtQml import QQmlEngine, QQmlExpression

    context = QQmlEngine.contextForObject(item)
    if context is None:
        return False
    vertical, _ = QQmlExpression(context, item, "orientation === ListView.Vertical").evaluate()
    return bool(vertical)


def _headless() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")


class Stage:
    """A kiosk window offscreen, without animations, that can be settled, resized and read
    (shared by `kiosk snapshot` and the layout check)."""

    def __init__(self, result: LoadResult, *, light: bool = False, rotation: int = 0,
                 size: tuple[int, int] = (1920, 1080)) -> None:
        _headless()
        from kiosk.ui.app import Kiosk, application, install_message_handler

        install_message_handler()
        self.app = application()
        if result.stand is None:
            raise ValueError("a stand that failed validation is never rendered")
        self.kiosk = Kiosk(result, animations=False, light=light, rotation=rotation)
        self.controller, self.window = self.kiosk.controller, self.kiosk.window
        self.window.resize(*size)
        self.window.show()

    def settle(self) -> None:
        """Until nothing is left to do: events handled and every image on screen loaded."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while True:
            for _ in range(SETTLE_ROUNDS):
                self.app.processEvents()
            # the window's update request comes by a timer (a few ms): the items are
            # polished (lists and positioners laid out) in the frame it starts
            for _ in range(POLISH_ROUNDS):
                time.sleep(0.006)
                self.app.processEvents()
            if not _images_loading(self.window.contentItem()) or time.monotonic() > deadline:
                return
            time.sleep(0.01)

    def go_to(self, index: int) -> None:
        """Show panel `index`, settled, its page where the list would bring it to rest (right
        to left on a window not made at its size, the list slides there slowly, by an
        animation of its own: caught half-way, a page would be offset)."""
        self.controller.goTo(index)
        self.settle()
        page = self.page(index)
        pager = page.parentItem().parentItem() if page is not None else None
        if pager is not None and abs(float(pager.property("contentX")) - page.x()) > 0.5:
            pager.setProperty("contentX", page.x())
            self.settle()

    def resize(self, size: tuple[int, int]) -> None:
        self.window.resize(*size)
        self.settle()

    def reveal_all(self) -> None:
        """Uncover every sensitive item, so what lies beneath is laid out and checked too."""
        stack = [self.window.contentItem()]
        changed = False
        while stack:
            item = stack.pop()
            stack.extend(item.childItems())
            if item.property("sensitive") is True and item.property("revealed") is False:
                item.setProperty("revealed", True)
                changed = True
        if changed:
            self.settle()

    def focus_first_stop(self, index: int) -> None:
        """Give the keypad's focus to the first item of panel `index` (its focus ring shown)."""
        from kiosk.ui.narrator import ITEMS  # the kinds of item the keypad stops at

        self.window.requestActivate()
        page = self.page(index)
        stack = [page] if page is not None else []
        while stack:
            item = stack.pop(0)
            if item.objectName().split("-")[0] in ITEMS and item.isVisible():
                item.forceActiveFocus()
                self.settle()
                return
            stack.extend(item.childItems())

    def page(self, index: int) -> Any:
        stack = [self.window.contentItem()]
        while stack:
            item = stack.pop()
            if item.objectName() == f"page-{index}":
                return item
            stack.extend(item.childItems())
        return None

    def full_height(self, index: int, least: int) -> int:
        """The window height at which panel `index` shows all it holds without scrolling, at
        least `least`. Less than the window's own where it has room to spare: a list's
        height is its estimate until all its delegates exist, and an estimate grown into
        left ~800 px of blank at the end of a long background panel."""
        page = self.page(index)
        if page is None:
            return self.window.height()
        extra: float | None = None
        stack = [page]
        while stack:
            item = stack.pop()
            stack.extend(item.childItems())
            if scrolls_down(item) and item.isVisible():
                whole = (float(item.property("contentHeight"))
                         + float(item.property("topMargin"))
                         + float(item.property("bottomMargin")))
                extra = whole - item.height() if extra is None else max(extra, whole - item.height())
        return max(least, min(FULL_LIMIT, self.window.height() + round(extra or 0.0)))

    def grab(self, path: Path) -> Path:
        self.settle()
        image = self.window.grabWindow()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        return path

    def close(self) -> None:
        self.controller.resetToAttract()
        self.window.close()
        del self.kiosk


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
    full: bool = False,
    keypad: bool = False,
) -> list[Path]:
    """Write attract-<lang>.png and <panel-id>-<lang>.png for every language into `out`.
    `full`: each panel whole, all it scrolls to, in one tall picture (for proofreading; the
    layout is that of the `size` given, the window grown downwards).
    `keypad`: the keypad's focus (and its ring) on each panel's first item."""
    if result.stand is None:
        raise ValueError("a stand that failed validation is never rendered")
    stage = Stage(result, light=light, rotation=rotation, size=size)
    controller = stage.controller
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    languages = [language] if language else list(result.stand.languages)
    for code in languages:
        controller.resetToAttract()
        controller.setLanguage(code)
        written.append(stage.grab(out / f"attract-{code}.png"))
        controller.activity()
        controller.setProperty("largeText", large_text)
        controller.setProperty("highContrast", high_contrast)
        for index, panel in enumerate(result.stand.panels):
            stage.go_to(index)
            if keypad:
                stage.focus_first_stop(index)
            if full:
                stage.window.setProperty("layoutWidth", size[0])
                stage.window.setProperty("layoutHeight", size[1])
                stage.settle()
                # grown a step at a time: a list makes more delegates as it grows
                for _ in range(8):
                    height = stage.full_height(index, size[1])
                    if height == stage.window.height():
                        break
                    stage.window.resize(size[0], height)
                    stage.settle()
            written.append(stage.grab(out / f"{panel.id}-{code}.png"))
            if full:
                stage.resize(size)
                stage.window.setProperty("layoutWidth", 0)
                stage.window.setProperty("layoutHeight", 0)
    stage.close()
    return written
