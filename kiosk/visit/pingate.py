"""The staff PIN pad's gate, without Qt: wrong PINs count, and lock the pad for longer and longer.

After MAX_ATTEMPTS wrong PINs in a row the pad locks for LOCK_SECONDS; each further wrong PIN
(one is allowed after each lock) doubles the lock, up to MAX_LOCK_SECONDS: 5, 10, 20, 40, 80,
160 minutes, then 4 hours each. Only the right PIN resets the count. A restart does not: the
count and the lock are kept in a small state file (`path`), written atomically at each wrong
PIN and each success. A state file that cannot be read is taken as a lock for LOCK_SECONDS
(never as a fresh start: deleting or damaging it must not give an attacker new guesses).

So a guesser gets 5 tries, then one per lock: about 12 in the first day and 6 a day after,
against 1,440 a day when the count lived in memory and each lock reset it.

Times are wall-clock seconds (`clock`, default `time.time`), because a lock must outlast a
restart. A clock set back cannot stretch a lock: what is left is never more than the lock's
own length.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.files import atomic_write, read_small

log = logging.getLogger("kiosk.pingate")

MAX_ATTEMPTS = 5
LOCK_SECONDS = 300.0
MAX_LOCK_SECONDS = 4 * 3600.0
STATE_FILE = "pin-gate.json"
_MAX_STATE_BYTES = 4096


@dataclass
class PinGate:
    """`check(pin)` -> True when right; wrong ones count toward a growing lock (see above)."""

    verify: Callable[[str], bool]
    max_attempts: int = MAX_ATTEMPTS
    lock_seconds: float = LOCK_SECONDS
    max_lock_seconds: float = MAX_LOCK_SECONDS
    failures: int = 0
    """Wrong PINs since the last right one (a lock does not reset it)."""
    locked_until: float = 0.0
    lock_length: float = 0.0
    """How long the current (or last) lock was set for."""
    path: Path | None = None
    clock: Callable[[], float] = time.time
    _write_failed: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            self._load(self.path)

    # --- state ----------------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        try:
            if path.stat().st_size > _MAX_STATE_BYTES:
                raise ValueError("too large")
            data = json.loads(read_small(path, _MAX_STATE_BYTES).decode("utf-8"))
            failures, until, length = data["failures"], data["locked_until"], data["lock_s"]
            if not (isinstance(failures, int) and not isinstance(failures, bool)
                    and failures >= 0):
                raise ValueError("'failures' is not a count")
            if not all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in (until, length)):
                raise ValueError("the lock is not a time")
            if not (0 <= length <= self.max_lock_seconds) or until != until:  # NaN
                raise ValueError("the lock's length is out of range")
        except (FileNotFoundError, NotADirectoryError):
            return  # never a wrong PIN on this machine (or no folder for it)
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            log.warning("the PIN pad's state file %s cannot be read (%s); the pad is locked "
                        "for %.0f min as a precaution", path, exc, self.lock_seconds / 60)
            self.failures = max(self.failures, self.max_attempts)
            self._lock(self.clock(), self.lock_seconds)
            return
        self.failures = failures
        self.locked_until = float(until)
        self.lock_length = float(length)
        if self.locked():
            log.warning("the PIN pad is still locked for %.0f s after %d wrong PINs "
                        "(kept across the restart)", self.remaining(), failures)

    def _save(self) -> None:
        if self.path is None:
            return
        data = {"failures": self.failures, "locked_until": self.locked_until,
                "lock_s": self.lock_length}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # not flushed: a file lost to a power cut reads as damaged, which locks the pad
            atomic_write(self.path, json.dumps(data).encode("utf-8"), mode=0o600,
                         durable=False)
        except OSError as exc:
            if not self._write_failed:
                log.warning("cannot keep the PIN pad's state in %s (%s); a restart would "
                            "forget wrong PINs", self.path, exc)
            self._write_failed = True
        else:
            self._write_failed = False

    # --- the gate -------------------------------------------------------------------------

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _lock(self, now: float, seconds: float) -> None:
        self.lock_length = seconds
        self.locked_until = now + seconds

    def remaining(self, now: float | None = None) -> float:
        at = self._now(now)
        left = self.locked_until - at
        if left > self.lock_length:  # the clock was set back: the lock ends a lock from now
            self.locked_until = at + self.lock_length  # (not when the clock is back there)
            left = self.lock_length
        return max(0.0, left)

    def locked(self, now: float | None = None) -> bool:
        return self.remaining(now) > 0

    def next_lock_seconds(self) -> float:
        """How long the pad locks if the next PIN is wrong (0: it does not lock yet)."""
        over = self.failures + 1 - self.max_attempts
        if over < 0:
            return 0.0
        return min(self.lock_seconds * 2.0 ** min(over, 64), self.max_lock_seconds)

    def check(self, pin: str, now: float | None = None) -> bool:
        at = self._now(now)
        if self.locked(at):
            return False
        if self.verify(pin):
            if self.failures or self.lock_length:
                self.failures = 0
                self.locked_until = self.lock_length = 0.0
                self._save()
            return True
        lock = self.next_lock_seconds()
        self.failures += 1
        if lock:
            self._lock(at, lock)
        self._save()
        return False


def describe_wait(seconds: float) -> str:
    """'45 s', '12 min', '3 h 20 min': how long staff must wait, rounded up."""
    whole = int(seconds + 0.999)
    if whole < 60:
        return f"{whole} s"
    minutes = (whole + 59) // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
