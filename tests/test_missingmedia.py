"""Pictures that disappear from the disk while the kiosk runs (a deleted media folder): the
full-screen viewer and the panels show a placeholder and a message, never a black screen,
and Qt is never asked for the missing file (so no Qt warning: any would fail these tests)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem

from kiosk.paths import SAMPLE_STAND
from kiosk.ui.app import Kiosk, _qt_load
from kiosk.ui.runtime import Runtime
from kiosk.venue.settings import Settings
from tests.uidriver import centre, find, items, settle, shown, tap, tap_item

IMAGE_READY = 1


@dataclass
class Running:
    kiosk: Kiosk
    runtime: Runtime
    folder: Path


@pytest.fixture
def running(qapp: Any, sample_stand: Path, tmp_path: Path,
            caplog: pytest.LogCaptureFixture) -> Iterator[Running]:
    caplog.set_level(logging.INFO)
    folder = tmp_path / "stand"
    shutil.copytree(sample_stand, folder)
    result = _qt_load(folder)
    assert result.ok
    kiosk = Kiosk(result, idle_timeout=60)  # animations on: images load asynchronously
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=lambda: folder,
                      load=_qt_load, parent=kiosk.engine)
    yield Running(kiosk, runtime, folder)
    runtime.close()
    kiosk.window.close()
    kiosk.engine.deleteLater()
    settle()


def status(image: QQuickItem) -> int:
    """Image.status (PySide6 cannot convert the QML enum through QObject.property)."""
    value, undefined = QQmlExpression(QQmlEngine.contextForObject(image), image,
                                      "status").evaluate()
    assert not undefined
    return int(value)


def pictures(window: Any) -> list[QQuickItem]:
    return [item for item in items(window)
            if item.metaObject().className().startswith("QQuickImage")
            and item.property("source").toLocalFile().endswith("media/rings.png")]


def distinct_colours(window: Any, item: QQuickItem) -> int:
    grab = window.grabWindow()
    return len({grab.pixel(x, y) for x in range(0, grab.width(), 12)
                for y in range(0, grab.height(), 12)})


def browse_to_picture(running: Running, qtbot: Any) -> QQuickItem:
    window = running.kiosk.window
    qtbot.waitExposed(window)
    tap(window, QPoint(960, 540))
    assert running.kiosk.controller.phase == "browsing"
    qtbot.waitUntil(lambda: bool(pictures(window)), timeout=5000)
    picture = pictures(window)[0]
    qtbot.waitUntil(lambda: shown(picture), timeout=5000)
    qtbot.waitUntil(lambda: status(picture) == IMAGE_READY, timeout=15_000)
    return picture


def test_a_deleted_media_folder_shows_a_placeholder_in_the_viewer(
    running: Running, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    window = running.kiosk.window
    picture = browse_to_picture(running, qtbot)
    tap(window, centre(picture))
    viewer, viewer_image = find(window, "imageViewer"), find(window, "viewerImage")
    qtbot.waitUntil(lambda: status(viewer_image) == IMAGE_READY, timeout=15_000)
    placeholder = find(window, "viewerPlaceholder")
    assert not shown(placeholder)
    tap_item(window, "closeImage")
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=5000)

    shutil.rmtree(running.folder / "media")  # staff deleted the folder meanwhile
    assert running.kiosk.controller.currentIndex == 0, "the tap on Close stayed in the viewer"
    tap(window, centre(picture))  # still shown on the panel (decoded): open it again
    qtbot.waitUntil(lambda: shown(placeholder), timeout=5000)
    assert viewer_image.property("source").toString() == "", "Qt is not asked for it"
    settle(300)
    assert distinct_colours(window, viewer) > 3, "a message and an icon, not a black screen"
    assert "gone from the stand folder" in caplog.text
    tap_item(window, "closeImage")


def test_a_folder_deleted_while_the_viewer_is_open_turns_into_the_placeholder(
    running: Running, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    window = running.kiosk.window
    picture = browse_to_picture(running, qtbot)
    tap(window, centre(picture))
    viewer_image = find(window, "viewerImage")
    qtbot.waitUntil(lambda: status(viewer_image) == IMAGE_READY, timeout=15_000)
    shutil.rmtree(running.folder / "media")
    watcher = running.runtime.watcher
    assert watcher is not None
    watcher.check()  # what the file-system event or the 10 s poll starts
    controller = running.kiosk.controller
    every = len(controller.media_files())
    assert every >= 2
    qtbot.waitUntil(lambda: len(controller.missingMedia) == every, timeout=15_000)
    placeholder = find(window, "viewerPlaceholder")
    qtbot.waitUntil(lambda: shown(placeholder), timeout=5000)
    tap_item(window, "closeImage")

    # the panel's own picture: a placeholder, also after its view is made again
    assert picture.property("source").toString() == ""
    for index in (1, 2, 3, 0):
        tap_item(window, f"nav-{index}")
    settle(200)
    controller.resetToAttract()  # the attract picture is gone too: the plain background
    settle(200)
    assert "not valid; the screen keeps showing" in caplog.text

    # the folder comes back (staff put it back): the pictures are shown again
    shutil.copytree(SAMPLE_STAND / "media", running.folder / "media")
    watcher.check()
    qtbot.waitUntil(lambda: controller.missingMedia == [], timeout=15_000)
    assert "is back in the stand folder" in caplog.text


def test_a_picture_swapped_for_a_link_out_of_the_stand_is_not_shown(
    running: Running, qtbot: Any, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    # validation refuses a link that leads out of the stand; one made while the kiosk runs
    # must not show the outside file either (it counts as gone: a placeholder)
    window = running.kiosk.window
    picture = browse_to_picture(running, qtbot)
    outside = tmp_path / "outside.png"
    shutil.copy(running.folder / "media" / "rings.png", outside)
    (running.folder / "media" / "rings.png").unlink()
    (running.folder / "media" / "rings.png").symlink_to(outside)
    controller = running.kiosk.controller
    assert controller.mediaMissing(picture.property("source").toString()), "a tap looks too"
    watcher = running.runtime.watcher
    assert watcher is not None
    watcher.check()
    url = (running.folder.resolve() / "media" / "rings.png").as_uri()
    qtbot.waitUntil(lambda: url in controller.missingMedia, timeout=15_000)
    assert len(controller.missingMedia) == 1  # the others stay
    for index in (1, 0):
        tap_item(window, f"nav-{index}")
    settle(200)
    assert not pictures(window), "no Image asks Qt for the link"
    assert "gone from the stand folder" in caplog.text


def test_a_stand_folder_that_is_a_link_switched_to_a_new_release_keeps_its_pictures(
    qapp: Any, sample_stand: Path, tmp_path: Path, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # a deployment tool switches `stand -> release-1` to `release-2`: not a link out
    caplog.set_level(logging.INFO)
    shutil.copytree(sample_stand, tmp_path / "release-1")
    shutil.copytree(sample_stand, tmp_path / "release-2")
    folder = tmp_path / "stand"
    folder.symlink_to(tmp_path / "release-1")
    result = _qt_load(folder)
    kiosk = Kiosk(result, idle_timeout=60)
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=lambda: folder,
                      load=_qt_load, parent=kiosk.engine)
    try:
        watcher = runtime.watcher
        assert watcher is not None
        switched = tmp_path / "next"
        switched.symlink_to(tmp_path / "release-2")
        switched.replace(folder)
        watcher.check()
        qtbot.waitUntil(lambda: watcher.is_settled, timeout=15_000)
        assert kiosk.controller.missingMedia == []
        assert "gone from the stand folder" not in caplog.text
        shown = tmp_path / "release-2" / "media" / "rings.png"  # a link out is still seen
        shutil.copy(shown, tmp_path / "outside.png")
        shown.unlink()
        shown.symlink_to(tmp_path / "outside.png")
        watcher.check()
        qtbot.waitUntil(lambda: len(kiosk.controller.missingMedia) == 1, timeout=15_000)
    finally:
        runtime.close()
        kiosk.window.close()
        kiosk.engine.deleteLater()
        settle()


def test_a_logo_and_a_poster_gone_from_the_disk_are_never_asked_of_qt(
    qapp: Any, tmp_path: Path, qtbot: Any,
) -> None:
    """The logo (top bar, attract screen) and a video's poster are watched as the pictures
    are: once gone, their Image is given no source (no Qt warning, which would fail this)."""
    fixtures = Path(__file__).parent / "fixtures"
    shown_logo, shown_poster = [], []
    for name, logo_or_poster in (("city-stand", "logo"), ("media-stand", "poster")):
        folder = tmp_path / name
        shutil.copytree(fixtures / name, folder)
        result = _qt_load(folder)
        assert result.ok, [p.format() for p in result.errors]
        kiosk = Kiosk(result, idle_timeout=60)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        runtime = Runtime(kiosk.controller, settings=Settings(), locate=lambda f=folder: f,
                          load=_qt_load, parent=kiosk.engine)
        try:
            controller = kiosk.controller
            if logo_or_poster == "logo":
                url = controller.look["logo"]
                logo = find(kiosk.window, "attractLogo")
                assert url and logo.property("source").toString() == url
                qtbot.waitUntil(lambda item=logo: status(item) == IMAGE_READY, timeout=15_000)
                gone = folder / "media" / "logo.png"
            else:
                stand = result.stand
                assert stand is not None
                video = stand.panels[0].sections[0].video
                assert video is not None and video.poster
                gone = folder / video.poster
                url = next(u for u, p in controller.media_files().items() if p == gone.resolve())
                controller.activity()  # the panel with the video and its poster
                settle(100)
                poster = find(kiosk.window, "videoPoster")
                assert poster.property("source").toString() == url
                qtbot.waitUntil(lambda item=poster: status(item) == IMAGE_READY, timeout=15_000)
            gone.unlink()
            watcher = runtime.watcher
            assert watcher is not None
            watcher.check()
            qtbot.waitUntil(lambda u=url, c=controller: u in c.missingMedia, timeout=15_000)
            settle(100)
            if logo_or_poster == "logo":
                controller.activity()  # the top bar's logo, on a visit
                settle(100)
                for item in ("attractLogo", "barLogo"):
                    shown_logo.append(find(kiosk.window, item).property("source").toString())
            else:
                shown_poster.append(find(kiosk.window, "videoPoster").property("source").toString())
        finally:
            runtime.close()
            kiosk.window.close()
            kiosk.engine.deleteLater()
            settle()
    assert shown_logo == ["", ""] and shown_poster == [""]
