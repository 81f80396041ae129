"""Issue 16 on a real X window (Xvfb): the media stand's video plays (its frames change on the
screen, read back from the X server), its Arabic caption appears at its time, its Arabic
spoken track plays beside it and follows the picture when the position bar is touched, the
audio description's button switches the sound, and the idle reset stops it. The kiosk runs
in a child process (this one's Qt is offscreen): the child drives it and prints what it saw
as JSON.

    python tests/test_playback_xvfb.py STAND   # the child, with DISPLAY set
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.uidriver import require_tools

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

ROOT = Path(__file__).resolve().parents[1]
MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"


def test_the_video_plays_on_a_real_window_with_its_caption_and_sound_and_the_reset_stops_it(
        tmp_path: Path) -> None:
    require_tools("Xvfb")
    from tools.xharness import XServer, home_env

    with XServer((1280, 720)) as server:
        env = {**server.env, "QT_QPA_PLATFORM": "xcb", "QT_QUICK_BACKEND": "software",
               **home_env(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, __file__, str(MEDIA_STAND)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, done.stdout[-2000:] + done.stderr[-3000:]
    seen = json.loads(lines[-1])
    assert seen["platform"] == "xcb"
    assert seen["played"], seen
    assert seen["frames_differ"], seen  # the pictures move on the X screen
    assert seen["picture_not_poster"], seen
    assert seen["caption_first"] == "يظهر النمط.", seen  # 0-2 s, in Arabic
    assert seen["caption_second"] == "تسمع نغمة.", seen  # 2-4 s
    # the Arabic spoken track beside the muted picture, where the picture is after a touch on
    # the position bar (back from the end to near the start)
    assert seen["spoken"]["beside"] == "pattern.ar.m4a" and seen["spoken"]["muted"], seen
    scrubbed = seen["spoken"]["after_scrub"]
    assert scrubbed["picture"] < 2600 and scrubbed["playing"], seen  # (it was past 2.3 s)
    assert abs(scrubbed["sound"] - scrubbed["picture"]) <= 500, seen
    # the audio description's button, touched: the description plays beside it, in step
    described = seen["description"]
    assert described["on"] and described["beside"] == "pattern.description.m4a", seen
    assert described["playing"] and abs(described["sound"] - described["picture"]) <= 500, seen
    assert seen["description_off"] == "pattern.ar.m4a", seen
    assert seen["after_reset"] == {"playing": False, "current": "", "phase": "attract",
                                   "beside": "", "description": False}, seen


def _drive(stand: Path) -> dict[str, Any]:  # pragma: no cover (runs in the child)
    from PySide6.QtCore import QElapsedTimer, QPoint, QPointF
    from PySide6.QtGui import QGuiApplication, QImage
    from PySide6.QtTest import QTest

    from kiosk.content import load_stand
    from kiosk.ui.app import Kiosk, register_fonts
    from tests.uidriver import centre, find, shown, tap

    app = QGuiApplication([sys.argv[0]])
    register_fonts()
    kiosk = Kiosk(load_stand(stand), idle_timeout=600)
    kiosk.window.resize(1280, 720)
    kiosk.window.show()
    QTest.qWaitForWindowExposed(kiosk.window, 10_000)
    controller, playback = kiosk.controller, kiosk.controller.playback
    controller.activity()
    controller.setLanguage("ar")
    QTest.qWait(1500)  # the panels built, the poster shown
    screen = find(kiosk.window, "videoScreen")

    def grab() -> QImage:
        """The video's rectangle as the X server has it (not Qt's own rendering)."""
        corner = screen.mapToScene(screen.boundingRect().topLeft())
        shot = app.primaryScreen().grabWindow(int(kiosk.window.winId()))
        return shot.toImage().copy(int(corner.x()), int(corner.y()), int(screen.width()),
                                   int(screen.height()))

    poster = grab()
    caption = find(kiosk.window, "videoCaption")
    playback.play("media/pattern.mp4", find(kiosk.window, "videoFrame"))

    def wait(predicate: Any, ms: int) -> bool:
        clock = QElapsedTimer()
        clock.start()
        while not predicate() and clock.elapsed() < ms:
            QTest.qWait(20)
        return bool(predicate())

    played = wait(lambda: playback.playing and playback.position > 200, 8000)
    wait(lambda: caption.isVisible(), 3000)
    first_caption = playback.caption if caption.isVisible() else ""
    one = grab()
    QTest.qWait(700)
    two = grab()
    wait(lambda: playback.position >= 2300, 6000)
    second_caption = playback.caption if caption.isVisible() else ""
    beside = playback._beside_player

    def sound() -> dict[str, Any]:
        """Where the picture and the sound beside it are, read at once."""
        return {"picture": playback._player.position(), "sound": beside.position(),
                "playing": bool(playback.playing and beside.isPlaying())}

    def scrub(fraction: float) -> None:
        """A touch on the position bar, `fraction` of the way along it."""
        bar = find(kiosk.window, "positionBar")
        at = bar.mapToScene(bar.boundingRect().topLeft())
        tap(kiosk.window, QPoint(int(at.x() + bar.width() * fraction),
                                 int(at.y() + bar.height() / 2)))

    spoken = {"beside": beside.source().fileName(), "muted": playback._output.isMuted()}
    scrub(0.1)  # back to 0.4 s
    wait(lambda: playback.position < 1500, 2000)
    QTest.qWait(800)  # the sound given time to get there (and to drift, if it would)
    spoken["after_scrub"] = sound()
    button = find(kiosk.window, "descriptionButton")
    if not shown(button):  # under the fold of the section at 1280x720: scrolled to it
        flick = button.parentItem()
        while flick is not None and flick.property("contentY") is None:
            flick = flick.parentItem()
        bottom = button.mapToItem(flick, QPointF(0, button.height())).y()
        flick.setProperty("contentY", flick.property("contentY") + bottom - flick.height()
                          + button.height())
        QTest.qWait(300)
    tap(kiosk.window, centre(button))  # a touch on the audio description's button
    scrub(0.1)
    wait(lambda: beside.source().fileName() == "pattern.description.m4a"
         and playback.position < 1500, 2000)
    QTest.qWait(800)
    described = {"on": playback.descriptionOn, "beside": beside.source().fileName(), **sound()}
    playback.descriptionOn = False
    wait(lambda: beside.source().fileName() == "pattern.ar.m4a", 2000)
    description_off = beside.source().fileName()
    controller.resetToAttract()
    QTest.qWait(300)
    return {
        "platform": QGuiApplication.platformName(),
        "played": played,
        "frames_differ": one != two,
        "picture_not_poster": one != poster,
        "caption_first": first_caption,
        "caption_second": second_caption,
        "spoken": spoken,
        "description": described,
        "description_off": description_off,
        "after_reset": {"playing": playback.playing, "current": playback.current,
                        "phase": controller.phase, "beside": beside.source().fileName(),
                        "description": playback.descriptionOn},
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(_drive(Path(sys.argv[1])), ensure_ascii=False), flush=True)
