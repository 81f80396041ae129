"""A first start on a stand never shown before: its attract screen (text checked, picture
proven) replaces the neutral screen while the rest of it is checked; a tap starts nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.startup import PREVIEW_FLAG
from kiosk.ui.imaging import qt_decode
from kiosk.visit.attractpreview import MARK, attract_preview, parse
from tests.stands import copy_sample, edit

TITLE = "The Khojaly genocide: 31 years"


def test_the_preview_is_the_attract_screen_with_only_its_picture_proven(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    decoded: list[Path] = []

    def decoder(path: Path, max_pixels: int) -> str | None:
        decoded.append(path)
        return qt_decode(path, max_pixels)

    preview = attract_preview(stand, decoder)
    assert preview is not None
    assert preview["title"] == TITLE and preview["headline"] and not preview["rtl"]
    assert preview["prompts"][0] == "Touch to begin" and len(preview["prompts"]) == 3
    assert preview["attractImage"] == (stand / "media" / "attract.png").resolve().as_uri()
    assert [path.name for path in decoded] == ["attract.png"]  # the rest waits for the check
    # a picture that does not decode is left out (the full check will say why)
    refused = attract_preview(stand, lambda path, max_pixels: "the file is damaged")
    assert refused is not None and refused["attractImage"] == "" and refused["title"] == TITLE
    # a stand whose text or structure fails gets no preview at all
    path = stand / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    assert attract_preview(stand, decoder) is None


def _check_apart(stand: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "kiosk", "--check-to-show", str(stand),
                           PREVIEW_FLAG], capture_output=True, text=True, env=env, timeout=120)


def test_the_check_apart_reports_the_preview_before_its_verdict(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    done = _check_apart(stand, tmp_path)
    assert done.returncode == 0, done.stderr
    words, pictured, *rest = done.stdout.splitlines()
    first, second = parse(words), parse(pictured)
    # its words first, the picture not yet proven; then the same with the picture
    assert first is not None and first["title"] == TITLE and first["attractImage"] == ""
    assert second == {**first, "attractImage": (stand / "media" / "attract.png").resolve().as_uri()}
    assert rest == []
    # a damaged photo deep in the stand: the preview comes, then the problems, as before
    photo = next(p for p in (stand / "media").iterdir() if p.name != "attract.png"
                 and p.suffix in (".jpg", ".png"))
    photo.write_bytes(photo.read_bytes()[:200])
    done = _check_apart(stand, tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(MARK) and lines[1].startswith(MARK) and parse(lines[2]) is None
    assert any(photo.name in problem["message"] for problem in json.loads(lines[2]))


def test_the_neutral_screen_shows_the_preview_and_a_tap_starts_nothing(
    qapp: Any, qtbot: Any, sample_stand: Path, sample_result: Any
) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtQuick import QQuickItem
    from PySide6.QtTest import QTest

    from kiosk.ui.app import RunOptions, _close_later, _wait_for_check

    preview = attract_preview(sample_stand, qt_decode)
    asked: list[int] = []
    seen: list[tuple[bool, bool]] = []
    failed: list[Exception] = []

    def pending() -> Any:
        asked.append(1)
        if len(asked) < 5:
            return None
        try:  # (an exception here would leave the loop waiting: it is kept for later)
            window = next(w for w in qapp.topLevelWindows() if w.title() == "kiosk")
            loader = window.findChild(QQuickItem, "attractPreview")
            mark = window.findChild(QQuickItem, "waitingMark")
            # a tap reaches the preview's controller, which starts nothing (a missing slot
            # would be a QML error, and fail the test)
            QTest.mouseClick(window, Qt.MouseButton.LeftButton,
                             pos=QPoint(window.width() // 2, window.height() // 2))
            seen.append((loader.property("item") is not None, mark.isVisible()))
        except Exception as exc:  # said below, once the loop has ended
            failed.append(exc)
        return sample_result

    result, waiting = _wait_for_check(pending, RunOptions(windowed=True,
                                                          preview=lambda: preview))
    assert result is sample_result and not failed, failed
    assert seen == [(True, False)]  # the stand's attract screen, not the bare mark
    window = waiting[1]
    assert window.property("preview")["title"] == TITLE
    _close_later(waiting)


def test_the_preview_shows_its_words_then_fades_its_picture_in(
    qapp: Any, qtbot: Any, sample_stand: Path, sample_result: Any
) -> None:
    """The check says the attract screen's words as soon as the stand is loaded, and the
    screen again once it has proven the picture: the words stay, the picture fades in."""
    from PySide6.QtQuick import QQuickItem

    from kiosk.ui.app import CHECK_POLL_MS, RunOptions, _close_later, _wait_for_check

    words = attract_preview(sample_stand, lambda path, max_pixels: "not proven yet")
    pictured = attract_preview(sample_stand, qt_decode)
    assert words is not None and pictured is not None and words["attractImage"] == ""
    asked: list[int] = []
    seen: list[tuple[str, str, float]] = []
    polls_to_fade = 2 + 3 * 400 // CHECK_POLL_MS  # the picture told, and three fades' time

    def look() -> None:
        window = next(w for w in qapp.topLevelWindows() if w.title() == "kiosk")
        picture = window.findChild(QQuickItem, "attractPicture")
        title = window.findChild(QQuickItem, "attractPreview").property("item")
        assert title is not None
        seen.append((str(picture.property("source").toString()), str(window.property(
            "preview")["title"]), round(float(picture.property("opacity")), 2)))

    def pending() -> Any:
        asked.append(1)
        if len(asked) in (3, 4 + polls_to_fade):
            look()
        return sample_result if len(asked) > 4 + polls_to_fade else None

    def preview() -> Any:
        return words if len(asked) < 4 else pictured

    result, waiting = _wait_for_check(pending, RunOptions(windowed=True, preview=preview))
    assert result is sample_result
    assert seen == [("", TITLE, 0.0), (pictured["attractImage"], TITLE, 0.55)], seen
    _close_later(waiting)


def test_the_checks_news_wakes_the_neutral_screen_at_once(
    qapp: Any, qtbot: Any, sample_result: Any, monkeypatch: Any
) -> None:
    """The check's reader thread tells the neutral screen of its news (a queued signal), so
    the screen does not wait for its next poll: here the poll comes after 30 s (a broken
    wake-up fails the test then, instead of hanging it)."""
    import threading
    import time

    from kiosk.ui import app
    from kiosk.ui.app import RunOptions, _close_later, _wait_for_check

    monkeypatch.setattr(app, "CHECK_POLL_MS", 30_000)
    ended = threading.Event()
    listeners: list[Any] = []

    def the_check() -> None:  # as StandCheck's reader: its end, told from its own thread
        ended.set()
        listeners[-1]()

    def pending() -> Any:
        return sample_result if ended.is_set() else None

    threading.Timer(0.3, the_check).start()
    began = time.monotonic()
    result, waiting = _wait_for_check(pending, RunOptions(windowed=True,
                                                          listen=listeners.append))
    assert result is sample_result
    assert time.monotonic() - began < 20, "woken by the poll, not by the check's news"
    listeners[-1]()  # after the wait: told to no one, without an error
    _close_later(waiting)


def test_a_signal_while_the_stand_is_checked_ends_the_wait(qapp: Any, qtbot: Any) -> None:
    """SIGTERM sets `stopping` and calls app.quit(), which does not end the neutral screen's
    own loop: before, the kiosk went on to show the stand once checked, and never stopped."""
    from kiosk.ui.app import RunOptions, _close_later, _wait_for_check

    stopping = [False]
    asked: list[int] = []

    def pending() -> Any:
        asked.append(1)
        if len(asked) == 3:
            stopping[0] = True
        return None  # the check never ends here

    result, waiting = _wait_for_check(pending, RunOptions(windowed=True), stopping)
    assert result is None and len(asked) == 3
    _close_later(waiting)


def test_the_check_goes_behind_the_kiosk_once_its_preview_is_out(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """With the preview, the check is the first content to come (the screen shows only the
    neutral one): at the kiosk's priority until its words are out, then below it, where the
    decoding processes start (the attract picture's first). A check behind a version already
    shown is below it from its start."""
    from kiosk.cli import commands, startup
    from kiosk.ui.decodeapart import ApartDecoder
    from kiosk.visit import attractpreview

    stand = copy_sample(tmp_path / "stand")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    events: list[str] = []
    monkeypatch.setattr(startup, "behind_the_kiosk", lambda: events.append("behind"))
    announce = attractpreview.announce
    monkeypatch.setattr(attractpreview, "announce",
                        lambda found, write: (events.append("preview"), announce(found, write)))
    spawn = ApartDecoder._spawn
    monkeypatch.setattr(ApartDecoder, "_spawn",
                        lambda self: (events.append("decoder"), spawn(self))[1])
    assert commands.main([startup.CHECK_APART, str(stand), PREVIEW_FLAG]) == 0
    # the words, then below the kiosk the picture (its decoding process started then), then
    # a decoding process for the other images
    assert events == ["preview", "behind", "decoder", "preview", "decoder"]
    events.clear()
    (stand / "stand.yaml").write_text((stand / "stand.yaml").read_text("utf-8") + "# changed\n",
                                      "utf-8")
    assert commands.main([startup.CHECK_APART, str(stand)]) == 0
    assert events == ["behind"]
