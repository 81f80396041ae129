"""Crash-loop detection, without Qt: repeated unclean starts in a short time mean safe mode.

Each start is recorded in a small JSON file; a clean exit marks the last start clean. When
`SAFE_AFTER` starts within `WINDOW_S` seconds ended uncleanly, the next start is a safe one:
the last good stand, minimal motion, and a diagnostic for staff.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import atomic_write, read_small
from kiosk.paths import state_dir

log = logging.getLogger("kiosk.crashes")
SAFE_AFTER = 3
WINDOW_S = 600.0
KEEP = 20


def default_path() -> Path:
    return state_dir() / "starts.json"


@dataclass
class StartLog:
    path: Path

    def _read(self) -> list[dict[str, object]]:
        try:
            data = json.loads(read_small(self.path, 1024 * 1024).decode("utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [entry for entry in data if isinstance(entry, dict)]

    def _write(self, entries: list[dict[str, object]]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(entries[-KEEP:]).encode("utf-8"), durable=False)
        except OSError as exc:
            log.warning("cannot record the start in %s: %s", self.path, exc)

    def recent_crashes(self, now: float | None = None) -> int:
        """Unclean ends among the recorded starts of the last WINDOW_S seconds."""
        now = time.time() if now is None else now
        return sum(
            1 for entry in self._read()
            if not entry.get("clean") and now - float(str(entry.get("at", 0))) < WINDOW_S
        )

    def start(self, now: float | None = None) -> bool:
        """Record this start; True when it should be a safe-mode start."""
        now = time.time() if now is None else now
        safe = self.recent_crashes(now) >= SAFE_AFTER
        entries = self._read()
        entries.append({"at": now, "pid": os.getpid(), "clean": False})
        self._write(entries)
        return safe

    def clean_exit(self) -> None:
        entries = self._read()
        for entry in reversed(entries):
            if entry.get("pid") == os.getpid():
                entry["clean"] = True
                break
        self._write(entries)
