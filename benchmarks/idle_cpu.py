"""CPU use of a running kiosk when nobody touches it.

Starts `kiosk run STAND --windowed --idle-timeout 600` on an Xvfb screen of its own (the xcb
platform, software renderer; or the display in $DISPLAY with `--use-display`), with a
fresh HOME so no settings, statistics or logs of the user are read or written, and reads the
process's user + system CPU time from /proc/PID/stat (all its threads) over 60 s (`--seconds`):

1. on the attract screen (its ambient motion runs: the drifting glow, the pulsing prompt);
2. on a still panel: after a click in the middle of the screen (`xdotool`, a real X input
   event) has started a visit, and the panel's entrance has settled;
3. outside opening hours: a second kiosk with a settings file (`--config`) saying
   `opening_hours: {daily: closed}`, so the screen is black.

Also given: the CPU time of the X server over the same time (it receives every frame),
the kiosk's wake-ups per second (voluntary context switches of all its threads: a thread
that slept and was woken; involuntary switches, when another process took the CPU, depend
on the machine's load and are given apart) and its resident memory.

As an experiment the attract screen is measured again with changed copies of
kiosk/qml/Kiosk/AttractScreen.qml in a scratch folder (the kiosk started through a wrapper
that points it there): the screen as it was at commit `--before` (default 20f3fd7, before
issue 15: the glow stepped 4 times a second, the prompt breathing 15 times a second, its
change of language an animated fade), and the shipped screen with its Timers stopped (the
floor). `--no-experiment` skips them.

Run (from the repository root, in the virtual environment):

    python benchmarks/idle_cpu.py
    python benchmarks/idle_cpu.py --write docs/performance-runtime.md

`--write` replaces only this script's section of the file (between its marker comments).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from frames import (
    SAMPLE_STAND,
    display_for,
    machine_lines,
    qt_environment,
    relative,
    verdict,
    write_section,
)

SECTION = "idle-cpu"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
START_TIMEOUT_S = 60.0
NEAR_ZERO_PCT = 1.0   # "near zero": under 1% of one core
SMALL_PCT = 10.0      # "small": under 10% of one core
ATTRACT_PCT = 2.0     # issue 15: the attract screen at most 2% of one core ...
ATTRACT_WAKEUPS = 100.0  # ... and at most 100 wake-ups a second

BEFORE = "20f3fd7"  # the attract screen before issue 15, for the experiment
TIMERS_ON = "running: screen.shown && Theme.animations\n"
CYCLE_ON = "running: screen.shown && Theme.animations && screen.controller.prompts.length > 1"
WRAPPER = (
    "import sys; from pathlib import Path; import kiosk.ui.app; "
    "kiosk.ui.app.QML_DIR = Path(sys.argv[1]); from kiosk.cli.commands import main; "
    "sys.exit(main(sys.argv[2:]))"
)


@dataclass
class Sample:
    state: str
    cpu_pct: float
    x_cpu_pct: float | None
    wakeups_per_s: float
    preempted_per_s: float
    rss_mb: float
    seconds: float
    experiment: bool = False


# --- /proc ---------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        stat = handle.read()
    fields = stat[stat.rfind(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)


def context_switches(pid: int) -> dict[str, tuple[int, int]]:
    """For each of the process's threads: its voluntary (it slept and was woken: a wake-up)
    and involuntary (preempted) context switches."""
    counts: dict[str, tuple[int, int]] = {}
    for task in os.scandir(f"/proc/{pid}/task"):
        woken = preempted = 0
        try:
            with open(f"{task.path}/status") as handle:
                for line in handle:
                    if line.startswith("voluntary_ctxt_switches"):
                        woken = int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        preempted = int(line.split()[1])
        except OSError:
            continue
        counts[task.name] = (woken, preempted)
    return counts


def switches_between(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
                     ) -> tuple[int, int]:
    """Switches in the threads alive at the end, since the start (or since they started).
    A thread that ended meanwhile (Qt's pooled threads end after 30 s without work) is not
    counted: a slight undercount, never a negative one."""
    woken = preempted = 0
    for tid, (w, p) in after.items():
        w0, p0 = before.get(tid, (0, 0))
        woken += w - w0
        preempted += p - p0
    return woken, preempted


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE / 1024 / 1024


def measure(state: str, pid: int, x_pid: int | None, seconds: float,
            experiment: bool = False) -> Sample:
    start = time.monotonic()
    cpu0, switches0 = cpu_seconds(pid), context_switches(pid)
    x0 = cpu_seconds(x_pid) if x_pid else 0.0
    time.sleep(seconds)
    elapsed = time.monotonic() - start
    cpu1, switches1 = cpu_seconds(pid), context_switches(pid)
    x1 = cpu_seconds(x_pid) if x_pid else 0.0
    sample = Sample(
        state, (cpu1 - cpu0) / elapsed * 100, (x1 - x0) / elapsed * 100 if x_pid else None,
        switches_between(switches0, switches1)[0] / elapsed,
        switches_between(switches0, switches1)[1] / elapsed,
        rss_mb(pid), elapsed, experiment,
    )
    x_text = f", X server {sample.x_cpu_pct:.1f}%" if sample.x_cpu_pct is not None else ""
    print(f"  {state}: {sample.cpu_pct:.1f}% of one core{x_text}, "
          f"{sample.wakeups_per_s:.0f} wake-ups/s "
          f"({sample.preempted_per_s:.0f} preempted/s), {sample.rss_mb:.0f} MB", file=sys.stderr)
    return sample


# --- the kiosk process ---------------------------------------------------------------------


class KioskProcess:
    """`kiosk run` (or the wrapper) in a fresh HOME, its log in a file."""

    def __init__(self, command: list[str], env: dict[str, str], home: Path) -> None:
        self.home = home
        self.log = home / "kiosk.log"
        self._sink = self.log.open("wb")
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._sink, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def wait_for_first_frame(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "first frame shown" not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = "\n  ".join(self.text().strip().splitlines()[-20:])
                raise SystemExit(f"the kiosk did not show its first frame:\n  {tail}")
            time.sleep(0.1)
        if "safe mode" in self.text():
            raise SystemExit("the kiosk started in safe mode (animations off): not measured")

    def health(self) -> dict[str, object]:
        path = self.home / ".local" / "state" / "exhibit-kiosk" / "health.json"
        try:
            return dict(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            return {}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._sink.close()


def kiosk_command(stand: Path, config: Path) -> list[str]:
    script = Path(sys.executable).parent / "kiosk"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]
    return [*launcher, *run_arguments(stand, config)]


def run_arguments(stand: Path, config: Path) -> list[str]:
    return ["run", str(stand), "--windowed", "--idle-timeout", "600", "--config", str(config)]


def click(display: str, x: int, y: int) -> None:
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"],
                   env={**os.environ, "DISPLAY": display}, check=True, timeout=20,
                   capture_output=True)


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def scratch_qml(folder: Path, variant: str, before: str) -> Path | None:
    """A copy of the QML module with AttractScreen.qml changed: "before", the file at commit
    `before`; "still", the shipped file with its Timers stopped. None if that cannot be made."""
    from kiosk.paths import QML_DIR

    target = folder / f"qml-{variant}"
    shutil.copytree(QML_DIR, target)
    attract = target / "Kiosk" / "AttractScreen.qml"
    if variant == "before":
        done = subprocess.run(["git", "-C", str(QML_DIR), "show",
                               f"{before}:kiosk/qml/Kiosk/AttractScreen.qml"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return None
        attract.write_text(done.stdout, "utf-8")
        return target
    text = attract.read_text("utf-8")
    if TIMERS_ON not in text or CYCLE_ON not in text:
        return None
    attract.write_text(text.replace(TIMERS_ON, "running: false\n").replace(CYCLE_ON, "running: false"),
                       "utf-8")
    return target


# --- the run -------------------------------------------------------------------------------


def run(args: argparse.Namespace, display: str, x_pid: int | None, scratch: Path) -> list[Sample]:
    samples: list[Sample] = []
    seconds = args.seconds

    def start(name: str, settings: str, command: Callable[[Path], list[str]]) -> KioskProcess:
        home = scratch / name
        home.mkdir()
        config = home / "settings.yaml"
        config.write_text(settings, "utf-8")
        env = qt_environment("xcb", display, home=home)
        kiosk = KioskProcess(command(config), env, home)
        kiosk.wait_for_first_frame()
        time.sleep(args.settle)  # panels built, images decoded, start-up work done
        return kiosk

    print("the shipped kiosk: attract screen, then a still panel ...", file=sys.stderr)
    kiosk = start("open", "statistics: true\n", lambda config: kiosk_command(args.stand, config))
    try:
        samples.append(measure("Attract screen (ambient motion running)", kiosk.pid, x_pid,
                               seconds))
        click(display, 960, 540)
        if not wait_until(lambda: kiosk.health().get("last_touch") is not None, 8):
            raise SystemExit("the click did not reach the kiosk (no touch in its health file)")
        time.sleep(3)  # the attract screen fades out, the first panel settles
        samples.append(measure(f"Still panel, visit started (no touch for {seconds:g} s)", kiosk.pid,
                               x_pid, seconds))
    finally:
        kiosk.stop()

    print("outside opening hours ...", file=sys.stderr)
    kiosk = start("closed", "opening_hours:\n  daily: closed\n",
                  lambda config: kiosk_command(args.stand, config))
    try:
        if f"{kiosk.home / 'settings.yaml'}:" in kiosk.text():
            raise SystemExit("the kiosk did not accept the opening hours:\n" + kiosk.text())
        samples.append(measure("Outside opening hours (black screen)", kiosk.pid, x_pid, seconds))
    finally:
        kiosk.stop()

    if args.experiment:
        for variant, label in (
            ("before", f"Attract screen, **experiment**: as at commit {args.before} (glow "
                       "4 steps/s, prompt breathing 15 steps/s, animated change of language)"),
            ("still", "Attract screen, **experiment**: no motion (the floor)"),
        ):
            qml = scratch_qml(scratch, variant, args.before)
            if qml is None:
                print(f"  {variant}: cannot make this copy of AttractScreen.qml; experiment skipped",
                      file=sys.stderr)
                continue
            print(f"experiment: {variant} ...", file=sys.stderr)
            kiosk = start(variant, "statistics: true\n", lambda config, qml=qml: [
                sys.executable, "-c", WRAPPER, str(qml), *run_arguments(args.stand, config)])
            try:
                samples.append(measure(label, kiosk.pid, x_pid, seconds, experiment=True))
            finally:
                kiosk.stop()
    return samples


def report(samples: list[Sample], args: argparse.Namespace, platform_name: str,
           command: str) -> str:
    out = ["### CPU while idle (`benchmarks/idle_cpu.py`)", ""]
    out += machine_lines(platform_name, "basic")
    out.append(f"- Stand: `{relative(args.stand)}`; `kiosk run --windowed`, {args.seconds:g} s "
               f"per state after {args.settle:g} s of settling")
    out.append(f"- Rerun: `{command}`")
    out.append("")
    out.append("| State | Kiosk CPU (% of one core) | X server CPU (%) | Kiosk wake-ups/s "
               "(voluntary switches) | Kiosk preempted/s (load) | Kiosk RSS (MB) |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for sample in samples:
        x_text = f"{sample.x_cpu_pct:.2f}" if sample.x_cpu_pct is not None else "n/a"
        out.append(f"| {sample.state} | {sample.cpu_pct:.2f} | {x_text} | "
                   f"{sample.wakeups_per_s:.1f} | {sample.preempted_per_s:.1f} | "
                   f"{sample.rss_mb:.0f} |")
    out.append("")
    shipped = {s.state.split(" (")[0].split(",")[0]: s for s in samples if not s.experiment}
    attract = shipped.get("Attract screen")
    still = shipped.get("Still panel")
    closed = shipped.get("Outside opening hours")
    out.append("| Target (issue 6) | Measured | Met? |")
    out.append("|---|---|---|")
    if still:
        out.append(f"| Near zero on a still panel (under {NEAR_ZERO_PCT:g}% of one core) "
                   f"| {still.cpu_pct:.2f}% | {verdict(still.cpu_pct < NEAR_ZERO_PCT)} |")
    if closed:
        out.append(f"| Near zero outside opening hours (under {NEAR_ZERO_PCT:g}%) "
                   f"| {closed.cpu_pct:.2f}% | {verdict(closed.cpu_pct < NEAR_ZERO_PCT)} |")
    if attract:
        out.append(f"| Small on the attract screen (under {SMALL_PCT:g}% of one core) "
                   f"| {attract.cpu_pct:.1f}% | {verdict(attract.cpu_pct < SMALL_PCT)} |")
        out.append(f"| Attract screen at most {ATTRACT_PCT:g}% of one core (issue 15) "
                   f"| {attract.cpu_pct:.2f}% | {verdict(attract.cpu_pct <= ATTRACT_PCT)} |")
        out.append(f"| Attract screen at most {ATTRACT_WAKEUPS:g} wake-ups a second (issue 15) "
                   f"| {attract.wakeups_per_s:.0f} | "
                   f"{verdict(attract.wakeups_per_s <= ATTRACT_WAKEUPS)} |")
    out.append("")
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--use-display", action="store_true",
                        help="use the X display in $DISPLAY instead of a new Xvfb")
    parser.add_argument("--stand", type=Path, default=SAMPLE_STAND,
                        help="stand folder (default: the sample stand)")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="measuring time per state (default 60)")
    parser.add_argument("--before", default=BEFORE, metavar="COMMIT",
                        help=f"the commit whose attract screen the experiment measures "
                             f"(default {BEFORE})")
    parser.add_argument("--settle", type=float, default=4.0,
                        help="seconds after the first frame before measuring (default 4)")
    parser.add_argument("--no-experiment", dest="experiment", action="store_false",
                        help="skip the attract-screen experiments")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report into FILE (its own section only)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.stand = args.stand.resolve()
    if shutil.which("xdotool") is None or (shutil.which("Xvfb") is None and not args.use_display):
        raise SystemExit("idle_cpu.py needs xdotool and Xvfb (apt-get install xdotool xvfb)")
    with tempfile.TemporaryDirectory(prefix="kiosk-idle-") as scratch, \
            display_for("xcb", args.use_display) as (platform_name, display, x_pid):
        samples = run(args, display, x_pid, Path(scratch))
    command = "python benchmarks/idle_cpu.py" + (
        f" --stand {relative(args.stand)}" if args.stand != SAMPLE_STAND else "") + (
        f" --seconds {args.seconds:g}" if args.seconds != 60.0 else "") + (
        " --no-experiment" if not args.experiment else "")
    text = report(samples, args, platform_name, command)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
