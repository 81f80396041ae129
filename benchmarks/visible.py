"""What a visitor sees: time from process start to the first content on the X screen.

`python benchmarks/startup.py --visible` runs this. Every subject is started as a venue
starts it: full screen (no `--windowed`), the default environment (no `QT_QPA_PLATFORM`,
no `QT_QUICK_BACKEND`, nothing forced), the venue's settings file, on an Xvfb screen of its
own (1920x1080, 24-bit, black root) with no GPU. The kiosk picks its renderer itself. The
subjects, alternating run by run after a warm-up run of each:

- the kiosk on the sample stand, shown before (a restart: the usual start of a venue's day);
- the kiosk with `renderer: gpu` in its settings: Qt Quick's default, OpenGL, here drawn by
  Mesa's llvmpipe on the CPU (what every start did before the renderer was chosen);
- the kiosk's first start after new content: a copy of the sample stand whose stand.yaml
  gets one more comment line before each run (so it is checked again), shown before;
- Chromium `--kiosk --disable-gpu` on benchmarks/static_page.html (the same attract screen
  as a static page), when /usr/bin/chromium exists.

With `--baseline COMMIT` the subjects are instead this kiosk and the kiosk at COMMIT (its tree
from `git archive`, compiled), each restarted on the sample stand as above, alternating with
Chromium: old against new in one run. Both start as `python -m kiosk` from their own tree.

While a subject starts, this script reads 28 full-width rows of the screen (y = 440, 460,
... 980: through the title, the headline and the prompt) back from the X server every few
milliseconds (`XGetImage`, benchmarks/xpixels.py) and notes the bright pixels (red, green
and blue all >= 200: the light text on the dark screen). After `--settle` seconds (3) it
(or, on a loaded machine, 0.5 s after the text first appeared, when that is later)
reads the memory of the process tree (the sum of PSS and of RSS over the subject and its
descendants, /proc/PID/smaps_rollup) and stops the subject. The first content is the first
read whose count of bright pixels is between half and twice that of the screen settled at
the end: the text is there (a white flash, or a window cleared to its background colour, is
not content). The time is the middle of that read, from just before the process was
started; a read takes 1-10 ms, so the resolution is about that of the polling (~5 ms).
The kiosk's own figure, its first `frameSwapped`, is the moment its log line
`first frame shown` reaches this script (stderr; logging flushes every line).

On a restart the first content is the kept start picture (`kiosk.venue.startpicture`): the
first frame of the start before, the same pixels, on the screen before the kiosk loads Qt;
the kiosk answers touches from its own first frame on, which the report gives beside it.
The first start in a fresh home has no picture to show and keeps one; the second shows it.
Each kiosk subject has a home of its own (a venue runs one configuration: with two in one
home each start would find the other's picture and show none); use `--warmup 2` for the
runs counted to be restarts that show it.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xpixels import ScreenRows

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))
from xharness import XServer, home_env, stop_gently  # noqa: E402

SIZE = (1920, 1080)
ROWS = range(440, 1000, 20)
POLL_S = 0.003
SETTLED_POLL_S = 0.1
DARK_TIMEOUT_S = 15.0
MIN_BRIGHT = 200  # a settled screen with fewer bright pixels shows no text: a failed run
MAX_WAIT_S = 30.0  # a loaded machine: the memory is read later, once the text is shown

# targets (issue 15), all ratios of medians in one run
TARGET_VISIBLE_RATIO = 0.5
TARGET_CHANGED_RATIO = 0.8
TARGET_PSS_RATIO = 0.2
TARGET_RSS_MB = 130.0

SECTION = "startup-visible"
QT_VARIABLES = ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "QSG_INFO",
                "QSG_RENDER_LOOP", "QT_LOGGING_RULES", "QT_SCALE_FACTOR",
                "QT_XCB_GL_INTEGRATION", "LIBGL_ALWAYS_SOFTWARE", "NOTIFY_SOCKET",
                "WATCHDOG_USEC")


@dataclass
class VisibleRun:
    visible_s: float | None
    internal_s: float | None
    tree_pss_kb: int
    tree_rss_kb: int
    process_rss_kb: int
    bright: int  # bright pixels read on the settled screen
    polls: int


@dataclass
class VisibleSubject:
    name: str
    role: str  # kiosk, kiosk-gpu, kiosk-changed, chromium
    command: list[str]
    env: dict[str, str]
    marker: bytes | None = None  # the log line that gives the internal first frame
    prepare: Callable[[], None] | None = None
    cwd: Path | None = None  # `python -m kiosk` imports the kiosk of its current folder
    runs: list[VisibleRun] = field(default_factory=list)


def screen() -> XServer:
    """An Xvfb screen of its own with a black root window (`-br`: no grey weave)."""
    return XServer(SIZE, black=True)


def venue_environment(display: str, home: Path) -> dict[str, str]:
    """The environment of a venue's session: nothing for Qt set, a home of its own."""
    env = {k: v for k, v in os.environ.items() if k not in QT_VARIABLES}
    env.update({"DISPLAY": display, **home_env(home)})
    env.pop("WAYLAND_DISPLAY", None)
    return env


def _memory(pid: int) -> tuple[int, int, int]:
    """Summed RSS and PSS of the tree under `pid`, and the RSS of `pid` itself (kB)."""
    from startup import _memory_kb, _tree

    rss = pss = 0
    own = 0
    for member in _tree(pid):
        member_rss, member_pss = _memory_kb(member)
        rss += member_rss
        pss += member_pss
        if member == pid:
            own = member_rss
    return rss, pss, own


def wait_dark(reader: ScreenRows) -> None:
    """Until the rows read show no bright pixel (the previous subject's window is gone)."""
    deadline = time.monotonic() + DARK_TIMEOUT_S
    while reader.bright():
        if time.monotonic() > deadline:
            raise SystemExit("the screen did not go dark between runs")
        time.sleep(0.05)


def measure_visible(subject: VisibleSubject, reader: ScreenRows, settle: float) -> VisibleRun:
    wait_dark(reader)
    if subject.prepare is not None:
        subject.prepare()
    polls: list[tuple[float, int]] = []
    internal: list[float] = []
    tail: list[bytes] = []
    started = time.perf_counter()
    process = subprocess.Popen(subject.command, env=subject.env, cwd=subject.cwd,
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if subject.marker is not None and not internal and subject.marker in line:
                internal.append(time.perf_counter() - started)
            tail.append(line)
            del tail[:-30]

    logger = threading.Thread(target=read_log, daemon=True)
    logger.start()
    seen: float | None = None  # when text was first read (settle waits for it, and 0.5 s)
    while process.poll() is None:
        before = time.perf_counter()
        mask = reader.bright()
        now = (before + time.perf_counter()) / 2 - started
        polls.append((now, mask))
        if seen is None and mask.bit_count() >= MIN_BRIGHT:
            seen = now
        if now >= settle and ((seen is not None and now >= seen + 0.5) or now >= MAX_WAIT_S):
            break
        # once text has been on the screen for a while, a poll every 0.1 s is enough: the
        # reading costs the X server and this process CPU that the subject (a first start
        # still checking its stand on both cores) would otherwise have
        time.sleep(POLL_S if seen is None or now < seen + 0.5 else SETTLED_POLL_S)
    tree_rss, tree_pss, own_rss = _memory(process.pid)
    stop_gently(process)
    logger.join(5)
    final = polls[-1][1] if polls else 0
    count = final.bit_count()
    if count < MIN_BRIGHT or (process.returncode not in (0, -signal.SIGTERM)
                              and not subject.role.startswith("chromium")):
        text = b"".join(tail).decode("utf-8", "replace")
        raise SystemExit(f"{subject.name}: no content on the screen after {settle:g} s "
                         f"({count} bright pixels; exit code {process.returncode}):\n{text}")
    visible = next((t for t, mask in polls if count / 2 <= mask.bit_count() <= count * 2),
                   None)
    return VisibleRun(visible, internal[0] if internal else None, tree_pss, tree_rss, own_rss,
                      count, len(polls))


# --- the subjects --------------------------------------------------------------------------


def kiosk_launcher() -> list[str]:
    script = Path(sys.executable).parent / "kiosk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def chromium_subject(name: str, display: str, scratch: Path, home: Path) -> VisibleSubject:
    """Chromium `--kiosk --disable-gpu` on the static attract page, as a venue would run it."""
    from startup import CHROMIUM, CHROMIUM_COMMON

    return VisibleSubject(
        name, "chromium",
        [str(CHROMIUM), "--kiosk", "--window-position=0,0", *CHROMIUM_COMMON,
         f"--user-data-dir={scratch / 'chromium-profile'}", (HERE / "static_page.html").as_uri()],
        venue_environment(display, home))


def subjects_for(args: argparse.Namespace, display: str, scratch: Path) -> list[VisibleSubject]:
    from startup import CHROMIUM, VENUE_SETTINGS

    home = scratch / "home"
    env = venue_environment(display, home)
    # each kiosk a home of its own: its caches, and the start picture kept for its settings
    # (a venue runs one configuration; alternating two in one home, each start would find
    # the other's picture and show none)
    gpu_env = venue_environment(display, scratch / "home-gpu")
    changed_env = venue_environment(display, scratch / "home-changed")
    gpu_settings = scratch / "venue-settings-gpu.yaml"
    gpu_settings.write_text(VENUE_SETTINGS.read_text("utf-8") + "renderer: gpu\n", "utf-8")
    changed = scratch / "changed-stand"
    import shutil

    shutil.copytree(args.stand, changed)
    counter = [0]

    def change_content() -> None:
        counter[0] += 1
        with (changed / "stand.yaml").open("a", encoding="utf-8") as out:
            out.write(f"# changed for run {counter[0]}\n")

    marker = b"first frame shown"
    launcher = kiosk_launcher()
    if args.baseline:
        return baseline_subjects(args, display, scratch, marker)
    subjects = [
        VisibleSubject("kiosk, as a venue starts it (renderer: auto)", "kiosk",
                       [*launcher, "run", str(args.stand), "--config", str(VENUE_SETTINGS)],
                       env, marker),
        VisibleSubject("kiosk, renderer: gpu (Mesa llvmpipe here: the default before)",
                       "kiosk-gpu",
                       [*launcher, "run", str(args.stand), "--config", str(gpu_settings)],
                       gpu_env, marker),
        VisibleSubject("kiosk, first start after a content change", "kiosk-changed",
                       [*launcher, "run", str(changed), "--config", str(VENUE_SETTINGS)],
                       changed_env, marker, prepare=change_content),
    ]
    if CHROMIUM.exists() and not args.no_chromium:
        subjects.append(chromium_subject("Chromium --kiosk --disable-gpu, same page", display,
                                         scratch, home))
    return subjects


def baseline_subjects(args: argparse.Namespace, display: str, scratch: Path,
                      marker: bytes) -> list[VisibleSubject]:
    """With `--baseline`: this kiosk and the one at that commit, restarted as a venue does,
    alternating, and Chromium. Both run as `python -m kiosk` from their own tree (the
    baseline's from `git archive`, compiled), each with a home of its own (its caches)."""
    from memory import compile_tree, extract
    from startup import CHROMIUM, VENUE_SETTINGS

    old = extract(args.baseline, scratch / "baseline")
    compile_tree(old)
    command = [sys.executable, "-m", "kiosk", "run", str(args.stand.resolve()),
               "--config", str(VENUE_SETTINGS)]
    subjects = [
        VisibleSubject("kiosk, this code (renderer: auto)", "kiosk", command,
                       venue_environment(display, scratch / "home-new"), marker, cwd=ROOT),
        VisibleSubject(f"kiosk at {args.baseline} (baseline)", "baseline", command,
                       {**venue_environment(display, scratch / "home-old"),
                        "PYTHONPATH": str(old)}, marker, cwd=old),
    ]
    if CHROMIUM.exists() and not args.no_chromium:
        subjects.append(chromium_subject("Chromium --kiosk --disable-gpu, same page", display,
                                         scratch, scratch / "home-new"))
    return subjects


# --- the report ----------------------------------------------------------------------------


def _ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.0f}"


def _mb(kb: float) -> str:
    return f"{kb / 1024:.1f}"


def report(subjects: list[VisibleSubject], args: argparse.Namespace, command: str,
           load_before: float, load_after: float) -> str:
    from startup import machine_lines

    by_role = {subject.role: subject for subject in subjects}
    out = [f"### What a visitor sees: first content on the screen (Xvfb, no GPU), "
           f"{args.repeat} alternating runs each", ""]
    lines = [line for line in machine_lines("xcb") if "Qt platform" not in line]
    out += lines
    out.append("- Screen: Xvfb 1920x1080x24, no GPU (no /dev/dri); subjects started full "
               "screen, in the default environment (no Qt variables), the venue's settings "
               "file (benchmarks/venue-settings.yaml)")
    out.append(f"- Stand: `{_relative(args.stand)}`; {args.warmup} warm-up run(s) of each "
               f"subject first, not counted; memory read {args.settle:g} s after the start")
    out.append(f"- Rerun: `{command}`")
    cpus = len(os.sched_getaffinity(0))
    out.append(f"- Load average (1 min) at start / end: {load_before:.2f} / {load_after:.2f} "
               f"on {cpus} CPUs")
    if load_before > 0.5 * cpus:
        out.append("- **The machine was busy with other work during this run**: times are "
                   "longer and vary more than on a quiet machine; the ratios come from "
                   "alternating runs, so the load hits every subject alike, but treat them "
                   "as approximate.")
    out.append("")
    out.append("| Subject | First content visible, median (ms) | min (ms) | Internal first "
               "frame (`frameSwapped`), median (ms) | Visible minus internal, median (ms) | "
               "PSS of the process tree at 3 s, median (MB) | RSS of the tree (MB) | RSS of "
               "the main process (MB) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for subject in subjects:
        runs = subject.runs
        visible = [r.visible_s for r in runs if r.visible_s is not None]
        internal = [r.internal_s for r in runs if r.internal_s is not None]
        gaps = [r.visible_s - r.internal_s for r in runs
                if r.visible_s is not None and r.internal_s is not None]
        out.append(
            f"| {subject.name} | {_ms(_median(visible))} | "
            f"{_ms(min(visible) if visible else None)} | {_ms(_median(internal))} | "
            f"{_ms(_median(gaps))} | {_mb(_median([r.tree_pss_kb for r in runs]) or 0)} | "
            f"{_mb(_median([r.tree_rss_kb for r in runs]) or 0)} | "
            f"{_mb(_median([r.process_rss_kb for r in runs]) or 0)} |")
    out.append("")
    kiosk, chromium = by_role.get("kiosk"), by_role.get("chromium")
    if (baseline := by_role.get("baseline")) is not None and kiosk is not None:
        ours = _median([r.visible_s for r in kiosk.runs if r.visible_s is not None])
        before = _median([r.visible_s for r in baseline.runs if r.visible_s is not None])
        pss = (_median([r.tree_pss_kb for r in kiosk.runs]) or 0) / (
            _median([r.tree_pss_kb for r in baseline.runs]) or 1)
        if ours is not None and before is not None:
            out.append(f"This code against the baseline ({args.baseline}): first content "
                       f"visible {ours / before:.2f}x ({_ms(ours)} against {_ms(before)} ms, "
                       f"medians), tree PSS {pss:.2f}x.")
            out.append("")
    out.append("| Target (issue 15) | Measured | Met? |")
    out.append("|---|---|---|")
    if kiosk is not None:
        rss = _median([r.process_rss_kb for r in kiosk.runs]) or 0
        worst = max(r.process_rss_kb for r in kiosk.runs)
        out.append(f"| kiosk RSS at most {TARGET_RSS_MB:.0f} MB on the sample stand, left "
                   f"running {args.settle:g} s | {_mb(rss)} MB median, {_mb(worst)} MB worst run "
                   f"| {_verdict(worst / 1024 <= TARGET_RSS_MB)} |")
    if kiosk is not None and chromium is not None:
        theirs = _median([r.visible_s for r in chromium.runs if r.visible_s is not None])
        for subject, target, label in (
            (kiosk, TARGET_VISIBLE_RATIO, "first content visible"),
            (by_role.get("kiosk-changed"), TARGET_CHANGED_RATIO,
             "first start after a content change: first content visible"),
        ):
            if subject is None or theirs is None:
                continue
            ours = _median([r.visible_s for r in subject.runs if r.visible_s is not None])
            if ours is None:
                continue
            ratio = ours / theirs
            out.append(f"| {label} at most {target}x Chromium's | {ratio:.2f}x ({_ms(ours)} "
                       f"against {_ms(theirs)} ms, medians) | {_verdict(ratio <= target)} |")
        own = _median([r.internal_s for r in kiosk.runs if r.internal_s is not None])
        if own is not None and theirs is not None:
            out.append(f"| (information) the kiosk's own first frame, from which it answers a "
                       f"touch (after the kept start picture, where one was shown) | "
                       f"{own / theirs:.2f}x Chromium's first content ({_ms(own)} against "
                       f"{_ms(theirs)} ms, medians) | for information |")
        ours_pss = _median([r.tree_pss_kb for r in kiosk.runs]) or 0
        theirs_pss = _median([r.tree_pss_kb for r in chromium.runs]) or 1
        ratio = ours_pss / theirs_pss
        out.append(f"| memory of the process tree at most {TARGET_PSS_RATIO}x Chromium's (PSS "
                   f"against PSS, {args.settle:g} s after the start) | {ratio:.2f}x "
                   f"({_mb(ours_pss)} against {_mb(theirs_pss)} MB) | "
                   f"{_verdict(ratio <= TARGET_PSS_RATIO)} |")
    elif chromium is None:
        out.append("| against Chromium | not measured: /usr/bin/chromium is not installed "
                   "| n/a |")
    gpu = by_role.get("kiosk-gpu")
    if kiosk is not None and gpu is not None:
        # the kiosk's own frames: both show the same kept picture first
        ours = _median([r.internal_s for r in kiosk.runs if r.internal_s is not None])
        before = _median([r.internal_s for r in gpu.runs if r.internal_s is not None])
        pss_auto = _median([r.tree_pss_kb for r in kiosk.runs]) or 0
        pss_gpu = _median([r.tree_pss_kb for r in gpu.runs]) or 1
        if ours is not None and before is not None:
            out.append(f"| (information) renderer: auto against the OpenGL default on "
                       f"llvmpipe | {ours / before:.2f}x the time to the kiosk's own first "
                       f"frame, {pss_auto / pss_gpu:.2f}x the memory (PSS) | for information |")
    out.append("")
    out.append("All runs (ms to first content visible / ms to the internal first frame / MB "
               "tree PSS at the settle time):")
    out.append("")
    for subject in subjects:
        cells = [f"{_ms(r.visible_s)}/{_ms(r.internal_s) if r.internal_s else '-'}/"
                 f"{_mb(r.tree_pss_kb)}" for r in subject.runs]
        out.append(f"- {subject.name}: " + ", ".join(cells))
    out.append("")
    return "\n".join(out)


def _median(values: list[float] | list[int]) -> float | None:
    return statistics.median(values) if values else None


def _verdict(met: bool) -> str:
    return "yes" if met else "**no**"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(args: argparse.Namespace) -> int:
    from startup import compile_kiosk, write_section

    compile_kiosk()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kiosk-visible-") as scratch, screen() as server:
        reader = ScreenRows(server.display, ROWS, SIZE[0])
        try:
            subjects = subjects_for(args, server.display, Path(scratch))
            total = args.warmup + args.repeat
            for index in range(total):
                counted = index >= args.warmup
                for subject in subjects:
                    run = measure_visible(subject, reader, args.settle)
                    if counted:
                        subject.runs.append(run)
                    print(f"[{index + 1}/{total}{'' if counted else ' warm-up'}] "
                          f"{subject.name}: visible {_ms(run.visible_s)} ms, internal "
                          f"{_ms(run.internal_s)} ms, tree PSS {_mb(run.tree_pss_kb)} MB, "
                          f"RSS {_mb(run.process_rss_kb)} MB ({run.polls} reads, "
                          f"{run.bright} bright pixels)", file=sys.stderr)
        finally:
            reader.close()
    load_after = os.getloadavg()[0]
    command = "python benchmarks/startup.py --visible" + (
        f" --repeat {args.repeat}" if args.repeat != 7 else "") + (
        f" --warmup {args.warmup}" if args.warmup != 1 else "") + (
        f" --baseline {args.baseline}" if args.baseline else "")
    text = report(subjects, args, command, load_before, load_after)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text, "Benchmarks")
        print(f"written to {args.write}", file=sys.stderr)
    return 0
