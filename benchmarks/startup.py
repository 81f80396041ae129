"""Start-up benchmark: time to the first painted frame and peak memory, side by side.

Measures, in one run and in alternating repetitions (so a slow moment of the machine hits
every subject alike):

1. `kiosk run --windowed --quit-after-first-frame` on a stand (default: the sample stand),
   with the settings file of a typical venue (benchmarks/venue-settings.yaml);
2. a bare Qt Quick window (benchmarks/bare_window.py): the floor no Qt Quick program beats;
3. when /usr/bin/chromium exists, Chromium showing the same attract screen as a static page
   (benchmarks/static_page.html), in two ways:
   - started with the page's URL (headless on the offscreen platform, `--kiosk` on the X
     display with `--platform xcb`), its first contentful paint read from the page itself
     (`performance.timeOrigin` + the `first-contentful-paint` entry, wall-clock time, over
     the DevTools pipe once the page exists), then closed;
   - `chromium --headless --screenshot` from start to exit (page loaded, painted, captured,
     written): a cruder proxy, compared with the kiosk's own start-to-exit time;
4. the kiosk and Chromium left running `--settle` seconds (default 3), then stopped: their
   memory once everything is built (the kiosk builds its panels after its first frame, so
   its memory at the first frame is not its peak). The memory targets use these.

Per run it records: time from just before the process is started to its first frame (for
the Qt subjects the line FIRST_FRAME on stdout, printed from QQuickWindow.frameSwapped),
time to exit, the peak RSS of the process itself (ru_maxrss from os.wait4, exact; for a tree
it is the largest single process), and the peak summed RSS and PSS of the whole process
tree, sampled from /proc every 20 ms (RSS counts shared pages once per process, so for
many-process programs like Chromium PSS is the fairer sum). Memory is compared as the
kiosk's whole RSS (one process) against Chromium's tree PSS.

Run (from the repository root, in the virtual environment):

    python benchmarks/startup.py                      # offscreen platform, software renderer
    python benchmarks/startup.py --platform xcb       # on the X display in $DISPLAY (e.g. Xvfb)
    python benchmarks/startup.py --write docs/benchmarks.md
    python benchmarks/startup.py --visible            # as a venue starts it, pixels on screen

`--visible` is described in benchmarks/visible.py: every subject full screen in the default
environment on an Xvfb screen of its own, timed to the first content read back from the X
server, and its memory 3 s after the start.

`--write` replaces only this script's section of the file (between its marker comments).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))
from xharness import code_version, home_env, write_section  # noqa: E402 (write_section: for the others)

SAMPLE_STAND = ROOT / "content" / "khojaly-31"
VENUE_SETTINGS = HERE / "venue-settings.yaml"  # what `kiosk run` reads at a venue
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE_PERIOD_S = 0.020
TIMEOUT_S = 120.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# targets (issue 2: against the bare window; issue 6: against Chromium)
TARGET_FIRST_FRAME_RATIO = 1.3
TARGET_PEAK_RSS_MB = 150.0
TARGET_CHROMIUM_TIME_RATIO = 0.6
TARGET_CHROMIUM_MEMORY_RATIO = 0.3

SECTION = "startup"


# --- one measured run ---------------------------------------------------------------------


@dataclass
class Run:
    first_frame_s: float | None  # None when the subject has no FIRST_FRAME line
    exit_s: float
    max_rss_kb: int  # ru_maxrss of the process (and its reaped descendants): the largest one
    tree_rss_kb: int  # peak of the sampled sum over the process tree
    tree_pss_kb: int


@dataclass
class Subject:
    name: str
    command: list[str]
    env: dict[str, str]
    driver: str  # "stdout": prints FIRST_FRAME; "devtools": Chromium on a pipe;
    # "timed": left running `settle` seconds, then terminated; "none": runs to its end
    role: str = ""  # kiosk, bare, chromium, screenshot, kiosk-settled, chromium-settled
    settle: float = 0.0
    runs: list[Run] = field(default_factory=list)


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants every 20 ms."""

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(SAMPLE_PERIOD_S)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def sample(self) -> None:
        rss = pss = 0
        for pid in _tree(self.root_pid):
            rss_kb, pss_kb = _memory_kb(pid)
            rss += rss_kb
            pss += pss_kb
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)


def _tree(root: int) -> list[int]:
    """`root` and its live descendants, from the parent pid of every process in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name (field 2) may hold spaces and parentheses: split after the last ')'
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            text = handle.read()
    except OSError:
        return 0, 0
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith(b"Rss:"):
            rss = int(line.split()[1])
        elif line.startswith(b"Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def measure(subject: Subject) -> Run:
    with tempfile.TemporaryFile() as errors:
        devtools = DevToolsPipe() if subject.driver == "devtools" else None
        started_wall = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(
            subject.command, stderr=errors, stdin=subprocess.DEVNULL, env=subject.env,
            stdout=subprocess.PIPE if subject.driver == "stdout" else subprocess.DEVNULL,
            **(devtools.popen_arguments() if devtools else {}),
        )
        sampler = TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(TIMEOUT_S, process.kill)
        timer.start()
        first_frame: float | None = None
        failure = ""
        if subject.driver == "stdout":
            assert process.stdout is not None
            for line in process.stdout:
                if first_frame is None and line.strip() == b"FIRST_FRAME":
                    first_frame = time.perf_counter() - started
            # stdout closed: the program is leaving
        elif devtools is not None:
            try:
                first_frame = devtools.first_contentful_paint(started_wall)
            except DevToolsError as exc:
                failure = str(exc)
            devtools.close_browser()
        elif subject.driver == "timed":
            time.sleep(subject.settle)
            process.terminate()
        # reap it: wait4 gives the rusage of this child (and its reaped descendants) only
        _, status, usage = os.wait4(process.pid, 0)
        exited = time.perf_counter() - started
        timer.cancel()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.stdout is not None:
            process.stdout.close()
        stopped = subject.driver == "timed" and process.returncode == -signal.SIGTERM
        if ((process.returncode != 0 and not stopped) or failure
                or (subject.driver in ("stdout", "devtools") and first_frame is None)):
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-15:]
            raise SystemExit(
                f"{subject.name} failed (exit code {process.returncode}, "
                f"first frame {'seen' if first_frame else 'not seen'}) {failure}:\n  "
                + "\n  ".join(tail)
            )
    return Run(first_frame, exited, usage.ru_maxrss, sampler.peak_rss_kb, sampler.peak_pss_kb)


class DevToolsError(Exception):
    pass


class DevToolsPipe:
    """Chromium's DevTools protocol over `--remote-debugging-pipe` (fd 3 in, fd 4 out)."""

    POLL_S = 0.025
    PAINT_QUERY = (
        "JSON.stringify({origin: performance.timeOrigin, url: location.href, "
        "paint: performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)})"
    )

    def __init__(self) -> None:
        self._to_browser_r, self._to_browser_w = os.pipe()
        self._from_browser_r, self._from_browser_w = os.pipe()
        self._buffer = b""
        self._next_id = 0

    def popen_arguments(self) -> dict[str, object]:
        to_browser, from_browser = self._to_browser_r, self._from_browser_w

        def child_fds() -> None:  # in the child, before exec: put the pipe ends on fds 3 and 4
            import fcntl

            read_end = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        return {"preexec_fn": child_fds, "close_fds": False}

    def first_contentful_paint(self, started_wall: float) -> float:
        """Seconds from `started_wall` to the page's first contentful paint."""
        os.close(self._to_browser_r)
        os.close(self._from_browser_w)
        target = self.page_url_target()
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        while True:
            result = self.call("Runtime.evaluate", {"expression": self.PAINT_QUERY,
                                                    "returnByValue": True}, session)
            value = json.loads(result.get("result", {}).get("value") or "{}")
            if value.get("paint") and value.get("url", "").startswith("file:"):
                return float(value["origin"] + value["paint"][0]) / 1000 - started_wall
            time.sleep(self.POLL_S)

    def page_url_target(self) -> str:
        while True:
            targets = self.call("Target.getTargets")["targetInfos"]
            for info in targets:
                if info.get("type") == "page" and info.get("url", "").startswith("file:"):
                    return str(info["targetId"])
            time.sleep(self.POLL_S)

    def close_browser(self) -> None:
        try:
            self.send("Browser.close")
            while self._read():  # until Chromium closes its end of the pipe
                pass
        except (OSError, DevToolsError):
            pass
        finally:
            for fd in (self._to_browser_w, self._from_browser_r):
                with contextlib.suppress(OSError):
                    os.close(fd)

    def send(self, method: str, params: dict[str, object] | None = None,
             session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method,
                                      "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser_w, json.dumps(message).encode() + b"\0")
        return self._next_id

    def call(self, method: str, params: dict[str, object] | None = None,
             session: str | None = None) -> dict[str, object]:
        wanted = self.send(method, params, session)
        while True:
            while b"\0" not in self._buffer:
                if not self._read():
                    raise DevToolsError(f"Chromium closed the DevTools pipe during {method}")
            raw, self._buffer = self._buffer.split(b"\0", 1)
            message = json.loads(raw)
            if message.get("id") == wanted:
                if "error" in message:
                    raise DevToolsError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def _read(self) -> bool:
        chunk = os.read(self._from_browser_r, 1 << 16)
        self._buffer += chunk
        return bool(chunk)


# --- subjects -----------------------------------------------------------------------------


def qt_environment(platform_name: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform_name
    env["QT_QUICK_BACKEND"] = "software"
    env.pop("QSG_INFO", None)
    return env


def kiosk_command(stand: Path, quit_after_first_frame: bool = True,
                  as_module: bool = False) -> list[str]:
    script = Path(sys.executable).parent / "kiosk"
    launcher = ([str(script)] if script.exists() and not as_module
                else [sys.executable, "-m", "kiosk"])
    return [*launcher, "run", str(stand), "--windowed", "--config", str(VENUE_SETTINGS),
            *(["--quit-after-first-frame"] if quit_after_first_frame else [])]


CHROMIUM_COMMON = ["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   "--noerrdialogs", "--disable-infobars", "--window-size=1920,1080"]


def chromium_kiosk_command(profile: Path, platform_name: str, devtools: bool = True) -> list[str]:
    mode = ["--headless"] if platform_name == "offscreen" else ["--kiosk", "--window-position=0,0"]
    return [str(CHROMIUM), *mode, *CHROMIUM_COMMON, f"--user-data-dir={profile}",
            *(["--remote-debugging-pipe"] if devtools else []),
            (HERE / "static_page.html").as_uri()]


def chromium_screenshot_command(profile: Path, screenshot: Path) -> list[str]:
    return [str(CHROMIUM), "--headless", *CHROMIUM_COMMON, f"--user-data-dir={profile}",
            f"--screenshot={screenshot}", (HERE / "static_page.html").as_uri()]


def chromium_environment(platform_name: str) -> dict[str, str]:
    env = dict(os.environ)
    if platform_name == "offscreen":
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return env


# --- report -------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _mb(kb: float) -> str:
    return f"{kb / 1024:.1f}"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "?"
    return (out.stdout.strip().splitlines() or ["?"])[-1]


def machine_lines(platform_name: str) -> list[str]:
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
    lines = [
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {os.cpu_count()} CPUs (`nproc`: {len(os.sched_getaffinity(0))}, {cpu}), "
        f"{memory_kb / 1024 / 1024:.1f} GiB memory, Linux {platform.release()}",
        f"- Python {platform.python_version()}, PySide6 {pyside_version} (Qt {qVersion()})",
        f"- Code: {code_version()}",
        f"- Qt platform: `QT_QPA_PLATFORM={platform_name}`, `QT_QUICK_BACKEND=software`",
    ]
    if CHROMIUM.exists():
        lines.append(f"- {_version([str(CHROMIUM), '--version'])}")
    return lines




def report(subjects: list[Subject], args: argparse.Namespace, command: str) -> str:
    by_role = {subject.role: subject for subject in subjects}
    kiosk, bare = by_role["kiosk"], by_role["bare"]
    chromium = by_role.get("chromium")
    screenshot = by_role.get("screenshot")
    kiosk_settled = by_role.get("kiosk-settled")
    chromium_settled = by_role.get("chromium-settled")
    out: list[str] = []
    where = ("offscreen platform (no display)" if args.platform == "offscreen"
             else "X display (xcb platform), here Xvfb")
    out.append(f"### On the {where}: {args.repeat} alternating runs each")
    out.append("")
    out += machine_lines(args.platform)
    out.append(args.bytecode)
    out.append(f"- Stand: `{_relative(args.stand)}`; {args.warmup} warm-up run(s) of each "
               "subject first, not counted")
    out.append(f"- Rerun: `{command}`")
    out.append(f"- Load average (1 min) at start / end: {args.load_before:.2f} / "
               f"{args.load_after:.2f} on {len(os.sched_getaffinity(0))} CPUs (the end "
               "includes this benchmark's own processes)")
    # the load at the end includes this benchmark's own processes: judge by the start
    if args.load_before > 0.5 * len(os.sched_getaffinity(0)):
        out.append("- **The machine was busy with other work during this run**: the medians "
                   "include that interference; the minimums are the better estimate of each "
                   "subject's own cost, and the ratios of minimums the fairer comparison.")
    out.append("")
    out.append("| Subject | First frame, median (ms) | First frame, min (ms) | Start to exit, "
               "median (ms) | Peak RSS of the process, median / max (MB) | Peak RSS of the "
               "process tree, median (MB) | Peak PSS of the process tree, median (MB) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for subject in subjects:
        runs = subject.runs
        firsts = [r.first_frame_s for r in runs if r.first_frame_s is not None]
        first_med = _ms(_median(firsts)) if firsts else "n/a"
        first_min = _ms(min(firsts)) if firsts else "n/a"
        out.append(
            f"| {subject.name} | {first_med} | {first_min} | "
            f"{_ms(_median([r.exit_s for r in runs]))} | "
            f"{_mb(_median([r.max_rss_kb for r in runs]))} / {_mb(max(r.max_rss_kb for r in runs))}"
            f" | {_mb(_median([r.tree_rss_kb for r in runs]))} | "
            f"{_mb(_median([r.tree_pss_kb for r in runs]))} |"
        )
    out.append("")

    def first(subject: Subject) -> list[float]:
        return [r.first_frame_s for r in subject.runs if r.first_frame_s is not None]

    if (baseline := by_role.get("baseline")) is not None:
        rss = _median([r.max_rss_kb for r in kiosk.runs]) / _median(
            [r.max_rss_kb for r in baseline.runs])
        out.append(f"- This code against the baseline ({args.baseline}): first frame "
                   f"{_median(first(kiosk)) / _median(first(baseline)):.2f}x (medians), "
                   f"{min(first(kiosk)) / min(first(baseline)):.2f}x (minimums); peak RSS "
                   f"{rss:.2f}x (medians); below 1 is better")
        out.append("")
    ratio_med = _median(first(kiosk)) / _median(first(bare))
    ratio_min = min(first(kiosk)) / min(first(bare))
    rss_max_mb = max(r.max_rss_kb for r in kiosk.runs) / 1024
    rss_med_mb = _median([r.max_rss_kb for r in kiosk.runs]) / 1024
    if kiosk_settled is not None:
        settled_max_mb = max(r.max_rss_kb for r in kiosk_settled.runs) / 1024
        settled_med_mb = _median([r.max_rss_kb for r in kiosk_settled.runs]) / 1024
    out.append("| Target | Measured | Met? |")
    out.append("|---|---|---|")
    out.append(
        f"| kiosk first frame within {TARGET_FIRST_FRAME_RATIO}x of the bare window | "
        f"{ratio_med:.2f}x (medians), {ratio_min:.2f}x (minimums) | "
        f"{_verdict(ratio_med <= TARGET_FIRST_FRAME_RATIO)} |"
    )
    if kiosk_settled is not None:
        out.append(
            f"| kiosk peak RSS under {TARGET_PEAK_RSS_MB:.0f} MB, running (panels built) | "
            f"{settled_med_mb:.1f} MB median, {settled_max_mb:.1f} MB worst run (at the first "
            f"frame: {rss_med_mb:.1f} MB) | {_verdict(settled_max_mb < TARGET_PEAK_RSS_MB)} |"
        )
    else:
        out.append(
            f"| kiosk peak RSS under {TARGET_PEAK_RSS_MB:.0f} MB, up to the first frame | "
            f"{rss_med_mb:.1f} MB median, {rss_max_mb:.1f} MB worst run | "
            f"{_verdict(rss_max_mb < TARGET_PEAK_RSS_MB)} |"
        )
    if chromium is not None:
        paint_ratio = _median(first(kiosk)) / _median(first(chromium))
        paint_ratio_min = min(first(kiosk)) / min(first(chromium))
        # memory: both left running when measured so, else both up to their first paint
        ours, theirs = ((kiosk_settled, chromium_settled)
                        if kiosk_settled is not None and chromium_settled is not None
                        else (kiosk, chromium))
        pss_ratio = _median([r.tree_pss_kb for r in ours.runs]) / _median(
            [r.tree_pss_kb for r in theirs.runs])
        rss_ratio = _median([r.tree_rss_kb for r in ours.runs]) / _median(
            [r.tree_rss_kb for r in theirs.runs])
        # the fair and conservative one: all of the kiosk's resident memory (it is one process,
        # and on a kiosk machine nothing else shares its Qt libraries) against Chromium's tree
        # with the pages its processes share counted once (PSS)
        fair_ratio = _median([r.tree_rss_kb for r in ours.runs]) / _median(
            [r.tree_pss_kb for r in theirs.runs])
        out.append(
            f"| kiosk first frame not slower than Chromium's first contentful paint (issue 2) | "
            f"{paint_ratio:.2f}x (medians), {paint_ratio_min:.2f}x (minimums) | "
            f"{_verdict(paint_ratio <= 1.0)} |"
        )
        out.append(
            f"| kiosk first frame at most {TARGET_CHROMIUM_TIME_RATIO}x Chromium's (issue 6) | "
            f"{paint_ratio:.2f}x, {paint_ratio_min:.2f}x | "
            f"{_verdict(paint_ratio <= TARGET_CHROMIUM_TIME_RATIO)} |"
        )
        memory = (f"{fair_ratio:.2f}x: kiosk RSS against Chromium's tree PSS (PSS against PSS "
                  f"{pss_ratio:.2f}x, summed RSS against summed RSS {rss_ratio:.2f}x; medians"
                  + (", both left running" if ours is kiosk_settled else ", to first paint")
                  + ")")
        worse = fair_ratio
        out.append(f"| kiosk process-tree memory at most 0.5x Chromium's (issue 2) | {memory} | "
                   f"{_verdict(worse <= 0.5)} |")
        out.append(
            f"| kiosk process-tree memory at most {TARGET_CHROMIUM_MEMORY_RATIO}x Chromium's "
            f"(issue 6) | {memory} | {_verdict(worse <= TARGET_CHROMIUM_MEMORY_RATIO)} |"
        )
        if screenshot is not None:
            exit_ratio = _median([r.exit_s for r in kiosk.runs]) / _median(
                [r.exit_s for r in screenshot.runs])
            out.append(
                f"| (proxy) kiosk start-to-exit against `chromium --headless --screenshot` "
                f"start-to-exit | {exit_ratio:.2f}x (medians) | for information |"
            )
    else:
        out.append("| kiosk against Chromium | not measured: /usr/bin/chromium is not installed "
                   "| n/a |")
    out.append("")
    out.append("All runs (ms to first frame / ms to exit / MB process peak RSS / MB tree PSS):")
    out.append("")
    for subject in subjects:
        cells = [
            f"{_ms(r.first_frame_s) if r.first_frame_s is not None else '-'}/{_ms(r.exit_s)}/"
            f"{_mb(r.max_rss_kb)}/{_mb(r.tree_pss_kb)}"
            for r in subject.runs
        ]
        out.append(f"- {subject.name}: " + ", ".join(cells))
    out.append("")
    return "\n".join(out)


def _verdict(met: bool) -> str:
    return "yes" if met else "**no**"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)




# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each subject (default 7)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted runs of each subject first (default 1)")
    parser.add_argument("--platform", choices=("offscreen", "xcb"), default="offscreen",
                        help="Qt platform; xcb needs an X display in $DISPLAY (e.g. Xvfb)")
    parser.add_argument("--stand", type=Path, default=SAMPLE_STAND,
                        help="stand folder for the kiosk (default: the sample stand)")
    parser.add_argument("--no-chromium", action="store_true", help="skip Chromium")
    parser.add_argument("--settle", type=float, default=3.0, metavar="SECONDS",
                        help="also measure the kiosk and Chromium left running this long, "
                             "for their memory once everything is built (default 3; 0: skip)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report into FILE (its own section only)")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="also measure the kiosk at COMMIT (checked out for the run), "
                        "alternating with this code: old against new in one run")
    parser.add_argument("--visible", action="store_true",
                        help="what a visitor sees: start the kiosk and Chromium as a venue does "
                             "(full screen, default environment) on an Xvfb screen of their "
                             "own and time the first content read back from the X server "
                             "(benchmarks/visible.py)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    if args.platform == "xcb" and not os.environ.get("DISPLAY") and not args.visible:
        parser.error("--platform xcb needs an X display: set DISPLAY (e.g. run under Xvfb)")
    return args


def add_baseline(subjects: list[Subject], args: argparse.Namespace, scratch: Path) -> Path:
    """The kiosk at `args.baseline`, checked out beside this one, measured in the same loop.

    Both kiosks start as `python -m kiosk`, each from a home of its own (their memos of the
    stand may differ in form), and each compiled to bytecode first."""
    import compileall

    old = scratch / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old),
                    args.baseline], check=True, capture_output=True)
    compileall.compile_dir(old / "kiosk", quiet=1)
    new = subjects[0]
    new.command = kiosk_command(args.stand, as_module=True)
    new.env = {**new.env, **home_env(scratch / "home-new")}
    subjects.insert(1, Subject(
        f"kiosk at {args.baseline} (baseline)", kiosk_command(args.stand, as_module=True),
        {**new.env, **home_env(scratch / "home-baseline"), "PYTHONPATH": str(old)},
        "stdout", "baseline",
    ))
    return old


def compile_kiosk() -> str:
    """Compile the kiosk's modules to bytecode, as installing it from its wheel does.

    pip writes every module's `.pyc` when it installs a package, so a venue kiosk never
    compiles its sources at start-up. A development checkout installed in editable mode has
    them written on first import, unless `PYTHONDONTWRITEBYTECODE` is set (it is in some
    sandboxes and CI images): then every start would compile ~40 modules again (~40 ms),
    which no installed kiosk does. Returns the line for the report.
    """
    import compileall

    import kiosk

    package = Path(kiosk.__file__).parent
    compileall.compile_dir(package, quiet=1)
    return (f"- Bytecode: `{_relative(package)}` compiled with `compileall` first, as pip "
            "does when it installs the kiosk")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.visible:
        import visible

        return visible.main(args)
    args.bytecode = compile_kiosk()
    env = qt_environment(args.platform)
    args.load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as scratch:
        subjects = [
            Subject("kiosk (sample stand)" if args.stand == SAMPLE_STAND else "kiosk",
                    kiosk_command(args.stand), env, "stdout", "kiosk"),
            Subject("bare Qt Quick window", [sys.executable, str(HERE / "bare_window.py")],
                    env, "stdout", "bare"),
        ]
        if args.settle > 0:
            subjects.append(Subject(
                f"kiosk left running {args.settle:g} s (panels built)",
                kiosk_command(args.stand, quit_after_first_frame=False), env, "timed",
                "kiosk-settled", args.settle,
            ))
        if CHROMIUM.exists() and not args.no_chromium:
            chromium_env = chromium_environment(args.platform)
            how = "headless" if args.platform == "offscreen" else "--kiosk"
            subjects.append(Subject(
                f"Chromium {how}, same page (first contentful paint)",
                chromium_kiosk_command(Path(scratch) / "profile-a", args.platform),
                chromium_env, "devtools", "chromium",
            ))
            if args.settle > 0:
                subjects.append(Subject(
                    f"Chromium {how}, same page, left running {args.settle:g} s",
                    chromium_kiosk_command(Path(scratch) / "profile-a", args.platform,
                                           devtools=False),
                    chromium_env, "timed", "chromium-settled", args.settle,
                ))
            subjects.append(Subject(
                "Chromium --headless --screenshot, same page",
                chromium_screenshot_command(Path(scratch) / "profile-b", Path(scratch) / "p.png"),
                chromium_env, "none", "screenshot",
            ))
        elif not args.no_chromium:
            print(f"note: {CHROMIUM} not found; Chromium is not measured", file=sys.stderr)
        baseline = add_baseline(subjects, args, Path(scratch)) if args.baseline else None
        total = args.warmup + args.repeat
        for index in range(total):
            counted = index >= args.warmup
            for subject in subjects:
                run = measure(subject)
                if counted:
                    subject.runs.append(run)
                print(f"[{index + 1}/{total}{'' if counted else ' warm-up'}] {subject.name}: "
                      f"first frame {_ms(run.first_frame_s) if run.first_frame_s else '-'} ms, "
                      f"exit {_ms(run.exit_s)} ms, peak RSS {_mb(run.max_rss_kb)} MB, "
                      f"tree PSS {_mb(run.tree_pss_kb)} MB", file=sys.stderr)
        if baseline is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(baseline)], capture_output=True, check=False)
    args.load_after = os.getloadavg()[0]
    command = "python benchmarks/startup.py" + (
        f" --platform {args.platform}" if args.platform != "offscreen" else "") + (
        f" --repeat {args.repeat}" if args.repeat != 7 else "") + (
        f" --settle {args.settle:g}" if args.settle != 3.0 else "") + (
        f" --baseline {args.baseline}" if args.baseline else "")
    text = report(subjects, args, command)
    print(text)
    if args.write:
        write_section(args.write, f"{SECTION}-{args.platform}", text, "Benchmarks")
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
