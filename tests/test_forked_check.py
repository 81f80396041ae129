"""A stand never validated is checked in a copy of the kiosk's process (`ForkedCheck`),
made before Qt or any thread has started: it starts without Python's start-up and the imports
the kiosk has made already. What the check did in a process of its own still holds there:
its verdict, its attract screen, a stop signal ends it, a crash is the stand's problem.

Each case runs in a fresh Python (the test process has Qt imported: no copy is made there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli.startup import ForkedCheck
from kiosk.content import load_stand
from tests.stands import copy_sample, edit

CHECK = """
import json, os, signal, sys, time
from pathlib import Path
from kiosk.cli import startup
from kiosk.cli.startup import StandCheck
from kiosk.venue.signals import EarlySignals

if sys.argv[2].startswith("SIG"):  # a check that would run a minute, so it runs when signalled
    startup.check_apart = lambda folder, with_preview=False: time.sleep(60) or 0
else:  # a check that begins once the kiosk listens (a kiosk that missed news polls anyway)
    checked = startup.check_apart
    startup.check_apart = lambda folder, with_preview=False: (
        time.sleep(0.3), checked(folder, with_preview))[1]
if sys.argv[2] == "thread":  # a thread runs: no copy of this process is made
    import threading
    threading.Thread(target=time.sleep, args=(5,), daemon=True).start()

EarlySignals().install()  # as `kiosk run` has them while it starts
told = []
check = StandCheck.start(Path(sys.argv[1]))
check.listen(lambda: told.append([check._preview is not None, check._ended.is_set()]))
child = check._child
if sys.argv[2].startswith("SIG"):  # a signal for the check, once it runs
    time.sleep(0.2)
    os.kill(child.pid, getattr(signal, sys.argv[2]))
result = check.result()
print(json.dumps({
    "kind": type(child).__name__, "own_pid": child.pid != os.getpid(), "ok": result.ok,
    "title": (check._preview or {}).get("title"), "told": told,
    "problems": [problem.message for problem in result.problems if problem.is_error],
    "blocked": sorted(int(n) for n in signal.pthread_sigmask(signal.SIG_BLOCK, [])),
}))
"""


def _check(stand: Path, send: str = "-") -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", CHECK, str(stand), send], env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_a_stand_never_validated_is_checked_in_a_copy_and_passes(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    got = _check(stand)
    assert got["kind"] == "ForkedCheck" and got["own_pid"]
    assert got["ok"] and got["problems"] == []
    # its attract screen came first, and the kiosk was told of it, then of the end
    loaded = load_stand(stand).stand
    assert loaded is not None and got["title"] == loaded.text(loaded.title, "en")
    # (its words, then its picture, then its end)
    assert got["told"] == [[True, False], [True, False], [True, True]]
    assert got["blocked"] == []  # the signals held over the fork are let through again


def test_no_copy_while_another_thread_runs(tmp_path: Path) -> None:
    """A copy would hold whatever lock the other thread held: a new process checks it."""
    got = _check(copy_sample(tmp_path / "stand"), "thread")
    assert got["kind"] == "Popen" and got["ok"]


def test_a_stand_that_fails_in_the_copy_brings_back_its_problems(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    path = stand / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    got = _check(stand)
    assert got["kind"] == "ForkedCheck" and not got["ok"] and got["title"] is None
    assert any("format" in message for message in got["problems"]), got


@pytest.mark.parametrize(("send", "said"), [("SIGTERM", "signal 15"), ("SIGKILL", "signal 9")])
def test_a_stop_signal_ends_the_copy_and_the_stand_is_not_shown(
    tmp_path: Path, send: str, said: str
) -> None:
    """The kiosk's own handlers only note a signal while it starts: the copy has the stop
    signals at their default, as a started child has them, so SIGTERM ends it (at once:
    the check in it would have run a minute)."""
    got = _check(copy_sample(tmp_path / "stand"), send)
    assert got["kind"] == "ForkedCheck" and not got["ok"]
    assert any(said in message for message in got["problems"]), got


def test_no_copy_where_qt_or_threads_run(tmp_path: Path) -> None:
    """In this process Qt is imported (a copy could hold a lock of one of its threads)."""
    assert "PySide6.QtCore" in sys.modules
    assert ForkedCheck.fork(copy_sample(tmp_path / "stand"), with_preview=True) is None


def test_the_attract_screen_is_told_before_the_images_are_decoded(tmp_path: Path) -> None:
    """One load: every check but the decoding first, then the stand as checked so far, then
    the decoder, given every image at once."""
    stand = copy_sample(tmp_path / "stand")
    events: list[str] = []

    class Batch:
        def __call__(self, path: Path, max_pixels: int) -> str | None:
            raise AssertionError("one image at a time")

        def many(self, paths: list[Path], max_pixels: int) -> list[str | None]:
            events.extend(["decoded"] * len(paths))
            return [None] * len(paths)

    decoder = Batch()

    def told(checked: Any) -> None:
        assert checked.ok and checked.stand is not None
        events.append("told")

    result = load_stand(stand, decoder=decoder, before_decoding=told)
    assert result.ok
    assert events[0] == "told" and events.count("told") == 1
    assert events.count("decoded") == len(events) - 1 >= 2
