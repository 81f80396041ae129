"""The staff PIN pad's gate, without Qt: wrong PINs count, and five lock the pad for a while."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MAX_ATTEMPTS = 5
LOCK_SECONDS = 300.0


@dataclass
class PinGate:
    """`check(pin, now)` -> True when right; MAX_ATTEMPTS wrong ones lock it for LOCK_SECONDS."""

    verify: Callable[[str], bool]
    max_attempts: int = MAX_ATTEMPTS
    lock_seconds: float = LOCK_SECONDS
    failures: int = 0
    locked_until: float = 0.0

    def locked(self, now: float) -> bool:
        return now < self.locked_until

    def remaining(self, now: float) -> float:
        return max(0.0, self.locked_until - now)

    def check(self, pin: str, now: float) -> bool:
        if self.locked(now):
            return False
        if self.verify(pin):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.failures = 0
            self.locked_until = now + self.lock_seconds
        return False
