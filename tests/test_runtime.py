"""Running unattended: live reload between visits, the last good stand kept, the health file,
statistics of scripted visits, opening hours, and the staff menu behind its PIN."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtCore import QPoint

from kiosk.ui.app import Kiosk, _qt_load
from kiosk.ui.runtime import Runtime
from kiosk.ui.staff import StaffController
from kiosk.venue.health import HealthReporter, read_health
from kiosk.venue.library import active_stand, import_stand
from kiosk.venue.pin import hash_pin
from kiosk.venue.settings import Settings
from kiosk.venue.stats import Recorder, daily_totals
from tests.uidriver import find, find_all, long_press, settle, shown, tap, tap_item
from tools.xharness import home_env

PIN_HASH = hash_pin("2468")


@dataclass
class Running:
    kiosk: Kiosk
    runtime: Runtime
    library: Path
    health: Path
    stats: Path


def edit_title(folder: Path, new_title: str) -> None:
    data = yaml.safe_load((folder / "stand.yaml").read_text(encoding="utf-8"))
    data["title"] = new_title
    (folder / "stand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def running(qapp: Any, sample_stand: Path, tmp_path: Path) -> Iterator[Running]:
    library = tmp_path / "library"
    import_stand(sample_stand, library, _qt_load)
    result = _qt_load(active_stand(library, "khojaly-31"))
    kiosk = Kiosk(result, idle_timeout=60)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    health = HealthReporter(tmp_path / "health.json")
    recorder = Recorder(tmp_path / "stats.sqlite3")
    runtime = Runtime(
        kiosk.controller, settings=Settings(), locate=lambda: active_stand(library, "khojaly-31"),
        load=_qt_load, health=health, recorder=recorder, parent=kiosk.engine,
    )
    yield Running(kiosk, runtime, library, tmp_path / "health.json", tmp_path / "stats.sqlite3")
    runtime.close()
    kiosk.window.close()
    kiosk.engine.deleteLater()


def new_version(running: Running, tmp_path: Path, title: str) -> None:
    source = tmp_path / "incoming"
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(active_stand(running.library, "khojaly-31"), source)
    edit_title(source, title)
    import_stand(source, running.library, _qt_load)


def test_an_imported_version_is_shown_at_the_next_idle_moment(
    running: Running, tmp_path: Path, qtbot: Any
) -> None:
    controller = running.kiosk.controller
    tap(running.kiosk.window, QPoint(960, 540))
    assert controller.phase == "browsing"
    new_version(running, tmp_path, "A new title")
    qtbot.waitUntil(lambda: running.runtime.pending is not None, timeout=15_000)
    assert controller.title.startswith("The Khojaly"), "never in the middle of a visit"
    controller.resetToAttract()
    assert controller.title == "A new title"
    # written on the disk thread, not by the UI thread: soon after
    qtbot.waitUntil(lambda: read_health(running.health).stand_folder
                    == str(active_stand(running.library, "khojaly-31")), timeout=5000)


def test_a_broken_change_keeps_the_last_good_stand(
    running: Running, qtbot: Any
) -> None:
    controller = running.kiosk.controller
    folder = active_stand(running.library, "khojaly-31")
    (folder / "stand.yaml").write_text("format: 1\nid: khojaly-31\ntitle: [broken\n")
    running.runtime.reload()
    qtbot.waitUntil(lambda: running.runtime.last_rejected is not None, timeout=15_000)
    assert controller.title.startswith("The Khojaly")
    assert running.runtime.pending is None
    running.runtime.health.write()  # type: ignore[union-attr]
    assert "not valid" in (read_health(running.health).last_error or "")


def test_a_scripted_visit_lands_in_the_statistics(running: Running) -> None:
    window = running.kiosk.window
    tap(window, QPoint(960, 540))
    tap_item(window, "nav-1")
    tap_item(window, "language-az")
    tap_item(window, "nav-3")
    running.kiosk.controller.resetToAttract()
    totals = daily_totals(running.stats, since=date.today())
    assert len(totals) == 1
    assert totals[0].visits == 1
    assert totals[0].languages == {"az": 1}


def test_outside_opening_hours_the_screen_is_black_and_a_touch_starts_nothing(
    running: Running,
) -> None:
    settings = Settings.model_validate({})
    closed_now = settings.model_copy(update={"opening_hours": {"daily": ()}})
    running.runtime.settings = closed_now
    running.runtime.check_hours()
    controller = running.kiosk.controller
    assert controller.closed is True
    tap(running.kiosk.window, QPoint(960, 540))
    assert controller.phase == "attract"
    assert shown(find(running.kiosk.window, "closedScreen"))
    running.runtime.settings = Settings()
    running.runtime.check_hours()
    assert controller.closed is False


def test_staff_menu_needs_a_long_press_and_the_pin(running: Running) -> None:
    settings = Settings(pin_hash=PIN_HASH)
    staff = StaffController(settings, runtime=running.runtime, stats_path=running.stats,
                            library=running.library)
    window = running.kiosk.window
    window.setProperty("staff", staff)
    settle()
    corner = QPoint(20, 20)
    tap(window, corner)
    # (the pad is made only when it opens: none there, or none shown)
    assert not any(shown(pad) for pad in find_all(window, "pinPad")), "a short tap does nothing"
    long_press(window, corner, 1500)
    assert not any(shown(pad) for pad in find_all(window, "pinPad")), "1.5 s is not enough"
    long_press(window, corner, 3300)
    assert shown(find(window, "pinPad"))
    for digit in "2468":
        tap_item(window, f"pin-{digit}")
    tap_item(window, "pin-OK")
    assert shown(find(window, "staffPage"))
    exits: list[bool] = []
    staff.exitRequested.connect(lambda: exits.append(True))
    tap_item(window, "staffExit")
    assert exits == [True] and staff.exit_allowed


def test_the_staff_menus_test_pattern_opens_and_leaves(running: Running) -> None:
    """The menu's pages are made only while open (~150 items otherwise held all day): the
    test pattern, a tap, and back to the menu; Back closes it all."""
    staff = StaffController(Settings(pin_hash=PIN_HASH), runtime=running.runtime,
                            stats_path=running.stats, library=running.library)
    window = running.kiosk.window
    window.setProperty("staff", staff)
    settle()
    assert find_all(window, "staffPage") == [] and find_all(window, "testPattern") == []
    long_press(window, QPoint(20, 20), 3300)
    for digit in "2468":
        tap_item(window, f"pin-{digit}")
    tap_item(window, "pin-OK")
    tap_item(window, "staffPattern")
    assert shown(find(window, "testPattern")) and find_all(window, "staffPage") == []
    tap(window, QPoint(window.width() // 2, window.height() // 2))
    settle()
    assert shown(find(window, "staffPage")) and find_all(window, "testPattern") == []
    tap_item(window, "staffBack")
    settle()
    assert find_all(window, "staffPage") == [] and find_all(window, "pinPad") == []


def test_five_wrong_pins_lock_the_pad_and_a_restart_keeps_the_lock(
    qapp: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = tmp_path / "state" / "pin-gate.json"
    now = [1_000_000.0]
    staff = StaffController(Settings(pin_hash=PIN_HASH), pin_state=state, clock=lambda: now[0])
    for _ in range(5):
        assert staff.verifyPin("0000") is False
    assert staff.locked is True
    assert staff.lockWait == "5 min"
    assert staff.verifyPin("2468") is False
    assert "wrong staff PIN entered (5 in a row): the PIN pad is locked for 5 min" in caplog.text
    now[0] += 60
    restarted = StaffController(Settings(pin_hash=PIN_HASH), pin_state=state,
                                clock=lambda: now[0])
    assert restarted.locked is True and restarted.lockSeconds == 240
    now[0] += 240
    assert restarted.verifyPin("0000") is False
    assert restarted.lockWait == "10 min", "the next wrong PIN doubles the lock"
    now[0] += 600
    assert restarted.verifyPin("2468") is True


def test_the_health_file_names_the_stand(running: Running) -> None:
    health = read_health(running.health)
    assert health.stand_id == "khojaly-31"
    assert health.updated <= datetime.now().astimezone()


def test_repeated_crashes_start_the_kiosk_in_safe_mode(tmp_path: Path) -> None:
    """Three unclean starts in ten minutes: the next start is a safe one, and says so."""
    import json
    import os
    import subprocess
    import sys
    import time

    home = tmp_path / "home"
    state = home / ".local/state/exhibit-kiosk"
    state.mkdir(parents=True)
    now = time.time()
    (state / "starts.json").write_text(json.dumps(
        [{"at": now - 60 * i, "pid": 1, "clean": False} for i in range(3)]
    ))
    env = {**os.environ, **home_env(home)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--quit-after-first-frame"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "safe mode" in done.stderr
    health = read_health(state / "health.json")
    assert health.safe_mode is True
    starts = json.loads((state / "starts.json").read_text())
    assert starts[-1]["clean"] is True, "a clean exit is recorded, so the loop can end"


@pytest.mark.parametrize("stand_setting", [None, "an-id-not-in-the-library"])
def test_kiosk_run_loads_the_library_code_only_for_a_library_stand(
    tmp_path: Path, stand_setting: str | None
) -> None:
    """The library and import code is not loaded to show a stand folder; a
    library stand that is gone shows the sample stand, saying so."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {**os.environ, **home_env(home)}
    if stand_setting is not None:
        config = home / ".config" / "exhibit-kiosk" / "settings.yaml"
        config.parent.mkdir(parents=True)
        config.write_text(f"stand: {stand_setting}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kiosk", "run", "--windowed",
         "--quit-after-first-frame"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "kiosk.ui.app" in imported  # the interface was built
    if stand_setting is None:
        assert not imported & {"kiosk.venue.library", "kiosk.venue.intake"}
    else:
        assert "kiosk.venue.library" in imported
        assert "showing the sample stand" in done.stderr
