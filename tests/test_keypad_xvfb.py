"""Keys only, on a real X window (Xvfb, xdotool's key events through the X server): a visitor
who cannot use the touchscreen starts the visit, reaches every panel, every figure and every
remark, hears them, switches the language and low reach mode (issue 18)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import commands as cli
from tests.stands import copy_sample
from tests.uidriver import require_tools
from tools.xharness import XServer, home_env

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

PRESSES = 300  # more stops than the sample stand has


class Probe:
    """tests/keypad_probe.py on the display: keys in, the kiosk's state out."""

    def __init__(self, server: XServer, stand: Path, home: Path) -> None:
        env = {**server.env, "QT_QPA_PLATFORM": "xcb", "QT_QUICK_BACKEND": "software",
               **home_env(home), "PYTHONPATH": str(Path(__file__).parents[1])}
        self.server = server
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("keypad_probe.py")), str(stand)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.state: dict[str, Any] = {}
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.lines.put(json.loads(line))

    def _drain(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        while True:
            try:
                state = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return
            self.state = state
            self.seen.append(state)

    def until(self, wanted: Callable[[dict[str, Any]], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not (self.state and wanted(self.state)):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; last state {self.state}")
            self._drain(0.1)

    def key(self, name: str) -> dict[str, Any]:
        self.server.xdotool("key", name)
        self._drain(0.12)
        return self.state

    def press_until(self, name: str, wanted: Callable[[dict[str, Any]], bool], what: str) -> None:
        for _ in range(PRESSES):
            if wanted(self.key(name)):
                return
        raise AssertionError(f"{name} never reached {what}; last state {self.state}")

    def close(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        return self.process.stderr.read() if self.process.stderr else ""


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[Probe]:
    require_tools("Xvfb", "xdotool", "openbox")
    stand = copy_sample(tmp_path / "stand")
    for language in ("en", "az"):
        assert cli.main(["narrate", str(stand), "--lang", language]) == 0
    with XServer((1920, 1080), window_manager=True) as server:
        running = Probe(server, stand, tmp_path / "home")
        try:
            running.until(lambda s: s["phase"] == "attract", "the attract screen")
            window = server.xdotool("search", "--sync", "--onlyvisible", "--name", "Khojaly")
            server.xdotool("windowactivate", "--sync", window.split()[0])
            yield running
        finally:
            errors = running.close()
    assert "Traceback" not in errors, errors


def test_keys_alone_reach_everything_and_narration_follows(probe: Probe) -> None:
    probe.key("Return")  # the attract screen: any key starts the visit
    probe.until(lambda s: s["phase"] == "browsing", "the visit")
    probe.key("a")  # narration on
    probe.until(lambda s: s["audio"], "narration on")
    probe.press_until("Tab", lambda s: s["focus"] == "remark-3", "the last remark")
    focused = {state["focus"] for state in probe.seen}
    assert {f"figure-{n}" for n in range(8)} <= focused, sorted(focused)
    assert {f"remark-{n}" for n in range(4)} <= focused, sorted(focused)
    assert {f"section-{n}" for n in range(7)} <= focused and "group-0" in focused
    assert {state["panel"] for state in probe.seen} == {0, 1, 2, 3}  # every panel shown
    clips = {Path(state["clip"]).name for state in probe.seen if state["speaking"]}
    assert {"figures--figure-0.wav", "remarks--remark-3.wav"} <= clips, sorted(clips)
    probe.key("a")  # narration off: it stops at once
    probe.until(lambda s: not s["audio"] and not s["speaking"], "silence")

    probe.key("Home")  # the first panel
    probe.until(lambda s: s["panel"] == 0, "the first panel")
    probe.press_until("Tab", lambda s: s["focus"] == "language-az", "the Azerbaijani button")
    probe.key("Return")
    probe.until(lambda s: s["language"] == "az", "Azerbaijani")
    probe.press_until("shift+Tab", lambda s: s["focus"] == "toggle-lowReach", "low reach")
    probe.key("space")
    probe.until(lambda s: s["lowReach"], "low reach mode")
    probe.key("a")
    probe.key("Tab")  # said in the visitor's language now
    probe.until(lambda s: s["speaking"], "narration in Azerbaijani")
    assert Path(probe.state["clip"]).parent.name == "az"
