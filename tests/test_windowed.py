"""`kiosk run --windowed` fits the screen it opens on, keeping the content's proportions."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QWindow

from kiosk.app import fit_size, fit_windowed


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
