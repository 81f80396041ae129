"""What giving back the idle kiosk's file pages costs a visitor, and what it saves.

    python benchmarks/first_touch.py              # 5 alternating runs of each subject
    python benchmarks/first_touch.py --private-venv --idle 3,30,60,240  # memory over 4 min

Two subjects, alternating: the kiosk with the venue's settings (`release_idle_memory: true`,
the default: kiosk.venue.pages gives back the pages of code once the attract screen has been
shown for 1.5 s), and the same with `release_idle_memory: false`. Each starts as a venue
starts it (memory.py: full screen on an Xvfb screen of its own, 1920x1080, no GPU, the
default environment, the sample stand shown before), and then, as a visitor would:

1. waits at the attract screen, reading the tree's memory (PSS and RSS) `--idle` seconds
   after the first frame (several times: `--idle 3,30,60,240`);
2. taps the middle of the screen (XTest: a button press and release, no xdotool process in
   the time) and times the first change of the pixels the X server shows (benchmarks/
   xpixels.py: rows across the screen, read every ~2 ms): the attract screen answering;
3. two seconds later, swipes from right to left across the panel (press, ten moves over
   ~100 ms, release) and times the first change from the first move: the panel following
   the finger;
4. two seconds later, reads the memory again: after the start of a visit.

`--private-venv` runs the kiosk from a copy of this virtual environment (~1 GB in a
temporary folder, a few seconds): other processes of the same environment on the machine
(test suites, other kiosks) share the libraries' pages, which the kernel then does not take
back, and PSS shares them out; a copy's files are mapped by the benchmark's kiosk alone.

Times are from the event sent to the first changed read, so they include up to one read
(~2-5 ms) and the X server's work; the same for both subjects. After a release, what the kiosk
runs next is read back from the page cache or, when the kernel has dropped it there too (a
page no other process maps), from the disk: this machine's disk, not a venue PC's.
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from memory import (  # noqa: E402
    MARKER,
    ROOT,
    SIZE,
    STAND,
    VENUE_SETTINGS,
    XServer,
    compile_tree,
    sample,
    stop_gently,
    venue_env,
)
from xpixels import ScreenRows  # noqa: E402

ROWS = range(100, 1080, 40)
POLL_S = 0.002
ANSWER_LIMIT_S = 5.0


@dataclass
class Run:
    idle: list[tuple[int, int]]  # PSS and RSS (kB) at each of the idle times
    tap_ms: float
    swipe_ms: float
    visit_pss_kb: int
    visit_rss_kb: int


@dataclass
class Subject:
    name: str
    settings: Path
    home: Path
    runs: list[Run] = field(default_factory=list)


class Pointer:
    """XTest's fake pointer on one display (libXtst, as xdotool uses), without a process."""

    def __init__(self, display: str) -> None:
        self._x = ctypes.CDLL("libX11.so.6")
        self._t = ctypes.CDLL("libXtst.so.6")
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        self._x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._t.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                                 ctypes.c_int, ctypes.c_ulong]
        self._t.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                 ctypes.c_ulong]
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"cannot open the X display {display}")

    def move(self, x: int, y: int) -> None:
        self._t.XTestFakeMotionEvent(self._display, -1, x, y, 0)
        self._x.XSync(self._display, 0)

    def button(self, down: bool) -> None:
        self._t.XTestFakeButtonEvent(self._display, 1, int(down), 0)
        self._x.XSync(self._display, 0)

    def close(self) -> None:
        self._x.XCloseDisplay(self._display)


def first_change(rows: ScreenRows, before: int, sent: float) -> float:
    """Milliseconds from `sent` to the first read of `rows` unlike `before`."""
    while time.monotonic() - sent < ANSWER_LIMIT_S:
        if rows.bright() != before:
            return (time.monotonic() - sent) * 1000
        time.sleep(POLL_S)
    raise SystemExit("the screen did not answer within 5 s")


def one_run(subject: Subject, display: str, idle: list[float], python: str) -> Run:
    import subprocess

    command = [python, "-m", "kiosk", "run", str(STAND), "--config",
               str(subject.settings)]
    process = subprocess.Popen(command, env=venue_env(display, subject.home, ROOT), cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    shown = threading.Event()
    tail: list[bytes] = []

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if MARKER in line:
                shown.set()
            tail.append(line)
            del tail[:-30]

    threading.Thread(target=read_log, daemon=True).start()
    rows = ScreenRows(display, ROWS, SIZE[0])
    pointer = Pointer(display)
    try:
        if not shown.wait(60):
            text = b"".join(tail).decode("utf-8", "replace")
            raise SystemExit(f"{subject.name}: no first frame:\n{text}")
        shown_at = time.monotonic()
        idle_memory = []
        for seconds in idle:
            time.sleep(max(0.0, shown_at + seconds - time.monotonic()))
            memory = sample(process.pid)
            idle_memory.append((memory.pss_kb, memory.rss_kb))
        pointer.move(SIZE[0] // 2, SIZE[1] // 2)
        before = rows.bright()
        sent = time.monotonic()
        pointer.button(True)
        pointer.button(False)
        tap = first_change(rows, before, sent)
        time.sleep(2)
        pointer.move(1500, 700)
        pointer.button(True)
        before = rows.bright()
        sent = time.monotonic()
        for step in range(1, 11):
            pointer.move(1500 - step * 100, 700)
            time.sleep(0.01)
        pointer.button(False)
        swipe = first_change(rows, before, sent)
        time.sleep(2)
        visit_memory = sample(process.pid)
    finally:
        pointer.close()
        rows.close()
        stop_gently(process)
    return Run(idle_memory, tap, swipe, visit_memory.pss_kb, visit_memory.rss_kb)


def report(subjects: list[Subject], idle: list[float]) -> str:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    at = " / ".join(f"{seconds:g} s" for seconds in idle)
    lines = [
        f"| Subject | runs | PSS at the attract screen, {at} after the first frame (MB) | "
        "RSS then (MB) | tap to first change (ms) | swipe to first change (ms) | PSS after the "
        "tap and swipe (MB) | RSS then (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for subject in subjects:
        runs = subject.runs
        pss = " / ".join(f"{median([r.idle[i][0] for r in runs]) / 1024:.1f}"
                         for i in range(len(idle)))
        rss = " / ".join(f"{median([r.idle[i][1] for r in runs]) / 1024:.1f}"
                         for i in range(len(idle)))
        lines.append(
            f"| {subject.name} | {len(runs)} | {pss} | {rss} "
            f"| {median([r.tap_ms for r in runs]):.0f} "
            f"({', '.join(f'{r.tap_ms:.0f}' for r in runs)}) "
            f"| {median([r.swipe_ms for r in runs]):.0f} "
            f"({', '.join(f'{r.swipe_ms:.0f}' for r in runs)}) "
            f"| {median([r.visit_pss_kb for r in runs]) / 1024:.1f} "
            f"| {median([r.visit_rss_kb for r in runs]) / 1024:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--idle", default="3",
                        help="seconds at the attract screen after the first frame when the "
                             "memory is read, comma-separated (the tap comes after the last)")
    parser.add_argument("--private-venv", action="store_true",
                        help="run the kiosk from a copy of this virtual environment")
    args = parser.parse_args(argv)
    idle = sorted(float(seconds) for seconds in args.idle.split(","))
    with tempfile.TemporaryDirectory(prefix="kiosk-touch-") as scratch_name, \
            XServer(SIZE, black=True) as server:
        scratch = Path(scratch_name)
        keep = scratch / "keep.yaml"
        keep.write_text(VENUE_SETTINGS.read_text(encoding="utf-8")
                        + "release_idle_memory: false\n", encoding="utf-8")
        compile_tree(ROOT)
        python = sys.executable
        if args.private_venv:
            import shutil

            shutil.copytree(sys.prefix, scratch / "venv", symlinks=True)
            python = str(scratch / "venv" / "bin" / "python")
        subjects = [Subject("release_idle_memory: true (default)", VENUE_SETTINGS,
                            scratch / "home-release"),
                    Subject("release_idle_memory: false", keep, scratch / "home-keep")]
        for subject in subjects:  # warm-up: fills the memo
            one_run(subject, server.display, [1.0], python)
        for index in range(args.repeat):
            for subject in subjects:
                run = one_run(subject, server.display, idle, python)
                subject.runs.append(run)
                at_idle = " / ".join(f"{pss / 1024:.1f}" for pss, _ in run.idle)
                print(f"[{index + 1}/{args.repeat}] {subject.name}: idle PSS {at_idle} MB, "
                      f"tap {run.tap_ms:.0f} ms, swipe "
                      f"{run.swipe_ms:.0f} ms, after the visit's start PSS "
                      f"{run.visit_pss_kb / 1024:.1f} MB", file=sys.stderr)
    print(report(subjects, idle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
