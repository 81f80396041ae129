"""The kiosk on the X display in $DISPLAY, full screen, printing a JSON line each time the
keypad's focus or the visit's state changes: what tests/test_keypad_xvfb.py reads while it
presses real keys with xdotool.

    python tests/keypad_probe.py STAND
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.content import load_stand
from kiosk.ui.app import Kiosk, application, register_fonts


def main() -> int:
    app = application()
    register_fonts()
    kiosk = Kiosk(load_stand(Path(sys.argv[1])), idle_timeout=600)
    controller, narrator, window = kiosk.controller, kiosk.narrator, kiosk.window
    last = ""

    def report(*_: object) -> None:
        nonlocal last
        item = window.activeFocusItem()
        player = narrator._player
        state = json.dumps({
            "focus": item.objectName() if item is not None else "",
            "phase": controller.phase, "panel": controller.currentIndex,
            "language": controller.language, "lowReach": controller.lowReach,
            "audio": controller.audio, "speaking": narrator.speaking,
            "clip": player.source().toLocalFile() if player is not None else "",
        })
        if state != last:
            last = state
            print(state, flush=True)

    for signal in (window.activeFocusItemChanged, controller.phaseChanged,
                   controller.currentIndexChanged, controller.languageChanged,
                   controller.accessibilityChanged, controller.audioChanged, narrator.changed):
        signal.connect(report)
    window.showFullScreen()
    report()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
