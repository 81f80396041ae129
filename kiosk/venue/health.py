"""The health file: what the running kiosk is doing, for `kiosk status` and fleet tools. No Qt.

The kiosk rewrites the file every few seconds (atomically: readers never see half a file).
A file not rewritten for `STALE_AFTER_S` seconds means the kiosk is not running or hung; a
file naming a process that no longer exists means it stopped.

```json
{"pid": 4242, "kiosk_version": "0.1.0", "started": "2025-03-01T09:00:02+04:00",
 "updated": "2025-03-01T12:30:07+04:00", "uptime_s": 12605.0,
 "stand_id": "khojaly-31", "stand_version": "20250228T171204Z-3",
 "stand_folder": "/home/kiosk/.local/share/exhibit-kiosk/library/khojaly-31/versions/...",
 "shown_since": "2025-03-01T09:00:04+04:00", "last_touch": "2025-03-01T12:29:41+04:00",
 "last_error": null, "last_error_at": null, "restarts": 2, "safe_mode": false}
```
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.files import atomic_write, read_small
from kiosk.paths import state_dir

log = logging.getLogger("kiosk.health")

STALE_AFTER_S = 30.0
WRITE_EVERY_S = 5.0
"""How often the kiosk should rewrite the file (well inside STALE_AFTER_S)."""
MAX_HEALTH_BYTES = 64 * 1024
_TIMES = ("started", "updated", "shown_since", "last_touch", "last_error_at")


def default_health_path() -> Path:
    return state_dir() / "health.json"


def now_local() -> datetime:
    """The current time with its UTC offset (what the health file stores)."""
    return datetime.now().astimezone()


class HealthError(Exception):
    """The health file is missing or unreadable (the message says why, in one line)."""


@dataclass(frozen=True)
class Health:
    pid: int
    started: datetime
    updated: datetime
    stand_id: str | None = None
    stand_version: str | None = None
    stand_folder: str | None = None
    shown_since: datetime | None = None
    """When the stand now on screen was first shown (its last (re)load)."""
    last_touch: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    restarts: int = 0
    """How many times the kiosk started before this run (from the previous health file)."""
    safe_mode: bool = False
    """True when the kiosk shows a fallback (e.g. the sample stand) because its stand failed."""
    kiosk_version: str = __version__

    @property
    def uptime_s(self) -> float:
        return max(0.0, (self.updated - self.started).total_seconds())

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            data[item.name] = value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
        data["uptime_s"] = round(self.uptime_s, 1)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Health:
        """Raises ValueError for a document that is not a health record."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        names = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        for key in _TIMES:
            if values.get(key) is not None:
                if not isinstance(values[key], str):
                    raise ValueError(f"'{key}' is not a time")
                values[key] = datetime.fromisoformat(values[key])
        for key in ("pid", "started", "updated"):
            if values.get(key) is None:
                raise ValueError(f"'{key}' is missing")
        if not isinstance(values["pid"], int) or isinstance(values["pid"], bool):
            raise ValueError("'pid' is not a number")
        if not isinstance(values.get("restarts", 0), int):
            raise ValueError("'restarts' is not a number")
        if not isinstance(values.get("safe_mode", False), bool):
            raise ValueError("'safe_mode' is not true or false")
        for key in ("stand_id", "stand_version", "stand_folder", "last_error", "kiosk_version"):
            if values.get(key) is not None and not isinstance(values[key], str):
                raise ValueError(f"'{key}' is not text")
        return cls(**values)


def write_health(path: Path | None, health: Health) -> None:
    """Replace the health file atomically (not flushed to disk: it is rewritten every few
    seconds and a stale one after a power cut is the truth anyway)."""
    path = Path(path) if path is not None else default_health_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(health.as_json(), indent=1, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8"), mode=0o644, durable=False)


def read_health(path: Path | None = None) -> Health:
    path = Path(path) if path is not None else default_health_path()
    try:
        if path.stat().st_size > MAX_HEALTH_BYTES:
            raise HealthError(f"{path} is too large to be a health file")
        data = json.loads(read_small(path, MAX_HEALTH_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise HealthError(f"no health file at {path}: the kiosk has not run as this user") from None
    except OSError as exc:
        raise HealthError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HealthError(f"{path} is damaged (not JSON)") from None
    try:
        return Health.from_json(data)
    except (ValueError, TypeError) as exc:
        raise HealthError(f"{path} is damaged ({exc})") from None


def next_restarts(path: Path | None = None) -> int:
    """The `restarts` value for a kiosk starting now: one more than the last run's, 0 if none."""
    try:
        previous = read_health(path)
    except HealthError:
        return 0
    return previous.restarts + 1 if previous.pid != os.getpid() else previous.restarts


@dataclass(frozen=True)
class Status:
    running: bool
    reason: str
    """One line for staff: 'running', or why the kiosk is considered not running."""
    health: Health | None = None
    age_s: float | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"running": self.running, "reason": self.reason,
                                "age_s": None if self.age_s is None else round(self.age_s, 1)}
        if self.health is not None:
            data.update(self.health.as_json())
        return data


def _process_exists(pid: int) -> bool:
    if os.name != "posix" or pid <= 0:
        return True  # cannot tell: trust the file's age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def check_health(
    path: Path | None = None, now: datetime | None = None, stale_after: float = STALE_AFTER_S,
    *, check_pid: bool = True,
) -> Status:
    """Whether the kiosk is running, from its health file's age (and its process, if local)."""
    try:
        health = read_health(path)
    except HealthError as exc:
        return Status(False, str(exc))
    now = now if now is not None else now_local()
    updated = health.updated
    if (updated.tzinfo is None) != (now.tzinfo is None):
        updated = updated.replace(tzinfo=None) if now.tzinfo is None else updated.astimezone()
    age = (now - updated).total_seconds()
    if age > stale_after:
        return Status(False, f"not running or hung: no update for {age:.0f} s", health, age)
    if age < -stale_after:
        return Status(False, "the health file is from the future (has the clock changed?)",
                      health, age)
    if check_pid and not _process_exists(health.pid):
        return Status(False, f"not running: process {health.pid} has ended", health, age)
    return Status(True, "running", health, age)


class HealthReporter:
    """What the running kiosk keeps up to date and writes every WRITE_EVERY_S seconds.

    Made once at start-up (it reads the previous file to count restarts). The Qt side calls
    `stand_shown` when a stand comes on screen, `touched` on input, `error` when something
    fails, and `write` from a timer. No call ever raises.
    """

    def __init__(self, path: Path | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        self.path = Path(path) if path is not None else default_health_path()
        self._clock = clock
        self._failed = False
        self.health = Health(pid=os.getpid(), started=clock(), updated=clock(),
                             restarts=next_restarts(self.path))

    def _set(self, **changes: Any) -> None:
        self.health = dataclasses.replace(self.health, **changes)

    def stand_shown(self, stand_id: str, folder: Path | None, version: str | None = None,
                    *, safe_mode: bool = False, when: datetime | None = None) -> None:
        """A stand came on screen. A library version's name is taken from its folder."""
        if version is None and folder is not None and folder.parent.name == "versions":
            from kiosk.venue.library import VERSION_RE

            version = folder.name if VERSION_RE.match(folder.name) else None
        self._set(stand_id=stand_id, stand_folder=str(folder) if folder else None,
                  stand_version=version, safe_mode=safe_mode,
                  shown_since=when or self._clock())

    def touched(self, when: datetime | None = None) -> None:
        self._set(last_touch=when or self._clock())

    def error(self, message: str, when: datetime | None = None) -> None:
        self._set(last_error=" ".join(message.split())[:500], last_error_at=when or self._clock())

    def snapshot(self) -> Health:
        """The record as of now (`updated` set), to be written by `write_snapshot`, perhaps
        on another thread: the record itself is only ever changed by the caller's thread."""
        self._set(updated=self._clock())
        return self.health

    def write(self) -> bool:
        """Write the file now; False (logged once) when it cannot be written."""
        return self.write_snapshot(self.snapshot())

    def write_snapshot(self, health: Health) -> bool:
        """Write `health` to the file; False (logged once) when it cannot be written."""
        try:
            write_health(self.path, health)
        except (OSError, ValueError, TypeError) as exc:
            if not self._failed:
                log.warning("cannot write the health file %s: %s", self.path, exc)
            self._failed = True
            return False
        self._failed = False
        return True
