"""`kiosk preview STAND`: a window for stand authors that follows every save.

The stand's files are looked at every `poll_ms` (a stat of each file, as `kiosk validate
--watch` does: no file is read unless one changed). A changed stand is validated (without
decoding pictures: the preview is for writing, `kiosk validate` for the last word); if it
passes, it replaces the one shown, keeping the panel, language and scroll position the
author was looking at; if not, its problems (FILE:LINE:COLUMN, what is wrong, the hint) are
laid over the last good version, which stays visible behind them. The preview never writes
to the stand.

Keys: L next language, S next size (landscape, portrait, small), T light/dark theme,
G larger text, C high contrast, R validate again now, Left/Right previous/next panel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem

from kiosk.authoring.report import fingerprint
from kiosk.content import LoadResult, load_stand

log = logging.getLogger("kiosk.preview")

SIZES = ((1920, 1080), (1080, 1920), (1280, 800))
POLL_MS = 200
PREVIEW_IDLE_S = 86_400.0  # an author reading is no visitor gone: no return to attract

_OVERLAY_QML = b"""
import QtQuick

Rectangle {
    id: overlay
    property var problems: []
    objectName: "preview-problems"
    visible: problems.length > 0
    anchors.left: parent ? parent.left : undefined
    anchors.right: parent ? parent.right : undefined
    anchors.bottom: parent ? parent.bottom : undefined
    height: Math.min(parent ? parent.height * 0.6 : 400, column.implicitHeight + 48)
    color: "#e6150c0c"
    z: 10000
    clip: true
    Column {
        id: column
        x: 24; y: 24
        width: overlay.width - 48
        spacing: 8
        Text {
            text: "Not valid: the last good version is shown behind this"
            color: "#ffb4a8"
            font.pixelSize: 26
            font.bold: true
            textFormat: Text.PlainText
        }
        Repeater {
            model: overlay.problems
            Text {
                required property string modelData
                width: column.width
                text: modelData
                color: "#f4eee6"
                font.pixelSize: 20
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
        }
    }
}
"""


def _tree(root: QQuickItem) -> list[QQuickItem]:
    """`root` and every item under it in the visual tree (delegates included)."""
    found: list[QQuickItem] = []
    stack = [root]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.childItems())
    return found


def _problems_only(folder: Path) -> LoadResult:
    return LoadResult(folder, None, _load(folder).problems)


def _load(folder: Path) -> LoadResult:
    return load_stand(folder)  # no decoder: every check but decoding, in well under a second


class Preview(QObject):
    """The preview window of the stand in `folder`, reloaded on every change."""

    def __init__(self, folder: Path, size: tuple[int, int] = SIZES[0], *,
                 poll_ms: int = POLL_MS, light: bool = False) -> None:
        super().__init__()
        self.folder = folder
        self.size = size
        self.light = light
        self.kiosk: Any = None  # kiosk.ui.app.Kiosk, once a version has passed
        self._failure: tuple[Any, Any] | None = None  # (engine, window) until then
        self.overlay: QQuickItem | None = None
        self.problems: list[str] = []
        self.reloads = 0  # versions shown since the first (for tests and the log)
        self._stamp = fingerprint(folder)
        self._pending: tuple[Any, ...] | None = None
        first = _load(folder)
        self._result: LoadResult | None = first if first.ok else None
        self._build()
        self._report(first)
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    # --- the window ----------------------------------------------------------------

    def _build(self) -> None:
        """(Re)make the window: for the first good version, or a new theme."""
        from kiosk.ui.app import Kiosk

        state = self._state() if self.kiosk is not None else None
        if self.kiosk is not None:
            self.kiosk.window.removeEventFilter(self)
            self.kiosk.window.close()
            self.kiosk.engine.deleteLater()
            self.kiosk = None
            self.overlay = None
        if self._result is None:  # never valid yet: the kiosk's own failure screen, until it is
            from kiosk.ui.app import show_failure

            self._failure = show_failure(_problems_only(self.folder))
            return
        if self._failure is not None:
            self._failure[1].close()
            self._failure[0].deleteLater()
            self._failure = None
        self.kiosk = Kiosk(self._result, idle_timeout=PREVIEW_IDLE_S, light=self.light)
        window = self.kiosk.window
        window.resize(*self.size)
        window.installEventFilter(self)
        component = QQmlComponent(self.kiosk.engine)
        component.setData(QByteArray(_OVERLAY_QML), QUrl("preview-overlay.qml"))
        created = component.create()
        if not isinstance(created, QQuickItem):  # pragma: no cover - the QML above is fixed
            raise RuntimeError(f"the preview overlay did not load: {component.errorString()}")
        created.setParentItem(window.contentItem())
        created.setParent(window)
        self.overlay = created
        self.overlay.setProperty("problems", self.problems)
        self.kiosk.controller.activity()  # straight to the panels, not the attract screen
        if state is not None:
            self._restore(state)
        self._retitle()

    def show(self) -> None:
        if self.kiosk is not None:
            self.kiosk.window.show()
        elif self._failure is not None and self._failure[1] is not None:
            self._failure[1].resize(*self.size)
            self._failure[1].show()

    @property
    def window(self) -> Any:
        """The window on screen: the stand's, or the failure screen before it was ever valid."""
        if self.kiosk is not None:
            return self.kiosk.window
        return self._failure[1] if self._failure is not None else None

    def _state(self) -> tuple[str, int, dict[str, float], bool, bool]:
        controller = self.kiosk.controller
        return (str(controller.language), int(controller.currentIndex), self._scrolls(),
                bool(controller.largeText), bool(controller.highContrast))

    def _page(self) -> QQuickItem | None:
        name = f"page-{int(self.kiosk.controller.currentIndex)}"
        return next((item for item in _tree(self.kiosk.window.contentItem())
                     if item.objectName() == name), None)

    def _scrolls(self) -> dict[str, float]:
        """The scroll positions of the lists on the current panel, by their names."""
        page = self._page()
        if page is None:
            return {}
        return {item.objectName(): float(item.property("contentY"))
                for item in _tree(page)
                if item.objectName() and item.property("contentY") is not None}

    def _restore(self, state: tuple[str, int, dict[str, float], bool, bool]) -> None:
        language, index, scrolls, large, contrast = state
        controller = self.kiosk.controller
        if controller.phase != "browsing":
            controller.activity()
        if language in controller.stand.languages:
            controller.setLanguage(language)
        controller.goTo(min(index, len(controller.stand.panels) - 1))
        controller.largeText = large
        controller.highContrast = contrast
        if scrolls:  # once the new rows are laid out
            QTimer.singleShot(0, lambda: self._scroll_to(scrolls))

    def _scroll_to(self, scrolls: dict[str, float]) -> None:
        if self.kiosk is None:
            return
        page = self._page()
        if page is None:
            return
        for item in _tree(page):
            if item.objectName() in scrolls and item.property("contentY") is not None:
                item.setProperty("contentY", scrolls[item.objectName()])

    # --- reloading -----------------------------------------------------------------

    def _poll(self) -> None:
        stamp = fingerprint(self.folder)
        if stamp != self._stamp:
            self._stamp = stamp
            self.reload()

    def reload(self) -> None:
        """Validate the stand now, and show it if it passed."""
        result = _load(self.folder)
        self._report(result)
        if not result.ok or result.stand is None:
            return
        self._result = result
        if self.kiosk is None:  # the first good version: the failure screen gives way
            self._build()
            self.show()
        else:
            state = self._state()
            self.kiosk.controller.replace_stand(result.stand, result.folder)
            self._restore(state)
        self.reloads += 1
        self._retitle()
        log.info("preview: showing the stand as saved (%d warning(s))", len(result.warnings))

    def _report(self, result: LoadResult) -> None:
        base = self.folder.parent
        errors = [problem.format(base) for problem in result.problems if problem.is_error]
        if errors != self.problems:
            for line in errors:
                log.error("%s", line)
        self.problems = errors
        if self.overlay is not None:
            self.overlay.setProperty("problems", errors)
        elif self._failure is not None and self._failure[1] is not None:
            self._failure[1].setProperty("problems", errors or ["unknown problem"])
        self._retitle()

    def _retitle(self) -> None:
        """The window's title says the state: a window manager, a taskbar (and a test on a
        real X server) see it without looking inside."""
        window = self.window
        if window is None:
            return
        if self.problems:
            first = self.problems[0].split(": error: ")[0]
            state = f"NOT valid ({len(self.problems)} error(s), first at {first})"
        elif self.kiosk is not None:
            state = str(self.kiosk.controller.title)
        else:
            state = "checking"
        window.setTitle(f"Preview: {state} - {self.folder}")

    @property
    def overlay_visible(self) -> bool:
        return self.overlay is not None and bool(self.overlay.property("visible"))

    # --- keys ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.key(event.key())
        return False

    def key(self, key: int) -> bool:
        """Act on a key; True when it is one of the preview's."""
        if self.kiosk is None:
            return False
        controller = self.kiosk.controller
        if key == Qt.Key.Key_L:
            languages = list(controller.stand.languages)
            at = languages.index(controller.language) if controller.language in languages else 0
            controller.setLanguage(languages[(at + 1) % len(languages)])
        elif key == Qt.Key.Key_S:
            at = SIZES.index(self.size) if self.size in SIZES else -1
            self.size = SIZES[(at + 1) % len(SIZES)]
            self.kiosk.window.resize(*self.size)
        elif key == Qt.Key.Key_T:
            self.light = not self.light
            self._build()
            self.show()
        elif key == Qt.Key.Key_G:
            controller.largeText = not controller.largeText
        elif key == Qt.Key.Key_C:
            controller.highContrast = not controller.highContrast
        elif key == Qt.Key.Key_R:
            self.reload()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            step = 1 if key == Qt.Key.Key_Right else -1
            controller.goTo(max(0, min(len(controller.stand.panels) - 1,
                                       int(controller.currentIndex) + step)))
        else:
            return False
        return True

    def close(self) -> None:
        self._timer.stop()
        if self._failure is not None:
            self._failure[1].close()
            self._failure[0].deleteLater()
            self._failure = None
        if self.kiosk is not None:
            self.kiosk.window.removeEventFilter(self)
            self.kiosk.window.close()
            self.kiosk.engine.deleteLater()
            self.kiosk = None


def run_preview(stand: Path, size: tuple[int, int], *, light: bool = False) -> int:
    """`kiosk preview`: the window until it is closed or Ctrl-C; its exit code."""
    import signal
    import sys

    from PySide6.QtCore import QTimer

    from kiosk.ui.app import application

    app = application()
    preview = Preview(stand, size, light=light)
    if preview.kiosk is None:
        for line in preview.problems:
            print(line, file=sys.stderr)
        print(f"{stand}: NOT valid; the preview opens once it is (watching for saves)",
              file=sys.stderr)
    print("kiosk preview: L language, S size, T theme, G larger text, C high contrast, "
          "R validate again, Left/Right panel; Ctrl-C or close the window to stop",
          file=sys.stderr)
    preview.show()
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    wake = QTimer(interval=200)  # lets Python see Ctrl-C while Qt waits
    wake.timeout.connect(lambda: None)
    wake.start()
    code = app.exec()
    preview.close()
    return code
