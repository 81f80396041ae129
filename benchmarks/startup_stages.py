"""Where the kiosk's start-up time and memory go, stage by stage.

Replays what `kiosk run` does before its first frame, in a fresh process each time, and
notes after each stage the time since the process was started and the peak RSS so far
(VmHWM). Stages:

1. Python started (this script's first line)
2. `import kiosk.cli.commands`: the command line, settings, library, statistics, the stand model (no pydantic)
3. the settings file of a typical venue (benchmarks/venue-settings.yaml) and the stand, as
   `kiosk run` gets them: as checked last time, when no file of them has changed
   (`kiosk.content.memo`; the first, uncounted run checks them and fills the memo), or
   else loaded and checked in full (pydantic), with images proven through the decode cache
4. `import kiosk.ui.app`: PySide6 (QtCore, QtGui, QtQml, QtQuick), the view models
5. the application, with the bundled fonts registered
6. `Kiosk(...)`: the QML engine loads the user interface and creates it
7. the window's first frame swapped
8. the panels built (the `browseLoader` ready), where they are built after the first frame

Run (from the repository root, in the virtual environment):

    python benchmarks/startup_stages.py                 # 5 fresh processes, medians
    python benchmarks/startup_stages.py --write docs/benchmarks.md
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
SAMPLE_STAND = HERE.parent / "content" / "khojaly-31"
VENUE_SETTINGS = HERE / "venue-settings.yaml"  # what `kiosk run` reads at a venue
SECTION = "startup-stages"
STAGES = [
    "Python started",
    "import kiosk.cli.commands (the command line, the stand model without pydantic)",
    "the venue's settings file and the stand, as kiosk run gets them (unchanged: as checked "
    "last time)",
    "import kiosk.ui.app (PySide6 QtCore, QtGui, QtQml, QtQuick; view models)",
    "the application and the bundled fonts",
    "Kiosk(): QML engine loads and creates the interface",
    "first frame swapped",
    "panels built after the first frame",
]


def _hwm_kb() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def child(stand: Path, started: float) -> None:
    """One measured start-up; prints a JSON list of [seconds since start, peak RSS kB]."""
    marks: list[tuple[float, int]] = []

    def mark() -> None:
        marks.append((time.time() - started, _hwm_kb()))

    mark()
    from kiosk.cli.startup import load_to_show, settings_to_run  # what `kiosk run` imports first

    mark()
    settings_to_run(VENUE_SETTINGS)
    result = load_to_show(stand)
    mark()
    if result.stand is None:
        raise SystemExit(f"{stand} is not valid")
    from kiosk.ui import app as kiosk_app

    mark()
    kiosk_app.install_message_handler()
    application = kiosk_app.application()
    mark()
    kiosk = kiosk_app.Kiosk(result)
    mark()

    from PySide6.QtCore import QObject, QTimer

    loader = kiosk.window.findChild(QObject, "browseLoader")
    poll = QTimer()
    poll.setInterval(5)

    def panels_built() -> None:
        if loader is None or loader.property("item") is not None:  # the panels are there
            poll.stop()
            mark()
            application.quit()

    poll.timeout.connect(panels_built)

    def first_frame() -> None:
        kiosk.window.frameSwapped.disconnect(first_frame)
        mark()
        poll.start()

    kiosk.window.frameSwapped.connect(first_frame)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    application.exec()
    print(json.dumps(marks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes (default 5)")
    parser.add_argument("--stand", type=Path, default=SAMPLE_STAND)
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report into FILE (its own section only)")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.stand, args.child)
        return 0

    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               QT_QUICK_BACKEND="software")
    runs: list[list[tuple[float, int]]] = []
    for _ in range(args.repeat + 1):  # the first run warms the disk caches; not counted
        started = time.time()
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--stand", str(args.stand),
             "--child", repr(started)],
            capture_output=True, text=True, env=env, check=False,
        )
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if len(runs[-1]) < len(STAGES):  # no panels built after the first frame
            runs[-1].append(runs[-1][-1])
    runs = runs[1:]

    platform_name = env["QT_QPA_PLATFORM"]
    out = [
        f"### Start-up by stage (`kiosk run` replayed; medians of {args.repeat} fresh processes)",
        "",
        f"- Qt platform `{platform_name}`, software renderer; stand "
        f"`{args.stand.resolve().relative_to(HERE.parent) if args.stand.resolve().is_relative_to(HERE.parent) else args.stand}`",  # noqa: E501
        f"- Load average (1 min) at the end: {os.getloadavg()[0]:.2f} on "
        f"{len(os.sched_getaffinity(0))} CPUs",
        "- Rerun: `python benchmarks/startup_stages.py`",
        "",
        "| Stage | Time since start (ms) | This stage (ms) | Peak RSS after it (MB) "
        "| This stage adds (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    previous_t, previous_m = 0.0, 0.0
    for index, name in enumerate(STAGES):
        t = statistics.median(run[index][0] for run in runs) * 1000
        m = statistics.median(run[index][1] for run in runs) / 1024
        out.append(f"| {index + 1}. {name} | {t:.0f} | {t - previous_t:.0f} | {m:.1f} | "
                   f"{m - previous_m:+.1f} |")
        previous_t, previous_m = t, m
    out.append("")
    text = "\n".join(out)
    print(text)
    if args.write:
        sys.path.insert(0, str(HERE))
        from startup import write_section

        write_section(args.write, SECTION, text, "Benchmarks")
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
