"""Lockdown on a real (offscreen) QML window; the watchdog heartbeat on the GUI loop; stop signals.

The locked kiosk is also watched frame by frame: no Python of the kiosk runs for a frame
(`sys.setprofile` counts the calls while frames are drawn and nothing is touched).

The heartbeat is observed from outside twice: in this process (the loop blocked by a sleep) and
in a child process frozen with SIGSTOP and resumed with SIGCONT, then stopped with SIGTERM.
The last test (marked `xvfb`) runs the real kiosk UI on an X server with a window manager and
drives it with real X input events.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPropertyAnimation, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtTest import QSignalSpy, QTest

import kiosk
from kiosk.ui.lockdown import CursorPolicy, Lockdown, install_lockdown, is_blocked
from kiosk.ui.service import install_signal_handlers, start_heartbeat
from kiosk.venue.notify import Notifier
from tools.xharness import XServer

Key = Qt.Key
Mod = Qt.KeyboardModifier

WINDOW_QML = b"""
import QtQuick
Window {
    visible: true; width: 200; height: 100
    property int shortcuts: 0
    property string keys: ""
    Shortcut { sequences: ["Ctrl+Q", "Ctrl+W", "Esc", "F11"]; onActivated: shortcuts += 1 }
    Item {
        anchors.fill: parent; focus: true
        Keys.onPressed: (event) => { keys += event.key + " " }
    }
    Item {
        objectName: "other"
        Keys.onPressed: (event) => { keys += event.key + " " }
    }
}
"""

MODIFIER_KEYS = {k.value for k in (Key.Key_Control, Key.Key_Alt, Key.Key_Shift, Key.Key_Meta)}

LEAVING_KEYS = [
    (Key.Key_F4, Mod.AltModifier),
    (Key.Key_Escape, Mod.NoModifier),
    (Key.Key_Escape, Mod.ShiftModifier),
    (Key.Key_Q, Mod.ControlModifier),
    (Key.Key_W, Mod.ControlModifier),
    (Key.Key_F11, Mod.NoModifier),
    (Key.Key_Tab, Mod.AltModifier),
    (Key.Key_F4, Mod.ControlModifier),
]


class Window:
    def __init__(self, engine: QQmlApplicationEngine, window: QQuickWindow) -> None:
        self.engine = engine
        self.window = window
        self.may_close = False

    def prop(self, name: str) -> Any:
        return self.window.property(name)

    def keys(self) -> list[int]:
        """The keys that reached the focused QML item (QTest presses Ctrl, Alt... first)."""
        return [int(key) for key in self.prop("keys").split() if int(key) not in MODIFIER_KEYS]


@pytest.fixture
def qml_window(qapp: QGuiApplication, qtbot: Any) -> Iterator[Window]:
    engine = QQmlApplicationEngine()
    engine.loadData(WINDOW_QML)
    roots = engine.rootObjects()
    assert roots and isinstance(roots[0], QQuickWindow)
    window = roots[0]
    window.requestActivate()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window)
    made = Window(engine, window)
    yield made
    made.may_close = True
    window.close()
    engine.deleteLater()
    qtbot.wait(1)


@pytest.fixture
def locked(qml_window: Window) -> Iterator[tuple[Window, Lockdown]]:
    lock = install_lockdown(qml_window.window, lambda: qml_window.may_close,
                            cursor=CursorPolicy.HIDDEN)
    yield qml_window, lock
    lock.remove()


def test_the_shortcuts_fire_without_the_lock(qml_window: Window) -> None:
    # the control experiment: the window really does react to these keys when unlocked
    QTest.keyClick(qml_window.window, Key.Key_Q, Mod.ControlModifier)
    QTest.keyClick(qml_window.window, Key.Key_Escape)
    QTest.keyClick(qml_window.window, Key.Key_A)
    assert qml_window.prop("shortcuts") == 2
    assert qml_window.keys() == [Key.Key_A.value]


@pytest.mark.parametrize(("key", "modifiers"), LEAVING_KEYS)
def test_leaving_keys_do_nothing(locked: tuple[Window, Lockdown], key: Key, modifiers: Mod,
                                 qtbot: Any) -> None:
    made, lock = locked
    QTest.keyClick(made.window, key, modifiers)
    qtbot.wait(10)
    assert made.window.isVisible()
    assert made.prop("shortcuts") == 0  # no QML Shortcut fired
    assert made.keys() == []  # and no item saw the key
    assert lock.keys.swallowed_keys == 1


def test_other_keys_still_reach_the_ui(locked: tuple[Window, Lockdown]) -> None:
    made, lock = locked
    QTest.keyClick(made.window, Key.Key_A)
    QTest.keyClick(made.window, Key.Key_Q)  # without Ctrl, Q is just a letter
    assert made.keys() == [Key.Key_A.value, Key.Key_Q.value]
    assert lock.keys.swallowed_keys == 0


def test_close_is_refused_until_allowed(locked: tuple[Window, Lockdown], qtbot: Any) -> None:
    made, lock = locked
    assert made.window.close() is False
    qtbot.wait(10)
    assert made.window.isVisible()
    assert lock.keys.refused_closes == 1

    made.may_close = True  # the staff exit, or a stop signal
    assert made.window.close() is True
    qtbot.waitUntil(lambda: not made.window.isVisible())


def test_broken_allow_close_keeps_the_window(qml_window: Window, qtbot: Any) -> None:
    def broken() -> bool:
        raise RuntimeError("settings unreadable")

    lock = install_lockdown(qml_window.window, broken, cursor=CursorPolicy.VISIBLE)
    try:
        assert qml_window.window.close() is False
        assert qml_window.window.isVisible()
    finally:
        lock.remove()


def test_the_key_lock_follows_the_focus(locked: tuple[Window, Lockdown], qtbot: Any) -> None:
    made, lock = locked
    other = next(item for item in made.window.contentItem().childItems()
                 if item.objectName() == "other")
    other.forceActiveFocus()
    qtbot.waitUntil(lambda: made.window.activeFocusItem() is other)
    assert lock.keys.watched is other  # the filter moved with the focus
    QTest.keyClick(made.window, Key.Key_Escape)
    QTest.keyClick(made.window, Key.Key_Q, Mod.ControlModifier)
    QTest.keyClick(made.window, Key.Key_A)
    assert made.prop("shortcuts") == 0
    assert made.keys() == [Key.Key_A.value]  # only the harmless key reached the new focus
    assert lock.keys.swallowed_keys == 2


def test_removing_the_lock_gives_keys_and_close_back(qml_window: Window, qtbot: Any) -> None:
    lock = install_lockdown(qml_window.window, lambda: False, cursor=CursorPolicy.VISIBLE)
    QTest.keyClick(qml_window.window, Key.Key_Escape)
    assert qml_window.prop("shortcuts") == 0
    lock.remove()
    QTest.keyClick(qml_window.window, Key.Key_Escape)
    assert qml_window.prop("shortcuts") == 1
    assert lock.keys.watched is None
    assert qml_window.window.close() is True
    assert lock.keys.refused_closes == 0


def test_a_window_not_made_by_qml_is_locked_too(qapp: QGuiApplication, qtbot: Any) -> None:
    window = QQuickWindow()
    window.resize(200, 100)
    window.show()
    qtbot.waitExposed(window)
    may_close = False
    lock = install_lockdown(window, lambda: may_close, cursor=CursorPolicy.VISIBLE)
    try:
        assert window.close() is False
        assert window.isVisible()
        assert lock.keys.refused_closes == 1
        may_close = True
        assert window.close() is True
    finally:
        lock.remove()
        window.destroy()


def test_key_table() -> None:
    assert is_blocked(Key.Key_Escape.value, Mod.ControlModifier | Mod.KeypadModifier)
    assert is_blocked(Key.Key_F4.value, Mod.AltModifier | Mod.KeypadModifier)
    assert not is_blocked(Key.Key_F4.value, Mod.NoModifier)
    assert not is_blocked(Key.Key_Q.value, Mod.AltModifier)
    assert not is_blocked(Key.Key_Tab.value, Mod.NoModifier)  # focus moves as usual


def test_cursor_hidden_and_given_back(qml_window: Window) -> None:
    lock = install_lockdown(qml_window.window, lambda: True, cursor=CursorPolicy.HIDDEN)
    cursor = QGuiApplication.overrideCursor()
    assert cursor is not None and cursor.shape() is Qt.CursorShape.BlankCursor
    QTest.mouseMove(qml_window.window, QPoint(10, 10))
    QTest.mouseMove(qml_window.window, QPoint(150, 80))
    assert lock.cursor.hidden  # HIDDEN never shows it
    lock.remove()
    assert QGuiApplication.overrideCursor() is None


def test_cursor_shows_when_a_mouse_moves_and_hides_again(qml_window: Window, qtbot: Any) -> None:
    lock = install_lockdown(qml_window.window, lambda: True, cursor=CursorPolicy.SHOW_ON_MOVE)
    try:
        lock.cursor._hide_timer.setInterval(100)
        assert lock.cursor.hidden
        QTest.mouseMove(qml_window.window, QPoint(10, 10))
        QTest.mouseMove(qml_window.window, QPoint(12, 11))  # a jiggle is not a move
        assert lock.cursor.hidden
        QTest.mouseMove(qml_window.window, QPoint(120, 60))
        assert not lock.cursor.hidden
        assert QGuiApplication.overrideCursor() is None
        qtbot.waitUntil(lambda: lock.cursor.hidden, timeout=2000)  # hidden after a pause

        QTest.mouseMove(qml_window.window, QPoint(20, 20))
        QTest.mouseMove(qml_window.window, QPoint(150, 90))
        assert not lock.cursor.hidden
        device = QTest.createTouchDevice()
        QTest.touchEvent(qml_window.window, device).press(0, QPoint(50, 50)).commit()
        QTest.touchEvent(qml_window.window, device).release(0, QPoint(50, 50)).commit()
        assert lock.cursor.hidden  # a touch hides it at once
    finally:
        lock.remove()
    assert QGuiApplication.overrideCursor() is None


def test_keep_fullscreen_puts_the_window_back(qml_window: Window, qtbot: Any) -> None:
    window = qml_window.window
    window.showFullScreen()
    qtbot.waitUntil(lambda: window.windowState() is Qt.WindowState.WindowFullScreen)
    lock = install_lockdown(window, lambda: qml_window.may_close, cursor=CursorPolicy.VISIBLE,
                            keep_fullscreen=True)
    try:
        window.showNormal()
        qtbot.waitUntil(lambda: window.windowState() is Qt.WindowState.WindowFullScreen,
                        timeout=2000)
    finally:
        lock.remove()


# --- no Python per frame ------------------------------------------------------------------

KIOSK_DIR = str(Path(kiosk.__file__).resolve().parent) + os.sep


class KioskCalls:
    """A `sys.setprofile` hook counting calls of Python functions in the kiosk package."""

    def __init__(self) -> None:
        self.calls: collections.Counter[str] = collections.Counter()

    def __call__(self, frame: Any, event: str, arg: object) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(KIOSK_DIR):
            code = frame.f_code
            self.calls[f"{Path(code.co_filename).name}:{code.co_firstlineno} {code.co_name}"] += 1


def settle_quietly(quiet_ms: int = 400, timeout_ms: int = 8000) -> None:
    """Wait until no kiosk Python has run for `quiet_ms` (the panels are built in the
    background after the first frame, and a visit builds more), or until `timeout_ms`."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        counter = KioskCalls()
        sys.setprofile(counter)
        try:
            QTest.qWait(quiet_ms)
        finally:
            sys.setprofile(None)
        if not counter.calls:
            return


def calls_per_frame(window: QQuickWindow, ms: int = 1500) -> tuple[int, dict[str, int]]:
    """Frames drawn in `ms` while the whole window fades a little back and forth (animated in
    C++, nothing touched), and the kiosk functions that ran about as often as frames were drawn
    (a filter on the window runs once a frame; a burst of work, such as the attract screen's
    prompt changing every few seconds, stays well under)."""
    animation = QPropertyAnimation(window.contentItem(), b"opacity")
    animation.setKeyValueAt(0, 1.0)
    animation.setKeyValueAt(0.5, 0.97)
    animation.setKeyValueAt(1, 1.0)
    animation.setDuration(400)
    animation.setLoopCount(-1)
    frames = QSignalSpy(window.frameSwapped)  # counted in C++: no Python per frame here
    counter = KioskCalls()
    animation.start()
    sys.setprofile(counter)
    try:
        QTest.qWait(ms)
    finally:
        sys.setprofile(None)
        animation.stop()
        window.contentItem().setOpacity(1.0)
    drawn = frames.count()
    return drawn, {name: n for name, n in counter.calls.items() if n >= drawn * 0.8}


@pytest.fixture
def locked_kiosk(kiosk: Any, qtbot: Any) -> Iterator[tuple[Any, Lockdown]]:
    """The sample kiosk locked as `kiosk run` locks it with the default settings (the full-screen
    watch is a signal, left out here: this window is not full screen)."""
    from kiosk.venue.settings import Settings

    window = kiosk.window
    window.requestActivate()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window)
    leaving = [False]
    lock = install_lockdown(window, lambda: leaving[0], cursor=CursorPolicy(Settings().cursor))
    yield kiosk, lock
    leaving[0] = True
    lock.remove()


def test_no_kiosk_python_runs_per_frame(locked_kiosk: tuple[Any, Lockdown]) -> None:
    kiosk, _lock = locked_kiosk
    settle_quietly()
    frames, per_frame = calls_per_frame(kiosk.window)
    assert frames >= 15
    assert per_frame == {}, f"kiosk Python run on every frame ({frames} frames): {per_frame}"

    # during a visit, with the mouse resting on the window while things move under it
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(960, 540))
    assert kiosk.controller.phase == "browsing"
    QTest.mouseMove(kiosk.window, QPoint(700, 500))
    settle_quietly()
    frames, per_frame = calls_per_frame(kiosk.window)
    assert frames >= 15
    assert per_frame == {}, f"kiosk Python run on every frame ({frames} frames): {per_frame}"


def test_the_frame_probe_sees_a_filter_on_the_window(kiosk: Any) -> None:
    # the control experiment: a Python event filter on the window runs for every frame (so
    # the show-on-move cursor policy, which needs one, still costs a call per frame)
    settle_quietly()
    lock = install_lockdown(kiosk.window, lambda: True, cursor=CursorPolicy.SHOW_ON_MOVE)
    try:
        frames, per_frame = calls_per_frame(kiosk.window)
    finally:
        lock.remove()
    assert frames >= 15
    assert [name.split()[-1] for name in per_frame] == ["eventFilter"], per_frame


def test_the_locked_kiosk_swallows_leaving_keys_and_refuses_to_close(
    locked_kiosk: tuple[Any, Lockdown], qtbot: Any
) -> None:
    kiosk, lock = locked_kiosk
    window = kiosk.window
    QTest.keyClick(window, Key.Key_Escape)
    QTest.keyClick(window, Key.Key_F11)
    assert lock.keys.swallowed_keys == 2
    assert kiosk.controller.phase == "attract"  # a swallowed key is not a visitor
    for key, modifiers in LEAVING_KEYS:
        QTest.keyClick(window, key, modifiers)
    assert lock.keys.swallowed_keys == 2 + len(LEAVING_KEYS)
    assert window.close() is False
    qtbot.wait(10)
    assert window.isVisible()
    assert lock.keys.refused_closes == 1


# --- the watchdog heartbeat ---------------------------------------------------------------


class Listener:
    """The service manager's end of NOTIFY_SOCKET (an abstract socket on Linux)."""

    def __init__(self) -> None:
        self.name = f"@kiosk-test-{uuid.uuid4().hex}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.name[1:])

    def pending(self) -> list[str]:
        got: list[str] = []
        self.sock.setblocking(False)
        try:
            while True:
                got.append(self.sock.recv(4096).decode())
        except BlockingIOError:
            return got

    def wait_for(self, text: str, timeout: float) -> list[str]:
        """Datagrams up to and including the first that is `text`; fails after `timeout`."""
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                got.append(self.sock.recv(4096).decode())
            except TimeoutError:
                break
            if got[-1] == text:
                return got
        raise AssertionError(f"no {text!r} within {timeout} s; got {got}")

    def close(self) -> None:
        self.sock.close()


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="abstract AF_UNIX sockets and SIGSTOP")


@pytest.fixture
def listener() -> Iterator[Listener]:
    got = Listener()
    yield got
    got.close()


@linux_only
def test_heartbeats_flow_while_the_loop_runs_and_stop_when_it_is_blocked(
    qapp: QGuiApplication, qtbot: Any, listener: Listener
) -> None:
    notifier = Notifier(listener.name, watchdog_usec=200_000)  # a heartbeat every 0.1 s
    timer = start_heartbeat(notifier, None)
    try:
        assert timer.isActive() and timer.interval() == 100
        qtbot.wait(550)
        beats = listener.pending()
        assert len(beats) >= 4 and set(beats) == {"WATCHDOG=1"}

        time.sleep(0.35)  # the GUI thread is stuck: more than three intervals
        assert listener.pending() == []  # no heartbeat while it was stuck

        qtbot.wait(250)  # the loop runs again: so do the heartbeats
        assert len(listener.pending()) >= 1
    finally:
        timer.stop()
        timer.deleteLater()
        notifier.close()


def test_no_heartbeat_timer_without_a_watchdog(qapp: QGuiApplication) -> None:
    timer = start_heartbeat(Notifier(None, None), None)
    assert not timer.isActive()
    timer.deleteLater()


@linux_only
def test_stop_signal_runs_on_the_qt_loop(qapp: QGuiApplication, qtbot: Any) -> None:
    stops: list[int] = []
    bridge = install_signal_handlers(qapp, stops.append, signals=(signal.SIGTERM,))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: stops == [signal.SIGTERM], timeout=2000)
    finally:
        bridge.uninstall()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from kiosk.ui.service import install_signal_handlers, start_heartbeat
    from kiosk.venue.notify import Notifier

    app = QGuiApplication(sys.argv[:1])
    notifier = Notifier.from_env()
    heartbeat = start_heartbeat(notifier, app)

    def stop(signum):
        notifier.stopping()
        app.quit()

    bridge = install_signal_handlers(app, stop)
    QTimer.singleShot(0, lambda: notifier.ready("up"))
    QTimer.singleShot(30_000, lambda: app.exit(9))  # never outlive a broken test
    sys.exit(app.exec())
""")


@linux_only
def test_watchdog_seen_from_outside_a_frozen_and_resumed_process(
    listener: Listener, tmp_path: Path
) -> None:
    env = dict(os.environ, NOTIFY_SOCKET=listener.name, WATCHDOG_USEC="200000",
               QT_QPA_PLATFORM="offscreen")
    env.pop("WATCHDOG_PID", None)
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env)
    try:
        listener.wait_for("READY=1\nSTATUS=up", timeout=20)
        listener.wait_for("WATCHDOG=1", timeout=1)
        listener.wait_for("WATCHDOG=1", timeout=1)

        child.send_signal(signal.SIGSTOP)
        time.sleep(0.15)  # a datagram sent just before the stop may still be queued
        listener.pending()
        time.sleep(0.5)
        assert listener.pending() == []  # frozen: silence

        child.send_signal(signal.SIGCONT)
        listener.wait_for("WATCHDOG=1", timeout=1)  # thawed: heartbeats again

        child.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING=1", timeout=5)
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


# --- the real kiosk on a real X server -----------------------------------------------------

XCHILD = textwrap.dedent("""
    import json
    import sys

    from PySide6.QtCore import Qt, QTimer

    from kiosk.ui.app import Kiosk, application
    from kiosk.content import load_stand
    from kiosk.ui.imaging import qt_decode
    from kiosk.ui.lockdown import CursorPolicy, install_lockdown
    from kiosk.ui.service import install_signal_handlers, start_heartbeat
    from kiosk.venue.notify import Notifier
    from kiosk.paths import SAMPLE_STAND

    app = application()
    kiosk = Kiosk(load_stand(SAMPLE_STAND, decoder=qt_decode), 600)
    notifier = Notifier.from_env()
    leaving = False
    lock = install_lockdown(kiosk.window, lambda: leaving, cursor=CursorPolicy.HIDDEN,
                            keep_fullscreen=True)

    def stop(signum):
        global leaving
        leaving = True
        print(json.dumps({"swallowed": lock.keys.swallowed_keys,
                          "refused": lock.keys.refused_closes,
                          "phase": str(kiosk.controller.phase),
                          "visible": kiosk.window.isVisible()}), flush=True)
        notifier.stopping()
        app.quit()

    bridge = install_signal_handlers(app, stop)
    heartbeat = start_heartbeat(notifier, app)

    def first_frame():
        kiosk.window.frameSwapped.disconnect(first_frame)
        notifier.ready("up")

    kiosk.window.frameSwapped.connect(first_frame)
    kiosk.window.setFlag(Qt.WindowType.FramelessWindowHint, True)
    kiosk.window.setFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    kiosk.window.showFullScreen()
    QTimer.singleShot(120_000, lambda: app.exit(9))  # never outlive a broken test
    sys.exit(app.exec())
""")

X_TOOLS = ("Xvfb", "xdotool", "openbox")


@pytest.mark.xvfb
@linux_only
@pytest.mark.skipif(any(shutil.which(tool) is None for tool in X_TOOLS),
                    reason="needs Xvfb, xdotool and openbox")
def test_real_kiosk_window_survives_leaving_keys_taps_and_swipes(listener: Listener) -> None:
    x = XServer((1280, 800), window_manager=True).__enter__()
    env = dict(x.env, QT_QPA_PLATFORM="xcb", QT_QUICK_BACKEND="software",
               NOTIFY_SOCKET=listener.name, WATCHDOG_USEC="1000000")
    child = subprocess.Popen([sys.executable, "-c", XCHILD], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        listener.wait_for("READY=1\nSTATUS=up", timeout=30)
        deadline = time.monotonic() + 10
        while not (windows := x.windows_of(child.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert windows, "the kiosk window never appeared"
        window = windows[-1]
        full_screen = (0, 0, *x.size)
        assert x.geometry(window) == full_screen
        x.xdotool("windowactivate", "--sync", window)
        # xdotool's first key changes the keyboard map, and openbox then grabs its bindings
        # again: an Alt+F4 sent in that moment reached the kiosk as a key, not as a close
        # request from openbox (about one run in five). A first harmless key, then a pause.
        x.xdotool("key", "--clearmodifiers", "shift")
        time.sleep(0.5)

        # real key presses through the X server: the window manager sees Alt+F4 and Alt+Tab
        # first (and asks the window to close), the kiosk sees the rest
        for keys in ("alt+F4", "Escape", "ctrl+q", "ctrl+w", "F11", "ctrl+F4", "alt+Tab"):
            x.xdotool("key", "--clearmodifiers", keys)
            time.sleep(0.15)
        # a tap on the attract screen, then swipes on the panels
        width, height = x.size
        x.xdotool("mousemove", str(width // 2), str(height // 2), "click", "1")
        time.sleep(0.5)
        for _ in range(2):
            x.xdotool("mousemove", str(width * 3 // 4), str(height // 2), "mousedown", "1")
            for step in range(1, 9):
                x.xdotool("mousemove", str(width * 3 // 4 - step * width // 16), str(height // 2))
            x.xdotool("mouseup", "1")
            time.sleep(0.4)
        # something minimises it: it comes back, full-screen
        x.xdotool("windowminimize", window)
        deadline = time.monotonic() + 5
        while window not in x.windows_of(child.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)

        assert child.poll() is None, "the kiosk died"
        assert window in x.windows_of(child.pid), "the kiosk window is gone or hidden"
        assert x.geometry(window) == full_screen
        listener.pending()
        listener.wait_for("WATCHDOG=1", timeout=10)  # its UI loop is alive

        child.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING=1", timeout=10)
        out, _ = child.communicate(timeout=10)
        assert child.returncode == 0
        report = json.loads(out.strip().splitlines()[-1])
        assert report["visible"] is True
        assert report["refused"] >= 1  # openbox's Alt+F4 close request was refused
        assert report["swallowed"] >= 5  # Escape, Ctrl+Q, Ctrl+W, F11, Ctrl+F4
        assert report["phase"] != "attract"  # the tap reached the UI
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        x.close()


def test_a_locked_kiosk_quits_after_its_first_frame_when_asked(tmp_path: Path) -> None:
    # `--quit-after-first-frame` quits the application, which asks the full-screen window to
    # close: the lock must let that close through (it once refused it and the run hung)
    import os
    import subprocess
    import sys

    from kiosk.paths import SAMPLE_STAND

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", str(SAMPLE_STAND), "--quit-after-first-frame"],
        capture_output=True, text=True, env=env, timeout=90, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "FIRST_FRAME" in done.stdout
    assert "refused to close" not in done.stderr
