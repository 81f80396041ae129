"""What the kiosk does with each POSIX signal it can catch, without Qt.

A kiosk runs as a daemon: a signal from a technician, a service manager or a stray `kill`
must never end it silently, nor be recorded as a crash (three of those in ten minutes start
it in safe mode: `kiosk.venue.crashes`). Every signal whose default action would end the process,
and that a program may catch, gets one of four actions here:

- STOP: close cleanly, exit status 0 (SIGTERM from the service manager, SIGINT from a
  terminal, SIGXCPU when a CPU-time limit is reached: better a clean restart than the kill
  that follows at the hard limit);
- RELOAD: check the stand on disk again now and show it at the next idle moment (SIGHUP, as
  daemons re-read their configuration);
- STATUS: write the health file now and log one status line (SIGUSR1);
- IGNORE: log it and go on (SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF, SIGXFSZ, SIGIO,
  SIGPWR, SIGSTKFLT and the real-time signals).

Left alone, on purpose: the signals that report a real fault in the process (SIGSEGV,
SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP: `faulthandler` prints the stack, and they
are crashes), SIGQUIT (a technician's way to ask for a core dump), and SIGKILL and SIGSTOP,
which no program can catch.

`EarlySignals` holds signals that arrive while the kiosk starts (before the Qt loop can take
them); `kiosk.ui.service.SignalBridge` runs each action on the Qt loop and replays those.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

log = logging.getLogger("kiosk.signals")

__all__ = ["Action", "EarlySignals", "SignalLog", "actions", "ignored_by_children",
           "signal_name"]


class Action(enum.Enum):
    STOP = "stop"
    RELOAD = "reload"
    STATUS = "status"
    IGNORE = "ignore"


_NAMED: tuple[tuple[str, Action], ...] = (
    ("SIGTERM", Action.STOP),
    ("SIGINT", Action.STOP),
    ("SIGXCPU", Action.STOP),
    ("SIGHUP", Action.RELOAD),
    ("SIGUSR1", Action.STATUS),
    ("SIGUSR2", Action.IGNORE),
    ("SIGPIPE", Action.IGNORE),
    ("SIGALRM", Action.IGNORE),
    ("SIGVTALRM", Action.IGNORE),
    ("SIGPROF", Action.IGNORE),
    ("SIGXFSZ", Action.IGNORE),
    ("SIGIO", Action.IGNORE),
    ("SIGPWR", Action.IGNORE),
    ("SIGSTKFLT", Action.IGNORE),
)

IGNORED_LOG_EVERY_S = 60.0
"""An ignored signal is logged at once, then at most this often (with a count): a broken
pipe written to in a loop must not fill the log."""


def actions() -> dict[int, Action]:
    """Signal number -> action, for the signals this platform has (none on Windows but
    SIGTERM and SIGINT)."""
    table: dict[int, Action] = {}
    for name, action in _NAMED:
        number = getattr(signal, name, None)
        if number is not None:
            table[int(number)] = action
    low, high = getattr(signal, "SIGRTMIN", None), getattr(signal, "SIGRTMAX", None)
    if low is not None and high is not None:
        for number in range(int(low), int(high) + 1):
            table.setdefault(number, Action.IGNORE)
    return table


def signal_name(signum: int) -> str:
    """SIGHUP, SIGRTMIN+3, or the number for one Python has no name for."""
    low, high = getattr(signal, "SIGRTMIN", None), getattr(signal, "SIGRTMAX", None)
    if low is not None and high is not None and int(low) < signum <= int(high):
        return f"SIGRTMIN+{signum - int(low)}"
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


@dataclass
class SignalLog:
    """Logs a received signal at once, then at most every `every_s` seconds per signal, so
    that a storm of signals (a script sending SIGHUP in a loop) cannot fill the log."""

    every_s: float = IGNORED_LOG_EVERY_S
    clock: Callable[[], float] = time.monotonic
    _last: dict[int, float] = field(default_factory=dict)
    _unlogged: dict[int, int] = field(default_factory=dict)

    def note(self, signum: int, doing: str = "ignored, the kiosk goes on",
             level: int = logging.WARNING) -> bool:
        """Count one; True when a line was logged for it."""
        now = self.clock()
        last = self._last.get(signum)
        if last is not None and now - last < self.every_s:
            self._unlogged[signum] = self._unlogged.get(signum, 0) + 1
            return False
        more = self._unlogged.pop(signum, 0)
        also = f" ({more} more since the last line)" if more else ""
        log.log(level, "received %s: %s%s", signal_name(signum), doing, also)
        self._last[signum] = now
        return True


@contextlib.contextmanager
def ignored_by_children() -> Iterator[None]:
    """While a helper process is started (the stand check of `kiosk run`): the signals the
    kiosk acts on or ignores are set to "ignore", which a child inherits from its first
    instruction on, so a SIGHUP for the whole service cannot end the check. The stop signals
    keep their default in the child (they end it). Main thread only; elsewhere a no-op."""
    previous: dict[int, Any] = {}
    for signum, action in actions().items():
        if action is not Action.STOP:
            try:
                previous[signum] = signal.signal(signum, signal.SIG_IGN)
            except (OSError, ValueError):
                continue
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def as_started_child() -> None:
    """In a copy of the kiosk's process (`os.fork`): each signal as a child started under
    `ignored_by_children` has it (the stop signals at their default, which ends it; the
    others ignored), not the kiosk's own handlers, which only note a signal for later."""
    for signum, action in actions().items():
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_DFL if action is Action.STOP else signal.SIG_IGN)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # the kiosk's loop is not woken by the copy's signals


class EarlySignals:
    """Catches every signal of `actions()` while the kiosk starts, so none ends it before its
    event loop can act on it; `take()` hands the ones that came (in order) to the loop."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self._previous: dict[int, object] = {}

    def install(self) -> EarlySignals:
        for signum in actions():
            try:
                self._previous[signum] = signal.signal(signum, self._note)
            except (OSError, ValueError):  # not the main thread, or not catchable here
                continue
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)

    def take(self) -> list[int]:
        got, self.received = self.received, []
        return got
