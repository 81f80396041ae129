"""Validation time against stand size: is `kiosk.content.load_stand` linear?

Generates stands of 100, 1,000 and 10,000 items into a temporary folder (half of them
recognition entries in groups of 50, half of them figures, every fourth figure with two
parts; every text in three languages, every item citing a source, entries with ISO region
codes) and times `load_stand` on each (without the image decoder: these stands have no
images). Each size is loaded several times; the table gives the median and the minimum,
the time per item, and that time against the smallest stand's (1.0 = perfectly linear).

As an experiment (not the shipped code), each stand is also loaded with Python's cyclic
garbage collector paused during the load, and PyYAML's C parser (`yaml.CSafeLoader`) forced
in place of the pure-Python one where the code would use that (kiosk/content/yamlsafe.py
already prefers the C parser for documents that parse). The collector, run again and again
over the hundreds of thousands of objects a large document creates, is what makes the time
per item grow with the stand (see docs/benchmarks.md). `--no-experiment` skips it.

Run (from the repository root, in the virtual environment):

    python benchmarks/validate_scale.py
    python benchmarks/validate_scale.py --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from kiosk.content import load_stand
from kiosk.content.yamlsafe import load_located

SIZES = (100, 1_000, 10_000)
TARGET_10K_S = 5.0
LINEAR_TOLERANCE = 1.5  # per-item time at 10,000 at most this times the 1,000-item stand's
SECTION = "validate-scale"
Row = tuple[int, int, int, float, float, float, "float | None"]

REGIONS = ["MX", "PK", "CO", "PE", "HN", "GT", "PA", "SD", "DJ", "JO", "BA", "CZ", "RO",
           "SI", "GB-SCT", "US-TX", "TR", "HU", "LT", "SK"]


def stand_yaml(items: int) -> str:
    entries, figures = items // 2, items - items // 2
    out = [
        "format: 1",
        f"id: scale-{items}",
        "languages: [en, az, ru]",
        f'title: {{en: "Scale test: {items} items", az: "Miqyas: {items}", ru: "Масштаб: {items}"}}',
        "attract:",
        '  headline: {en: "Generated", az: "Yaradılmış", ru: "Сгенерировано"}',
        '  prompt: {en: "Touch to begin", az: "Başlamaq üçün toxunun", '
        'ru: "Коснитесь, чтобы начать"}',
        "panels:",
        "  - id: recognitions",
        "    kind: recognitions",
        '    title: {en: "Recognitions", az: "Tanınma", ru: "Признание"}',
        '    intro: {en: "Who recognised what", az: "Kim nəyi tanıdı", ru: "Кто что признал"}',
        "    groups:",
    ]
    for index in range(entries):
        if index % 50 == 0:
            group = index // 50
            out += [
                f'      - label: {{en: "Group {group}", az: "Qrup {group}", ru: "Группа {group}"}}',
                f"        source: source-{group % 10}",
                "        entries:",
            ]
        count = f", count: {index % 7 + 1}" if index % 3 == 0 else ""
        out.append(
            f'          - {{name: {{en: "Body {index}", az: "Qurum {index}", ru: "Орган {index}"}}, '
            f"region: {REGIONS[index % len(REGIONS)]}{count}}}"
        )
    out += [
        "  - id: figures",
        "    kind: figures",
        '    title: {en: "Figures", az: "Rəqəmlər", ru: "Цифры"}',
        "    figures:",
    ]
    for index in range(figures):
        value = 1000 + index
        out += [
            f'      - label: {{en: "Figure {index}", az: "Rəqəm {index}", ru: "Число {index}"}}',
            f"        value: {value}",
            "        icon: fa5s.user",
            f"        source: source-{index % 10}",
        ]
        if index % 4 == 0:
            out += [
                "        parts:",
                f'          - {{label: {{en: "Part A", az: "Hissə A", ru: "Часть А"}}, '
                f"value: {value // 3}}}",
                f'          - {{label: {{en: "Part B", az: "Hissə B", ru: "Часть Б"}}, '
                f"value: {value // 3}}}",
            ]
        if index % 10 == 0:
            out.append(f'        note: {{en: "Note {index}", az: "Qeyd {index}", '
                       f'ru: "Примечание {index}"}}')
    out.append("sources:")
    for index in range(10):
        out += [
            f"  - id: source-{index}",
            f'    title: {{en: "Source {index}", az: "Mənbə {index}", ru: "Источник {index}"}}',
            '    date: "2023-02"',
        ]
    return "\n".join(out) + "\n"


def count_values(text: str) -> int:
    return len(load_located(text).values)


@contextlib.contextmanager
def fast_yaml() -> Iterator[None]:
    """The experiment: no cyclic GC during the load (and the C safe loader, if not already)."""
    saved = yaml.SafeLoader
    yaml.SafeLoader = yaml.CSafeLoader  # type: ignore[misc]
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        yaml.SafeLoader = saved  # type: ignore[misc]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="loads of each size (default 3)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report into FILE (its own section only)")
    parser.add_argument("--no-experiment", action="store_true",
                        help="skip the GC-paused experiment")
    args = parser.parse_args(argv)

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-scale-") as scratch:
        # warm-up: pydantic's validators, pycountry's tables and qtawesome's charmaps load once
        warm = Path(scratch) / "warm-up"
        warm.mkdir()
        (warm / "stand.yaml").write_text(stand_yaml(20), encoding="utf-8")
        _check(load_stand(warm), 20)
        for size in SIZES:
            folder = Path(scratch) / f"stand-{size}"
            folder.mkdir()
            text = stand_yaml(size)
            (folder / "stand.yaml").write_text(text, encoding="utf-8")
            times = timed(lambda folder=folder, size=size: _check(load_stand(folder), size),
                          args.repeat)
            parse = timed(lambda text=text: load_located(text), args.repeat)
            fast: list[float] = []
            if not args.no_experiment:
                with fast_yaml():
                    fast = timed(lambda folder=folder, size=size: _check(load_stand(folder), size),
                                 args.repeat)
            rows.append((size, len(text.encode()), count_values(text), statistics.median(times),
                         min(times), statistics.median(parse),
                         statistics.median(fast) if fast else None))
            print(f"{size} items: median {statistics.median(times):.3f} s", file=sys.stderr)

    text = report(rows, args.repeat)
    print(text)
    if args.write:
        from startup import write_section

        write_section(args.write, SECTION, text, "Benchmarks")
        print(f"written to {args.write}", file=sys.stderr)
    return 0


def _check(result: object, size: int) -> None:
    problems = getattr(result, "problems", ())
    if problems or not getattr(result, "ok", False):
        listing = "\n".join(p.format() for p in list(problems)[:10])
        raise SystemExit(f"the generated {size}-item stand is not clean:\n{listing}")


def report(rows: list[Row], repeat: int) -> str:
    from pydantic import __version__ as pydantic_version

    base = rows[0][3] / rows[0][0]
    out = [
        f"### Validation time against stand size ({repeat} loads of each, no image decoding)",
        "",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {os.cpu_count()} CPUs (`nproc`: {len(os.sched_getaffinity(0))}), "
        f"Linux {platform.release()}; Python {platform.python_version()}, pydantic "
        f"{pydantic_version}, PyYAML {yaml.__version__}",
        "- Stands: half recognition entries (groups of 50, ISO region codes), half figures "
        "(every fourth with two parts); every text in en, az, ru; every item cites a source",
        "- Rerun: `python benchmarks/validate_scale.py`",
        f"- Load average (1 min) at the end: {os.getloadavg()[0]:.2f} on "
        f"{len(os.sched_getaffinity(0))} CPUs (including this benchmark)",
        "",
        "| Items | stand.yaml | YAML values | `load_stand`, median (s) | min (s) "
        "| per item (µs) | per item against 100 items | YAML parsing alone, median (s) "
        "| experiment: GC paused, median (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, nbytes, values, median, minimum, parse, fast in rows:
        per = median / size
        out.append(
            f"| {size:,} | {nbytes / 1024:,.0f} KB | {values:,} | {median:.3f} | {minimum:.3f} "
            f"| {per * 1e6:,.0f} | {per / base:.2f}x | {parse:.3f} | "
            f"{'-' if fast is None else f'{fast:.3f}'} |"
        )
    largest = rows[-1]
    per_item = {size: median / size for size, _, _, median, _, _, _ in rows}
    growth = per_item[SIZES[-1]] / per_item[SIZES[-2]]
    out += [
        "",
        "| Target | Measured | Met? |",
        "|---|---|---|",
        f"| {SIZES[-1]:,} items validated in under {TARGET_10K_S:.0f} s | {largest[3]:.2f} s "
        f"(median) | {'yes' if largest[3] < TARGET_10K_S else '**no**'} |",
        f"| linear: time per item at {SIZES[-1]:,} within {LINEAR_TOLERANCE}x of that at "
        f"{SIZES[-2]:,} | {growth:.2f}x | {'yes' if growth <= LINEAR_TOLERANCE else '**no**'} |",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
