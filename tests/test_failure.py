"""The failure screen ("This stand cannot be shown"): it checks the stand again when its
files change, shows the stand once it is fixed, and has the staff menu."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint

from kiosk.content import load_stand
from kiosk.ui.app import _qt_load, show_failure
from kiosk.ui.runtime import FailureWatch
from kiosk.ui.staff import StaffController
from kiosk.venue.pin import hash_pin
from kiosk.venue.settings import Settings
from tests.stands import MINIMAL, edit, write_stand
from tests.uidriver import find, long_press, settle, shown, tap_item

BROKEN = edit(MINIMAL, "kind: background", "kind: backgroud")


def test_the_failure_screen_brings_the_stand_up_once_it_is_fixed(tmp_path: Path) -> None:
    """End to end: `kiosk run` on a broken stand shows the failure screen; the stand's file
    is fixed; the kiosk shows the stand (its first frame) without being restarted."""
    folder = write_stand(tmp_path / "stand", BROKEN)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--quit-after-first-frame",
         str(folder)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        time.sleep(3)  # the failure screen is up (no first frame of a stand to quit after)
        assert process.poll() is None, process.communicate()
        (folder / "stand.yaml").write_text(BROKEN.replace("backgroud", "background"),
                                           encoding="utf-8")
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "failed validation" in err
    assert "valid now; showing it" in err
    assert "FIRST_FRAME" in out, err
    assert process.returncode == 0, err


def test_a_change_that_is_still_broken_shows_its_new_problems(
    qapp: Any, tmp_path: Path, qtbot: Any
) -> None:
    folder = write_stand(tmp_path / "stand", BROKEN)
    failed = load_stand(folder)
    engine, window = show_failure(failed)
    watch = FailureWatch(failed, lambda: folder, _qt_load, parent=engine)
    watch.problemsChanged.connect(lambda: window.setProperty("problems", watch.problems()))
    fixed: list[Any] = []
    watch.fixed.connect(fixed.append)
    try:
        window.show()
        (folder / "stand.yaml").write_text(edit(MINIMAL, "languages: [en]", "languages: [xx]"),
                                           encoding="utf-8")
        watch.reload()
        qtbot.waitUntil(lambda: any("'xx'" in p for p in window.property("problems")),
                        timeout=15_000)
        assert not any("backgroud" in p for p in window.property("problems"))
        assert not fixed
        (folder / "stand.yaml").write_text(MINIMAL, encoding="utf-8")
        watch.reload()
        qtbot.waitUntil(lambda: bool(fixed), timeout=15_000)
        assert fixed[0].ok and fixed[0].stand.id == "mini"
    finally:
        watch.close()
        window.close()
        engine.deleteLater()


def test_the_staff_long_press_works_on_the_failure_screen(
    qapp: Any, tmp_path: Path
) -> None:
    folder = write_stand(tmp_path / "stand", BROKEN)
    failed = load_stand(folder)
    engine, window = show_failure(failed)
    watch = FailureWatch(failed, lambda: folder, _qt_load, parent=engine)
    staff = StaffController(Settings(pin_hash=hash_pin("2468")), runtime=watch, parent=engine)
    window.setProperty("staff", staff)
    try:
        window.resize(1920, 1080)
        window.show()
        settle(50)
        long_press(window, QPoint(20, 20), 3300)
        assert shown(find(window, "pinPad"))
        for digit in "2468":
            tap_item(window, f"pin-{digit}")
        tap_item(window, "pin-OK")
        assert shown(find(window, "staffPage"))
        info = staff.info()
        assert info["report"] and "backgroud" in " ".join(info["report"])
        tap_item(window, "staffReload")  # checks the stand again: no error, no crash
        exits: list[bool] = []
        staff.exitRequested.connect(lambda: exits.append(True))
        tap_item(window, "staffExit")
        assert exits == [True]
    finally:
        watch.close()
        window.close()
        engine.deleteLater()
