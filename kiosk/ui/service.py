"""The kiosk and its service manager, on the Qt event loop: every signal taken as an action
(`SignalBridge`: SIGTERM stops, SIGHUP reloads, ...), and the watchdog heartbeat
(`start_heartbeat`), a QTimer calling `Notifier.watchdog()`, so that a blocked user-interface
loop stops the heartbeats and the service manager restarts the kiosk.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from kiosk.venue.notify import Notifier
from kiosk.venue.signals import Action, SignalLog, actions, signal_name

log = logging.getLogger("kiosk.lockdown")  # the name technicians' log filters know


class SignalBridge(QObject):
    """Runs each signal's action (`kiosk.venue.signals.actions()`) on the Qt event loop.

    Python runs its signal handlers only between bytecodes, never while Qt's C++ loop is
    waiting, so a SIGTERM from the service manager would wait for the next Python callback.
    Here the C-level handler writes the signal number to a socket pair
    (`signal.set_wakeup_fd`), whose reading end wakes the Qt loop through a QSocketNotifier.

    STOP signals call `on_stop(signum)`; RELOAD and STATUS call the handler given with
    `on(action, handler)` (until then they are logged as "not ready"); IGNORE signals are
    logged and nothing else. Every signal is logged, at most once a minute each; none ends the process
    by its default action. With `signals` given, only those are taken, all as STOP.
    """

    def __init__(
        self,
        on_stop: Callable[[int], None],
        signals: Iterable[signal.Signals] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_stop = on_stop
        if signals is None:
            self._actions = actions()
        else:
            self._actions = {int(sig): Action.STOP for sig in signals}
        self._handlers: dict[Action, Callable[[int], None]] = {}
        self._logged = SignalLog()
        self.received: list[int] = []
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(),
                                                 warn_on_full_buffer=False)
        self._previous: dict[int, Any] = {}
        for signum in self._actions:
            try:
                self._previous[signum] = signal.signal(signum, self._python_handler)
            except (OSError, ValueError):
                log.debug("cannot catch %s here", signal_name(signum))
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def on(self, action: Action, handler: Callable[[int], None]) -> None:
        """Run `handler(signum)` on the loop for the signals whose action is `action`."""
        self._handlers[action] = handler

    def replay(self, signums: Iterable[int]) -> None:
        """Act on signals that arrived before the bridge was installed (on the loop)."""
        pending = [s for s in signums if s in self._actions]
        if pending:
            log.info("acting on %s, received while starting",
                     ", ".join(signal_name(s) for s in pending))
            QTimer.singleShot(0, lambda: self._act(pending))

    def _python_handler(self, signum: int, frame: object) -> None:
        # nothing to do here: the byte on the wake-up socket runs the action from the loop
        pass

    def _drain(self) -> None:
        data = b""
        try:
            while chunk := self._reader.recv(64):
                data += chunk
        except (BlockingIOError, InterruptedError):
            pass
        self._act(list(dict.fromkeys(data)))  # each signal once, in order of arrival

    def _act(self, signums: Iterable[int]) -> None:
        for signum in signums:
            action = self._actions.get(signum)
            if action is None:
                continue
            self.received.append(signum)
            name = signal_name(signum)
            try:
                if action is Action.STOP:
                    log.info("received %s: stopping", name)
                    self._on_stop(signum)
                elif action is Action.IGNORE:
                    self._logged.note(signum)
                elif (handler := self._handlers.get(action)) is not None:
                    self._logged.note(signum, _DOING[action], logging.INFO)
                    handler(signum)
                else:
                    log.warning("received %s: the kiosk is not ready to %s yet; ignored",
                                name, action.value)
            except Exception:  # a failing action must not end the kiosk either
                log.exception("acting on %s failed; the kiosk goes on", name)

    def uninstall(self) -> None:
        """Put the previous handlers back (tests; a second event loop)."""
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


_DOING = {
    Action.RELOAD: "checking the stand on disk again",
    Action.STATUS: "writing the health file and a status line",
}


def install_signal_handlers(
    app: QObject,
    on_stop: Callable[[int], None],
    signals: Iterable[signal.Signals] | None = None,
) -> SignalBridge:
    """Let the service manager (SIGTERM) or a terminal (Ctrl+C, SIGINT) stop the kiosk, and
    take every other catchable signal that would end it (`kiosk.venue.signals`).

    `on_stop(signum)` runs on the GUI thread; it should let the window close (so that
    `allow_close()` says yes), tell the service manager `STOPPING=1`, and quit the app.
    Give the reload and status actions with `bridge.on(...)`. Call from the main thread,
    before `app.exec()`.
    """
    return SignalBridge(on_stop, signals, app)


def start_heartbeat(notifier: Notifier, parent: QObject | None) -> QTimer:
    """A QTimer on the GUI thread sending `WATCHDOG=1` every `notifier.watchdog_interval`.

    Because the timer fires from the user-interface event loop, a blocked or busy-looping UI
    stops the heartbeats and the service manager restarts the kiosk (`WatchdogSec=`).
    Without a watchdog (no NOTIFY_SOCKET or WATCHDOG_USEC) the timer is returned inactive.
    """
    timer = QTimer(parent)
    timer.setObjectName("kiosk-watchdog-heartbeat")
    interval = notifier.watchdog_interval
    if interval is None:
        return timer
    timer.setInterval(max(1, round(interval * 1000)))
    timer.timeout.connect(notifier.watchdog)
    notifier.watchdog()
    timer.start()
    log.info("watchdog heartbeat every %.1f s", interval)
    return timer
