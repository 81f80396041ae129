"""A visit, from the first touch to the idle reset: the kiosk's state, without Qt.

Times are plain seconds from any monotonic clock, passed in, so tests need no waiting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Phase(enum.StrEnum):
    ATTRACT = "attract"
    BROWSING = "browsing"


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

    def idle_remaining(self, now: float) -> float:
        """Seconds until the idle reset is due (0 when due; inf on the attract screen)."""
        if self.phase is Phase.ATTRACT:
            return float("inf")
        return max(0.0, self.idle_timeout - (now - self.last_input))

    def reset(self) -> None:
        """Back to the attract screen, in the default language, at the first panel."""
        self.phase = Phase.ATTRACT
        self.panel_index = 0
        self.language = self.languages[0]
