"""Crash loops lead to safe mode; clean exits and old crashes do not."""

from __future__ import annotations

from pathlib import Path

from kiosk.venue.crashes import SAFE_AFTER, WINDOW_S, StartLog


def test_repeated_unclean_starts_turn_on_safe_mode(tmp_path: Path) -> None:
    log = StartLog(tmp_path / "starts.json")
    answers = [log.start(now=1000 + i) for i in range(SAFE_AFTER + 1)]
    assert answers == [False] * SAFE_AFTER + [True]


def test_clean_exits_never_count(tmp_path: Path) -> None:
    log = StartLog(tmp_path / "starts.json")
    for i in range(10):
        assert log.start(now=1000 + i) is False
        log.clean_exit()
    assert log.recent_crashes(now=1020) == 0


def test_old_crashes_are_forgotten(tmp_path: Path) -> None:
    log = StartLog(tmp_path / "starts.json")
    for i in range(SAFE_AFTER):
        log.start(now=1000 + i)
    assert log.start(now=1000 + WINDOW_S + 10) is False


def test_a_damaged_file_is_no_crash(tmp_path: Path) -> None:
    (tmp_path / "starts.json").write_text("{not json")
    log = StartLog(tmp_path / "starts.json")
    assert log.start(now=5) is False
