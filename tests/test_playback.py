"""Issue 16, playback: the media stand's video and recorded remark play on the offscreen
window through Qt Multimedia; captions follow in the visitor's language; nothing plays on
the attract screen; the idle reset stops and unloads; narration and recordings take turns;
the volume stays under the venue's ceiling; a file that fails, or a kiosk without Qt
Multimedia, shows the poster and a message."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.content import load_stand
from tests.uidriver import find, find_all, running_kiosk, settle, shown, tap_item, visible

MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"
VIDEO = "media/pattern.mp4"
REMARK = "media/remark.m4a"


@pytest.fixture
def media_kiosk(qapp: Any) -> Iterator[Any]:
    from kiosk.ui.app import register_fonts

    register_fonts()
    with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=600, animations=False) as kiosk:
        settle(50)
        yield kiosk


def _visit(kiosk: Any) -> Any:
    kiosk.controller.activity()
    settle(50)
    return kiosk.controller.playback


def test_the_video_plays_with_captions_in_the_visitors_language(media_kiosk: Any,
                                                                 qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    tap_item(media_kiosk.window, "playButton")
    qtbot.waitUntil(lambda: playback.playing and playback.current == VIDEO, timeout=5000)
    frame = find(media_kiosk.window, "videoFrame")
    qtbot.waitUntil(lambda: frame.property("hasFrame"), timeout=5000)
    assert shown(frame) and not visible(find(media_kiosk.window, "videoPoster"))
    qtbot.waitUntil(lambda: playback.caption == "The pattern appears.", timeout=5000)
    box = find(media_kiosk.window, "videoCaption")
    assert visible(box)
    normal = box.height()
    media_kiosk.controller.setProperty("largeText", True)  # the kiosk's type: larger text applies
    settle(20)
    assert box.height() > normal * 1.3
    media_kiosk.controller.setLanguage("ar")
    assert playback.caption == "يظهر النمط."
    playback.captionsOn = False
    assert playback.caption == ""
    tap_item(media_kiosk.window, "playButton")  # the same button pauses
    qtbot.waitUntil(lambda: not playback.playing, timeout=3000)
    assert playback.current == VIDEO and playback.position > 0


def test_a_recorded_remark_plays_and_the_video_stops(media_kiosk: Any, qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    playback.play(VIDEO)
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    playback.play(REMARK)  # one recording at a time
    qtbot.waitUntil(lambda: playback.current == REMARK and playback.playing, timeout=5000)
    qtbot.waitUntil(lambda: playback.caption != "", timeout=5000)


def test_nothing_plays_on_the_attract_screen_and_the_idle_reset_stops_it(media_kiosk: Any,
                                                                         qtbot: Any) -> None:
    playback = media_kiosk.controller.playback
    playback.play(VIDEO)
    assert playback.current == "" and not playback.playing
    _visit(media_kiosk)
    playback.play(VIDEO)
    playback.captionsOn = False
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    media_kiosk.controller.resetToAttract()
    settle(50)
    assert not playback.playing and playback.current == "" and playback.position == 0
    assert playback.captionsOn  # the next visitor's captions are on
    assert not find(media_kiosk.window, "videoFrame").property("hasFrame")


class FakeNarrator(QObject):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._speaking = False
        self.stopped = 0

    @Property(bool, notify=changed)
    def speaking(self) -> bool:
        return self._speaking

    @Property(float, notify=changed)
    def volume(self) -> float:
        return 0.4

    @Slot()
    def stop(self) -> None:
        self.stopped += 1

    def speak(self) -> None:
        self._speaking = True
        self.changed.emit()


def test_narration_and_a_recording_take_turns_at_the_narrators_volume(media_kiosk: Any,
                                                                       qtbot: Any) -> None:
    from kiosk.ui.playback import Playback

    narrator = FakeNarrator()
    playback = Playback(media_kiosk.controller, narrator, engine=media_kiosk.engine)
    _visit(media_kiosk)
    playback.play(REMARK)
    assert narrator.stopped == 1  # a recording starting stops narration
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    assert playback._output.volume() == pytest.approx(0.4)
    narrator.speak()  # narration starting pauses the recording
    qtbot.waitUntil(lambda: not playback.playing, timeout=3000)
    assert playback.current == REMARK
    playback.stop()


def test_the_recordings_volume_is_the_visitors_under_the_ceiling(qapp: Any, qtbot: Any) -> None:
    with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=600, animations=False,
                       narration_volume=0.5, narration_volume_max=0.6) as kiosk:
        playback = _visit(kiosk)
        playback.play(REMARK)
        qtbot.waitUntil(lambda: playback.playing, timeout=5000)
        assert playback._output.volume() == pytest.approx(0.5)
        kiosk.narrator.louder()
        kiosk.narrator.louder()
        assert playback._output.volume() == pytest.approx(0.6)
        kiosk.controller.resetToAttract()
        assert playback._output.volume() == pytest.approx(0.5)


def _garbage_after_the_header(data: bytes) -> bytes:
    return data[:64] + b"\x00garbage" * 4000


def _pictures_scrambled(data: bytes) -> bytes:
    scrambled = bytearray(data)
    for at in range(2000, len(data) - 3000):  # the coded pictures, not the index at the end
        scrambled[at] = (scrambled[at] * 7 + 13) & 0xFF
    return bytes(scrambled)


@pytest.mark.qt_log_ignore(".*")  # FFmpeg and Qt Multimedia say what is wrong with the file
@pytest.mark.parametrize("damage", [_garbage_after_the_header, _pictures_scrambled])
def test_a_file_broken_after_validation_shows_the_poster_and_a_message(
        qapp: Any, qtbot: Any, tmp_path: Path, damage: Any) -> None:
    folder = tmp_path / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    result = load_stand(folder)
    assert result.stand is not None  # valid when checked
    (folder / VIDEO).write_bytes(damage((folder / VIDEO).read_bytes()))
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        playback = _visit(kiosk)
        tap_item(kiosk.window, "bigPlay")
        qtbot.waitUntil(lambda: playback.failed == VIDEO, timeout=8000)
        settle(50)
        assert not playback.playing
        assert visible(find(kiosk.window, "videoPoster"))
        assert visible(find(kiosk.window, "videoMessage"))
        assert not visible(find(kiosk.window, "bigPlay"))
        playback.play(REMARK)  # the kiosk goes on: another recording plays
        qtbot.waitUntil(lambda: playback.playing, timeout=5000)
        kiosk.controller.resetToAttract()
        assert playback.failed == ""


def test_without_qt_multimedia_the_poster_says_it_cannot_play(
        qapp: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.ui.playback

    monkeypatch.setattr(kiosk.ui.playback, "multimedia_installed", lambda: False)
    with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=600, animations=False) as kiosk:
        playback = _visit(kiosk)
        assert not playback.available
        settle(50)
        assert visible(find(kiosk.window, "videoPoster"))
        assert visible(find(kiosk.window, "videoMessage"))
        playback.play(VIDEO)
        assert not playback.playing and playback.failed == VIDEO


def test_the_controls_are_large_named_and_pressed_by_the_keypad(media_kiosk: Any,
                                                               qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    playback = _visit(media_kiosk)
    touch = find(media_kiosk.window, "toggle-largeText").height()
    for name in ("playButton", "restartButton", "positionBar", "captionsButton",
                 "fullScreenButton"):
        item = find(media_kiosk.window, name)
        assert item.height() >= touch and item.width() >= touch, name
        assert item.property("activeFocusOnTab"), name
    media_kiosk.window.requestActivate()
    find(media_kiosk.window, "playButton").forceActiveFocus()
    QTest.keyClick(media_kiosk.window, Qt.Key.Key_Return)  # the keypad's select
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    find(media_kiosk.window, "captionsButton").forceActiveFocus()
    QTest.keyClick(media_kiosk.window, Qt.Key.Key_Return)
    assert not playback.captionsOn


def test_the_snapshot_shows_the_poster_and_controls_the_same_every_run(qapp: Any,
                                                                       tmp_path: Path) -> None:
    import subprocess
    import sys

    from PySide6.QtGui import QColor, QImage

    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "kiosk", "snapshot", str(MEDIA_STAND), "--out",
                        str(tmp_path / name)], check=True, capture_output=True, timeout=120)
    first = sorted((tmp_path / "a").iterdir())
    assert [path.name for path in first] == sorted(
        f"{screen}-{language}.png" for screen in ("attract", "film", "words")
        for language in ("en", "ar"))
    for one in first:
        assert QImage(str(one)) == QImage(str(tmp_path / "b" / one.name)), one.name
    film = QImage(str(tmp_path / "a" / "film-en.png"))
    colours = {QColor(film.pixel(x, y)).name() for x in range(0, 1920, 4) for y in range(0, 1080, 4)}
    assert {"#ffff00", "#00ffff"} & colours or any(  # the poster's colour bars
        QColor(c).saturation() > 200 and QColor(c).value() > 200 for c in colours)
    # the audio description's button, drawn where the kiosk lays it out (under the controls,
    # at the reading side's edge): its outline and its light label on the dark screen; in
    # English on the landscape screen, in Arabic (right to left) on a portrait one (on a
    # landscape one it is under the fold of the scrolling section)
    for name in ("c", "d"):
        subprocess.run([sys.executable, "-m", "kiosk", "snapshot", str(MEDIA_STAND), "--out",
                        str(tmp_path / name), "--lang", "ar", "--size", "1080x1920"],
                       check=True, capture_output=True, timeout=120)
    assert QImage(str(tmp_path / "c" / "film-ar.png")) == QImage(str(tmp_path / "d" / "film-ar.png"))
    for language, size, shot_file in (("en", (1920, 1080), tmp_path / "a" / "film-en.png"),
                                      ("ar", (1080, 1920), tmp_path / "c" / "film-ar.png")):
        with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=600, animations=False) as kiosk:
            kiosk.window.resize(*size)
            _visit(kiosk)
            kiosk.controller.setLanguage(language)
            settle(100)
            button = find(kiosk.window, "descriptionButton")
            box = button.mapRectToScene(button.boundingRect()).toRect()
            play = find(kiosk.window, "playButton")
            assert box.top() > play.mapRectToScene(play.boundingRect()).bottom()
        shot = QImage(str(shot_file))
        assert shot.rect().contains(box), (language, box)
        light = sum(QColor(shot.pixel(x, y)).value() > 170 for x in range(box.left(), box.right())
                    for y in range(box.top(), box.bottom()))
        assert light > 300, (language, light)  # the label's letters and the icon
        above = {QColor(shot.pixel(x, box.top() - 3)).name() for x in range(box.left(), box.right())}
        assert len(above) == 1, above  # nothing crowds it from above: the page's own colour


def test_the_video_opens_full_screen_and_goes_on_playing_there(media_kiosk: Any,
                                                               qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    tap_item(media_kiosk.window, "playButton")
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    tap_item(media_kiosk.window, "fullScreenButton")
    viewer = find(media_kiosk.window, "imageViewer")
    assert viewer.property("open") and viewer.property("isVideo")
    big = find(media_kiosk.window, "viewerVideo")
    assert shown(big) and big.width() > 1000
    assert not visible(find(media_kiosk.window, "viewerImage"))
    big_frame = next(item for item in find_all(media_kiosk.window, "videoFrame")
                     if _inside(item, big))
    qtbot.waitUntil(lambda: big_frame.property("hasFrame"), timeout=5000)
    assert playback.playing
    tap_item(media_kiosk.window, "closeImage")
    assert not viewer.property("open") and not playback.playing
    assert playback.current == VIDEO  # paused where it was


def _inside(item: Any, ancestor: Any) -> bool:
    while item is not None:
        if item is ancestor:
            return True
        item = item.parentItem()
    return False


def test_a_video_without_sound_says_so(qapp: Any, tmp_path: Path) -> None:
    folder = tmp_path / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    document = folder / "stand.yaml"
    document.write_text(document.read_text("utf-8").replace(
        "          duration: 4\n", "          duration: 4\n          no_sound: true\n", 1), "utf-8")
    result = load_stand(folder)
    assert result.stand is not None, [p.format() for p in result.problems]
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        _visit(kiosk)
        settle(50)
        notice = find(kiosk.window, "noSound")
        assert shown(notice)
    with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=600, animations=False) as kiosk:
        _visit(kiosk)
        settle(50)
        assert not visible(find(kiosk.window, "noSound"))


def test_a_recording_playing_keeps_the_visit(qapp: Any, qtbot: Any) -> None:
    from tests.uidriver import FakeClock

    clock = FakeClock()
    with running_kiosk(load_stand(MEDIA_STAND), idle_timeout=60, animations=False,
                       clock=clock) as kiosk:
        playback = _visit(kiosk)
        playback._keep.setInterval(50)  # (every 5 s in the kiosk)
        kept: list[bool] = []
        kiosk.controller.visitorActive.connect(lambda: kept.append(True))
        clock.advance(2)
        qtbot.wait(200)
        assert not kept  # nothing plays: nothing keeps the visit
        playback.play(REMARK)
        qtbot.waitUntil(lambda: playback.playing, timeout=5000)
        clock.advance(2)
        qtbot.waitUntil(lambda: bool(kept), timeout=2000)


SPOKEN_AR = "media/pattern.ar.m4a"
DESCRIPTION = "media/pattern.description.m4a"


def _beside(playback: Any) -> str:
    """The file the player beside the picture has open ('' none)."""
    source = playback._beside_player.source() if playback._beside_player is not None else None
    return "media/" + source.fileName() if source is not None and not source.isEmpty() else ""


def _in_step(playback: Any, within: int = 500) -> bool:
    beside = playback._beside_player
    return (playback.playing and beside.isPlaying()
            and abs(beside.position() - playback._player.position()) <= within)


def test_a_video_plays_muted_with_its_spoken_track_in_step(media_kiosk: Any, qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    media_kiosk.controller.setLanguage("ar")
    tap_item(media_kiosk.window, "playButton")
    qtbot.waitUntil(lambda: playback.playing and _beside(playback) == SPOKEN_AR, timeout=5000)
    assert playback.sound == "spoken" and playback.current == VIDEO
    qtbot.waitUntil(lambda: playback._output.isMuted(), timeout=3000)  # the video's own sound
    qtbot.waitUntil(lambda: _in_step(playback), timeout=5000)
    assert playback._beside_output.volume() == pytest.approx(playback._output.volume())
    tap_item(media_kiosk.window, "playButton")  # pause: both
    qtbot.waitUntil(lambda: not playback.playing and not playback._beside_player.isPlaying(),
                    timeout=3000)
    playback.seek(2500)  # moved while paused: the sound goes with the picture
    qtbot.waitUntil(lambda: abs(playback._beside_player.position() - 2500) < 100, timeout=3000)
    playback.play(VIDEO)
    qtbot.waitUntil(lambda: _in_step(playback) and playback.position > 2500, timeout=5000)
    # the visitor changes language mid-play: the video's own sound, where it was
    at = playback.position
    media_kiosk.controller.setLanguage("en")
    qtbot.waitUntil(lambda: not playback._output.isMuted(), timeout=3000)
    assert playback.sound == "own" and _beside(playback) == "" and playback.playing
    assert playback.position >= at - 100  # not from the start
    playback.seek(500)
    media_kiosk.controller.setLanguage("ar")  # and back: the spoken track at the picture
    qtbot.waitUntil(lambda: _beside(playback) == SPOKEN_AR and _in_step(playback, 300)
                    and playback._beside_player.position() > 500, timeout=5000)


def test_a_sound_drifted_from_the_picture_is_moved_back_to_it(media_kiosk: Any,
                                                             qtbot: Any) -> None:
    from kiosk.visit.soundtrack import Step

    playback = _visit(media_kiosk)
    media_kiosk.controller.setLanguage("ar")
    playback.play(VIDEO)
    qtbot.waitUntil(lambda: _in_step(playback) and playback.position > 300, timeout=5000)
    seen: list[Any] = []
    step = playback._lockstep.step
    playback._lockstep.step = lambda now: seen.append(step(now)) or seen[-1]
    # behind the kiosk's back: 1.5 s ahead (it would end, and be started again, only when
    # the picture reaches 2.5 s)
    playback._beside_call("setPosition", playback.position + 1500)
    qtbot.waitUntil(lambda: playback._beside_player.position() > playback.position + 1000,
                    timeout=2000)
    qtbot.waitUntil(lambda: _in_step(playback, 300), timeout=2000)
    assert playback.position < 2400  # moved back to the picture before its end
    assert any(a.step is Step.SEEK for a in seen)


def test_the_spoken_track_ends_with_the_video_and_starts_again_with_it(media_kiosk: Any,
                                                                       qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    media_kiosk.controller.setLanguage("ar")
    playback.play(VIDEO)
    qtbot.waitUntil(lambda: _in_step(playback), timeout=5000)
    qtbot.waitUntil(lambda: not playback.playing, timeout=8000)  # the end
    qtbot.waitUntil(lambda: not playback._beside_player.isPlaying(), timeout=3000)
    tap_item(media_kiosk.window, "restartButton")
    qtbot.waitUntil(lambda: _in_step(playback), timeout=5000)
    assert playback.position < 2000 and playback._beside_player.position() < 2500
    media_kiosk.controller.resetToAttract()  # the idle reset: both stop and unload
    settle(50)
    assert not playback.playing and _beside(playback) == "" and playback.sound == ""
    qtbot.waitUntil(lambda: not playback._beside_player.isPlaying(), timeout=3000)


def test_the_spoken_track_follows_the_video_full_screen(media_kiosk: Any, qtbot: Any) -> None:
    playback = _visit(media_kiosk)
    media_kiosk.controller.setLanguage("ar")
    tap_item(media_kiosk.window, "playButton")
    qtbot.waitUntil(lambda: _in_step(playback), timeout=5000)
    tap_item(media_kiosk.window, "fullScreenButton")
    assert find(media_kiosk.window, "imageViewer").property("open")
    settle(300)
    assert playback.playing and playback._beside_player.isPlaying()
    tap_item(media_kiosk.window, "closeImage")  # the viewer closed pauses both
    qtbot.waitUntil(lambda: not playback._beside_player.isPlaying(), timeout=3000)
    assert not playback.playing and playback.current == VIDEO


def test_narration_pauses_the_sound_beside_the_video(media_kiosk: Any, qtbot: Any) -> None:
    from kiosk.ui.playback import Playback

    narrator = FakeNarrator()
    playback = Playback(media_kiosk.controller, narrator, engine=media_kiosk.engine)
    _visit(media_kiosk)
    media_kiosk.controller.setLanguage("ar")
    playback.play(VIDEO)
    qtbot.waitUntil(lambda: _in_step(playback), timeout=5000)
    assert playback._beside_output.volume() == pytest.approx(0.4)  # the narrator's volume
    narrator.speak()
    qtbot.waitUntil(lambda: not playback.playing and not playback._beside_player.isPlaying(),
                    timeout=3000)
    playback.stop()


def test_the_audio_description_button_plays_the_description_in_step(media_kiosk: Any,
                                                                   qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtTest import QTest

    playback = _visit(media_kiosk)
    button = find(media_kiosk.window, "descriptionButton")
    assert shown(button) and not playback.descriptionOn  # off at the start of a visit
    tap_item(media_kiosk.window, "playButton")
    qtbot.waitUntil(lambda: playback.playing, timeout=5000)
    assert playback.sound == "own" and _beside(playback) == ""
    tap_item(media_kiosk.window, "descriptionButton")
    assert playback.descriptionOn and button.property("primary")  # drawn as on
    qtbot.waitUntil(lambda: _beside(playback) == DESCRIPTION and _in_step(playback),
                    timeout=5000)
    assert playback.sound == "description" and playback._output.isMuted()
    media_kiosk.controller.setLanguage("ar")  # the description, whatever the language
    settle(100)
    assert _beside(playback) == DESCRIPTION
    # by the keypad: the focus ring's order, after the player's other controls
    media_kiosk.window.requestActivate()
    button = find(media_kiosk.window, "descriptionButton")  # (the panel is rebuilt in Arabic)
    button.forceActiveFocus()
    QTest.keyClick(media_kiosk.window, Qt.Key.Key_Return)
    assert not playback.descriptionOn
    qtbot.waitUntil(lambda: _beside(playback) == SPOKEN_AR and _in_step(playback), timeout=5000)
    interface = QAccessible.queryAccessibleInterface(button)
    assert interface is not None and interface.role() == QAccessible.Role.CheckBox
    assert interface.text(QAccessible.Text.Name) == "الوصف الصوتي"
    playback.descriptionOn = True
    media_kiosk.controller.resetToAttract()
    assert not playback.descriptionOn  # the next visitor starts without it
    assert playback.captionsOn


def test_the_description_button_is_large_aligned_and_in_the_keypads_order(
        media_kiosk: Any) -> None:
    _visit(media_kiosk)
    settle(50)
    window = media_kiosk.window
    touch = find(window, "toggle-largeText").height()
    button, play, full = (find(window, name) for name in
                          ("descriptionButton", "playButton", "fullScreenButton"))
    assert button.property("activeFocusOnTab")
    assert button.height() >= touch and button.width() > 2 * touch  # an icon and its name

    def box(item: Any) -> Any:
        return item.mapRectToScene(item.boundingRect())

    assert box(button).top() >= box(play).bottom()  # under the controls, not among them
    assert box(button).left() == pytest.approx(box(play).left(), abs=1)  # at their edge
    assert box(button).right() <= box(full).right() + 1
    chain = window.contentItem().nextItemInFocusChain(True)
    names = []
    for _ in range(200):
        names.append(chain.objectName())
        chain = chain.nextItemInFocusChain(True)
    wanted = ["playButton", "restartButton", "positionBar", "captionsButton",
              "fullScreenButton", "descriptionButton"]
    found = [name for name in names if name in wanted]
    assert found[:len(wanted)] == wanted, found
    media_kiosk.controller.setLanguage("ar")  # right to left: at the reading side's edge
    settle(100)
    button, full = find(window, "descriptionButton"), find(window, "fullScreenButton")
    assert box(button).right() == pytest.approx(box(full).right(), abs=1)


def test_a_video_without_a_description_shows_no_button(qapp: Any, tmp_path: Path) -> None:
    folder = tmp_path / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    document = folder / "stand.yaml"
    document.write_text(document.read_text("utf-8").replace(
        "          description: media/pattern.description.m4a\n", ""), "utf-8")
    result = load_stand(folder)
    assert result.stand is not None
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        _visit(kiosk)
        settle(50)
        assert not visible(find(kiosk.window, "descriptionButton"))
        assert visible(find(kiosk.window, "captionsButton"))


@pytest.mark.qt_log_ignore(".*")  # FFmpeg and Qt Multimedia say what is wrong with the file
@pytest.mark.parametrize("damage", ["garbage", "gone"])
def test_a_spoken_track_that_fails_leaves_the_videos_own_sound_and_says_so(
        qapp: Any, qtbot: Any, tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    result = load_stand(folder)
    assert result.stand is not None  # valid when checked
    if damage == "gone":
        (folder / SPOKEN_AR).unlink()
    else:
        (folder / SPOKEN_AR).write_bytes((folder / SPOKEN_AR).read_bytes()[:64]
                                         + b"\x00garbage" * 2000)
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        playback = _visit(kiosk)
        kiosk.controller.setLanguage("ar")
        tap_item(kiosk.window, "playButton")
        qtbot.waitUntil(lambda: playback.trackFailed == VIDEO, timeout=8000)
        qtbot.waitUntil(lambda: playback.playing, timeout=5000)  # the video goes on
        assert playback.sound == "own" and _beside(playback) == ""
        qtbot.waitUntil(lambda: not playback._output.isMuted(), timeout=3000)  # its own sound
        assert playback.failed == ""
        settle(50)
        message = find(kiosk.window, "trackMessage")
        assert shown(message)
        playback._notice_timer.start(50)  # (8 s in the kiosk): the message goes
        qtbot.waitUntil(lambda: playback.trackFailed == "" and not visible(message), timeout=2000)
        assert visible(find(kiosk.window, "videoFrame")) or visible(find(kiosk.window,
                                                                         "videoPoster"))
        playback.descriptionOn = True  # another sound still plays
        qtbot.waitUntil(lambda: _beside(playback) == DESCRIPTION and _in_step(playback),
                        timeout=5000)
        kiosk.controller.resetToAttract()
        assert playback.trackFailed == ""


def _remark_spoken_in_arabic(tmp_path: Path, sound: str) -> tuple[Path, Any]:
    """A copy of the media stand whose recorded remark has an Arabic spoken track (a copy
    of `sound`), loaded."""
    folder = tmp_path / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    shutil.copy(folder / sound, folder / "media" / "remark.ar.m4a")
    document = folder / "stand.yaml"
    document.write_text(document.read_text("utf-8").replace(
        "          duration: 3\n", "          duration: 3\n          spoken: {ar: "
        "media/remark.ar.m4a}\n", 1), "utf-8")
    result = load_stand(folder)
    assert result.stand is not None, [p.format() for p in result.problems]
    return folder, result


@pytest.mark.qt_log_ignore(".*")  # FFmpeg and Qt Multimedia say what is wrong with the file
def test_a_recording_of_sounds_spoken_track_that_fails_gives_way_to_its_own_sound(
        qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    folder, result = _remark_spoken_in_arabic(tmp_path, REMARK)
    spoken = folder / "media" / "remark.ar.m4a"
    spoken.write_bytes(spoken.read_bytes()[:64] + b"\x00garbage" * 2000)  # damaged since
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        playback = _visit(kiosk)
        kiosk.controller.setLanguage("ar")
        kiosk.controller.goTo(1)
        settle(100)
        playback.play(REMARK)
        qtbot.waitUntil(lambda: playback.trackFailed == REMARK, timeout=8000)
        qtbot.waitUntil(lambda: playback.playing and playback.position > 300, timeout=5000)
        assert playback._player.source().fileName() == "remark.m4a"  # its own, playing on
        assert playback.sound == "own" and playback.failed == ""
        settle(50)
        messages = [item for item in find_all(kiosk.window, "trackMessage") if shown(item)]
        assert len(messages) == 1  # under the remark's player (not the video's)
        assert not any(visible(item) for item in find_all(kiosk.window, "soundMessage"))


def test_a_recording_of_sound_plays_its_spoken_track_and_switches_language_mid_play(
        qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    _, result = _remark_spoken_in_arabic(tmp_path, SPOKEN_AR)
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        playback = _visit(kiosk)
        kiosk.controller.setLanguage("ar")
        playback.play(REMARK)
        qtbot.waitUntil(lambda: playback.playing and playback.position > 800, timeout=5000)
        assert playback._player.source().fileName() == "remark.ar.m4a"  # in place of its own
        assert playback.sound == "spoken" and _beside(playback) == ""
        assert not playback._output.isMuted()
        at = playback.position
        kiosk.controller.setLanguage("en")  # its own sound, where it was
        qtbot.waitUntil(lambda: playback._player.source().fileName() == "remark.m4a"
                        and playback.playing and playback.position > 0, timeout=5000)
        assert playback.position >= at - 300
        assert playback.sound == "own" and playback.current == REMARK


def test_the_kiosk_runs_where_qt_multimedia_cannot_be_imported(tmp_path: Path) -> None:
    """PySide6-Addons absent (or libpulse0 missing): the import fails; the kiosk renders its
    screens, the video shown by its poster."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['PySide6.QtMultimedia'] = None; "
            "from kiosk.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "snapshot", str(MEDIA_STAND), "--lang",
                           "en", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "film-en.png").is_file()
    assert "Qt Multimedia does not load here" in done.stderr
