"""Text set in even lines (EvenText.qml) against plain wrapping (KText), timed by length.

EvenText searches for the narrowest width that keeps a text's line count, measuring its
words; it sets titles, notices and, since 2026-12-04, panel introductions, which a stand
may make long. Each case sets a text of N words in a fresh item of each kind and times the
assignment until the item's width is known (bindings evaluated, text laid out), alternating
the two kinds; medians of --repeat runs, in one process (offscreen, software renderer).

    python benchmarks/eventext.py              # 10, 70, 300 and 3,000 words
    python benchmarks/eventext.py --repeat 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS = {
    "plain": "KText { id: e; property string content; text: content; width: 1100 }",
    "even": "EvenText { id: e; room: 1100; content: '' }",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--words", type=int, nargs="*", default=[10, 70, 300, 3000])
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_QUICK_BACKEND"] = "software"
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    app = QGuiApplication([])
    import kiosk.ui.app  # noqa: F401  (registers the kiosk's Python types)

    engine = QQmlEngine()
    engine.addImportPath(str(ROOT / "kiosk" / "qml"))
    components = {}
    for name, item in ITEMS.items():
        component = QQmlComponent(engine)
        component.setData(f"import QtQuick\nimport Kiosk\nItem {{ {item} }}".encode(),
                          QUrl.fromLocalFile(str(ROOT / f"{name}.qml")))
        components[name] = component
    print(f"{'words':>6} {'plain ms':>9} {'even ms':>9} {'ratio':>6}")
    for count in args.words:
        times: dict[str, list[float]] = {name: [] for name in ITEMS}
        for run in range(args.repeat + 1):  # the first a warm-up (functions compiled, glyphs)
            text = " ".join(f"w{(run * 7 + i) % 97}ord" for i in range(count))
            for name, component in components.items():
                holder = component.create()
                (item,) = holder.childItems()
                start = time.perf_counter()
                item.setProperty("content", text)
                item.width()
                item.property("lineCount")
                if run:
                    times[name].append((time.perf_counter() - start) * 1000)
                holder.deleteLater()
            app.processEvents()
        plain, even = (statistics.median(times[name]) for name in ITEMS)
        print(f"{count:>6} {plain:>9.2f} {even:>9.2f} {even / plain:>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
