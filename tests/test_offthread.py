"""Disk work the user-interface thread hands off: the log file and the health file. A disk that
stalls (simulated by a write that waits) must not hold up the caller."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest

from kiosk.ui import app
from kiosk.ui.runtime import Runtime
from kiosk.venue.health import HealthReporter, read_health
from kiosk.venue.settings import Settings


@pytest.fixture
def stalled() -> Iterator[threading.Event]:
    """Released at the end of the test (or when the test sets it)."""
    release = threading.Event()
    yield release
    release.set()


def test_log_lines_reach_the_file_without_the_caller_waiting_for_the_disk(
    tmp_path: Path, stalled: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = RotatingFileHandler.emit

    def slow_emit(self: RotatingFileHandler, record: logging.LogRecord) -> None:
        stalled.wait(10)  # the SD card is busy
        original(self, record)

    monkeypatch.setattr(RotatingFileHandler, "emit", slow_emit)
    root = logging.getLogger()
    before = list(root.handlers)
    listener = app.setup_logging(tmp_path / "log")
    assert listener is not None
    try:
        started = time.monotonic()
        for n in range(5):
            logging.getLogger("kiosk.test").warning("line %d", n)
        assert time.monotonic() - started < 1.0, "the caller waited for the log file"
        stalled.set()
    finally:
        listener.stop()
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
    text = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert [line.split()[-1] for line in text.splitlines()] == ["0", "1", "2", "3", "4"]


def test_the_health_file_is_written_off_the_ui_thread(
    kiosk: Any, tmp_path: Path, stalled: threading.Event, qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    health = HealthReporter(tmp_path / "health.json")
    writes: list[str] = []
    original = HealthReporter.write_snapshot

    def slow(self: HealthReporter, snapshot: Any) -> bool:
        writes.append(threading.current_thread().name)
        stalled.wait(10)
        return original(self, snapshot)

    monkeypatch.setattr(HealthReporter, "write_snapshot", slow)
    started = time.monotonic()
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=None, load=lambda p: None,  # type: ignore[arg-type, return-value]
                      health=health, parent=kiosk.engine)
    for _ in range(3):
        runtime.write_health()  # a write under way: these are skipped, not queued
    assert time.monotonic() - started < 1.0, "the UI thread waited for the health file"
    assert len(writes) <= 1 and all(name.startswith("disk") for name in writes)
    stalled.set()
    qtbot.waitUntil(lambda: (tmp_path / "health.json").exists(), timeout=5000)
    assert read_health(tmp_path / "health.json").stand_id == "khojaly-31"
    runtime.close()


def test_an_error_logged_on_another_thread_reaches_the_health_record_on_the_ui_thread(
    kiosk: Any, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    health = HealthReporter(tmp_path / "health.json")
    on: list[bool] = []
    original = HealthReporter.error

    def error(self: HealthReporter, message: str, when: Any = None) -> None:
        on.append(threading.current_thread() is threading.main_thread())
        original(self, message, when)

    monkeypatch.setattr(HealthReporter, "error", error)
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=None, load=lambda p: None,  # type: ignore[arg-type, return-value]
                      health=health, parent=kiosk.engine)
    try:
        worker = threading.Thread(
            target=lambda: logging.getLogger("kiosk.test").error("the disk went away"))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: health.health.last_error == "the disk went away", timeout=5000)
        assert on == [True], "the record is changed by the UI thread only"
    finally:
        runtime.close()
