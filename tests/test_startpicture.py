"""The first frame kept as a picture and shown on the X screen at the next start
(`kiosk.venue.startpicture`): only under the same key and on a screen it fits, gone once the
kiosk's window is up; a damaged, foreign or planted file shows nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.xpixels import libx11, root_window
from kiosk.venue import startpicture
from tests.uidriver import require_tools
from tools.xharness import SERVICE_VARIABLES, XServer, home_env

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "khojaly-31"
SETTINGS = ROOT / "benchmarks" / "venue-settings.yaml"


def _pixels(width: int, height: int) -> bytes:
    """A picture with a pattern: each pixel's blue and green from its position (BGRX)."""
    return b"".join(bytes((x % 256, y % 256, (x * y) % 256, 0))
                    for y in range(height) for x in range(width))


def test_kept_and_read_back_under_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "start-picture.bin"
    pixels = _pixels(8, 4)
    startpicture.keep(path, "stand A", 8, 4, pixels)
    assert startpicture.read(path, "stand A") == (8, 4, pixels)
    assert startpicture.read(path, "stand B") is None
    assert startpicture.read(tmp_path / "missing", "stand A") is None


@pytest.mark.parametrize("damage", ["truncated", "magic", "size", "pixel", "folder", "fifo",
                                    "empty"])
def test_a_damaged_file_shows_nothing(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, "k", 8, 4, _pixels(8, 4))
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:-1])
    elif damage == "magic":
        path.write_bytes(b"X" + data[1:])
    elif damage == "size":  # a header claiming a huge picture
        head = len(startpicture.MAGIC)
        path.write_bytes(data[:head] + (70000).to_bytes(4, "little") + data[head + 4:])
    elif damage == "pixel":  # one pixel changed under a good header: the checksum
        changed = bytearray(data)
        changed[-5] ^= 0xFF
        path.write_bytes(bytes(changed))
    elif damage == "folder":
        path.unlink()
        path.mkdir()
    elif damage == "fifo":  # read at once, never waiting for a writer
        path.unlink()
        os.mkfifo(path)
    else:
        path.write_bytes(b"")
    assert startpicture.read(path, "k") is None


def test_a_key_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """os.walk gives such a name's bytes as surrogates: kept and read back, never an error."""
    wanted = "stand files\ncaf\udce9.jpg\0size"
    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, wanted, 8, 4, _pixels(8, 4))
    assert startpicture.read(path, wanted) == (8, 4, _pixels(8, 4))
    assert startpicture.read(path, wanted.replace("\udce9", "\udce8")) is None


def test_keep_refuses_a_picture_of_the_wrong_size(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        startpicture.keep(tmp_path / "p", "k", 8, 4, b"\0" * 10)
    with pytest.raises(ValueError):
        startpicture.keep(tmp_path / "p", "k", 0, 4, b"")
    assert not (tmp_path / "p").exists()


def test_the_key_changes_with_the_stand_the_settings_the_theme_and_the_code(
        tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("idle_timeout_s: 60\n")
    code = tmp_path / "qml"
    code.mkdir()
    (code / "Main.qml").write_text("Item {}\n")
    base = startpicture.key("stand files", settings, "dark", [code])
    assert startpicture.key("stand files", settings, "dark", [code]) == base
    assert startpicture.key("other files", settings, "dark", [code]) != base
    assert startpicture.key("stand files", settings, "light", [code]) != base
    (code / "Main.qml").write_text("Item { width: 2 }\n")
    changed_code = startpicture.key("stand files", settings, "dark", [code])
    assert changed_code != base
    settings.write_text("idle_timeout_s: 90\n")
    assert startpicture.key("stand files", settings, "dark", [code]) != changed_code


def test_nothing_is_shown_without_an_x_screen_or_when_turned_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, "k", 8, 4, _pixels(8, 4))
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)  # each condition on its own
    monkeypatch.delenv("KIOSK_START_PICTURE", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert startpicture.KeptPicture.show(path, "k").shown is None
    monkeypatch.setenv("DISPLAY", ":9999")  # no such server
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert startpicture.KeptPicture.show(path, "k").shown is None
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert startpicture.KeptPicture.show(path, "k").shown is None
    monkeypatch.delenv("WAYLAND_DISPLAY")
    monkeypatch.setenv("KIOSK_START_PICTURE", "0")
    assert startpicture.KeptPicture.show(path, "k").shown is None
    monkeypatch.delenv("KIOSK_START_PICTURE")
    monkeypatch.setenv("QT_QPA_PLATFORM", "eglfs")
    assert startpicture.KeptPicture.show(path, "k").shown is None
    assert not startpicture._on_x()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert startpicture._on_x()  # only the server at :9999 is missing


# --- on a real X screen ----------------------------------------------------------------------


@pytest.fixture()
def small_screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    require_tools("Xvfb")
    with XServer((64, 48), black=True) as server:
        monkeypatch.setenv("DISPLAY", server.display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.delenv("KIOSK_START_PICTURE", raising=False)
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)  # Qt would draw on this screen
        yield server.display


def test_shown_pixel_for_pixel_and_gone_when_closed(small_screen: str, tmp_path: Path) -> None:
    path = tmp_path / "start-picture.bin"
    pixels = _pixels(64, 48)
    startpicture.keep(path, "k", 64, 48, pixels)
    _, windows_before = root_window(small_screen, (64, 48))

    shown = startpicture.KeptPicture.show(path, "k").shown
    assert shown is not None
    on_screen, windows = root_window(small_screen, (64, 48))
    # the X server keeps 24 bits of each pixel: compare blue, green and red
    assert bytes(on_screen[i] for i in range(len(on_screen)) if i % 4 != 3) == \
        bytes(pixels[i] for i in range(len(pixels)) if i % 4 != 3)
    assert windows == windows_before + 1

    shown.close()
    shown.close()  # once is enough; a second close does nothing
    _, windows = root_window(small_screen, (64, 48))
    assert windows == windows_before


def test_a_picture_window_destroyed_by_another_program_closes_quietly(
        small_screen: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Xlib's own error handler ends the process: an X error when the picture goes (its
    window already destroyed by another client) is noted and nothing else happens."""
    import ctypes

    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, "k", 64, 48, _pixels(64, 48))
    shown = startpicture.KeptPicture.show(path, "k").shown
    assert shown is not None
    x = libx11()
    x.XDestroyWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    other = x.XOpenDisplay(small_screen.encode())
    x.XDestroyWindow(other, shown._window)
    x.XCloseDisplay(other)
    assert root_window(small_screen, (64, 48))[1] == 0
    with caplog.at_level("INFO", logger="kiosk.app"):
        shown.close()  # BadWindow for the window that is gone; its pixmap is freed
    assert "the kept start picture was replaced" in caplog.text
    assert startpicture._errors  # the errors were seen, and handled
    assert root_window(small_screen, (64, 48))[1] == 0


def test_not_shown_on_a_screen_it_does_not_fit(small_screen: str, tmp_path: Path) -> None:
    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, "k", 32, 48, _pixels(32, 48))  # half the screen's width
    assert startpicture.KeptPicture.show(path, "k").shown is None
    _, windows = root_window(small_screen, (64, 48))
    assert windows == 0
    # found but not shown: not kept again at every start (the same frame, the same misfit)
    kept = startpicture.KeptPicture.show(path, "k")
    assert kept.shown is None and kept.found == (32, 48) and not kept.to_keep(32, 48)
    assert kept.to_keep(64, 48)  # the window is of another size now: kept again
    other = startpicture.KeptPicture.show(path, "another key")
    assert other.shown is None and other.found is None and other.to_keep(32, 48)


def test_kept_picture_shown_and_found(small_screen: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "start-picture.bin"
    startpicture.keep(path, "k", 64, 48, _pixels(64, 48))
    kept = startpicture.KeptPicture.show(path, "k")
    assert kept.shown is not None and kept.found == (64, 48) and not kept.to_keep(64, 48)
    kept.shown.close()
    for name, value in (("QT_QPA_PLATFORM", "offscreen"), ("KIOSK_START_PICTURE", "0")):
        with monkeypatch.context() as patch:  # not shown, and nothing kept for it either
            patch.setenv(name, value)
            off = startpicture.KeptPicture.show(path, "k")
            assert off.shown is None and not off.enabled and not off.to_keep(64, 48)


def _until_kept(start: Callable[[], str]) -> str:
    """Start until a start keeps its first frame (one whose attract picture was still being
    decoded, on a thread, is not kept: the next start tries again); that start's log."""
    for _ in range(5):
        log = start()
        if "the first frame is kept as the start picture" in log:
            return log
        assert "the first frame is not kept: the attract screen's picture was not in it" in log
    raise AssertionError("five starts, and no first frame was kept")


@pytest.mark.slow
def test_a_restart_shows_the_kept_first_frame_until_its_window_is_up(tmp_path: Path) -> None:
    """The kiosk under openbox, started as a venue does: the first start keeps its first
    frame, the next shows it while it starts and takes it away after its own first frame;
    so does a start after a change to stand.yaml (its last good version is shown first);
    after the settings file changes, nothing kept is shown; a second settings file keeps a
    picture of its own."""
    require_tools("Xvfb", "openbox")
    settings = tmp_path / "settings.yaml"
    settings.write_text(SETTINGS.read_text("utf-8"), "utf-8")
    stand = tmp_path / "stand"
    shutil.copytree(SAMPLE, stand)
    with XServer((1920, 1080), window_manager=True) as server:
        env = {**os.environ, "DISPLAY": server.display, **home_env(tmp_path / "home")}
        for name in (*SERVICE_VARIABLES, "QT_QPA_PLATFORM", "QT_QUICK_BACKEND",
                     "KIOSK_START_PICTURE", "WAYLAND_DISPLAY"):
            env.pop(name, None)

        def start(config: Path = settings, home: str = "home") -> str:
            done = subprocess.run(
                [sys.executable, "-m", "kiosk", "run", str(stand), "--config", str(config),
                 "--quit-after-first-frame"], env={**env, **home_env(tmp_path / home)},
                cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            return done.stderr

        start()  # the stand is validated and remembered
        first = _until_kept(start)
        assert "showing the kept start picture" not in first
        cache = tmp_path / "home" / ".cache" / "exhibit-kiosk"
        kept = startpicture.kept_at(cache, settings)
        data = kept.read_bytes()
        assert len(data) > 1920 * 1080 * 4
        assert len(set(data[-1920 * 1080 * 4::4099])) > 20  # a picture, not a blank screen
        second = start()
        assert "showing the kept start picture" in second
        assert second.index("showing the kept start picture") < \
            second.index("first frame shown") < \
            second.index("the kept start picture was replaced")
        assert "the first frame is kept" not in second  # it was this start's: not kept again

        # a changed stand.yaml: its last good version is shown first, so is its picture
        with (stand / "stand.yaml").open("a", encoding="utf-8") as out:
            out.write("# changed\n")
        changed = start()
        assert "last good version" in changed
        assert "showing the kept start picture" in changed
        # the change validated (a start that quits at its first frame may not finish the
        # check that follows it): from here on every start shows the changed stand
        subprocess.run([sys.executable, "-m", "kiosk", "validate", str(stand)], check=True,
                       env=env, cwd=ROOT, capture_output=True, timeout=120)

        settings.write_text(settings.read_text("utf-8") + "\n# changed\n", "utf-8")
        third = _until_kept(start)
        assert "showing the kept start picture" not in third

        # a second kiosk of the same user, with settings of its own, keeps a picture of its
        # own: the two no longer replace each other's (and the one picture of a user that
        # an older version kept is removed)
        (cache / startpicture.OLD_NAME).write_bytes(b"an older version's picture")
        other = tmp_path / "other.yaml"
        other.write_text(settings.read_text("utf-8") + "\n# the second screen\n", "utf-8")
        _until_kept(lambda: start(other))
        assert not (cache / startpicture.OLD_NAME).exists()
        assert kept.exists() and startpicture.kept_at(cache, other).exists()
        back = start()
        assert "showing the kept start picture" in back, back
        assert "showing the kept start picture" in start(other)

        # outside the opening hours the first frame is the closed screen: never kept
        closed = tmp_path / "closed.yaml"
        closed.write_text("opening_hours:\n  daily: closed\n", "utf-8")
        for _ in range(2):
            log = start(closed, "home-closed")
            assert "the first frame is kept" not in log
            assert "showing the kept start picture" not in log


@pytest.mark.slow
def test_the_screen_does_not_change_when_the_kiosk_takes_over(tmp_path: Path) -> None:
    """On a restart the screen shows the kept picture, and the kiosk's own first frame in its
    place is the same pixels: read back from the X server while the picture is up and once
    the kiosk has drawn (no window manager, so nothing else draws)."""
    require_tools("Xvfb")
    size = (1920, 1080)
    with XServer(size, black=True) as server:
        env = {**os.environ, "DISPLAY": server.display, **home_env(tmp_path / "home")}
        for name in (*SERVICE_VARIABLES, "QT_QPA_PLATFORM", "QT_QUICK_BACKEND",
                     "KIOSK_START_PICTURE", "WAYLAND_DISPLAY"):
            env.pop(name, None)
        command = [sys.executable, "-m", "kiosk", "run", str(SAMPLE), "--config", str(SETTINGS)]

        def start() -> str:
            return subprocess.run([*command, "--quit-after-first-frame"], env=env, cwd=ROOT,
                                  capture_output=True, text=True, timeout=120,
                                  check=True).stderr

        start()  # validated and remembered
        _until_kept(start)
        kept = startpicture.kept_at(tmp_path / "home" / ".cache" / "exhibit-kiosk", SETTINGS)
        picture = kept.read_bytes()[-size[0] * size[1] * 4:]

        kiosk = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            assert kiosk.stderr is not None
            seen: list[tuple[str, bytes]] = []
            for line in kiosk.stderr:
                if "showing the kept start picture" in line:
                    seen.append(("picture", root_window(server.display, size)[0]))
                if "the kept start picture was replaced" in line:
                    time.sleep(0.5)  # whatever the kiosk draws next (nothing: it is settled)
                    seen.append(("kiosk", root_window(server.display, size)[0]))
                    break
        finally:
            kiosk.terminate()
            kiosk.wait(20)
        assert [what for what, _ in seen] == ["picture", "kiosk"]

        def colour(pixels: bytes) -> tuple[bytes, bytes, bytes]:  # 24 bits are kept
            return pixels[0::4], pixels[1::4], pixels[2::4]

        on_screen, after = (colour(pixels) for _, pixels in seen)
        assert on_screen == colour(picture)  # the picture, pixel for pixel
        differing = sum(a != b for channel, shown in zip(after, on_screen, strict=True)
                        for a, b in zip(channel, shown, strict=True))
        if differing and os.environ.get("DEBUG_PICTURE"):
            Path(os.environ["DEBUG_PICTURE"]).mkdir(exist_ok=True)
            for what, pixels in seen:
                (Path(os.environ["DEBUG_PICTURE"]) / f"{what}.raw").write_bytes(pixels)
        assert differing == 0, f"{differing} colour values changed when the kiosk took over"
        assert len(set(picture[::4099])) > 20  # and it is a picture, not a blank screen


def test_each_settings_file_keeps_its_own_picture(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    assert startpicture.kept_at(tmp_path, one) == startpicture.kept_at(tmp_path, one)
    assert startpicture.kept_at(tmp_path, one) != startpicture.kept_at(tmp_path, two)
    assert startpicture.kept_at(tmp_path, one).parent == tmp_path
    assert startpicture.kept_at(tmp_path, one).name != startpicture.OLD_NAME


def test_no_picture_for_a_closed_or_safe_mode_start(tmp_path: Path) -> None:
    """Its first frame is the closed screen or the safe-mode notice, never kept: the attract
    screen kept by an ordinary start is not flashed before it either."""
    from kiosk.cli.commands import _usual_start
    from kiosk.paths import state_dir
    from kiosk.venue.crashes import SAFE_AFTER, StartLog
    from kiosk.venue.settings import load_settings

    open_all_day = tmp_path / "open.yaml"
    open_all_day.write_text("opening_hours:\n  daily: '00:00-24:00'\n", "utf-8")
    closed = tmp_path / "closed.yaml"
    closed.write_text("opening_hours:\n  daily: closed\n", "utf-8")
    assert _usual_start(load_settings(open_all_day).settings)
    assert not _usual_start(load_settings(closed).settings)
    starts = StartLog(state_dir() / "starts.json")
    for _ in range(SAFE_AFTER):  # starts that never ended cleanly: a crash loop
        starts.start()
    assert not _usual_start(load_settings(open_all_day).settings)
