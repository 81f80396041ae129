"""Where the kiosk's memory goes, 3 s after a start as a venue starts it, and what a change saves.

    python benchmarks/memory.py                       # this code, 3 runs, the totals and classes
    python benchmarks/memory.py --baseline HEAD~1     # ... against a commit, alternating runs
    python benchmarks/memory.py --mappings 25         # ... and the 25 largest mappings (PSS)

The kiosk starts as in `startup.py --visible` (benchmarks/visible.py): full screen on an Xvfb
screen of its own (1920x1080x24, no GPU), the default environment (nothing for Qt set), the
venue's settings file, the sample stand, shown before (one warm-up run of each subject fills
its memo). `--settle` seconds (3) after the start, and at least 0.5 s after its log said
`first frame shown`, this reads /proc/PID/smaps of the kiosk and every descendant and stops
it. The totals are those `visible.py` reports (summed PSS and RSS of the tree); each mapping
is also put in a class (the C heap and other anonymous memory, Qt's libraries, PySide6's,
Python's, other shared libraries, fonts, other files) with its RSS, PSS and private pages.

A baseline is the tree of that commit (`git archive`, no worktree), run as `python -m kiosk`
from that tree (its folder current and on PYTHONPATH: `-m` looks in the current folder
first); this code runs the same way, so the two differ only in the code. Each
has a home of its own (its memo). Runs alternate: baseline, this, baseline, this ...
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))
from xharness import XServer, home_env, stop_gently  # noqa: E402

SIZE = (1920, 1080)
VENUE_SETTINGS = HERE / "venue-settings.yaml"
STAND = ROOT / "content" / "khojaly-31"
QT_VARIABLES = ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "QSG_INFO",
                "QSG_RENDER_LOOP", "QT_LOGGING_RULES", "QT_SCALE_FACTOR",
                "QT_XCB_GL_INTEGRATION", "LIBGL_ALWAYS_SOFTWARE", "NOTIFY_SOCKET",
                "WATCHDOG_USEC")
MARKER = b"first frame shown"
HEADER = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")


@dataclass
class Mapping:
    name: str
    size_kb: int = 0
    rss_kb: int = 0
    pss_kb: int = 0
    private_kb: int = 0  # Private_Clean + Private_Dirty


@dataclass
class Sample:
    rss_kb: int
    pss_kb: int
    private_kb: int
    classes: dict[str, Mapping]
    mappings: list[Mapping]


@dataclass
class Subject:
    name: str
    command: list[str]
    env: dict[str, str]
    samples: list[Sample] = field(default_factory=list)


def classify(name: str) -> str:
    """The class of a mapping, by the file it maps (anonymous memory: its kind)."""
    base = name.rsplit("/", 1)[-1]
    if name in ("[heap]",):
        return "C heap ([heap])"
    if name == "" or name.startswith("[anon"):
        return "anonymous (malloc arenas, large blocks, back buffer)"
    if name.startswith("["):
        return "stack and kernel ([stack], [vvar], ...)"
    if name.endswith((".ttf", ".otf", ".ttc")):
        return "font files"
    if "/PySide6/Qt/lib/" in name or base.startswith("libQt6"):
        return "Qt libraries (libQt6*)"
    if "/PySide6/Qt/plugins/" in name or "/PySide6/Qt/qml/" in name:
        return "Qt plugins and QML modules"
    if "/shiboken6/" in name or "/PySide6/" in name:
        return "PySide6 and shiboken (bindings)"
    if "libpython" in name or "/lib-dynload/" in name or base.startswith("python3"):
        return "Python (interpreter, extension modules)"
    if "site-packages" in name:
        return "other Python packages' extensions"
    if base.startswith("libicu"):
        return "ICU"
    if ".so" in base:
        return "other shared libraries"
    return "other files"


def read_smaps(pid: int) -> list[Mapping]:
    mappings: list[Mapping] = []
    current: Mapping | None = None
    try:
        with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as smaps:
            for line in smaps:
                if HEADER.match(line):
                    parts = line.split(None, 5)
                    current = Mapping(parts[5].strip() if len(parts) > 5 else "")
                    mappings.append(current)
                    continue
                key, _, rest = line.partition(":")
                if current is None or not rest.strip().endswith("kB"):
                    continue
                value = int(rest.split()[0])
                if key == "Size":
                    current.size_kb = value
                elif key == "Rss":
                    current.rss_kb = value
                elif key == "Pss":
                    current.pss_kb = value
                elif key in ("Private_Clean", "Private_Dirty"):
                    current.private_kb += value
    except (FileNotFoundError, ProcessLookupError):
        pass
    return mappings


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def sample(root: int) -> Sample:
    classes: dict[str, Mapping] = {}
    by_name: dict[str, Mapping] = {}
    for pid in tree(root):
        for mapping in read_smaps(pid):
            kind = classify(mapping.name)
            for table, key in ((classes, kind), (by_name, mapping.name or "[anonymous]")):
                total = table.setdefault(key, Mapping(key))
                total.size_kb += mapping.size_kb
                total.rss_kb += mapping.rss_kb
                total.pss_kb += mapping.pss_kb
                total.private_kb += mapping.private_kb
    return Sample(sum(c.rss_kb for c in classes.values()),
                  sum(c.pss_kb for c in classes.values()),
                  sum(c.private_kb for c in classes.values()), classes,
                  sorted(by_name.values(), key=lambda m: -m.pss_kb))


def measure(subject: Subject, settle: float) -> Sample:
    started = time.monotonic()
    process = subprocess.Popen(subject.command, env=subject.env, cwd=subject.env["PYTHONPATH"],
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shown: list[float] = []
    tail: list[bytes] = []

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if not shown and MARKER in line:
                shown.append(time.monotonic())
            tail.append(line)
            del tail[:-30]

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    deadline = started + 60
    while process.poll() is None and time.monotonic() < deadline:
        now = time.monotonic()
        if now - started >= settle and shown and now >= shown[0] + 0.5:
            break
        time.sleep(0.02)
    alive = process.poll() is None
    result = sample(process.pid) if alive and shown else None
    stop_gently(process)
    reader.join(5)
    if result is None:
        text = b"".join(tail).decode("utf-8", "replace")
        raise SystemExit(f"{subject.name}: no first frame (exit {process.returncode}):\n{text}")
    return result


def venue_env(display: str, home: Path, pythonpath: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in QT_VARIABLES}
    env.update({"DISPLAY": display, **home_env(home), "PYTHONPATH": str(pythonpath)})
    env.pop("WAYLAND_DISPLAY", None)
    return env


def extract(revision: str, into: Path) -> Path:
    """The tree of `revision` in `into` (git archive: no worktree is made)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision],
                             check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    import io

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def compile_tree(tree_root: Path) -> None:
    import compileall

    compileall.compile_dir(tree_root / "kiosk", quiet=1)


def _mb(kb: float) -> str:
    return f"{kb / 1024:.1f}"


def report(subjects: list[Subject], mappings: int) -> str:
    out = []
    out.append("| Subject | runs | PSS, median (MB) | RSS (MB) | Private (MB) | PSS of each run |")
    out.append("|---|---:|---:|---:|---:|---|")
    for s in subjects:
        out.append(
            f"| {s.name} | {len(s.samples)} | "
            f"{_mb(statistics.median(x.pss_kb for x in s.samples))} | "
            f"{_mb(statistics.median(x.rss_kb for x in s.samples))} | "
            f"{_mb(statistics.median(x.private_kb for x in s.samples))} | "
            + ", ".join(_mb(x.pss_kb) for x in s.samples) + " |")
    out.append("")
    kinds = sorted({k for s in subjects for x in s.samples for k in x.classes},
                   key=lambda k: -max(x.classes[k].pss_kb if k in x.classes else 0
                                      for s in subjects for x in s.samples))
    out.append("Medians by class (MB, PSS / RSS / private):")
    out.append("")
    out.append("| Class | " + " | ".join(s.name for s in subjects) + " |")
    out.append("|---|" + "---:|" * len(subjects))
    for kind in kinds:
        cells = []
        for s in subjects:
            parts = [statistics.median(x.classes[kind].__dict__[f] if kind in x.classes else 0
                                       for x in s.samples)
                     for f in ("pss_kb", "rss_kb", "private_kb")]
            cells.append(" / ".join(_mb(p) for p in parts))
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    if mappings:
        for s in subjects:
            last = s.samples[-1]
            out.append("")
            out.append(f"Largest mappings of {s.name} (last run; MB PSS / RSS / private):")
            out.append("")
            for m in last.mappings[:mappings]:
                out.append(f"- {_mb(m.pss_kb)} / {_mb(m.rss_kb)} / {_mb(m.private_kb)}  "
                           f"{m.name}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a commit to compare with, in alternating runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--mappings", type=int, default=0,
                        help="also list this many largest mappings (by PSS) of each subject")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=VALUE",
                        help="a further subject: this code with NAME=VALUE in its environment "
                             "(an experiment behind a variable); may be repeated")
    parser.add_argument("--stand", type=Path, default=STAND)
    parser.add_argument("--settings", type=Path, default=VENUE_SETTINGS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kiosk-memory-") as scratch_name, \
            XServer(SIZE, black=True) as server:
        scratch = Path(scratch_name)
        command = [sys.executable, "-m", "kiosk", "run", str(args.stand.resolve()),
                   "--config", str(args.settings.resolve())]
        compile_tree(ROOT)
        subjects = []
        if args.baseline:
            old = extract(args.baseline, scratch / "baseline")
            compile_tree(old)
            subjects.append(Subject(f"baseline {args.baseline}", command,
                                    venue_env(server.display, scratch / "home-old", old)))
        subjects.append(Subject("this code", command,
                                venue_env(server.display, scratch / "home-new", ROOT)))
        for assignment in args.also:
            name, _, value = assignment.partition("=")
            subjects.append(Subject(f"this code, {assignment}", command, {
                **venue_env(server.display, scratch / f"home-{len(subjects)}", ROOT),
                name: value}))
        for subject in subjects:  # warm-up: fills the memo
            measure(subject, args.settle)
        for index in range(args.repeat):
            for subject in subjects:
                result = measure(subject, args.settle)
                subject.samples.append(result)
                print(f"[{index + 1}/{args.repeat}] {subject.name}: PSS {_mb(result.pss_kb)} "
                      f"MB, RSS {_mb(result.rss_kb)} MB, private {_mb(result.private_kb)} MB",
                      file=sys.stderr)
    print(report(subjects, args.mappings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
