"""A first start on a stand of 200 large photographs, as a visitor sees it (issue 15).

Generates (once, as `benchmarks/images.py` does, into the same cache folder) a stand whose
background panel has 200 sections, each with its own 4000x3000 JPEG, then starts on an Xvfb
screen of its own, full screen and in the default environment (`benchmarks/visible.py`
describes how the first content is read back from the X server), alternating run by run:

- the kiosk's **first start** on that stand: a fresh HOME for every run, so no version of it
  was ever validated (no memo, no decode cache), on a kiosk that has run before (the model's
  kept schema, `kiosk/content/schemacache.py`, is copied in); and the same with nothing kept,
  as the very first start after installing the kiosk: the kiosk shows its neutral screen at once,
  the stand's attract screen once the check has loaded the stand and proven its attract
  picture (`kiosk/visit/attractpreview.py`; a tap starts nothing yet), and the stand itself once its full
  check (every image decoded) has passed;
- the kiosk's **restart** on it (the HOME of the warm-up run: validated before);
- Chromium `--kiosk --disable-gpu` on benchmarks/static_page.html, when /usr/bin/chromium
  exists.

For each it gives the first content visible (the stand's attract text on the screen) and,
for the kiosk, the moment its log says the stand's own window drew its first frame: from
then on every panel opens on a tap (the panels are built behind the attract screen; opening
the 200-photo panel takes ~0.4 s, `benchmarks/images.py`). Issue 15's targets: first content
visible at most 1.0x Chromium's, every panel reachable within 5 s.

    python benchmarks/photo_start.py [--repeat 3] [--write docs/benchmarks.md]
    python benchmarks/photo_start.py --baseline COMMIT   # and the first start at COMMIT

With `--baseline`, the kiosk at that commit (its files from `git archive`, put first on
PYTHONPATH) makes its first start in the same loop, and both kiosks start as `python -m kiosk`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from images import COUNT, DEFAULT_CACHE, ensure_stand
from visible import (
    ROWS,
    SIZE,
    ScreenRows,
    VisibleSubject,
    _mb,
    _ms,
    chromium_subject,
    kiosk_launcher,
    measure_visible,
    screen,
    venue_environment,
)

SECTION = "photo-start"
TARGET_RATIO = 1.0
TARGET_REACHABLE_S = 5.0


KEPT_CODE = tuple(Path(".cache") / "exhibit-kiosk" / name
                  for name in ("stand-schema.pickle", "bindings.marshal"))
"""What a kiosk that has run before keeps of its own code: the stand model's schema
(`kiosk/content/schemacache.py`) and PySide6's compiled signature modules
(`kiosk/ui/bindings.py`)."""


def fresh_home(folder: Path, run_before: Path | None = None) -> Callable[[], None]:
    """Makes `folder` an empty home before each run: no version of the stand validated. With
    `run_before` (the home of a kiosk that has run), what it keeps of its own code is copied
    from there: a new stand on a kiosk that has started before, not the first start after an
    installation."""
    def new_home() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for kept in KEPT_CODE if run_before is not None else ():
            if (run_before / kept).is_file():
                (folder / kept).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(run_before / kept, folder / kept)

    return new_home


def subjects_for(stand: Path, display: str, scratch: Path, chromium: bool,
                 baseline: str | None = None) -> list[VisibleSubject]:
    from startup import CHROMIUM, VENUE_SETTINGS

    launcher = [sys.executable, "-m", "kiosk"] if baseline else kiosk_launcher()
    command = [*launcher, "run", str(stand), "--config", str(VENUE_SETTINGS)]
    fresh, bare = scratch / "fresh-home", scratch / "bare-home"
    marker = b"first frame shown"
    subjects = [
        VisibleSubject("kiosk, first start on the new 200-photo stand", "kiosk-first",
                       command, venue_environment(display, fresh), marker,
                       prepare=fresh_home(fresh, run_before=scratch / "home")),
        VisibleSubject("kiosk, the same as the first start after installing it (nothing kept)",
                       "kiosk-bare", command, venue_environment(display, bare), marker,
                       prepare=fresh_home(bare)),
    ]
    if baseline:  # its tree as benchmarks/memory.py makes it
        from memory import compile_tree, extract

        old = extract(baseline, scratch / "baseline")
        compile_tree(old)
        old_home = scratch / "fresh-home-baseline"
        subjects.append(VisibleSubject(
            f"kiosk at {baseline}, first start on the new 200-photo stand", "baseline-first",
            command, {**venue_environment(display, old_home), "PYTHONPATH": str(old)}, marker,
            prepare=fresh_home(old_home)))
    subjects.append(
        VisibleSubject("kiosk, restart on the 200-photo stand (validated before)", "kiosk",
                       command, venue_environment(display, scratch / "home"), marker))
    if chromium and CHROMIUM.exists():
        subjects.append(chromium_subject("Chromium --kiosk --disable-gpu, the static attract page",
                                         display, scratch, scratch / "chromium-home"))
    return subjects


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def report(subjects: list[VisibleSubject], args: argparse.Namespace, load: tuple[float, float]
           ) -> str:
    from startup import machine_lines

    out = [f"### A first start on 200 large photographs, as a visitor sees it, "
           f"{args.repeat} alternating runs each", ""]
    out += [line for line in machine_lines("xcb") if "Qt platform" not in line]
    out.append(f"- Stand: {COUNT} sections, each with its own 4000x3000 JPEG (q85), generated by "
               "`benchmarks/images.py`; Xvfb 1920x1080x24, no GPU, default environment, "
               "full screen, the venue's settings file")
    out.append(f"- Rerun: `python benchmarks/photo_start.py --repeat {args.repeat}"
               + (f" --baseline {args.baseline}`" if args.baseline else "`"))
    out.append(f"- Load average (1 min) at start / end: {load[0]:.2f} / {load[1]:.2f} on "
               f"{len(os.sched_getaffinity(0))} CPUs")
    out.append("")
    out.append("| Subject | First content visible, median (ms) | min (ms) | The stand's first "
               "frame (log), median (ms) | PSS of the tree (MB) |")
    out.append("|---|---:|---:|---:|---:|")
    for subject in subjects:
        visible = [r.visible_s for r in subject.runs if r.visible_s is not None]
        internal = [r.internal_s for r in subject.runs if r.internal_s is not None]
        out.append(f"| {subject.name} | {_ms(median(visible))} | "
                   f"{_ms(min(visible) if visible else None)} | {_ms(median(internal))} | "
                   f"{_mb(median([r.tree_pss_kb for r in subject.runs]) or 0)} |")
    out.append("")
    by_role = {subject.role: subject for subject in subjects}
    first, chromium = by_role["kiosk-first"], by_role.get("chromium")
    ours = median([r.visible_s for r in first.runs if r.visible_s is not None])
    reach = [r.internal_s for r in first.runs if r.internal_s is not None]
    late = len(first.runs) - len(reach)  # the stand not on screen before the subject stopped
    out.append("| Target (issue 15) | Measured | Met? |")
    out.append("|---|---|---|")
    if chromium is not None and ours is not None:
        theirs = median([r.visible_s for r in chromium.runs if r.visible_s is not None])
        if theirs:
            ratio = ours / theirs
            out.append(f"| first start: first content visible at most {TARGET_RATIO}x "
                       f"Chromium's | {ratio:.2f}x ({_ms(ours)} against {_ms(theirs)} ms) | "
                       f"{'yes' if ratio <= TARGET_RATIO else '**no**'} |")
    if reach or late:
        worst = max(reach) if reach else None
        missing = f"; in {late} run(s) not within {args.settle:g} s" if late else ""
        met = not late and worst is not None and worst <= TARGET_REACHABLE_S
        out.append(f"| every panel reachable within {TARGET_REACHABLE_S:g} s (the stand's own "
                   f"window on screen) | {_ms(median(reach))} ms median, {_ms(worst)} ms worst"
                   f"{missing} | {'yes' if met else '**no**'} |")
    if (old := by_role.get("baseline-first")) is not None and ours:
        theirs_old = median([r.visible_s for r in old.runs if r.visible_s is not None])
        reach_old = median([r.internal_s for r in old.runs if r.internal_s is not None])
        if theirs_old and reach_old and reach:
            out.append(f"| (information) this code's first start against {args.baseline}'s | "
                       f"first content {ours / theirs_old:.2f}x, the stand itself "
                       f"{(median(reach) or 0) / reach_old:.2f}x (medians) | below 1 is "
                       "better |")
    out.append("")
    out.append("All runs (ms to first content visible / ms to the stand's first frame):")
    out.append("")
    for subject in subjects:
        out.append(f"- {subject.name}: " + ", ".join(
            f"{_ms(r.visible_s)}/{_ms(r.internal_s) if r.internal_s else '-'}"
            for r in subject.runs))
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each subject (default 3)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"where the generated stand is kept (default {DEFAULT_CACHE})")
    parser.add_argument("--settle", type=float, default=15.0, metavar="SECONDS",
                        help="how long each subject runs at least (default 15: the first start "
                             "must show the stand itself within it to count)")
    parser.add_argument("--no-chromium", action="store_true", help="skip Chromium")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="also the first start of the kiosk at COMMIT, in the same loop")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="replace this script's section of FILE (docs/benchmarks.md)")
    args = parser.parse_args(argv)
    from startup import compile_kiosk, write_section

    stand, _ = ensure_stand(args.cache, COUNT)
    compile_kiosk()
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kiosk-photo-start-") as scratch, screen() as server:
        reader = ScreenRows(server.display, ROWS, SIZE[0])
        try:
            subjects = subjects_for(stand, server.display, Path(scratch), not args.no_chromium,
                                    args.baseline)
            for index in range(1 + args.repeat):
                for subject in subjects:
                    run = measure_visible(subject, reader, args.settle)
                    if index:
                        subject.runs.append(run)
                    print(f"[{index}/{args.repeat}{'' if index else ' warm-up'}] {subject.name}: "
                          f"visible {_ms(run.visible_s)} ms, stand's first frame "
                          f"{_ms(run.internal_s)} ms", file=sys.stderr)
        finally:
            reader.close()
    text = report(subjects, args, (before, os.getloadavg()[0]))
    print(text)
    if args.write:
        write_section(args.write, SECTION, text, "Benchmarks")
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
