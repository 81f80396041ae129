"""Visitor statistics: local, anonymous, in SQLite. No Qt here.

What is stored: when a visit started and ended (from leaving the attract screen to the idle
reset), the stand, the language, each panel shown and for how long, each item opened (its
kind and id in the stand). Nothing about the visitor: no touches, positions, images, sounds,
device ids or anything typed.

`Recorder` makes each call one small transaction (WAL mode) and never raises: a full disk, a
read-only, locked or damaged database is logged and the kiosk goes on (statistics are worth
less than a working screen). The kiosk uses it through `BackgroundRecorder`, which queues the
calls to a thread of its own: the user interface never waits for the database (a database
locked by another program waits up to LOCK_TIMEOUT_S on that thread, never on a frame).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ParamSpec

from kiosk.paths import data_dir

log = logging.getLogger("kiosk.stats")

SCHEMA_VERSION = 1
RETRY_AFTER_S = 30.0
LOCK_TIMEOUT_S = 2.0
"""How long a write waits for a database locked by another connection before it gives up."""
MAX_QUEUED = 1000
"""Events waiting for the statistics thread; more are dropped (counted, logged once)."""
"""After a database failure, the recorder tries to reopen it at most this often."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (
    id INTEGER PRIMARY KEY,
    stand_id TEXT NOT NULL,
    day TEXT NOT NULL,               -- local date the visit started, YYYY-MM-DD
    started TEXT NOT NULL,           -- local time, ISO 8601
    ended TEXT,                      -- NULL while running, or when the kiosk stopped mid-visit
    seconds REAL,
    language TEXT NOT NULL           -- the language at the end of the visit
);
CREATE INDEX IF NOT EXISTS visits_day ON visits(day);
CREATE TABLE IF NOT EXISTS panel_views (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    panel_id TEXT NOT NULL,
    started TEXT NOT NULL,
    seconds REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS panel_views_visit ON panel_views(visit_id);
CREATE TABLE IF NOT EXISTS languages_chosen (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    language TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items_opened (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    kind TEXT NOT NULL,              -- e.g. source, sensitive, image, figure
    item TEXT NOT NULL,              -- the item's id in the stand
    at TEXT NOT NULL
);
"""


def default_stats_path() -> Path:
    return data_dir() / "stats.sqlite3"


class StatsError(Exception):
    """The statistics cannot be read (the message says why, in one line)."""


def _only_files(path: Path) -> None:
    """Raise sqlite3.OperationalError if the database, or a file SQLite opens beside it, is
    there but is not a regular file: SQLite would block for ever reading a pipe put in its
    place (the statistics thread, or `kiosk stats`, would hang; a folder is refused anyway)."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        try:
            mode = os.stat(path.with_name(name)).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise sqlite3.OperationalError(f"cannot look at {path.with_name(name)}: {exc}") from None
        if not stat.S_ISREG(mode):
            raise sqlite3.OperationalError(f"{path.with_name(name)} is not a regular file")


def _connect(path: Path, timeout: float = LOCK_TIMEOUT_S) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    _only_files(path)
    conn = sqlite3.connect(path, timeout=timeout)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable enough, no fsync per visit
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        conn.close()
        raise
    return conn


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, round((end - start).total_seconds(), 3))


_P = ParamSpec("_P")


def _never_raises(method: Callable[_P, None]) -> Callable[_P, None]:
    """Log and swallow any failure: the kiosk must keep running whatever the database does."""

    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            method(*args, **kwargs)
        except Exception as exc:  # a statistic is never worth a broken screen
            recorder = args[0]
            assert isinstance(recorder, Recorder)
            recorder._failed(method.__name__, exc)

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


@dataclass
class _Panel:
    panel_id: str
    since: datetime


class Recorder:
    """Records what visitors do, each call a transaction; none ever raises. Calls may wait
    for the disk (up to `timeout_s` for a locked database): the UI uses `BackgroundRecorder`.

    `now` is the local wall-clock time of the event (default: now); visits are counted on
    the local day they start. With `enabled=False` (statistics off) every call does nothing.
    """

    def __init__(
        self, path: Path | None = None, *, enabled: bool = True,
        clock: Callable[[], datetime] = datetime.now, timeout_s: float = LOCK_TIMEOUT_S,
    ) -> None:
        self.path = Path(path) if path is not None else default_stats_path()
        self.enabled = enabled
        self.timeout_s = timeout_s
        self._clock = clock
        self._conn: sqlite3.Connection | None = None
        self._retry_at = 0.0
        self._failures = 0
        self._visit: int | None = None
        self._visit_start: datetime | None = None
        self._panel: _Panel | None = None

    @property
    def in_visit(self) -> bool:
        return self._visit is not None

    @property
    def failures(self) -> int:
        """How many calls failed since the recorder was made (for the staff menu)."""
        return self._failures

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is None:
            if time.monotonic() < self._retry_at:
                return None
            self._conn = _connect(self.path, self.timeout_s)
        return self._conn

    def _failed(self, what: str, exc: Exception) -> None:
        self._failures += 1
        level = logging.WARNING if self._failures == 1 else logging.DEBUG
        log.log(level, "statistics: %s failed (%s: %s); the kiosk goes on without it",
                what, type(exc).__name__, exc)
        if self._conn is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._conn.close()
            self._conn = None
        self._retry_at = time.monotonic() + RETRY_AFTER_S

    def _now(self, now: datetime | None) -> datetime:
        """The event's local wall-clock time, naive (an aware time is converted first), so
        times from any caller can be compared and subtracted."""
        moment = now if now is not None else self._clock()
        if moment.tzinfo is not None:
            moment = moment.astimezone().replace(tzinfo=None)
        return moment

    @_never_raises
    def visit_started(self, stand_id: str, language: str, now: datetime | None = None) -> None:
        """The visitor left the attract screen."""
        if not self.enabled:
            return
        now = self._now(now)
        if self._visit is not None:
            self.visit_ended(now)
        db = self._db()
        if db is None:
            return
        with db:
            cursor = db.execute(
                "INSERT INTO visits (stand_id, day, started, language) VALUES (?, ?, ?, ?)",
                (stand_id, now.date().isoformat(), _stamp(now), language),
            )
        self._visit = cursor.lastrowid
        self._visit_start = now
        self._panel = None

    @_never_raises
    def panel_shown(self, panel_id: str, now: datetime | None = None) -> None:
        """A panel came on screen; the time on the previous one is recorded."""
        if not self.enabled or self._visit is None:
            return
        if self._panel is not None and self._panel.panel_id == panel_id:
            return
        now = self._now(now)
        db = self._db()
        if db is None:
            return
        with db:
            self._close_panel(db, now, self._visit)
        self._panel = _Panel(panel_id, now)

    @_never_raises
    def language_chosen(self, language: str, now: datetime | None = None) -> None:
        if not self.enabled or self._visit is None:
            return
        now = self._now(now)
        db = self._db()
        if db is None:
            return
        with db:
            db.execute("UPDATE visits SET language = ? WHERE id = ?", (language, self._visit))
            db.execute(
                "INSERT INTO languages_chosen (visit_id, language, at) VALUES (?, ?, ?)",
                (self._visit, language, _stamp(now)),
            )

    @_never_raises
    def item_opened(self, kind: str, item_id: str, now: datetime | None = None) -> None:
        """The visitor opened something: a source's QR code, a sensitive item, an image..."""
        if not self.enabled or self._visit is None:
            return
        now = self._now(now)
        db = self._db()
        if db is None:
            return
        with db:
            db.execute(
                "INSERT INTO items_opened (visit_id, kind, item, at) VALUES (?, ?, ?, ?)",
                (self._visit, kind, item_id, _stamp(now)),
            )

    @_never_raises
    def visit_ended(self, now: datetime | None = None) -> None:
        """The idle reset (or the kiosk closing): closes the panel timing and the visit."""
        if not self.enabled or self._visit is None or self._visit_start is None:
            return
        now = self._now(now)
        visit, start = self._visit, self._visit_start
        self._visit = self._visit_start = None
        db = self._db()
        if db is None:
            self._panel = None
            return
        with db:
            self._close_panel(db, now, visit)
            db.execute(
                "UPDATE visits SET ended = ?, seconds = ? WHERE id = ?",
                (_stamp(now), _seconds(start, now), visit),
            )

    def _close_panel(self, db: sqlite3.Connection, now: datetime, visit: int) -> None:
        panel, self._panel = self._panel, None
        if panel is None:
            return
        db.execute(
            "INSERT INTO panel_views (visit_id, panel_id, started, seconds) VALUES (?, ?, ?, ?)",
            (visit, panel.panel_id, _stamp(panel.since), _seconds(panel.since, now)),
        )

    def close(self) -> None:
        """End any running visit now and close the database."""
        self.visit_ended()
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class BackgroundRecorder:
    """A `Recorder` on a thread of its own: each call is queued and returns at once.

    The calls keep their order; the time of each event is taken when it is called, not when it
    is written. When the queue is full (the disk stalled for a long while) further events are
    dropped, counted and logged once. `in_visit` answers at once, from the calls made.
    """

    def __init__(
        self, path: Path | None = None, *, enabled: bool = True,
        clock: Callable[[], datetime] = datetime.now, timeout_s: float = LOCK_TIMEOUT_S,
        max_queued: int = MAX_QUEUED,
    ) -> None:
        self.recorder = Recorder(path, enabled=enabled, clock=clock, timeout_s=timeout_s)
        self.enabled = enabled
        self._clock = clock
        self._queue: queue.Queue[tuple[str, tuple[Any, ...]] | None] = queue.Queue(max_queued)
        self._in_visit = False
        self._dropped = 0
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="statistics", daemon=True)
        self._thread.start()

    @property
    def path(self) -> Path:
        return self.recorder.path

    @property
    def in_visit(self) -> bool:
        return self._in_visit

    @property
    def failures(self) -> int:
        """Failed writes plus dropped events (for the staff menu and the status line)."""
        return self.recorder.failures + self._dropped

    @property
    def dropped(self) -> int:
        return self._dropped

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            name, args = item
            try:
                if name == "flush":
                    args[0].set()
                else:
                    getattr(self.recorder, name)(*args)
            except Exception:  # the Recorder never raises; this thread must not die either
                log.exception("statistics: %s failed", name)
        self.recorder.close()  # on this thread: the connection belongs to it

    def _put(self, name: str, *args: Any) -> None:
        if not self.enabled or self._closed:
            return
        try:
            self._queue.put_nowait((name, args))
        except queue.Full:
            self._dropped += 1
            if self._dropped == 1:
                log.warning("statistics: the database is not keeping up (%d events waiting); "
                            "events are dropped until it does, the kiosk goes on",
                            self._queue.qsize())

    def _at(self, now: datetime | None) -> datetime:
        return now if now is not None else self._clock()

    def visit_started(self, stand_id: str, language: str, now: datetime | None = None) -> None:
        if self.enabled:
            self._in_visit = True
        self._put("visit_started", stand_id, language, self._at(now))

    def panel_shown(self, panel_id: str, now: datetime | None = None) -> None:
        if self._in_visit:
            self._put("panel_shown", panel_id, self._at(now))

    def language_chosen(self, language: str, now: datetime | None = None) -> None:
        if self._in_visit:
            self._put("language_chosen", language, self._at(now))

    def item_opened(self, kind: str, item_id: str, now: datetime | None = None) -> None:
        if self._in_visit:
            self._put("item_opened", kind, item_id, self._at(now))

    def visit_ended(self, now: datetime | None = None) -> None:
        if self._in_visit:
            self._in_visit = False
            self._put("visit_ended", self._at(now))

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every event queued so far is written (tests, the staff menu's figures);
        False when that took longer than `timeout`."""
        if self._closed or not self._thread.is_alive():
            return True
        done = threading.Event()
        try:
            self._queue.put(("flush", (done,)), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = LOCK_TIMEOUT_S + 1.0) -> None:
        """End any running visit, write what is queued (waiting at most `timeout`), close."""
        if self._closed:
            return
        self.visit_ended()
        self._closed = True
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            log.warning("statistics: %d events not written at exit", self._queue.qsize())
            return
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("statistics: still writing after %.0f s at exit; not waiting", timeout)


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayTotal:
    day: date
    visits: int
    avg_visit_seconds: float | None
    """Over the visits that ended (a visit cut short by a restart has no length)."""
    top_panel: str | None
    """The panel looked at longest in total that day."""
    languages: dict[str, int] = field(default_factory=dict)
    """Visits per language, most used first."""
    items_opened: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(), "visits": self.visits,
            "avg_visit_seconds": (round(self.avg_visit_seconds, 1)
                                  if self.avg_visit_seconds is not None else None),
            "top_panel": self.top_panel, "languages": self.languages,
            "items_opened": self.items_opened,
        }


def daily_totals(
    path: Path | None = None, since: date | None = None, stand_id: str | None = None,
    *, timeout: float = LOCK_TIMEOUT_S,
) -> list[DayTotal]:
    """Totals per local day, oldest first, from `since` (inclusive) on. No database: []."""
    path = Path(path) if path is not None else default_stats_path()
    if not path.exists():
        return []
    first = since.isoformat() if since is not None else ""
    stand = "" if stand_id is None else " AND v.stand_id = :stand"
    params = {"since": first, "stand": stand_id}
    try:
        _only_files(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise StatsError(f"cannot open the statistics database {path}: {exc}") from None
    try:
        days = conn.execute(
            "SELECT day, COUNT(*), AVG(seconds) FROM visits v WHERE day >= :since"
            f"{stand} GROUP BY day ORDER BY day", params,
        ).fetchall()
        panels = conn.execute(
            "SELECT v.day, p.panel_id, SUM(p.seconds) AS total FROM panel_views p "
            f"JOIN visits v ON v.id = p.visit_id WHERE v.day >= :since{stand} "
            "GROUP BY v.day, p.panel_id ORDER BY v.day, total DESC, p.panel_id", params,
        ).fetchall()
        languages = conn.execute(
            "SELECT day, language, COUNT(*) AS n FROM visits v WHERE day >= :since"
            f"{stand} GROUP BY day, language ORDER BY day, n DESC, language", params,
        ).fetchall()
        items = conn.execute(
            "SELECT v.day, COUNT(*) FROM items_opened i JOIN visits v ON v.id = i.visit_id "
            f"WHERE v.day >= :since{stand} GROUP BY v.day", params,
        ).fetchall()
    except sqlite3.Error as exc:
        raise StatsError(f"cannot read the statistics database {path}: {exc}") from None
    finally:
        conn.close()
    top: dict[str, str] = {}
    for day, panel_id, _total in panels:
        top.setdefault(day, panel_id)
    per_language: dict[str, dict[str, int]] = {}
    for day, language, count in languages:
        per_language.setdefault(day, {})[language] = count
    opened = dict(items)
    totals = []
    for day, count, average in days:
        try:
            parsed = date.fromisoformat(day)
        except (TypeError, ValueError):
            continue
        totals.append(DayTotal(
            day=parsed, visits=count, avg_visit_seconds=average, top_panel=top.get(day),
            languages=per_language.get(day, {}), items_opened=opened.get(day, 0),
        ))
    return totals
