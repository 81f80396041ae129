"""A Qt loop stuck saying one message for ever: the log keeps its history, the kiosk stops
(and the service manager starts it again) instead of spinning until its watchdog fires."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk.ui.app import EXIT_STUCK, Repeats

STUCK = "QSocketNotifier: Invalid socket 36 and type 'Read', disabling..."


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_message_repeated_is_logged_a_few_times_then_kept_quiet() -> None:
    repeats = Repeats(shown=3, stuck_after=1000, within_s=2.0, clock=Clock())
    assert [repeats.note("a") for _ in range(5)] == ["log", "log", "log", "quiet", "quiet"]
    assert repeats.note("b") == "log"  # another message: said again
    assert repeats.note("a") == "log"


def test_only_many_repeats_at_once_mean_stuck() -> None:
    clock = Clock()
    repeats = Repeats(shown=3, stuck_after=100, within_s=2.0, clock=clock)
    verdicts = [repeats.note(STUCK) for _ in range(100)]
    assert verdicts[-1] == "stuck" and "stuck" not in verdicts[:-1]
    # the same warning now and then over a day (a visitor's repeated action) is not stuck
    slow = Repeats(shown=3, stuck_after=100, within_s=2.0, clock=clock)
    for _ in range(1000):
        clock.now += 3.0
        assert slow.note(STUCK) == "log"


def test_a_stuck_loop_stops_the_kiosk_with_its_reason_in_the_log(tmp_path: Path) -> None:
    child = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import qWarning
        from kiosk.ui import app
        app.setup_logging(Path(sys.argv[1]))
        app.install_message_handler()
        qWarning("an earlier line")
        for _ in range(100_000):
            qWarning({STUCK!r})
        sys.exit(0)  # never reached: the kiosk stopped
    """)
    done = subprocess.run([sys.executable, "-c", child, str(tmp_path / "log")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == EXIT_STUCK, done.stderr[-2000:]
    text = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "an earlier line" in text  # the history before the flood is kept
    assert text.count("Invalid socket 36") <= 25, "the flood reached the log"
    assert "Qt's event loop is stuck" in text
