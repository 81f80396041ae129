"""What the kept model schema (kiosk/content/schemacache.py) saves a process that validates.

Runs `kiosk validate STAND` (default: the sample stand) in fresh processes, alternating
two homes that differ only in the kept schema: one where it is kept (as on a kiosk or a
staff PC that has validated before), one where it is deleted before each run (as the first
validation after installing, or after an update of the kiosk or pydantic). `kiosk validate`
decodes every image in a process of its own and measures the text's fit with Qt, whatever
is kept; the schema is the part this compares. Also the check of a stand never shown
before, as `kiosk run` begins it (`kiosk --check-to-show STAND --attract-preview`): the
time to its attract screen (the first content of a first start) and to its end.

    python benchmarks/kept_schema.py [--repeat 9] [STAND]
    python benchmarks/kept_schema.py --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))

from xharness import code_version, home_env, write_section  # noqa: E402

SECTION = "kept-schema"
SAMPLE = HERE.parent / "content" / "khojaly-31"
KEPT = Path(".cache") / "exhibit-kiosk" / "stand-schema.pickle"
MEMO = Path(".cache") / "exhibit-kiosk" / "validated.pickle"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, **home_env(home)}


def timed_validate(stand: Path, home: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kiosk", "validate", str(stand)], env=_env(home),
                   check=True, capture_output=True)
    return time.perf_counter() - started


def timed_check(stand: Path, home: Path) -> tuple[float, float]:
    """Seconds to the check's attract screen line, and to its end (the memo is deleted
    first: the stand is new to the kiosk)."""
    (home / MEMO).unlink(missing_ok=True)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "kiosk", "--check-to-show", str(stand),
                              "--attract-preview"], env=_env(home), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    first = child.stdout.readline()
    preview = time.perf_counter() - started
    child.stdout.read()
    if child.wait() != 0 or not first.startswith("ATTRACT-PREVIEW"):
        raise SystemExit(f"the check of {stand} did not pass with a preview")
    return preview, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stand", type=Path, nargs="?", default=SAMPLE)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--write", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-kept-schema-") as scratch:
        kept, bare = Path(scratch, "kept"), Path(scratch, "bare")
        timed_validate(args.stand, kept)  # keeps the schema and the decode cache
        shutil.copytree(kept, bare)
        for _ in range(args.repeat):
            for name, home in (("kept", kept), ("bare", bare)):
                if name == "bare":
                    (home / KEPT).unlink(missing_ok=True)
                rows.setdefault(f"validate-{name}", []).append(timed_validate(args.stand, home))
                if name == "bare":
                    (home / KEPT).unlink(missing_ok=True)
                preview, end = timed_check(args.stand, home)
                rows.setdefault(f"preview-{name}", []).append(preview)
                rows.setdefault(f"check-{name}", []).append(end)
    med = {key: statistics.median(values) * 1000 for key, values in rows.items()}
    lines = [f"### The kept model schema, {args.repeat} alternating runs each (medians, ms)", "",
             f"- Code: {code_version()}; Python {sys.version.split()[0]}; "
             f"{len(os.sched_getaffinity(0))} CPUs; load average {os.getloadavg()[0]:.2f} at the end",
             f"- Stand: `{args.stand.name}`; rerun: `python benchmarks/kept_schema.py "
             f"--repeat {args.repeat}`", "",
             "| Process | Schema kept | Nothing kept (built by pydantic) | Kept against built |",
             "|---|---:|---:|---:|"]
    for key, label in (("validate", "`kiosk validate` (every image decoded, in a process of its own)"),
                       ("preview", "a first start's check: its attract screen line"),
                       ("check", "a first start's check: its end")):
        ours, theirs = med[f"{key}-kept"], med[f"{key}-bare"]
        lines.append(f"| {label} | {ours:.0f} | {theirs:.0f} | {ours / theirs:.2f}x |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        write_section(args.write, SECTION, report, "Benchmarks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
