"""Kiosk lockdown: keys that leave the window do nothing, the window refuses to close, the
cursor hides.

None of it is an event filter on the window: Qt passes such a filter every event the window
gets, including the `UpdateRequest` that starts each frame, so Python would run on every
frame. The keys are filtered on the window's active focus item instead (where Qt Quick
delivers key events), a close request reaches Python through the window's `closing` signal,
and the cursor guard watches the window only under the `show-on-move` policy.

Only what the application itself can see is locked here. The compositor's own shortcuts
(Super, Alt+Tab on most desktops, Ctrl+Alt+F1 console switching, three-finger gestures) never
reach the application and must be locked in the operating system: docs/venue-install.md.

The signals that stop the kiosk, and the watchdog heartbeat: `kiosk.ui.service`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent, QMouseEvent
from PySide6.QtQml import QQmlComponent, QQmlEngine, qmlEngine
from PySide6.QtQuick import QQuickWindow

log = logging.getLogger("kiosk.lockdown")

__all__ = [
    "BLOCKED_KEYS",
    "CursorGuard",
    "CursorPolicy",
    "KeyLock",
    "Lockdown",
    "install_lockdown",
]

Key = Qt.Key
Mod = Qt.KeyboardModifier
ANY = None  # a combination that is blocked whatever modifiers are held

_MODIFIERS = Mod.ShiftModifier | Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier

# (key, modifiers): keys that close, leave or re-arrange a window in common desktops and
# browsers. Alt+Tab and Alt+Space usually go to the window manager and never get here.
BLOCKED_KEYS: frozenset[tuple[Qt.Key, Qt.KeyboardModifier | None]] = frozenset({
    (Key.Key_F4, Mod.AltModifier),                               # close window
    (Key.Key_F4, Mod.ControlModifier),                           # close document (Windows)
    (Key.Key_Escape, ANY),                                       # leave full screen / cancel
    (Key.Key_Q, Mod.ControlModifier),                            # quit
    (Key.Key_Q, Mod.ControlModifier | Mod.ShiftModifier),
    (Key.Key_W, Mod.ControlModifier),                            # close window / tab
    (Key.Key_W, Mod.ControlModifier | Mod.ShiftModifier),
    (Key.Key_F11, ANY),                                          # toggle full screen
    (Key.Key_Tab, Mod.AltModifier),                              # switch windows
    (Key.Key_Tab, Mod.AltModifier | Mod.ShiftModifier),
    (Key.Key_Backtab, Mod.AltModifier | Mod.ShiftModifier),
    (Key.Key_Space, Mod.AltModifier),                            # window menu
    (Key.Key_Close, ANY),                                        # "close" media key
})

_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                         QEvent.Type.ShortcutOverride})


def is_blocked(key: int, modifiers: Qt.KeyboardModifier,
               blocked: Iterable[tuple[Qt.Key, Qt.KeyboardModifier | None]] = BLOCKED_KEYS
               ) -> bool:
    """Whether this key with these modifiers is one the kiosk swallows."""
    held = modifiers & _MODIFIERS
    for blocked_key, blocked_mods in blocked:
        if key != blocked_key.value:
            continue
        if blocked_mods is None or held == blocked_mods:
            return True
    return False


# Passes a close request of the window to `KeyLock.closeAllowed()`. In QML because PySide
# cannot take the `closing` signal's argument (a QQuickCloseEvent, a type it does not know).
_CLOSING_GUARD = b"""
import QtQml
Connections {
    property QtObject lock: null
    function onClosing(close) { close.accepted = lock !== null && lock.closeAllowed() }
}
"""


class KeyLock(QObject):
    """Swallows the leaving keys and context menus, and refuses close requests (unless
    `allow_close()` says that this close is the staff exit or a stop signal).

    `attach(window)` puts it on a window. The keys are filtered on the window's active focus
    item, the item Qt Quick sends key events to (the window's content item when no other item
    has focus); the filter follows the focus when it moves. That item sees key and focus
    events, not the window's frames. Shortcut overrides are swallowed too, so a QML `Shortcut`
    on Escape or StandardKey.Quit never fires while the lock is on. Close requests come
    through the window's `closing` signal (a QML `Connections` object made here).
    """

    def __init__(
        self,
        allow_close: Callable[[], bool],
        parent: QObject | None = None,
        blocked_keys: Iterable[tuple[Qt.Key, Qt.KeyboardModifier | None]] = BLOCKED_KEYS,
    ) -> None:
        super().__init__(parent)
        self._allow_close = allow_close
        self._blocked = frozenset(blocked_keys)
        self.swallowed_keys = 0
        self.refused_closes = 0
        self._window: QQuickWindow | None = None
        self._watched: QObject | None = None
        self._closing: QObject | None = None
        self._keep: list[QObject] = []

    @property
    def watched(self) -> QObject | None:
        """The item whose key events are filtered now (the window's active focus item)."""
        return self._watched

    def attach(self, window: QQuickWindow) -> None:
        """Lock `window`'s keys and close requests (until `detach()`)."""
        if self._window is not None:
            raise RuntimeError("this KeyLock is already on a window")
        self._window = window
        window.activeFocusItemChanged.connect(self._follow_focus)
        self._follow_focus()
        self._closing, *self._keep = _closing_guard(window, self)

    def detach(self) -> None:
        """Take the lock off its window again."""
        window, self._window = self._window, None
        if window is None:
            return
        if shiboken6.isValid(window):
            window.activeFocusItemChanged.disconnect(self._follow_focus)
        self._watch(None)
        closing, self._closing = self._closing, None
        if closing is not None and shiboken6.isValid(closing):
            closing.setProperty("enabled", False)
            closing.deleteLater()
        self._keep.clear()

    @Slot()
    def _follow_focus(self) -> None:
        window = self._window
        self._watch(window.activeFocusItem() if window is not None else None)

    def _watch(self, item: QObject | None) -> None:
        if item is self._watched:
            return
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = item
        if item is not None:
            item.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent):
            if is_blocked(event.key(), event.modifiers(), self._blocked):
                if kind is QEvent.Type.KeyPress:
                    self.swallowed_keys += 1
                    log.debug("swallowed key %s with %s", event.key(), event.modifiers())
                event.accept()  # for ShortcutOverride: "taken", so no shortcut fires
                return True
            return False
        if kind is QEvent.Type.ContextMenu:
            event.accept()
            return True
        return False

    @Slot(result=bool)
    def closeAllowed(self) -> bool:  # camel case: a slot called from QML
        """Asked on every close request of the window: may it close?"""
        try:
            allowed = bool(self._allow_close())
        except Exception:  # a broken callback must not open the way out, nor crash
            log.exception("allow_close failed; keeping the window open")
            allowed = False
        if not allowed:
            self.refused_closes += 1
            log.info("refused to close the kiosk window (use the staff menu)")
        return allowed


def _closing_guard(window: QQuickWindow, lock: KeyLock) -> tuple[QObject, ...]:
    """A QML `Connections` on `window.closing` asking `lock.closeAllowed()`, owned by `lock`,
    and what must live as long as it does (keep them all: PySide deletes a Python-made engine
    or component with its last Python reference, parent or not)."""
    engine = qmlEngine(window)
    if engine is None:  # a window not made by QML: a small engine of the lock's own
        engine = QQmlEngine(lock)
    component = QQmlComponent(engine, lock)
    component.setData(_CLOSING_GUARD, QUrl.fromLocalFile(__file__))  # messages name this file
    guard = component.createWithInitialProperties({"target": window, "lock": lock})
    if guard is None:
        raise RuntimeError(f"the close guard did not load: {component.errorString()}")
    guard.setParent(lock)
    return guard, component, engine


class CursorPolicy(enum.Enum):
    """What the mouse cursor does on the kiosk screen (a setting)."""

    HIDDEN = "hidden"              # never shown: a touch-only kiosk
    SHOW_ON_MOVE = "show-on-move"  # hidden until a real mouse moves; hidden again after a pause
    VISIBLE = "visible"            # always shown: staff preview, or a mouse-driven kiosk


_REAL_POINTERS = frozenset({QInputDevice.DeviceType.Mouse, QInputDevice.DeviceType.TouchPad})


class CursorGuard(QObject):
    """Hides the cursor with an application override cursor and, under SHOW_ON_MOVE, shows it
    while a real mouse (not a touch turned into mouse events) is being moved.

    Only SHOW_ON_MOVE needs it as an event filter on the window (`install_lockdown` installs
    it only then): HIDDEN and VISIBLE are settled when it is made.
    """

    def __init__(
        self,
        policy: CursorPolicy,
        parent: QObject | None = None,
        hide_after_s: float = 5.0,
        move_threshold_px: float = 8.0,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self._threshold = move_threshold_px
        self._overridden = False
        self._anchor: QPointF | None = None
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(max(1, round(hide_after_s * 1000)))
        self._hide_timer.timeout.connect(self.hide)
        if policy is not CursorPolicy.VISIBLE:
            self.hide()

    @property
    def hidden(self) -> bool:
        return self._overridden

    def hide(self) -> None:
        if not self._overridden:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._overridden = True
        self._anchor = None

    def show(self) -> None:
        if self._overridden:
            QGuiApplication.restoreOverrideCursor()
            self._overridden = False

    def release(self) -> None:
        """Give the cursor back (on exit, or when the lockdown is removed)."""
        self._hide_timer.stop()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.policy is not CursorPolicy.SHOW_ON_MOVE:
            return False
        kind = event.type()
        if kind is QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if _from_real_mouse(event):
                self._mouse_moved(event.globalPosition())
        elif kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate):
            self._hide_timer.stop()
            self.hide()
        return False

    def _mouse_moved(self, where: QPointF) -> None:
        if not self._overridden:
            self._hide_timer.start()  # still moving: keep it shown a while longer
            return
        if self._anchor is None:  # the first event after hiding may be a synthetic "enter"
            self._anchor = QPointF(where)
            return
        if (where - self._anchor).manhattanLength() >= self._threshold:
            self.show()
            self._hide_timer.start()


def _from_real_mouse(event: QMouseEvent) -> bool:
    if event.source() is not Qt.MouseEventSource.MouseEventNotSynthesized:
        return False
    device = event.pointingDevice()
    return device is None or device.type() in _REAL_POINTERS


@dataclass
class Lockdown:
    """What `install_lockdown` put on a window; `remove()` takes it all off again."""

    window: QQuickWindow
    keys: KeyLock
    cursor: CursorGuard
    _connections: list[Callable[[], object]] = field(default_factory=list)

    def remove(self) -> None:
        self.keys.detach()
        if shiboken6.isValid(self.window):
            self.window.removeEventFilter(self.cursor)
        self.cursor.release()
        for disconnect in self._connections:
            disconnect()
        self._connections.clear()


def install_lockdown(
    window: QQuickWindow,
    allow_close: Callable[[], bool],
    *,
    cursor: CursorPolicy = CursorPolicy.SHOW_ON_MOVE,
    keep_fullscreen: bool = False,
    blocked_keys: Iterable[tuple[Qt.Key, Qt.KeyboardModifier | None]] = BLOCKED_KEYS,
) -> Lockdown:
    """Lock the kiosk window.

    `allow_close()` is asked on every close request (Alt+F4 from the window manager, a click
    on a title bar, `window.close()`, `app.quit()`): only when it returns True does the window
    close, i.e. for the staff exit or after a stop signal from the service manager.
    With `keep_fullscreen` the window goes back to full screen if something minimises it or
    takes it out of full screen (use it in kiosk mode, not for a `--windowed` preview).

    Nothing is installed that Qt would call on every frame, except under the `show-on-move`
    cursor policy: its guard must see the window's mouse moves (the default is `hidden`).
    """
    keys = KeyLock(allow_close, window, blocked_keys)
    keys.attach(window)
    guard = CursorGuard(cursor, window)
    if cursor is CursorPolicy.SHOW_ON_MOVE:
        window.installEventFilter(guard)
    lock = Lockdown(window, keys, guard)
    if keep_fullscreen:
        def back_to_fullscreen(state: Qt.WindowState) -> None:
            if state is Qt.WindowState.WindowFullScreen or not window.isVisible():
                return
            log.warning("the kiosk window left full screen (%s); putting it back", state)
            QTimer.singleShot(0, window.showFullScreen)

        window.windowStateChanged.connect(back_to_fullscreen)
        lock._connections.append(
            lambda: window.windowStateChanged.disconnect(back_to_fullscreen))
    log.info("kiosk lockdown on (cursor: %s, keep full screen: %s)", cursor.value,
             keep_fullscreen)
    return lock
