"""What each way of telling a software-only OpenGL costs (kiosk/renderer.py chooses by these).

Each measure runs in a fresh process (so nothing is loaded twice), after a QGuiApplication
exists as in `kiosk run`, on the display in $DISPLAY (e.g. Xvfb):

- `nodes`: the DRM render nodes and their kernel drivers (`kiosk.venue.renderer.render_nodes`);
- `choose`: the whole decision as `kiosk run` makes it (`kiosk.ui.app.choose_renderer("auto")`);
- `probe`: an OpenGL context on an offscreen surface, to read GL_RENDERER
  (`kiosk.ui.app.probe_gl_renderer`), which `choose` makes only for an unknown driver.

Prints the median time of each over `--repeat` processes and the process's peak RSS after it
(against the same process before it). Run: `DISPLAY=:99 python benchmarks/renderer_probe.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
what = sys.argv[1]
from kiosk.ui.app import choose_renderer, probe_gl_renderer  # imported first: not timed
from kiosk.venue.renderer import render_nodes
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
if what == "nodes":
    answer = repr(render_nodes())
elif what == "choose":
    choice = choose_renderer("auto")
    answer = f"{choice.renderer}: {choice.reason}"
else:
    answer = repr(probe_gl_renderer())
elapsed = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ms": elapsed * 1000, "rss_before": before / 1024, "rss_after": after / 1024,
                  "answer": answer}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        raise SystemExit("set DISPLAY (e.g. run Xvfb :99 and DISPLAY=:99)")
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "QSG_RHI_BACKEND")}
    print("| Way | Time, median (ms) | Peak RSS before / after (MB) | Answer |")
    print("|---|---:|---:|---|")
    for what in ("nodes", "choose", "probe"):
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run([sys.executable, "-c", CHILD, what], env=env, check=True,
                                  capture_output=True, text=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        ms = statistics.median(r["ms"] for r in runs)
        before = statistics.median(r["rss_before"] for r in runs)
        after = statistics.median(r["rss_after"] for r in runs)
        print(f"| {what} | {ms:.1f} | {before:.0f} / {after:.0f} | {runs[-1]['answer']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
