"""A visit, from the first touch to the idle reset: the kiosk's state, without Qt.

Times are plain seconds from any monotonic clock, passed in, so tests need no waiting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Phase(enum.StrEnum):
    ATTRACT = "attract"
    BROWSING = "browsing"


WARNING_S = 20.0
"""How long "Still there?" stands before the idle reset, at the least (WCAG 2.2.1, Timing
Adjustable: a visitor is warned and has at least 20 seconds to keep the visit)."""
READING_S = 10.0
"""The least idle time before that warning: a stand's short idle timeout is lengthened so
that a visitor reads for this long before being asked."""


class Idle(enum.StrEnum):
    ACTIVE = "active"    # nothing to do yet
    WARNING = "warning"  # "Still there?" is shown
    DUE = "due"          # back to the attract screen now


@dataclass
class Session:
    languages: tuple[str, ...]
    panel_count: int
    idle_timeout: float
    phase: Phase = Phase.ATTRACT
    panel_index: int = 0
    language: str = field(default="")
    last_input: float = 0.0
    visits: int = 0
    warning_s: float = WARNING_S

    def __post_init__(self) -> None:
        if not self.languages:
            raise ValueError("a session needs at least one language")
        if not self.language:
            self.language = self.languages[0]

    def touch(self, now: float) -> bool:
        """Any input. Returns True when it starts a visit (leaves the attract screen)."""
        self.last_input = now
        if self.phase is Phase.ATTRACT:
            self.phase = Phase.BROWSING
            self.panel_index = 0
            self.visits += 1
            return True
        return False

    def go_to(self, index: int) -> int:
        """Show panel `index` (clamped to the panels there are); returns the panel shown."""
        self.panel_index = max(0, min(index, self.panel_count - 1))
        return self.panel_index

    def set_language(self, language: str) -> bool:
        if language not in self.languages:
            return False
        self.language = language
        return True

    @property
    def reset_after(self) -> float:
        """Idle seconds before the reset: the stand's idle timeout, or more where that leaves
        too little time to read before the warning, and for the warning itself."""
        return max(self.idle_timeout, READING_S + self.warning_s)

    def idle_remaining(self, now: float) -> float:
        """Seconds until the idle reset is due (0 when due; inf on the attract screen)."""
        if self.phase is Phase.ATTRACT:
            return float("inf")
        return max(0.0, self.reset_after - (now - self.last_input))

    def idle_state(self, now: float) -> Idle:
        """Whether the visit is going on, is being asked "Still there?", or is over."""
        remaining = self.idle_remaining(now)
        if remaining <= 0:
            return Idle.DUE
        return Idle.WARNING if remaining <= self.warning_s else Idle.ACTIVE

    def next_idle_check(self, now: float) -> float:
        """Seconds until the idle state next changes (inf on the attract screen)."""
        remaining = self.idle_remaining(now)
        return remaining - self.warning_s if remaining > self.warning_s else remaining

    def reset(self) -> None:
        """Back to the attract screen, in the default language, at the first panel."""
        self.phase = Phase.ATTRACT
        self.panel_index = 0
        self.language = self.languages[0]
