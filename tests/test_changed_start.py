"""A first start after new content: the last good version is on screen at once, and the
changed one replaces it only once its check (in a process of its own) has passed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from kiosk.content import load_stand
from kiosk.content.memo import StandMemo, default_memo_file
from kiosk.ui.imaging import qt_decode
from tests.stands import copy_sample, edit, png

OLD_TITLE = "The Khojaly genocide: 31 years"
NEW_TITLE = "The Khojaly genocide: thirty-one years"


def validated(folder: Path) -> Path:
    """`folder` as `kiosk validate` leaves it: in the memo of the (test's own) cache."""
    result = load_stand(folder, decoder=qt_decode)
    assert result.ok
    assert StandMemo(default_memo_file()).remember(result)
    return folder


def retitle(folder: Path, title: str = NEW_TITLE) -> None:
    path = folder / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), f'en: "{OLD_TITLE}"', f'en: "{title}"'),
                    encoding="utf-8")


def break_it(folder: Path) -> None:
    path = folder / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")


# --- which version may be shown while the changed one is checked (no Qt) -------------------


def test_the_last_good_version_of_a_changed_stand_yaml(tmp_path: Path) -> None:
    stand = validated(copy_sample(tmp_path / "stand"))
    memo = StandMemo(default_memo_file())
    retitle(stand)
    (stand / "media" / "new.png").write_bytes(png(8, 8))  # a file added: the old one names none
    assert memo.recall(stand) is None  # changed: checked again
    previous = memo.last_good(stand)
    assert previous is not None and previous.stand is not None
    assert previous.stand.text(previous.stand.title, "en") == OLD_TITLE and previous.folder == stand


def test_no_last_good_version_when_a_file_it_shows_changed(tmp_path: Path) -> None:
    stand = validated(copy_sample(tmp_path / "stand"))
    retitle(stand)
    attract = next((stand / "media").glob("attract.*"))
    attract.write_bytes(png(16, 9))  # the old version would decode a file no check has seen
    assert StandMemo(default_memo_file()).last_good(stand) is None
    other = copy_sample(tmp_path / "never-validated")
    assert StandMemo(default_memo_file()).last_good(other) is None


def test_a_new_library_version_shows_the_last_good_one_first(tmp_path: Path) -> None:
    versions = tmp_path / "library" / "khojaly-31" / "versions"
    old = validated(copy_sample(versions / "0001"))
    new = versions / "0002"
    shutil.copytree(old, new)
    retitle(new)
    previous = StandMemo(default_memo_file()).last_good(new)
    assert previous is not None and previous.folder == old


# --- on screen ---------------------------------------------------------------------------


def start_changed(qtbot: Any, stand: Path) -> tuple[Any, Any, list[str]]:
    """What `kiosk run` does on a changed stand with a last good version: the check started
    apart, the last good version shown at once, the check followed. Returns the kiosk, the
    runtime and the title of the first frame."""
    from kiosk.cli.startup import StandCheck
    from kiosk.ui.app import Kiosk, _qt_load, follow_check
    from kiosk.ui.runtime import Runtime
    from kiosk.venue.settings import Settings

    check = StandCheck.start(stand, defer_if_shown=True)
    assert check.checking
    previous = check.last_good()
    assert previous is not None
    assert check._child is None  # nothing checked before the first frame: it would slow it
    kiosk = Kiosk(previous, idle_timeout=60)
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=None, load=_qt_load,
                      parent=kiosk.engine)
    first: list[str] = []

    def first_frame() -> None:
        if not first:
            first.append(kiosk.controller.title)
            follow_check(runtime, check.done)  # as kiosk.ui.app.run does

    kiosk.window.frameSwapped.connect(first_frame)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    qtbot.waitUntil(lambda: bool(first), timeout=10_000)
    return kiosk, runtime, first


def close(kiosk: Any) -> None:
    kiosk.window.close()
    kiosk.engine.deleteLater()


def test_a_changed_stand_shows_the_last_good_one_then_the_new_one(
    qapp: Any, qtbot: Any, tmp_path: Path
) -> None:
    stand = validated(copy_sample(tmp_path / "stand"))
    retitle(stand)
    kiosk, runtime, first = start_changed(qtbot, stand)
    try:
        assert first == [OLD_TITLE]  # the first frame: the previous good version
        qtbot.waitUntil(lambda: kiosk.controller.title == NEW_TITLE, timeout=60_000)
        assert runtime.last_rejected is None
        # and the next start takes the new version straight from the memo
        assert StandMemo(default_memo_file()).recall(stand) is not None
    finally:
        close(kiosk)


def test_a_broken_change_leaves_the_last_good_one_on_screen(
    qapp: Any, qtbot: Any, tmp_path: Path
) -> None:
    stand = validated(copy_sample(tmp_path / "stand"))
    retitle(stand)
    break_it(stand)
    kiosk, runtime, first = start_changed(qtbot, stand)
    try:
        assert first == [OLD_TITLE]
        qtbot.waitUntil(lambda: runtime.last_rejected is not None, timeout=60_000)
        assert not runtime.last_rejected.ok
        assert any("format" in p.message for p in runtime.last_rejected.errors)
        assert kiosk.controller.title == OLD_TITLE
    finally:
        close(kiosk)


def test_with_no_version_validated_before_a_neutral_screen_waits_for_the_check(
    qapp: Any, qtbot: Any, sample_result: Any
) -> None:
    from PySide6.QtGui import QColor

    from kiosk.ui.app import RunOptions, _close_later, _wait_for_check

    asked: list[int] = []
    seen: list[tuple[bool, str]] = []

    def pending() -> Any:
        asked.append(1)
        if len(asked) < 4:
            return None
        window = next(w for w in qapp.topLevelWindows() if w.title() == "kiosk")
        image = window.grabWindow()
        seen.append((window.isVisible(), QColor(image.pixel(5, 5)).name()))
        return sample_result

    result, waiting = _wait_for_check(pending, RunOptions(windowed=True))
    assert result is sample_result and len(asked) == 4
    # while the check ran: a window of the kiosk's own background colour, never a blank one
    assert seen == [(True, "#151416")]
    window = waiting[1]
    _close_later(waiting)
    assert not window.isVisible() and waiting == []


def test_a_long_report_of_the_check_never_blocks_it(
    tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    """The check's report comes through a pipe while the kiosk shows the last good version:
    a report longer than the pipe holds must not stall the check (it is read as it comes)."""
    import json
    import sys

    from kiosk.cli.startup import StandCheck

    problem = {"file": str(tmp_path / "stand.yaml"), "line": 3, "column": 1,
               "severity": "error", "message": "x" * 200, "hint": "fix it"}
    report = tmp_path / "report.json"
    report.write_text(json.dumps([problem] * 2000), encoding="utf-8")  # ~600 KB
    child = tmp_path / "python"
    child.write_text(f"#!/bin/sh\ncat {report}\nexit 1\n", encoding="utf-8")
    child.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(child))
    check = StandCheck.start(copy_sample(tmp_path / "stand"))
    assert check.checking
    qtbot.waitUntil(lambda: check.done() is not None, timeout=20_000)
    result = check.result()
    assert not result.ok and len(result.problems) == 2000


def _kiosk_run(stand: Path) -> str:
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kiosk", "run", str(stand), "--windowed",
                           "--quit-after-first-frame"], env=dict(os.environ),
                          capture_output=True, text=True, timeout=120, check=True)
    assert "FIRST_FRAME" in done.stdout
    return done.stderr


def test_kiosk_run_shows_the_last_good_version_first_and_checks_after(tmp_path: Path) -> None:
    stand = validated(copy_sample(tmp_path / "stand"))
    retitle(stand)
    log = _kiosk_run(stand)
    assert "its last good version is shown first, the check follows" in log
    shown, first = log.index("showing stand khojaly-31"), log.index("first frame shown")
    assert shown < first and "checking it (process" not in log[:first]


def test_kiosk_run_on_a_stand_never_validated_shows_a_neutral_screen_first(
    tmp_path: Path
) -> None:
    log = _kiosk_run(copy_sample(tmp_path / "stand"))
    neutral, shown = log.index("a neutral screen while it is checked"), log.index("showing stand")
    assert neutral < shown


def test_a_live_reload_checks_the_changed_files_in_a_process_of_its_own(tmp_path: Path) -> None:
    """Staff change the stand while `kiosk run` shows it: the new version is checked in a
    process of its own, as at a start, so the kiosk never loads the YAML parser's and
    pydantic's code and schema (~30 MB it would keep for good); the new title is shown."""
    import os
    import subprocess
    import sys
    import threading
    import time

    stand = validated(copy_sample(tmp_path / "stand"))
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", str(stand), "--windowed"],
                               env=dict(os.environ), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        lines.extend(process.stderr)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 90
        while not any(text in line for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, "".join(lines[-30:])
            time.sleep(0.1)

    try:
        wait_for("first frame shown")
        retitle(stand)
        wait_for("now showing")  # (the attract screen is an idle moment: at once)
        maps = Path(f"/proc/{process.pid}/maps").read_text()
    finally:
        process.terminate()
        process.wait(30)
        reader.join(5)
    log = "".join(lines)
    assert "checking it (process" in log, "the check ran in a process of its own"
    assert "_pydantic_core" not in maps and "_yaml" not in maps, \
        "the kiosk did not load the check's code"
    assert "is valid; it replaces" in log
