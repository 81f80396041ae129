"""Signals a running kiosk may get: each is logged, none ends it by its default action, and none
is recorded as a crash (which would push it toward safe mode).

The table and the rate-limited log are checked without Qt; then every signal is sent to a real
`kiosk run` process (offscreen), whose log lines, exit status and start record are read.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.paths import SAMPLE_STAND
from kiosk.venue.signals import Action, EarlySignals, SignalLog, actions, signal_name
from tools.xharness import home_env

posix_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="POSIX signals (Linux names: SIGPWR, SIGSTKFLT)")

# every signal whose default action ends the process and that a program may catch (signal(7))
ENDING = ("SIGHUP", "SIGINT", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGUSR1", "SIGUSR2",
          "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ", "SIGIO", "SIGPWR", "SIGSTKFLT")
# faults and the core-dump request stay crashes: not taken
FAULTS = ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGABRT", "SIGSYS", "SIGTRAP", "SIGQUIT")


@posix_only
def test_every_catchable_ending_signal_has_an_action_and_faults_have_none() -> None:
    table = actions()
    for name in ENDING:
        assert int(getattr(signal, name)) in table, name
    for name in FAULTS:
        assert int(getattr(signal, name)) not in table, name
    for number in range(signal.SIGRTMIN, signal.SIGRTMAX + 1):
        assert table[number] is Action.IGNORE
    assert table[signal.SIGTERM] is table[signal.SIGINT] is Action.STOP
    assert table[signal.SIGHUP] is Action.RELOAD
    assert table[signal.SIGUSR1] is Action.STATUS
    assert signal_name(signal.SIGRTMIN + 3) == "SIGRTMIN+3"
    assert signal_name(signal.SIGHUP) == "SIGHUP"


def test_an_ignored_signal_is_logged_at_once_then_rate_limited(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "kiosk.signals")
    now = [100.0]
    ignored = SignalLog(every_s=60, clock=lambda: now[0])
    assert ignored.note(signal.SIGPIPE) is True
    for _ in range(5):
        now[0] += 1
        assert ignored.note(signal.SIGPIPE) is False
    assert ignored.note(signal.SIGALRM) is True  # another signal has its own limit
    now[0] += 60
    assert ignored.note(signal.SIGPIPE) is True
    lines = [r.getMessage() for r in caplog.records if "SIGPIPE" in r.getMessage()]
    assert lines == ["received SIGPIPE: ignored, the kiosk goes on",
                     "received SIGPIPE: ignored, the kiosk goes on (5 more since the last line)"]
    for _ in range(100):  # a storm of reloads: one line, then the count
        ignored.note(signal.SIGHUP, "checking the stand on disk again", logging.INFO)
    now[0] += 60
    ignored.note(signal.SIGHUP, "checking the stand on disk again", logging.INFO)
    lines = [r.getMessage() for r in caplog.records if "SIGHUP" in r.getMessage()]
    assert lines == ["received SIGHUP: checking the stand on disk again",
                     "received SIGHUP: checking the stand on disk again (99 more since the last line)"]


@posix_only
def test_early_signals_are_held_until_taken() -> None:
    early = EarlySignals()
    previous = signal.getsignal(signal.SIGUSR2)
    try:
        early.install()
        os.kill(os.getpid(), signal.SIGUSR2)
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(0.01)  # Python runs the handlers at the next bytecode
        assert early.take() == [signal.SIGUSR2, signal.SIGHUP]
        assert early.take() == []
    finally:
        for signum, handler in early._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
    assert signal.getsignal(signal.SIGUSR2) == previous


# --- a real kiosk process -------------------------------------------------------------------


class Child:
    """`python -m kiosk run STAND` with its own home; its stderr read line by line."""

    def __init__(self, home: Path, stand: Path) -> None:
        self.home = home
        self.state = home / ".local/state/exhibit-kiosk"
        env = {**os.environ, **home_env(home),
               "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
        env.pop("NOTIFY_SOCKET", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", str(stand)], env=env, text=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """The first line (from now on) containing `text`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {timeout} s; exit status "
                             f"{self.proc.poll()}; last lines:\n" + "\n".join(self.seen[-15:]))

    def send(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def send_to_all(self, signum: int) -> None:
        """To the kiosk and its helper processes, as `systemctl kill` does."""
        os.killpg(self.proc.pid, signum)

    def starts(self) -> list[dict[str, object]]:
        data = json.loads((self.state / "starts.json").read_text())
        assert isinstance(data, list)
        return data

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def stand(tmp_path: Path) -> Path:
    folder = tmp_path / "stand"
    shutil.copytree(SAMPLE_STAND, folder)
    return folder


@pytest.fixture
def child(tmp_path: Path, stand: Path) -> Iterator[Child]:
    made = Child(tmp_path / "home", stand)
    yield made
    made.close()


@posix_only
def test_signals_to_a_running_kiosk_are_logged_and_none_ends_it(child: Child) -> None:
    # while it starts (before the Qt loop): held, and acted on once the loop runs; the
    # process checking the stand meanwhile ignores it too
    child.wait_for("has changed since it was validated: checking it")
    child.send_to_all(signal.SIGUSR2)
    child.wait_for("acting on SIGUSR2, received while starting", timeout=60)
    child.wait_for("received SIGUSR2: ignored", timeout=5)
    child.wait_for("first frame shown", timeout=30)
    assert not any("failed validation" in line for line in child.seen), "the check went on"

    # SIGHUP: the stand is checked again, as a daemon re-reads its configuration
    child.send(signal.SIGHUP)
    child.wait_for("received SIGHUP: checking the stand on disk again", timeout=5)
    line = child.wait_for("is valid and has not changed since it was shown", timeout=30)
    assert "keeps showing stand khojaly-31 (the version shown at start)" in line

    # SIGUSR1: a status line, and the health file written now
    health = child.state / "health.json"
    health.unlink()
    child.send(signal.SIGUSR1)
    line = child.wait_for("status: showing stand khojaly-31", timeout=5)
    assert "visitor: attract" in line
    deadline = time.monotonic() + 5
    while not health.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert health.exists(), "SIGUSR1 writes the health file at once"

    for signum in (signal.SIGPIPE, signal.SIGALRM, signal.SIGVTALRM,
                   signal.SIGPROF, signal.SIGXFSZ, signal.SIGIO, signal.SIGPWR,
                   signal.SIGRTMIN + 2):
        child.send(signum)
        child.wait_for(f"received {signal_name(signum)}: ignored, the kiosk goes on", timeout=5)
        assert child.proc.poll() is None, signal_name(signum)

    starts = child.starts()
    assert starts[-1]["clean"] is False  # still running
    child.send(signal.SIGTERM)
    child.wait_for("received SIGTERM: stopping", timeout=5)
    assert child.proc.wait(timeout=20) == 0
    assert child.starts()[-1]["clean"] is True, "a stop by signal is no crash"
    assert not any("Traceback" in line for line in child.seen)
    # the log file (written on its own thread) has the lines too, up to the stop
    written = (child.state / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "received SIGHUP: checking the stand on disk again" in written
    assert "received SIGTERM: stopping" in written


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGXCPU],
                         ids=["SIGINT", "SIGXCPU"])
def test_stop_signals_end_the_kiosk_cleanly(child: Child, signum: int) -> None:
    child.wait_for("first frame shown", timeout=60)
    child.send(signum)
    child.wait_for(f"received {signal_name(signum)}: stopping", timeout=5)
    assert child.proc.wait(timeout=20) == 0
    assert child.starts()[-1]["clean"] is True
