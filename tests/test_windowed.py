"""`kiosk run --windowed` fits the screen it opens on, keeping the content's proportions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QWindow

from kiosk.ui.app import fit_size, fit_windowed
from tests.test_xvfb import _wait, display, xdo
from tests.uidriver import require_tools
from tools.xharness import home_env

__all__ = ["display"]  # the fixture: Xvfb and openbox


@pytest.mark.parametrize(("wanted", "room", "fitted"), [
    ((1920, 1080), (1920, 1032), (1834, 1032)),  # a 1080p screen less a title bar: 16:9 kept
    ((1920, 1080), (1366, 720), (1280, 720)),
    ((1920, 1080), (3840, 2112), (1920, 1080)),  # never larger than asked
    ((1080, 1920), (1920, 1040), (585, 1040)),  # portrait
])
def test_fit_size_keeps_the_proportions(
    wanted: tuple[int, int], room: tuple[int, int], fitted: tuple[int, int]
) -> None:
    assert fit_size(wanted, room) == fitted
    width, height = fitted
    assert width <= room[0] and height <= room[1]
    assert abs(width / height - wanted[0] / wanted[1]) < 0.01


def test_a_window_fits_its_screens_available_geometry(qapp: Any) -> None:
    window = QWindow()
    try:
        room = window.screen().availableGeometry()
        width, height = fit_windowed(window, (1920, 1080))
        assert (window.width(), window.height()) == (width, height)
        assert abs(width / height - 16 / 9) < 0.01
        window.show()
        width, height = fit_windowed(window, (1920, 1080))  # again, with the real frame
        frame = window.frameGeometry()
        assert room.contains(frame), (room, frame)
        assert width == room.width() - window.frameMargins().left() - window.frameMargins().right() \
            or height == room.height() - window.frameMargins().top() - window.frameMargins().bottom()
    finally:
        window.close()


def test_a_window_under_a_window_manager_is_not_pushed_off_a_1080p_screen(
    display: str, tmp_path: Path
) -> None:
    """Xvfb at 1920x1080 and openbox: the window's frame (title bar and all) stays on screen,
    the content keeps 16:9."""
    require_tools("xwininfo")
    home = tmp_path / "home"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "QT_QUICK_BACKEND": "software", **home_env(home)}
    env.pop("NOTIFY_SOCKET", None)
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        window = ""

        def found() -> bool:
            nonlocal window
            window = xdo(display, "search", "--name", "Khojaly").split("\n")[0]
            return bool(window)

        _wait(found, 30, "the kiosk window")
        time.sleep(1.5)  # framed by the window manager, fitted again
        x11 = {**os.environ, "DISPLAY": display}
        # xwininfo, not xdotool: xdotool counts a framed window's offset twice
        geometry = subprocess.run(["xwininfo", "-id", window], env=x11, capture_output=True,
                                  text=True, timeout=10).stdout
        values = dict(line.strip().rsplit(":", 1) for line in geometry.splitlines()
                      if line.strip().startswith(("Absolute", "Width", "Height")))
        x, y, width, height = (int(values[k]) for k in (
            "Absolute upper-left X", "Absolute upper-left Y", "Width", "Height"))
        extents = subprocess.run(["xprop", "-id", window, "_NET_FRAME_EXTENTS"], env=x11,
                                 capture_output=True, text=True, timeout=10).stdout
        left, right, top, bottom = (int(n) for n in extents.split("=")[1].split(","))
        assert top > 0, extents  # openbox gave it a title bar
        assert y - top >= 0 and y + height + bottom <= 1080, (geometry, extents)
        assert x - left >= 0 and x + width + right <= 1920, (geometry, extents)
        assert abs(width / height - 16 / 9) < 0.01, geometry
        assert height >= 1080 - top - bottom - 2, "as large as the screen allows"
    finally:
        kiosk.terminate()
        kiosk.wait(10)
