"""The health file: round trip, staleness, a stopped process, atomic rewrites."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.venue import health
from kiosk.venue.health import Health, HealthError, check_health, read_health, write_health


def sample(now: datetime, **changes: object) -> Health:
    values: dict[str, object] = {
        "pid": os.getpid(), "started": now - timedelta(hours=2), "updated": now,
        "stand_id": "khojaly-31", "stand_version": "20250226T100000Z-3",
        "stand_folder": "/lib/khojaly-31/versions/20250226T100000Z-3",
        "shown_since": now - timedelta(hours=1), "last_touch": now - timedelta(seconds=40),
        "last_error": "media/x.png cannot be decoded", "last_error_at": now - timedelta(minutes=5),
        "restarts": 2, "safe_mode": False,
    }
    values.update(changes)
    return Health(**values)  # type: ignore[arg-type]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "health.json"


def test_round_trip_and_the_fields_fleet_tools_read(path: Path) -> None:
    now = health.now_local()
    record = sample(now)
    write_health(path, record)
    back = read_health(path)
    assert back.stand_id == "khojaly-31" and back.restarts == 2
    assert back.shown_since == record.shown_since.replace(microsecond=0)
    assert back.uptime_s == pytest.approx(7200, abs=1)
    data = json.loads(path.read_text())
    for key in ("stand_id", "stand_version", "stand_folder", "shown_since", "last_touch",
                "last_error", "uptime_s", "pid", "restarts", "safe_mode", "updated"):
        assert key in data
    assert data["uptime_s"] == pytest.approx(7200, abs=1)


def test_a_fresh_file_means_running_and_an_old_one_stale(path: Path) -> None:
    now = health.now_local().replace(microsecond=0)
    write_health(path, sample(now))
    status = check_health(path, now=now + timedelta(seconds=5))
    assert status.running and status.reason == "running"
    stale = check_health(path, now=now + timedelta(seconds=31))
    assert not stale.running and "no update for 31 s" in stale.reason
    assert stale.health is not None and stale.health.stand_id == "khojaly-31"
    future = check_health(path, now=now - timedelta(hours=1))
    assert not future.running


def test_missing_or_damaged_file_means_not_running(path: Path) -> None:
    status = check_health(path)
    assert not status.running and "no health file" in status.reason
    path.parent.mkdir(parents=True)
    path.write_text("{half a file")
    assert "damaged" in check_health(path).reason
    path.write_text('{"pid": "x", "started": "2025-01-01T00:00:00", "updated": "2025-01-01T00:00:00"}')
    with pytest.raises(HealthError, match="'pid' is not a number"):
        read_health(path)
    path.write_text("[]")
    assert not check_health(path).running


def test_a_process_that_ended_is_not_running(path: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    now = health.now_local()
    write_health(path, sample(now, pid=int(ended.stdout)))
    status = check_health(path, now=now)
    assert not status.running and "has ended" in status.reason
    assert check_health(path, now=now, check_pid=False).running


def test_naive_times_are_read_as_local_time(path: Path) -> None:
    now = datetime.now()
    write_health(path, sample(now))
    assert check_health(path).running


def test_restart_counter(path: Path) -> None:
    assert health.next_restarts(path) == 0
    write_health(path, sample(health.now_local(), pid=os.getpid() + 1_000_000, restarts=4))
    assert health.next_restarts(path) == 5
    write_health(path, sample(health.now_local(), restarts=4))  # this very process wrote it
    assert health.next_restarts(path) == 4


def test_default_path_is_in_the_user_state_folder() -> None:
    write_health(None, sample(health.now_local()))
    assert str(health.default_health_path()).startswith(os.environ["XDG_STATE_HOME"])
    assert check_health().running


def test_readers_never_see_half_a_file(path: Path) -> None:
    now = health.now_local()
    write_health(path, sample(now))
    done = threading.Event()
    errors: list[str] = []

    def writer() -> None:
        for index in range(300):
            write_health(path, sample(now, last_error="x" * (index * 37 % 5000), restarts=index))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reads = 0
    while not done.is_set():
        try:
            read_health(path)
            reads += 1
        except HealthError as exc:
            errors.append(str(exc))
    thread.join()
    assert errors == []
    assert reads > 0
    assert list(path.parent.glob(".*.tmp")) == []


def test_reporter_keeps_the_state_and_writes_it(path: Path, tmp_path: Path) -> None:
    write_health(path, sample(health.now_local(), pid=os.getpid() + 1_000_000, restarts=1))
    clock = [health.now_local().replace(microsecond=0)]
    reporter = health.HealthReporter(path, clock=lambda: clock[0])
    folder = tmp_path / "lib" / "khojaly-31" / "versions" / "20250226T100000Z-3"
    reporter.stand_shown("khojaly-31", folder)
    clock[0] += timedelta(seconds=90)
    reporter.touched()
    reporter.error("media/x.png\ncannot be decoded")
    assert reporter.write()
    back = read_health(path)
    assert (back.stand_id, back.stand_version, back.stand_folder) == (
        "khojaly-31", "20250226T100000Z-3", str(folder))
    assert back.restarts == 2 and back.pid == os.getpid()
    assert back.last_touch == clock[0] and back.last_error == "media/x.png cannot be decoded"
    assert back.uptime_s == 90
    assert check_health(path, now=clock[0]).running

    reporter.path = tmp_path / "a-file"
    reporter.path.write_text("")
    reporter.path = reporter.path / "health.json"  # its folder is a file: cannot be written
    assert reporter.write() is False  # and no exception
