"""Frame times on the software renderer at 1920x1080, and Python work per frame.

The kiosk runs in a child process (the same `Kiosk` object `kiosk run` makes, with the
lockdown as the full-screen kiosk installs it) on a real X window: an Xvfb
screen this script starts itself (or the display in $DISPLAY with `--use-display`, or the
offscreen platform with `--platform offscreen`). In the child, every
`QQuickWindow.frameSwapped`, `beforeSynchronizing` and `afterRendering` is stamped with
`time.perf_counter()` (direct connections: the stamp is taken where the frame is made, on the
render thread when there is one). Measured:

- **interval**: the time between consecutive swapped frames while something moves: the
  attract screen's idle animation (stepped by Timers, every 2 s since 2026-12-03, to save CPU, so
  its gaps are by design: for it the target is each frame's render time), panel swipes
  driven by synthetic touch
  events (`QTest.touchEvent`, from the pager's movementStarted to its movementEnded), and
  the background panel's list flung with synthetic touch flicks down to its end and back
  to the top (each fling from the list's movementStarted to its movementEnded);
- **render**: `beforeSynchronizing` to `afterRendering` of the same frame (the scene graph
  sync and the software rendering; not the copy to the window, about 1 ms more). Work done
  between frames (animations, delegate creation, layout) shows in the interval, not here.
  A swap whose sync and render took under 0.5 ms drew nothing (the basic render loop swaps
  many such empty frames): those are counted apart and left out of the intervals;
- **Python calls per frame**: `sys.setprofile` counts every Python function call on the GUI
  thread during 3 s of animation with no input (the attract screen, the list coasting after
  a fling, a panel change), split into calls of functions in kiosk/ and calls of any Python
  code (this script's own frame stamps excluded);
- for information: the attract animation while a worker thread validates the stand again
  and again (what a live reload does), with the lockdown in place and with it removed.

Qt Quick's software adaptation has two render loops: "basic" (the default, used by the
kiosk as shipped: everything on the GUI thread) and "threaded" (`QSG_RENDER_LOOP=threaded`:
rendering on its own thread, paced to the screen's refresh rate). Both are measured unless
`--render-loop` picks one.

Run (from the repository root, in the virtual environment):

    python benchmarks/frames.py
    python benchmarks/frames.py --write docs/performance-runtime.md

`--write` replaces only this script's section of the file (between its marker comments).
The helpers at the top (X server, machine description, report section) are shared with
benchmarks/idle_cpu.py and benchmarks/images.py.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))
from xharness import XServer, code_version, home_env  # noqa: E402
from xharness import write_section as _write_section  # noqa: E402

SAMPLE_STAND = ROOT / "content" / "khojaly-31"
KIOSK_DIR = ROOT / "kiosk"
SECTION = "frames"
DOCUMENT_TITLE = "Runtime performance"
SIZE = (1920, 1080)
SLOW_FRAME_MS = 33.0
EMPTY_FRAME_MS = 0.5  # an empty swap syncs and renders in ~0.2 ms; some real frames draw in under 1 ms
CHILD_TIMEOUT_S = 150.0


# --- shared helpers (also used by idle_cpu.py and images.py) --------------------------------


@contextlib.contextmanager
def display_for(platform_name: str, use_display: bool) -> Iterator[tuple[str, str, int | None]]:
    """(QT_QPA_PLATFORM, DISPLAY, pid of our own X server or None) for the measured process."""
    if platform_name == "offscreen":
        yield "offscreen", "", None
    elif use_display:
        if not os.environ.get("DISPLAY"):
            raise SystemExit("--use-display needs an X display in $DISPLAY")
        yield "xcb", os.environ["DISPLAY"], None
    else:
        with XServer() as server:
            yield "xcb", server.display, server.pid


def qt_environment(platform_name: str, display: str, render_loop: str = "basic",
                   home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": platform_name, "QT_QUICK_BACKEND": "software",
                "QT_SCALE_FACTOR": "1", "PYTHONUNBUFFERED": "1"})
    for name in ("QSG_INFO", "QSG_RENDER_LOOP", "QT_LOGGING_RULES", "NOTIFY_SOCKET",
                 "WATCHDOG_USEC"):
        env.pop(name, None)
    if render_loop != "basic":
        env["QSG_RENDER_LOOP"] = render_loop
    if display:
        env["DISPLAY"] = display
    else:
        env.pop("DISPLAY", None)
    if home is not None:  # nothing of the user's settings, statistics or logs is read or written
        env.update(home_env(home))
    return env


def run_child(script: Path, arguments: list[str], env: dict[str, str],
              timeout: float = CHILD_TIMEOUT_S,
              started: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Run `script --child ...` and return the JSON it writes to the file named by --out;
    `started` is given the child's pid as soon as it runs."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as scratch:
        out = Path(scratch) / "result.json"
        errors = Path(scratch) / "stderr.txt"
        with errors.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, str(script), "--child", "--out", str(out), *arguments],
                env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
            )
            if started is not None:
                started(process.pid)
            try:
                code: int | str = process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                code = f"timeout after {timeout:.0f} s"
        if os.environ.get("FRAMES_DEBUG"):
            sys.stderr.write(errors.read_text("utf-8", "replace"))
        if code != 0 or not out.exists():
            tail = errors.read_text("utf-8", "replace").strip().splitlines()[-25:]
            raise SystemExit(f"{script.name} child failed ({code}):\n  " + "\n  ".join(tail))
        return dict(json.loads(out.read_text("utf-8")))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def machine_lines(platform_name: str, render_loop: str | None = None) -> list[str]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    memory_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = "?"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    where = ("Xvfb (xcb platform), 1920x1080x24" if platform_name == "xcb"
             else "offscreen platform (no display)")
    loop = f", render loop {render_loop}" if render_loop else ""
    return [
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: `nproc` {len(os.sched_getaffinity(0))} ({cpu}), "
        f"{memory_kb / 1024 / 1024:.1f} GiB memory, Linux {platform.release()}",
        f"- Python {platform.python_version()}, PySide6 {pyside_version} (Qt {qVersion()})",
        f"- Code: {code_version()}",
        f"- Screen: {where}; `QT_QUICK_BACKEND=software`{loop}",
        f"- Load average (1 min) at the start: {os.getloadavg()[0]:.2f}",
    ]






def write_section(document: Path, name: str, body: str, title: str = DOCUMENT_TITLE) -> None:
    _write_section(document, name, body, title)


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def verdict(met: bool) -> str:
    return "yes" if met else "**no**"


# --- in the child: Qt helpers --------------------------------------------------------------


def log(message: str) -> None:
    """Progress of the child, on its stderr (shown when it fails)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait(ms: int) -> None:
    """Run the event loop for `ms` (a local QEventLoop: with the threaded render loop, a
    QTest.qWait here can hold Python's lock while the GUI thread waits for the render thread,
    which itself waits for that lock to stamp a frame)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for_signal(signal: Any, timeout_ms: int) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired = [False]

    def done() -> None:
        fired[0] = True
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return fired[0]


def items(window: Any) -> list[Any]:
    found, stack = [], [window.contentItem()]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(reversed(item.childItems()))
    return found


def find_item(window: Any, name: str, timeout_ms: int = 5000) -> Any:
    waited = 0
    while True:
        matches = [item for item in items(window) if item.objectName() == name]
        if matches or waited >= timeout_ms:
            break
        wait(50)
        waited += 50
    if not matches:
        raise SystemExit(f"no item named {name!r} on screen")
    return matches[0]


class FrameRecorder:
    """Stamps every swapped frame and every sync, and the spans in which something moves."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import Qt

        self.swaps: list[float] = []
        self.syncs: list[float] = []
        self.rendered: list[float] = []
        self.spans: list[tuple[float, float]] = []
        self.moves: list[float] = []
        self._open: float | None = None
        direct = Qt.ConnectionType.DirectConnection
        window.beforeSynchronizing.connect(self._sync, direct)
        window.afterRendering.connect(self._rendered, direct)
        window.frameSwapped.connect(self._swap, direct)

    def _sync(self) -> None:
        self.syncs.append(time.perf_counter())

    def _rendered(self) -> None:
        self.rendered.append(time.perf_counter())

    def _swap(self) -> None:
        self.swaps.append(time.perf_counter())

    def clear(self) -> None:
        self.swaps.clear()
        self.syncs.clear()
        self.rendered.clear()
        self.spans.clear()
        self.moves.clear()
        self._open = None

    def begin(self) -> None:
        if self._open is None:
            self._open = time.perf_counter()

    def end(self) -> None:
        if self._open is not None:
            self.spans.append((self._open, time.perf_counter()))
            self._open = None

    def watch(self, view: Any) -> Callable[[], None]:
        """Spans from the view's movementStarted to its movementEnded; returns the undo."""
        start, stop = (lambda: self.begin()), (lambda: self.end())
        moved = lambda: self.moves.append(time.perf_counter())  # noqa: E731
        view.movementStarted.connect(start)
        view.movementEnded.connect(stop)
        view.contentXChanged.connect(moved)
        view.contentYChanged.connect(moved)

        def undo() -> None:
            view.movementStarted.disconnect(start)
            view.movementEnded.disconnect(stop)
            view.contentXChanged.disconnect(moved)
            view.contentYChanged.disconnect(moved)

        return undo

    def summary(self, name: str) -> dict[str, Any]:
        """Intervals between the frames that drew something, within the spans of motion.

        The basic render loop often swaps a frame that redraws nothing right after one that
        did (its sync and render take ~0.2 ms against several ms for a real one): such empty
        swaps are counted apart, so that they do not hide a long wait between two pictures.
        The render time is beforeSynchronizing to afterRendering (the threaded loop sleeps
        between rendering and frameSwapped to keep to the refresh rate).

        A watched view's motion ends with the first frame that shows its last change of
        position: a Flickable signals movementEnded some time after the content has come to
        rest (about 0.2 s after some swipes), and that stillness is
        not a frame that was late. Spans without watched positions end at their `end()`.
        """
        self.end()
        swaps, syncs, rendered = list(self.swaps), list(self.syncs), list(self.rendered)
        moves = list(self.moves)
        intervals: list[float] = []
        renders: list[float] = []
        frames = empty = 0
        moving_s = 0.0
        for start, stop in self.spans:
            limit = stop + 0.05
            last_move = bisect.bisect_right(moves, stop) - 1
            if last_move >= 0 and moves[last_move] >= start:
                shown = bisect.bisect_left(swaps, moves[last_move])
                limit = min(limit, swaps[shown]) if shown < len(swaps) else limit
                stop = min(stop, limit)
            moving_s += stop - start
            drawn: list[float] = []
            for swapped in (t for t in swaps if start <= t <= limit):
                # this frame's sync and end of rendering: the last ones before its swap
                index = bisect.bisect_right(syncs, swapped) - 1
                done = bisect.bisect_right(rendered, swapped) - 1
                render = None
                if index >= 0 and done >= 0 and 0 <= rendered[done] - syncs[index] < 1.0:
                    render = (rendered[done] - syncs[index]) * 1000
                if render is not None and render < EMPTY_FRAME_MS:
                    empty += 1
                    continue
                drawn.append(swapped)
                if render is not None:
                    renders.append(render)
            frames += len(drawn)
            intervals += [(b - a) * 1000 for a, b in itertools.pairwise(drawn)]
            if os.environ.get("FRAMES_DEBUG"):
                for a, b in itertools.pairwise(drawn):
                    if (b - a) * 1000 > SLOW_FRAME_MS:
                        log(f"{name}: gap {(b - a) * 1000:.0f} ms at {(a - start) * 1000:.0f} ms "
                            f"into a span of {(stop - start) * 1000:.0f} ms; swaps in between: "
                            f"{sum(1 for t in swaps if a < t < b)}; moves in between at "
                            + ", ".join(f"{(t - a) * 1000:.0f}" for t in moves if a < t <= b))
        if os.environ.get("FRAMES_DEBUG"):
            base = self.spans[0][0] if self.spans else 0.0
            log(f"{name}: spans " + ", ".join(
                f"{(a - base) * 1000:.0f}-{(b - base) * 1000:.0f}" for a, b in self.spans))
            log(f"{name}: intervals over 33 ms: " + ", ".join(
                f"{v:.0f}" for v in intervals if v > SLOW_FRAME_MS))
        return {
            "name": name, "frames": frames, "empty": empty, "seconds": moving_s,
            "spans": len(self.spans), "intervals": intervals, "renders": renders,
        }


class CallCounter:
    """A `sys.setprofile` hook counting Python function calls (not this script's own)."""

    def __init__(self) -> None:
        self.kiosk: collections.Counter[str] = collections.Counter()
        self.other: collections.Counter[str] = collections.Counter()
        self._prefix = str(KIOSK_DIR) + os.sep
        self._self = str(Path(__file__).resolve())

    def __call__(self, frame: Any, event: str, arg: object) -> None:
        if event != "call":
            return
        code = frame.f_code
        filename = code.co_filename
        if filename.startswith(self._prefix):
            where = f"{Path(filename).relative_to(ROOT)}:{code.co_firstlineno} {code.co_name}"
            self.kiosk[where] += 1
        elif filename != self._self:
            self.other[f"{Path(filename).name} {code.co_name}"] += 1

    def during(self, ms: int) -> None:
        sys.setprofile(self)
        try:
            wait(ms)
        finally:
            sys.setprofile(None)


# --- the child: drive the kiosk and measure ------------------------------------------------


def child(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from kiosk.content import load_stand
    from kiosk.ui.app import Kiosk, application
    from kiosk.ui.imaging import qt_decode
    from kiosk.ui.lockdown import CursorPolicy, install_lockdown
    from kiosk.venue import heap

    heap.return_large_blocks()  # as `kiosk run` does
    application()
    result = load_stand(args.stand, decoder=qt_decode)
    if result.stand is None:
        raise SystemExit(f"{args.stand} is not a valid stand")
    kiosk = Kiosk(result, idle_timeout=3600)
    window = kiosk.window
    # the lockdown `kiosk run` puts on the full-screen window (not on a --windowed preview)
    lock = install_lockdown(window, lambda: True, cursor=CursorPolicy.HIDDEN)
    window.resize(*SIZE)
    window.show()
    recorder = FrameRecorder(window)
    controller = kiosk.controller
    wait(2500)  # first frame, the panels built in the background, the attract image decoded
    screen = QGuiApplication.primaryScreen()
    out: dict[str, Any] = {
        "render_loop": os.environ.get("QSG_RENDER_LOOP", "basic"),
        "platform": QGuiApplication.platformName(),
        "refresh_hz": screen.refreshRate() if screen else 0,
        "window": [window.width(), window.height()],
        "scenarios": [], "profiles": [], "notes": [],
    }
    scenarios, profiles = out["scenarios"], out["profiles"]

    log(f"started: {out['platform']}, render loop {out['render_loop']}")
    # 1. the attract screen's idle animation
    recorder.clear()
    recorder.begin()
    wait(5000)
    attract = recorder.summary("Attract screen, idle animation (5 s; stepped by design)")
    attract["stepped"] = True  # its glow moves every 2 s (was 4 times a second): the gaps are meant
    scenarios.append(attract)
    counter = CallCounter()
    recorder.clear()
    counter.during(3000)
    profiles.append(profile_row("Attract screen idle animation", counter, len(recorder.swaps)))

    # a visitor touches the screen: the visit starts on the first panel
    device = QTest.createTouchDevice()
    touch(window, device, "press", SIZE[0] // 2, SIZE[1] // 2)
    wait(40)
    touch(window, device, "release", SIZE[0] // 2, SIZE[1] // 2)
    wait(1500)
    if controller.phase != "browsing":
        raise SystemExit("the tap did not start a visit")

    log("visit started")
    # 2. panel swipes with synthetic touch events
    pager = find_item(window, "pager")
    panels = len(result.stand.panels)
    undo = recorder.watch(pager)
    recorder.clear()
    changed = swipes = 0
    for _round in range(2):
        for direction in [1] * (panels - 1) + [-1] * (panels - 1):
            before = controller.currentIndex
            swipe(window, device, direction)
            wait_for_signal(pager.movementEnded, 2500)
            wait(150)
            swipes += 1
            changed += controller.currentIndex == before + direction
    undo()
    scenarios.append(recorder.summary(f"Panel swipes, touch ({swipes} swipes)"))
    out["notes"].append(f"{changed} of {swipes} swipes moved to the next panel")

    log("swipes done")
    # 3. the background panel's list, flung down to its end and back to the top
    kinds = [panel.kind for panel in result.stand.panels]
    if "background" in kinds:
        controller.goTo(kinds.index("background"))
        wait(1200)
        sections = find_item(window, "sections")
        undo = recorder.watch(sections)
        recorder.clear()
        flings = scroll_through(window, device, sections, 1)
        flings += scroll_through(window, device, sections, -1)
        undo()
        scenarios.append(recorder.summary(
            f"Background list scroll, touch flings to the end and back ({flings} flings)"))
        out["notes"].append(
            f"background list: contentHeight {sections.property('contentHeight'):.0f} px "
            f"in a {sections.height():.0f} px view")

        # Python calls while the list scrolls on by itself after a fling
        fling(window, device, 1)
        counter = CallCounter()
        recorder.clear()
        counter.during(3000)
        profiles.append(profile_row("Background list coasting after a fling", counter,
                                    len(recorder.swaps)))

    log("scroll done")
    # Python calls during a panel change (the pager's own animation)
    counter = CallCounter()
    recorder.clear()
    sys.setprofile(counter)
    try:
        controller.goTo(min(1, panels - 1))
        wait(3000)
    finally:
        sys.setprofile(None)
    profiles.append(profile_row("Panel change by `goTo` (one call), its animation",
                                counter, len(recorder.swaps)))

    log("profiles done")
    # 4. for information: the attract animation while a worker thread validates the stand,
    # with the lockdown as shipped, then removed
    controller.resetToAttract()
    wait(1500)
    for label, locked in (("as shipped", True), ("lockdown removed", False)):
        if not locked:
            lock.remove()
        loads = validating(args.stand, recorder, 5000)
        scenarios.append(recorder.summary(
            f"Attract animation while a thread validates the stand ({loads} loads in 5 s), "
            f"{label}"))
    scenarios[-1]["informational"] = scenarios[-2]["informational"] = True
    Path(args.out).write_text(json.dumps(out), "utf-8")
    log("done")
    # no teardown: closing the window waits for the render thread, which may be waiting to
    # stamp a frame in Python; nothing is left to save
    sys.stderr.flush()
    os._exit(0)


def touch(window: Any, device: Any, kind: str, x: int, y: int) -> None:
    """One synthetic touch event. Committed without processing events there and then: with
    the threaded render loop, processing events while Python's lock is held (as inside
    commit()) can wait for the render thread, which waits for that lock to stamp a frame."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    sequence = QTest.touchEvent(window, device)
    getattr(sequence, kind)(0, QPoint(x, y), window).commit(False)


def swipe(window: Any, device: Any, direction: int, steps: int = 12) -> None:
    """A finger dragged across 60% of the screen in about 0.2 s, then lifted."""

    y = int(SIZE[1] * 0.55)
    start, end = int(SIZE[0] * 0.8), int(SIZE[0] * 0.2)
    if direction < 0:
        start, end = end, start
    touch(window, device, "press", start, y)
    for step in range(1, steps + 1):
        wait(16)
        touch(window, device, "move", start + (end - start) * step // steps, y)
    touch(window, device, "release", end, y)


def fling(window: Any, device: Any, direction: int, steps: int = 8) -> None:
    """A finger flicking the list: 600 px up (direction 1: towards the end) in about 0.13 s."""

    x = SIZE[0] // 2
    start, end = int(SIZE[1] * 0.78), int(SIZE[1] * 0.23)
    if direction < 0:
        start, end = end, start
    touch(window, device, "press", x, start)
    for step in range(1, steps + 1):
        wait(16)
        touch(window, device, "move", x, start + (end - start) * step // steps)
    touch(window, device, "release", x, end)


def scroll_through(window: Any, device: Any, view: Any, direction: int, limit: int = 20) -> int:
    """Fling `view` again and again until it is at its end (direction 1) or its top (-1)."""
    done = "atYEnd" if direction > 0 else "atYBeginning"
    flings = 0
    while not view.property(done) and flings < limit:
        fling(window, device, direction)
        flings += 1
        wait_for_signal(view.movementEnded, 6000)
        wait(100)
    return flings


def validating(stand: Path, recorder: FrameRecorder, ms: int) -> int:
    """Run the stand's validation on a worker thread, as live reload does, for `ms`."""
    from functools import partial

    from kiosk.content import load_stand
    from kiosk.ui.imaging import qt_decode

    stop = threading.Event()
    loads = [0]

    def work() -> None:
        while not stop.is_set():
            load_stand(stand, decoder=partial(qt_decode, capture=False))
            loads[0] += 1

    worker = threading.Thread(target=work, daemon=True)
    recorder.clear()
    worker.start()
    recorder.begin()
    wait(ms)
    recorder.end()
    stop.set()
    worker.join()
    return loads[0]


def profile_row(name: str, counter: CallCounter, frames: int) -> dict[str, Any]:
    return {
        "name": name, "frames": frames,
        "kiosk_calls": sum(counter.kiosk.values()),
        "all_calls": sum(counter.kiosk.values()) + sum(counter.other.values()),
        "kiosk_top": counter.kiosk.most_common(4),
        "other_top": counter.other.most_common(3),
    }


# --- the report ----------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return f"{value:.1f}"


TABLE_HEAD = (
    "| Scenario | Frames drawn | Empty swaps | Frames/s | Interval p50 (ms) | p95 | Worst "
    "| Over 33 ms | Render p50 (ms) | p95 | Worst |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def scenario_row(row: dict[str, Any]) -> str:
    intervals, renders = row["intervals"], row["renders"]
    rate = row["frames"] / row["seconds"] if row["seconds"] else 0.0
    slow = sum(1 for value in intervals if value > SLOW_FRAME_MS)
    return (
        f"| {row['name']} | {row['frames']} | {row['empty']} | {rate:.0f} | "
        f"{_fmt(percentile(intervals, 50))} | "
        f"{_fmt(percentile(intervals, 95))} | {_fmt(max(intervals, default=0))} | {slow} | "
        f"{_fmt(percentile(renders, 50))} | {_fmt(percentile(renders, 95))} | "
        f"{_fmt(max(renders, default=0))} |"
    )


def profile_line(row: dict[str, Any]) -> str:
    frames = max(1, row["frames"])
    top = ", ".join(f"`{where}` x{count}" for where, count in row["kiosk_top"]) or "none"
    return (f"| {row['name']} | {row['frames']} | {row['kiosk_calls']} | "
            f"{row['kiosk_calls'] / frames:.2f} | {row['all_calls']} | "
            f"{row['all_calls'] / frames:.2f} | {top} |")


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace, platform_name: str,
           command: str) -> str:
    out = ["### Frame times and Python work per frame (`benchmarks/frames.py`)", ""]
    out += machine_lines(platform_name)
    out.append(f"- Stand: `{relative(args.stand)}`; window {SIZE[0]}x{SIZE[1]}")
    out.append(f"- Rerun: `{command}`")
    out.append("")
    for loop, data in results.items():
        shipped = " (the default, as the kiosk ships)" if loop == "basic" else (
            " (`QSG_RENDER_LOOP=threaded`: not what the kiosk uses today)")
        out.append(f"#### Render loop `{loop}`{shipped}")
        out.append("")
        out.append(f"Platform `{data['platform']}`, screen refresh rate reported "
                   f"{data['refresh_hz']:.0f} Hz. " + "; ".join(data["notes"]) + ".")
        out.append("")
        out.append(TABLE_HEAD)
        out += [scenario_row(row) for row in data["scenarios"] if not row.get("informational")]
        out.append("")
        out.append("For information, with a worker thread busy:")
        out.append("")
        out.append(TABLE_HEAD)
        out += [scenario_row(row) for row in data["scenarios"] if row.get("informational")]
        out.append("")
        out.append("Python function calls on the GUI thread in 3 s of animation without input "
                   "(`sys.setprofile`):")
        out.append("")
        out.append("| Animation | Swaps | Calls into kiosk/ | Per swap | Python calls, any "
                   "| Per swap | Which kiosk/ functions |")
        out.append("|---|---:|---:|---:|---:|---:|---|")
        out += [profile_line(row) for row in data["profiles"]]
        out.append("")
    out += targets(results)
    return "\n".join(out)


def targets(results: dict[str, dict[str, Any]]) -> list[str]:
    shipped = results.get("basic") or next(iter(results.values()))
    loop = "basic" if "basic" in results else next(iter(results))
    main = [row for row in shipped["scenarios"] if not row.get("informational")]
    moving = [row for row in main if not row.get("stepped")]
    stepped = [row for row in main if row.get("stepped")]
    slow = sum(sum(1 for v in row["intervals"] if v > SLOW_FRAME_MS) for row in moving)
    worst = max((max(row["intervals"], default=0) for row in moving), default=0)
    slow_draws = sum(sum(1 for v in row["renders"] if v > SLOW_FRAME_MS) for row in stepped)
    worst_draw = max((max(row["renders"], default=0) for row in stepped), default=0)
    # work per frame is a function that runs on (nearly) every frame; a burst of calls when
    # something happens (a prompt changes, list rows are made) is not
    busiest = max(
        ((count / max(1, row["frames"]), where, row["name"]) for row in shipped["profiles"]
         for where, count in row["kiosk_top"]), default=(0.0, "none", ""),
    )
    per_frame = max((row["kiosk_calls"] / max(1, row["frames"]) for row in shipped["profiles"]),
                    default=0)
    return [
        f"| Target (issue 6), render loop `{loop}` | Measured | Met? |",
        "|---|---|---|",
        f"| No frame over 33 ms (swipes, list scroll) | {slow} over 33 ms, worst "
        f"{worst:.1f} ms | {verdict(slow == 0)} |",
        f"| The attract screen's stepped animation: no frame takes over 33 ms to draw | "
        f"{slow_draws} over 33 ms, worst {worst_draw:.1f} ms | {verdict(slow_draws == 0)} |",
        f"| No Python work per frame: no kiosk/ function runs on every frame | the most "
        f"frequent, `{busiest[1]}` ({busiest[2]}), {busiest[0]:.2f} calls per swapped frame; "
        f"all of kiosk/ together up to {per_frame:.2f} | {verdict(busiest[0] < 0.5)} |",
        "",
    ]


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", choices=("xcb", "offscreen"), default="xcb",
                        help="xcb (default: on an Xvfb screen started for the run) or offscreen")
    parser.add_argument("--use-display", action="store_true",
                        help="with xcb: use the X display in $DISPLAY instead of a new Xvfb")
    parser.add_argument("--render-loop", choices=("basic", "threaded", "both"), default="both",
                        help="Qt Quick software render loop(s) to measure (default both)")
    parser.add_argument("--stand", type=Path, default=SAMPLE_STAND,
                        help="stand folder (default: the sample stand)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report into FILE (its own section only)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.stand = args.stand.resolve()
    if args.child:
        return child(args)
    loops = ["basic", "threaded"] if args.render_loop == "both" else [args.render_loop]
    results: dict[str, dict[str, Any]] = {}
    with display_for(args.platform, args.use_display) as (platform_name, display, _pid):
        for loop in loops:
            print(f"measuring with the {loop} render loop ...", file=sys.stderr)
            env = qt_environment(platform_name, display, loop)
            results[loop] = run_child(Path(__file__), ["--stand", str(args.stand)], env)
            for row in results[loop]["scenarios"]:
                print("  " + scenario_row(row), file=sys.stderr)
    command = "python benchmarks/frames.py" + (
        " --platform offscreen" if args.platform == "offscreen" else "") + (
        f" --render-loop {args.render_loop}" if args.render_loop != "both" else "") + (
        f" --stand {relative(args.stand)}" if args.stand != SAMPLE_STAND else "")
    text = report(results, args, platform_name, command)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
