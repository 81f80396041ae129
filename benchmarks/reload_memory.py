"""What a live reload leaves in the kiosk's memory: the check in a process of its own, against
the check in the kiosk's process (as before 2026-12-04 night).

    python benchmarks/reload_memory.py              # 2 alternating runs of each subject

Each run starts the kiosk as a venue starts it (memory.py: full screen on an Xvfb screen of its
own, the default environment, the venue's settings file) on a copy of the sample stand shown
before, run from a copy of this virtual environment (no other process shares its pages),
reads the tree's memory 6 s after the start, then changes the stand's English title as staff
would, waits for the log's `now showing` (the new version on the screen, at the attract
screen's idle moment) and 5 s more, and reads it again. The kiosk gives back its idle pages
(release_idle_memory) in both subjects.

"in the kiosk's process" is this code with `kiosk.cli.commands.load_to_show` set to None
before `kiosk run` starts (benchmarks/_inprocess_check.py): the runtime then checks on its
validation thread, as before the change.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import memory  # noqa: E402  (benchmarks/memory.py: the venue's start, smaps read)

TITLE = "The Khojaly genocide: 31 years"
SUBJECTS = {"check in a process of its own (this code)": [],
            "check in the kiosk's process (before)": [str(HERE / "_inprocess_check.py")]}


def one_run(python: str, launcher: list[str], home: Path, stand: Path, display: str,
            change: bool = True) -> tuple[int, int]:
    command = [python, *(launcher or ["-m", "kiosk"]), "run", str(stand), "--config",
               str(memory.VENUE_SETTINGS)]
    process = subprocess.Popen(command, env=memory.venue_env(display, home, memory.ROOT), cwd=memory.ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    lines: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        lines.extend(process.stderr)

    threading.Thread(target=read, daemon=True).start()
    try:
        time.sleep(6)
        before = memory.sample(process.pid).pss_kb
        if not change:
            return before, before
        path = stand / "stand.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(TITLE, f"{TITLE} ({time.time():.0f})", 1),
                        encoding="utf-8")
        deadline = time.monotonic() + 60
        while not any("now showing" in line for line in lines):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("no new version shown:\n" + "".join(lines[-30:]))
            time.sleep(0.1)
        time.sleep(5)
        return before, memory.sample(process.pid).pss_kb
    finally:
        memory.stop_gently(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    results: dict[str, list[tuple[int, int]]] = {name: [] for name in SUBJECTS}
    with tempfile.TemporaryDirectory(prefix="kiosk-reload-") as scratch_name, \
            memory.XServer(memory.SIZE, black=True) as server:
        scratch = Path(scratch_name)
        memory.compile_tree(memory.ROOT)
        shutil.copytree(sys.prefix, scratch / "venv", symlinks=True)
        python = str(scratch / "venv" / "bin" / "python")
        places = {}
        for index, (name, launcher) in enumerate(SUBJECTS.items()):
            stand, home = scratch / f"stand-{index}", scratch / f"home-{index}"
            shutil.copytree(memory.STAND, stand)
            one_run(python, launcher, home, stand, server.display, change=False)  # the memo
            places[name] = (stand, home)
        for turn in range(args.repeat):
            for name, launcher in SUBJECTS.items():
                stand, home = places[name]
                before, after = one_run(python, launcher, home, stand, server.display)
                results[name].append((before, after))
                print(f"[{turn + 1}/{args.repeat}] {name}: PSS {before / 1024:.1f} MB before, "
                      f"{after / 1024:.1f} MB after the reload", file=sys.stderr)
    print("| Subject | runs | PSS before, median (MB) | PSS 5 s after the new version is "
          "shown, median (MB) | each run (before -> after) |")
    print("|---|---:|---:|---:|---|")
    for name, runs in results.items():
        print(f"| {name} | {len(runs)} | {statistics.median(b for b, _ in runs) / 1024:.1f} | "
              f"{statistics.median(a for _, a in runs) / 1024:.1f} | "
              + ", ".join(f"{b / 1024:.1f} -> {a / 1024:.1f}" for b, a in runs) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
