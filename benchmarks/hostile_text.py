"""The worst text a stand can hold, timed: validation, formatting a problem, the screen.

Each case writes one stand of (nearly) the largest stand.yaml accepted (4 MB) filled with
one kind of hostile text, and measures, in a fresh process, the time `kiosk validate` needs
for it (load_stand plus printing every problem, without images) and the process's peak
memory. Two cases measure the screen: a snapshot of the largest texts validation accepts,
and the layout of a 1,000,000-letter word given to the screen past validation (what
`plain.shown` bounds). The numbers go into docs/reliability.md ("Hostile text").

Run (from the repository root, in the virtual environment):

    python benchmarks/hostile_text.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = "format: 1\nid: hostile\nlanguages: [en]\ntitle: Hostile\npanels:\n"
SECTION = "  - id: p{n}\n    kind: background\n    title: P\n    sections:\n"
BUDGET = 4 * 1024 * 1024 - 4096  # just under the 4 MB stand.yaml limit


def _one_field(value: str) -> str:
    return HEAD + SECTION.format(n=0) + f"      - heading: H\n        body: {value}\n"


def _sections(body: str) -> str:
    """As many sections with `body` as fit the budget."""
    parts = [HEAD, SECTION.format(n=0)]
    size = len(HEAD) + 60
    item = f"      - heading: H\n        body: {body}\n"
    while size + len(item.encode()) < BUDGET:
        parts.append(item)
        size += len(item.encode())
    return "".join(parts)


def _keys() -> str:
    """A panel with as many keys (and values) full of escape sequences as fit the budget."""
    head = HEAD + "  - id: p0\n    kind: background\n    title: P\n"
    tail = "    sections:\n      - heading: H\n        body: B\n"
    lines = []
    size = len(head) + len(tail)
    while size < BUDGET - 100:
        line = f'    "k{len(lines)}\\e[2J\\e]0;pwned\\a": "\\e[31mred"\n'
        lines.append(line)
        size += len(line)
    return head + "".join(lines) + tail


CASES = {
    "a 1,000,000-letter word": lambda: _one_field("x" * 1_000_000),
    "a 4,000,000-letter word": lambda: _one_field("x" * (BUDGET - 200)),
    "4 MB of the longest texts accepted (10,000 characters, 200-letter runs)":
        lambda: _sections(("x" * 200 + " ") * 49 + "x" * 150),
    "4 MB of escape sequences in keys and values (120,000 unknown keys)": _keys,
    "2,000,000 '\\0' escapes in one text": lambda: _one_field('"' + "\\0" * 2_000_000 + '"'),
    "2,000,000 combining marks on one letter": lambda: _one_field("a" + "\u0301" * 2_000_000),
    "1,300,000 zero-width spaces as a title": lambda: _one_field('"' + "\u200b" * 1_300_000 + '"'),
    "1,000,000 emoji": lambda: _one_field("\U0001f600" * 1_000_000),
    "980,000 different characters no font has": lambda: _one_field(
        "".join(chr(c) for c in range(0x20000, 0x10FFFE) if not 0xE0000 <= c <= 0xE0FFF)),
    "bidi overrides, 1,000,000 of them": lambda: _one_field("\u202e" * 1_300_000),
    "a 4,300-digit number": lambda: HEAD + "  - id: f\n    kind: figures\n    title: F\n"
        "    figures:\n      - label: L\n        value: " + "9" * 4300 + "\n",
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(name: str) -> dict[str, object]:
    """In this (fresh) process: validate the case, print its problems to /dev/null."""
    from kiosk.content import load_stand
    from kiosk.content.glyphs import bundled

    bundled()  # the fonts' characters, read once per process (about 40 ms)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "stand.yaml").write_text(CASES[name](), encoding="utf-8")
        before = _peak_mb()
        started = time.perf_counter()
        result = load_stand(folder)
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for problem in result.problems:
                print(problem.format(), file=sink)
        seconds = time.perf_counter() - started
    return {"case": name, "seconds": round(seconds, 2), "peak_mb": round(_peak_mb(), 0),
            "start_mb": round(before, 0), "errors": len(result.errors),
            "warnings": len(result.warnings),
            "first": result.problems[0].format(Path(folder))[:150] if result.problems else ""}


def _screen() -> list[dict[str, object]]:
    """The screen: a snapshot of the longest texts accepted; a slipped 1,000,000-letter word."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    from kiosk.content import load_stand
    from kiosk.content.plain import shown
    from kiosk.ui.app import application, register_fonts
    from kiosk.ui.snapshot import render_snapshots

    application()
    register_fonts()
    rows: list[dict[str, object]] = []
    text = HEAD + SECTION.format(n=0) + "".join(
        f"      - heading: {'h' * 200} {'h' * 200}\n        body: {('x' * 200 + ' ') * 49}\n"
        for _ in range(20))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "stand.yaml").write_text(text, encoding="utf-8")
        result = load_stand(folder)
        assert result.ok, [p.format() for p in result.errors]
        started = time.perf_counter()
        render_snapshots(result, Path(folder) / "shots", language="en")
        rows.append({"case": "snapshot: 20 sections of 10,000 characters in 200-letter runs",
                     "seconds": round(time.perf_counter() - started, 2),
                     "peak_mb": round(_peak_mb(), 0)})

    def layout(text: str) -> float:
        font = QFont("Noto Sans")
        font.setPixelSize(28)
        lay = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lay.setTextOption(option)
        started = time.perf_counter()
        lay.beginLayout()
        while (line := lay.createLine()).isValid():
            line.setLineWidth(1500)
        lay.endLayout()
        return time.perf_counter() - started

    word = "x" * 1_000_000
    rows.append({"case": "layout of a 1,000,000-letter word past validation, as shown",
                 "seconds": round(layout(shown(word)), 3), "peak_mb": round(_peak_mb(), 0)})
    rows.append({"case": "layout of a 32,000-letter word unbounded (for comparison)",
                 "seconds": round(layout("x" * 32_000), 3), "peak_mb": round(_peak_mb(), 0)})
    return rows


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(_measure(sys.argv[2])))
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == "--screen":
        print(json.dumps(_screen()))
        return 0
    rows = []
    for name in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", name], check=True,
                             capture_output=True, text=True).stdout
        rows.append(json.loads(out))
    out = subprocess.run([sys.executable, __file__, "--screen"], check=True,
                         capture_output=True, text=True).stdout
    rows.extend(json.loads(out))
    print("| Case | Time (s) | Peak memory (MB) | Outcome |")
    print("|---|---|---|---|")
    for row in rows:
        outcome = (f"{row['errors']} error(s), {row['warnings']} warning(s)"
                   if "errors" in row else "rendered")
        print(f"| {row['case']} | {row['seconds']} | {row['peak_mb']:.0f} | {outcome} |")
    for row in rows:
        if row.get("first"):
            print(f"  {row['case']}: {row['first']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
