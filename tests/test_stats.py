"""Visitor statistics: scripted visits, daily totals, and a database that fails."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.venue import stats
from kiosk.venue.stats import Recorder, daily_totals

T0 = datetime(2025, 2, 26, 10, 0, 0)


def at(seconds: float, day: int = 0) -> datetime:
    return T0 + timedelta(days=day, seconds=seconds)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "stats.sqlite3"


@pytest.mark.parametrize("beside", ["", "-wal"])
def test_a_pipe_in_place_of_the_database_is_refused_at_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, beside: str
) -> None:
    # SQLite reading a pipe blocks for ever: the statistics thread, and `kiosk stats`, hung
    path = tmp_path / "stats.sqlite3"
    if beside:  # a real database, with a pipe as its write-ahead log
        first = Recorder(path)
        scripted_visits(first)
        first.close()
        assert path.is_file()
    os.mkfifo(tmp_path / f"stats.sqlite3{beside}")
    done: list[str] = []

    def run() -> None:
        recorder = Recorder(path)
        scripted_visits(recorder)
        recorder.close()
        try:
            daily_totals(path)
        except stats.StatsError as exc:
            done.append(str(exc))
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert done and "not a regular file" in done[0], "blocked on the pipe"
    assert "not a regular file" in caplog.text


def scripted_visits(recorder: Recorder) -> None:
    # day 1, visit 1: 60 s, en -> az, background 20 s, figures 40 s, a source opened
    recorder.visit_started("khojaly-31", "en", at(0))
    recorder.panel_shown("background", at(0))
    recorder.language_chosen("az", at(5))
    recorder.panel_shown("figures", at(20))
    recorder.item_opened("source", "mfa-event-article", at(30))
    recorder.visit_ended(at(60))
    # day 1, visit 2: 30 s, ru, background only
    recorder.visit_started("khojaly-31", "ru", at(100))
    recorder.panel_shown("background", at(100))
    recorder.panel_shown("background", at(110))  # the same panel again: no new timing
    recorder.visit_ended(at(130))
    # day 2: one visit of 10 s
    recorder.visit_started("khojaly-31", "en", at(0, day=1))
    recorder.panel_shown("remarks", at(0, day=1))
    recorder.visit_ended(at(10, day=1))


def test_scripted_visits_give_daily_totals(db: Path) -> None:
    recorder = Recorder(db)
    scripted_visits(recorder)
    recorder.close()

    day1, day2 = daily_totals(db)
    assert day1.day == date(2025, 2, 26)
    assert day1.visits == 2
    assert day1.avg_visit_seconds == pytest.approx(45.0)
    assert day1.top_panel == "background"  # 20 s + 30 s, more than figures' 40 s
    assert day1.languages == {"az": 1, "ru": 1}  # the language at the end of each visit
    assert day1.items_opened == 1
    assert (day2.day, day2.visits, day2.avg_visit_seconds, day2.top_panel) == (
        date(2025, 2, 27), 1, pytest.approx(10.0), "remarks")
    assert [d.day for d in daily_totals(db, since=date(2025, 2, 27))] == [date(2025, 2, 27)]
    assert recorder.failures == 0


def test_panel_times_are_closed_by_the_next_panel_and_by_the_visit_end(db: Path) -> None:
    recorder = Recorder(db)
    scripted_visits(recorder)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT visit_id, panel_id, seconds FROM panel_views ORDER BY id").fetchall()
        visits = conn.execute("SELECT language, seconds, ended IS NOT NULL FROM visits").fetchall()
    assert rows == [(1, "background", 20.0), (1, "figures", 40.0), (2, "background", 30.0),
                    (3, "remarks", 10.0)]
    assert visits == [("az", 60.0, 1), ("ru", 30.0, 1), ("en", 10.0, 1)]


def test_a_new_visit_ends_the_one_still_open(db: Path) -> None:
    recorder = Recorder(db)
    recorder.visit_started("s", "en", at(0))
    recorder.panel_shown("p", at(0))
    recorder.visit_started("s", "az", at(50))
    recorder.visit_ended(at(60))
    [day] = daily_totals(db)
    assert (day.visits, day.avg_visit_seconds, day.top_panel) == (2, pytest.approx(30.0), "p")


def test_events_outside_a_visit_are_ignored(db: Path) -> None:
    recorder = Recorder(db)
    recorder.panel_shown("p", at(0))
    recorder.item_opened("source", "x", at(0))
    recorder.language_chosen("az", at(0))
    recorder.visit_ended(at(1))
    assert daily_totals(db) == []


def test_the_database_uses_wal_and_stores_nothing_personal(db: Path) -> None:
    recorder = Recorder(db)
    scripted_visits(recorder)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = {
            (table, row[1])
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for row in conn.execute(f"PRAGMA table_info({table})")
        }
    allowed = {"id", "visit_id", "stand_id", "day", "started", "ended", "seconds", "language",
               "panel_id", "kind", "item", "at"}
    assert {column for _, column in columns} <= allowed


def test_statistics_off_writes_nothing(db: Path) -> None:
    recorder = Recorder(db, enabled=False)
    scripted_visits(recorder)
    assert not db.exists()
    assert daily_totals(db) == []


def test_default_path_is_in_the_user_data_folder() -> None:
    recorder = Recorder()
    recorder.visit_started("s", "en", at(0))
    recorder.visit_ended(at(3))
    assert str(stats.default_stats_path()).startswith(os.environ["XDG_DATA_HOME"])
    assert daily_totals()[0].visits == 1


def test_a_database_that_cannot_be_written_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    recorder = Recorder(blocker / "stats.sqlite3")
    with caplog.at_level(logging.DEBUG, logger="kiosk.stats"):
        scripted_visits(recorder)  # must not raise
        recorder.close()
    assert recorder.failures >= 1
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, "one warning, not one per visit"


def test_a_damaged_database_never_raises_and_recovers_when_fixed(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.write_bytes(b"this is not a database" * 100)
    recorder = Recorder(db)
    recorder.visit_started("s", "en", at(0))
    recorder.panel_shown("p", at(1))
    recorder.visit_ended(at(2))
    assert recorder.failures == 1  # then it waits before trying again
    assert not recorder.in_visit
    with pytest.raises(stats.StatsError, match="cannot read"):
        daily_totals(db)

    db.unlink()
    monkeypatch.setattr(stats, "RETRY_AFTER_S", 0.0)
    recorder._retry_at = 0.0
    recorder.visit_started("s", "en", at(10))
    recorder.visit_ended(at(15))
    assert daily_totals(db)[0].visits == 1


def test_a_failure_in_the_middle_of_a_visit_never_raises(db: Path) -> None:
    recorder = Recorder(db)
    recorder.visit_started("s", "en", at(0))
    recorder.panel_shown("p", at(0))
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE panel_views")  # e.g. a damaged file
    recorder.panel_shown("q", at(5))
    recorder.visit_ended(at(9))
    assert recorder.failures >= 1


# --- the statistics thread: the user interface never waits for the database ------------------


def test_the_background_recorder_writes_what_the_recorder_would(db: Path) -> None:
    recorder = stats.BackgroundRecorder(db)
    scripted_visits(recorder)  # type: ignore[arg-type]  # the same calls
    assert recorder.flush(timeout=10)
    totals = daily_totals(db)
    assert [t.visits for t in totals] == [2, 1]
    assert totals[0].languages == {"az": 1, "ru": 1} and totals[0].items_opened == 1
    recorder.close()
    assert recorder.failures == 0


def test_event_times_are_taken_when_called_not_when_written(db: Path) -> None:
    times = iter([at(0), at(42)])
    recorder = stats.BackgroundRecorder(db, clock=lambda: next(times))
    recorder.visit_started("khojaly-31", "en")
    assert recorder.in_visit
    recorder.visit_ended()
    assert not recorder.in_visit
    recorder.close()
    assert daily_totals(db)[0].avg_visit_seconds == 42


def test_a_locked_database_never_holds_up_the_caller(
    db: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    Recorder(db).close()  # the database exists, with its tables
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another program holds it
    monkeypatch.setattr(stats, "RETRY_AFTER_S", 0.0)
    timeout = 1.0
    recorder = stats.BackgroundRecorder(db, timeout_s=timeout)
    try:
        started = time.monotonic()
        recorder.visit_started("khojaly-31", "en")
        recorder.panel_shown("background")
        recorder.item_opened("source", "a")
        recorder.visit_ended()
        took = time.monotonic() - started
        # a behaviour, not a benchmark: the calls must not wait for the lock (1 s) at all
        assert took < timeout / 4, f"the calls waited {took:.2f} s for a locked database"
        assert recorder.flush(timeout=10)  # the thread gave up on the lock, and goes on
        assert recorder.failures >= 1
        assert caplog.text.count("the kiosk goes on without it") == 1, "logged once"
    finally:
        locker.rollback()
        locker.close()
    recorder.visit_started("khojaly-31", "az")  # unlocked: recording resumes
    recorder.visit_ended()
    recorder.close()
    assert [t.languages for t in daily_totals(db)] == [{"az": 1}]


def test_a_full_queue_drops_events_and_says_so_once(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = stats.BackgroundRecorder(db, max_queued=3)
    blocked = threading.Event()
    original = recorder.recorder.visit_started

    def slow(*args: object) -> None:
        blocked.wait(10)
        original(*args)  # type: ignore[arg-type]

    recorder.recorder.visit_started = slow  # type: ignore[method-assign]
    recorder.visit_started("khojaly-31", "en")  # the thread is stuck on this one (a slow disk)
    for n in range(10):
        recorder.item_opened("source", str(n))
    assert recorder.dropped > 0
    assert caplog.text.count("events are dropped") == 1
    blocked.set()
    recorder.close()
