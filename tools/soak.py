#!/usr/bin/env python3
"""A long random-input soak of `kiosk run` on a real (virtual) X screen.

Starts Xvfb and openbox (or, with --use-display, uses $DISPLAY: it then takes over that
screen's mouse), starts `python -m kiosk run --idle-timeout N` with its own HOME and XDG
folders, and drives it with xdotool: first a warm-up tour (every panel in every language,
scrolled through, with and without the accessibility toggles, then an idle reset), then
random input for --duration seconds (or --actions actions): taps anywhere, taps on the
navigation bar, the language pills and the accessibility toggles, swipes, drags,
scroll-wheel turns, long presses, double taps, keys, and waits past the idle timeout that
must send the kiosk back to its attract screen. The random choices come from --seed, so a
failing run can be repeated (the timing of the kiosk's replies is not).

The kiosk's resident memory (VmRSS) is sampled every second (--quick) or five. At the end
it checks that

- the kiosk stayed up the whole time and stops cleanly (exit 0) on SIGTERM;
- its output has no "kiosk.qt WARNING" (a QML or Qt warning), no Qt error, no "Traceback"
  and no fatal error, and no other warning or error was logged while input was sent
  (those logged while it started are listed; --allow-log REGEX lets a known, filed one by);
- every wait past the idle timeout brought a reset to the attract screen, and the
  statistics hold at least as many visits as there were resets;
- memory stops growing after warm-up: over the random phase, the median RSS of the last
  quarter is at most --max-growth-mb and --max-growth-pct above that of the second quarter.

It prints one summary line (SOAK PASS ... or SOAK FAIL ...) and exits 0 on a pass, 1 when
the kiosk failed, 2 when the soak itself could not run (a missing tool).

    python tools/soak.py --quick              # CI: about 90 s, some 150 actions
    python tools/soak.py --duration 3600      # the long mode
    python tools/soak.py --actions 5000 --seed 7 --json soak.json
    python tools/soak.py --renderer auto --actions 1500   # as a venue starts it (issue 15)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script, or loaded by a test
from xharness import SERVICE_VARIABLES, XServer, home_env

from kiosk.visit.session import READING_S, WARNING_S

TOOLS = ("Xvfb", "xdotool", "openbox")
WIDTH, HEIGHT = 1920, 1080
# where things are on the 1920x1080 screen of the sample stand (landscape layout)
TOP_BAR = (0, 112)
NAV_BAR = (944, 1080)
NAV_CENTRES = [(312, 1012), (744, 1012), (1176, 1012), (1608, 1012)]
LANGUAGE_CENTRES = [(1339, 56), (1541, 56), (1746, 56)]
TOGGLE_CENTRES = [(1121, 56), (1205, 56)]
KEYS = ("Escape", "Return", "space", "Tab", "Left", "Right", "Page_Down", "BackSpace", "a")

BAD_OUTPUT = {
    "qt_warnings": re.compile(r"kiosk\.qt (WARNING|ERROR|CRITICAL)"),
    "tracebacks": re.compile(r"Traceback \(most recent call last\)"),
    "fatal": re.compile(r"Fatal Python error|Segmentation fault|Aborted|core dumped"),
}
OTHER_PROBLEMS = re.compile(r" (WARNING|ERROR|CRITICAL) ")
RESET_LINE = "back to the attract screen"
FIRST_FRAME = "first frame shown"


class SoakError(Exception):
    """The soak could not run (a tool failed), as opposed to the kiosk failing it."""


@dataclass
class Report:
    seed: int
    idle_timeout: float
    actions: int = 0
    tour_actions: int = 0  # the warm-up tour before the random input
    tour_s: float = 0.0
    warm_samples: int = 0  # memory samples taken during the tour
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # time spent in each kind of action
    duration_s: float = 0.0
    idle_waits: int = 0
    resets: int = 0
    visits: int | None = None
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_end_mb: float = 0.0
    rss_q2_median_mb: float = 0.0
    rss_q4_median_mb: float = 0.0
    growth_mb: float = 0.0
    growth_pct: float = 0.0
    alive: bool = True
    exit_code: int | None = None
    qt_warnings: int = 0
    tracebacks: int = 0
    fatal: int = 0
    other_problems: list[str] = field(default_factory=list)  # logged during the input
    startup_problems: list[str] = field(default_factory=list)  # logged while starting up
    allowed_problems: list[str] = field(default_factory=list)  # matched --allow-log
    startup_lines: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verdict = "PASS" if not self.failures else "FAIL"
        line = (
            f"SOAK {verdict} actions={self.actions} tour={self.tour_actions} "
            f"duration={self.duration_s:.1f}s seed={self.seed} "
            f"idle_waits={self.idle_waits} resets={self.resets} "
            f"rss_start={self.rss_start_mb:.1f}MB rss_peak={self.rss_peak_mb:.1f}MB "
            f"rss_end={self.rss_end_mb:.1f}MB growth={self.growth_mb:+.1f}MB({self.growth_pct:+.1f}%) "
            f"warnings={self.qt_warnings} tracebacks={self.tracebacks} fatal={self.fatal} "
            f"logged={len(self.other_problems)} allowed={len(self.allowed_problems)} "
            f"startup_logged={len(self.startup_problems)} "
            f"alive={'yes' if self.alive else 'no'} exit={self.exit_code}"
        )
        if self.failures:
            line += " | " + "; ".join(self.failures)
        return line


# --- the X server ------------------------------------------------------------------------


class Xdo:
    """xdotool on one display; several commands chained in one call where timing matters."""

    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def __call__(self, *args: str) -> str:
        try:
            done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True,
                                  text=True, timeout=30)
        except subprocess.TimeoutExpired as exc:
            raise SoakError(f"xdotool {' '.join(args[:6])} hung") from exc
        if done.returncode != 0 and args[0] != "search":
            raise SoakError(f"xdotool {' '.join(args[:6])} failed: {done.stderr.strip()}")
        return done.stdout.strip()


# --- the kiosk ---------------------------------------------------------------------------


def isolated_env(display: str, home: Path, renderer: str | None = None) -> dict[str, str]:
    """The kiosk's environment. With `renderer` (auto, gpu or software) the kiosk chooses its
    renderer from its settings as at a venue, so no QT_QUICK_BACKEND is set (unless the
    caller's environment sets one); without it the software renderer is forced, as before."""
    env = {
        **os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
        "QT_QUICK_BACKEND": os.environ.get("QT_QUICK_BACKEND", "software"), **home_env(home),
        "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1",
    }
    for name in (*SERVICE_VARIABLES, "QT_SCALE_FACTOR"):
        env.pop(name, None)
    if renderer is not None and "QT_QUICK_BACKEND" not in os.environ:
        env.pop("QT_QUICK_BACKEND")
    return env


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def wait_for_text(log: Path, text: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SoakError(f"the kiosk exited ({process.returncode}) before: {text!r}")
        if text in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise SoakError(f"timed out after {timeout:.0f} s waiting for {text!r} in the kiosk's log")


# --- the random visitor ------------------------------------------------------------------


class Visitor:
    """Random input from one seeded generator; every choice is reproducible from the seed."""

    def __init__(self, xdo: Xdo, rng: random.Random, idle_timeout: float) -> None:
        self.xdo = xdo
        self.rng = rng
        self.idle_timeout = idle_timeout
        self.actions = [
            ("tap", 28, self.tap_anywhere),
            ("nav", 14, self.tap_nav),
            ("language", 10, self.tap_language),
            ("toggle", 4, self.tap_toggle),
            ("swipe", 12, self.swipe),
            ("drag", 7, self.drag_vertical),
            ("scroll", 9, self.scroll),
            ("long_press", 2, self.long_press),
            ("double_tap", 4, self.double_tap),
            ("key", 3, self.key),
        ]

    def choose(self) -> tuple[str, Callable[[], None]]:
        names = [a[0] for a in self.actions]
        weights = [a[1] for a in self.actions]
        index = self.rng.choices(range(len(names)), weights)[0]
        return names[index], self.actions[index][2]

    def _pager_point(self) -> tuple[int, int]:
        return self.rng.randrange(40, WIDTH - 40), self.rng.randrange(TOP_BAR[1] + 20, NAV_BAR[0] - 20)

    def _click(self, x: int, y: int, repeat: int = 1) -> None:
        # mousedown/mouseup, not `click`, which spends about 100 ms in xdotool itself
        args = ["mousemove", str(x), str(y)]
        for index in range(repeat):
            if index:
                args += ["sleep", "0.08"]
            args += ["mousedown", "1", "sleep", f"{self.rng.uniform(0.02, 0.08):.3f}", "mouseup", "1"]
        self.xdo(*args)

    def tap_anywhere(self) -> None:
        self._click(self.rng.randrange(WIDTH), self.rng.randrange(HEIGHT))

    def tap_nav(self) -> None:
        x, y = self.rng.choice(NAV_CENTRES)
        self._click(x + self.rng.randrange(-60, 61), y + self.rng.randrange(-20, 21))

    def tap_language(self) -> None:
        x, y = self.rng.choice(LANGUAGE_CENTRES)
        self._click(x + self.rng.randrange(-30, 31), y + self.rng.randrange(-15, 16))

    def tap_toggle(self) -> None:
        x, y = self.rng.choice(TOGGLE_CENTRES)
        self._click(x, y)

    def _drag(self, start: tuple[int, int], end: tuple[int, int], steps: int, pause: float) -> None:
        args = ["mousemove", str(start[0]), str(start[1]), "mousedown", "1"]
        for step in range(1, steps + 1):
            x = start[0] + (end[0] - start[0]) * step // steps
            y = start[1] + (end[1] - start[1]) * step // steps
            args += ["sleep", f"{pause:.3f}", "mousemove", str(x), str(y)]
        args += ["mouseup", "1"]
        self.xdo(*args)

    def swipe(self) -> None:
        y = self.rng.randrange(TOP_BAR[1] + 60, NAV_BAR[0] - 60)
        length = self.rng.randrange(300, 1400)
        x0 = self.rng.randrange(100, WIDTH - 100)
        direction = self.rng.choice((-1, 1))
        x1 = max(5, min(WIDTH - 5, x0 + direction * length))
        self._drag((x0, y), (x1, y + self.rng.randrange(-80, 81)), self.rng.randrange(4, 12),
                   self.rng.uniform(0.005, 0.02))

    def drag_vertical(self) -> None:
        x, y0 = self._pager_point()
        distance = self.rng.choice((-1, 1)) * self.rng.randrange(100, 700)
        y1 = max(TOP_BAR[1] + 5, min(NAV_BAR[0] - 5, y0 + distance))
        self._drag((x, y0), (x + self.rng.randrange(-40, 41), y1), self.rng.randrange(4, 10),
                   self.rng.uniform(0.005, 0.02))

    def scroll(self) -> None:
        x, y = self._pager_point()
        button = self.rng.choice(("4", "5", "6", "7"))  # wheel up, down, left, right
        args = ["mousemove", str(x), str(y)]
        for _ in range(self.rng.randrange(1, 8)):
            args += ["mousedown", button, "mouseup", button, "sleep", "0.02"]
        self.xdo(*args)

    def long_press(self) -> None:
        x, y = self.rng.randrange(WIDTH), self.rng.randrange(HEIGHT)
        self.xdo("mousemove", str(x), str(y), "mousedown", "1",
                 "sleep", f"{self.rng.uniform(0.5, 1.2):.2f}", "mouseup", "1")

    def double_tap(self) -> None:
        x, y = self._pager_point()
        self._click(x, y, repeat=2)

    def key(self) -> None:
        self.xdo("key", self.rng.choice(KEYS))

    def tour(self, sample: Callable[[], None]) -> int:
        """Warm-up: every panel in every language, scrolled through, with and without the
        accessibility toggles, then an idle reset; returns the number of actions sent."""
        actions = 0

        def step(*args: str) -> None:
            nonlocal actions
            self.xdo(*args)
            actions += 1
            sample()
            time.sleep(0.05)

        def tap(x: int, y: int) -> None:
            step("mousemove", str(x), str(y), "mousedown", "1", "sleep", "0.05", "mouseup", "1")

        def scroll_through() -> None:
            x, y = WIDTH // 2, (TOP_BAR[1] + NAV_BAR[0]) // 2
            for button in ("5", "4"):
                step("mousemove", str(x), str(y),
                     *[part for _ in range(8) for part in ("mousedown", button, "mouseup", button,
                                                            "sleep", "0.015")])

        tap(WIDTH // 2, HEIGHT // 2)
        for language in LANGUAGE_CENTRES:
            tap(*language)
            for panel in NAV_CENTRES:
                tap(*panel)
                time.sleep(0.2)
                scroll_through()
        for toggle in TOGGLE_CENTRES:
            tap(*toggle)
        for panel in NAV_CENTRES:
            tap(*panel)
            time.sleep(0.2)
        for toggle in TOGGLE_CENTRES:
            tap(*toggle)
        self.idle_wait(sample)
        return actions + 1

    def idle_wait(self, sample: Callable[[], None]) -> None:
        """A tap (a visit is on), then nothing for longer than the idle timeout."""
        self.tap_anywhere()
        # the kiosk asks "Still there?" first, for 20 s at least (kiosk.visit.session)
        end = time.monotonic() + max(self.idle_timeout, READING_S + WARNING_S) + 1.2
        while time.monotonic() < end:
            sample()
            time.sleep(min(0.25, max(0.0, end - time.monotonic())))


# --- the run -----------------------------------------------------------------------------


def soak(args: argparse.Namespace) -> Report:
    report = Report(seed=args.seed, idle_timeout=args.idle_timeout)
    rng = random.Random(args.seed)
    server: XServer | None = None
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    log_path = Path(args.log) if args.log else work / "kiosk.log"
    kiosk: subprocess.Popen[bytes] | None = None
    try:
        if args.use_display:
            display = os.environ.get("DISPLAY", "")
            if not display:
                raise SoakError("--use-display given but $DISPLAY is not set")
        else:
            missing = [tool for tool in TOOLS if shutil.which(tool) is None]
            if missing:
                raise SoakError(f"needs {', '.join(missing)}")
            server = XServer((WIDTH, HEIGHT), window_manager=True).__enter__()
            display = server.display
        if shutil.which("xdotool") is None:
            raise SoakError("needs xdotool")
        xdo = Xdo(display)
        home = work / "home"
        home.mkdir()
        command = [sys.executable, "-m", "kiosk", "run", "--idle-timeout", str(args.idle_timeout)]
        if args.stand:
            command.insert(4, str(args.stand))
        if args.renderer is not None:
            settings = work / "settings.yaml"
            settings.write_text(f"renderer: {args.renderer}\n")
            command[4:4] = ["--config", str(settings)]
        with log_path.open("wb") as sink:
            kiosk = subprocess.Popen(command, env=isolated_env(display, home, args.renderer),
                                     stdout=sink,
                                     stderr=subprocess.STDOUT, cwd=work)
        wait_for_text(log_path, FIRST_FRAME, kiosk, 90)
        time.sleep(1.0)  # let the first frames and the attract animation settle
        report.startup_lines = len(log_path.read_text(errors="replace").splitlines())

        started = time.monotonic()
        last_sample = -1e9

        def sample() -> None:
            nonlocal last_sample
            now = time.monotonic()
            if now - last_sample >= args.sample_every:
                value = rss_mb(kiosk.pid) if kiosk is not None else None
                if value is not None:
                    report.rss_mb.append((round(now - started, 2), round(value, 2)))
                last_sample = now

        visitor = Visitor(xdo, rng, args.idle_timeout)
        if not args.no_tour:
            report.tour_actions = visitor.tour(sample)
            report.tour_s = round(time.monotonic() - started, 2)
            report.idle_waits += 1
        report.warm_samples = len(report.rss_mb)
        random_start = last_idle = time.monotonic()

        def finished() -> bool:
            if args.actions is not None:
                return report.actions >= int(args.actions)
            return time.monotonic() - random_start >= float(args.duration)

        while not finished():
            if kiosk.poll() is not None:
                report.alive = False
                report.failures.append(f"the kiosk exited with {kiosk.returncode} after "
                                       f"{report.actions} actions")
                break
            sample()
            now = time.monotonic()
            if now - last_idle >= args.idle_every or rng.random() < args.idle_chance:
                visitor.idle_wait(sample)
                report.idle_waits += 1
                last_idle = time.monotonic()
                name = "idle_wait"
            else:
                name, action = visitor.choose()
                action()
            report.seconds[name] = round(report.seconds.get(name, 0.0) + time.monotonic() - now, 3)
            report.counts[name] = report.counts.get(name, 0) + 1
            report.actions += 1
            time.sleep(rng.uniform(0.01, 0.08))
        report.duration_s = time.monotonic() - started
        sample()
        if kiosk.poll() is None:
            kiosk.send_signal(signal.SIGTERM)
            try:
                report.exit_code = kiosk.wait(15)
            except subprocess.TimeoutExpired:
                kiosk.kill()
                report.exit_code = kiosk.wait(5)
                report.failures.append("the kiosk did not stop within 15 s of SIGTERM")
            if report.exit_code != 0 and report.alive:
                report.failures.append(f"the kiosk exited with {report.exit_code} on SIGTERM")
        else:
            if report.alive:
                report.failures.append(f"the kiosk exited with {kiosk.returncode} during the soak")
            report.alive = False
            report.exit_code = kiosk.returncode
        report.visits = count_visits(home)
    finally:
        if kiosk is not None and kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait(5)
        if server is not None:
            server.close()
    check(report, log_path.read_text(errors="replace"), args)
    if report.failures:
        tail = log_path.read_text(errors="replace").splitlines()[-40:]
        print("--- the last lines of the kiosk's output (" + str(log_path) + ")", file=sys.stderr)
        print("\n".join(tail), file=sys.stderr)
    elif not args.log:
        shutil.rmtree(work, ignore_errors=True)
    return report


def count_visits(home: Path) -> int | None:
    database = home / ".local/share/exhibit-kiosk/stats.sqlite3"
    if not database.exists():
        return None
    try:
        with sqlite3.connect(database) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM visits").fetchone()[0])
    except sqlite3.Error:
        return None


def check(report: Report, output: str, args: argparse.Namespace) -> None:
    """Turn what was seen into the verdict (adds to report.failures)."""
    lines = output.splitlines()
    for name, pattern in BAD_OUTPUT.items():
        found = [line for line in lines if pattern.search(line)]
        setattr(report, name, len(found))
        if found:
            report.failures.append(f"{len(found)} {name.replace('_', ' ')} in the output, first: "
                                   f"{found[0].strip()[:200]}")
    # other warnings and errors (kiosk.ui, kiosk.venue.stats, ...) fail the soak when they come while
    # it sends input; those logged while the kiosk starts up are listed in the report
    problems = [
        (index, line.strip()[:300]) for index, line in enumerate(lines)
        if OTHER_PROBLEMS.search(line) and not BAD_OUTPUT["qt_warnings"].search(line)
    ]
    report.startup_problems = [line for index, line in problems if index < report.startup_lines]
    known = [re.compile(pattern) for pattern in args.allow_log]
    report.allowed_problems = [line for index, line in problems if index >= report.startup_lines
                               and any(k.search(line) for k in known)]
    report.other_problems = [line for index, line in problems if index >= report.startup_lines
                             and not any(k.search(line) for k in known)]
    if report.other_problems:
        report.failures.append(f"{len(report.other_problems)} warnings or errors logged, first: "
                               f"{report.other_problems[0]}")
    report.resets = sum(RESET_LINE in line for line in lines)
    if report.resets < report.idle_waits:
        report.failures.append(f"only {report.resets} idle resets for {report.idle_waits} waits "
                               "past the idle timeout")
    # every visit an idle reset ended is in the statistics (unless an allowed, known problem
    # is why not)
    if report.visits is not None and report.visits < report.resets and not report.allowed_problems:
        report.failures.append(f"the statistics hold {report.visits} visits for {report.resets} "
                               "idle resets")

    every = [mb for _, mb in report.rss_mb]
    values = every[report.warm_samples:]  # the random phase
    if len(values) < 8:
        report.failures.append(f"only {len(values)} memory samples after the tour (need 8)")
        return
    quarter = len(values) // 4
    second, last = values[quarter:2 * quarter], values[-quarter:]
    report.rss_start_mb, report.rss_end_mb, report.rss_peak_mb = every[0], every[-1], max(every)
    report.rss_q2_median_mb = statistics.median(second)
    report.rss_q4_median_mb = statistics.median(last)
    report.growth_mb = report.rss_q4_median_mb - report.rss_q2_median_mb
    report.growth_pct = 100 * report.growth_mb / report.rss_q2_median_mb
    if report.growth_mb > args.max_growth_mb or report.growth_pct > args.max_growth_pct:
        report.failures.append(
            f"memory grew after warm-up: median RSS {report.rss_q2_median_mb:.1f} MB in the second "
            f"quarter, {report.rss_q4_median_mb:.1f} MB in the last (limits +{args.max_growth_mb} MB "
            f"and +{args.max_growth_pct}%)"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--duration", type=float, default=None, metavar="SECONDS",
                        help="how long to send random input after the tour (default 600; --quick: 30)")
    length.add_argument("--actions", type=int, default=None, metavar="N",
                        help="send this many actions instead of running for a time")
    parser.add_argument("--quick", action="store_true",
                        help="the CI mode: about 40 s in all, a few hundred actions")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                        help="the kiosk's idle timeout (default 10; --quick: 2)")
    parser.add_argument("--idle-every", type=float, default=None, metavar="SECONDS",
                        help="wait past the idle timeout at least this often (default 120; --quick: 14)")
    parser.add_argument("--idle-chance", type=float, default=0.004,
                        help="chance of an idle wait after any action (default 0.004)")
    parser.add_argument("--sample-every", type=float, default=None, metavar="SECONDS",
                        help="memory sampling interval (default 5; --quick: 1)")
    parser.add_argument("--max-growth-mb", type=float, default=15.0,
                        help="allowed RSS growth after warm-up in MB (default 15)")
    parser.add_argument("--max-growth-pct", type=float, default=10.0,
                        help="allowed RSS growth after warm-up in percent (default 10)")
    parser.add_argument("--no-tour", action="store_true",
                        help="skip the warm-up tour of every panel in every language")
    parser.add_argument("--allow-log", action="append", default=[], metavar="REGEX",
                        help="a logged warning or error (not a Qt warning) matching this is "
                             "reported but does not fail the soak: for a known, filed bug")
    parser.add_argument("--stand", type=Path, default=None,
                        help="stand folder (default: the bundled sample stand, whose layout the "
                             "targeted taps assume)")
    parser.add_argument("--renderer", choices=("auto", "gpu", "software"), default=None,
                        help="start the kiosk with this renderer setting and Qt's default "
                             "environment (no QT_QUICK_BACKEND), as a venue starts it; 'gpu' "
                             "is Qt Quick's OpenGL (Mesa llvmpipe on a machine without a GPU). "
                             "Default: QT_QUICK_BACKEND=software forced")
    parser.add_argument("--use-display", action="store_true",
                        help="use $DISPLAY instead of starting Xvfb (the soak takes over the mouse!)")
    parser.add_argument("--log", type=Path, default=None, help="keep the kiosk's output in this file")
    parser.add_argument("--json", type=Path, default=None,
                        help="write the full report (counts, memory samples) as JSON to this file")
    args = parser.parse_args(argv)
    long_mode = not args.quick
    if args.duration is None and args.actions is None:
        args.duration = 30.0 if args.quick else 600.0
    if args.seed is None:
        args.seed = int(time.time()) % 100_000
    if args.idle_timeout is None:
        args.idle_timeout = 10.0 if long_mode else 2.0
    if args.idle_every is None:
        args.idle_every = 120.0 if long_mode else 14.0
    if args.sample_every is None:
        args.sample_every = 5.0 if long_mode else 1.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"soak: seed {args.seed}, idle timeout {args.idle_timeout} s, "
          + (f"{args.actions} actions" if args.actions is not None else f"{args.duration:.0f} s"),
          flush=True)
    try:
        report = soak(args)
    except SoakError as exc:
        print(f"SOAK ERROR {exc}", flush=True)
        return 2
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=1))
    for problem in report.startup_problems[:10]:
        print(f"  logged while starting: {problem}")
    for problem in report.other_problems[:10]:
        print(f"  logged during the soak: {problem}")
    for problem in sorted(set(report.allowed_problems))[:10]:
        print(f"  logged during the soak, allowed by --allow-log: {problem}")
    print("  actions: " + ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items())))
    if report.visits is not None:
        print(f"  visits recorded in the statistics: {report.visits}")
    print(report.summary(), flush=True)
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
