"""`kiosk preview`: a save shows within a second, keeping panel, language and scroll; a typo
lays its problems (FILE:LINE) over the last good version; fixing it removes them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem

from kiosk.ui.preview import Preview
from tests.stands import copy_sample, line_of
from tests.uidriver import find


@pytest.fixture
def preview(qapp: Any, tmp_path: Path) -> Iterator[Preview]:
    folder = copy_sample(tmp_path / "stand")
    shown = Preview(folder, (1280, 800), poll_ms=50)
    shown.show()
    yield shown
    shown.close()


def _save(preview: Preview, old: str, new: str) -> str:
    file = preview.folder / "stand.yaml"
    text = file.read_text(encoding="utf-8").replace(old, new, 1)
    file.write_text(text, encoding="utf-8")
    return text


def test_a_save_shows_within_a_second_keeping_panel_and_language(preview: Preview,
                                                                 qtbot: Any) -> None:
    controller = preview.kiosk.controller
    assert controller.phase == "browsing"
    preview.key(Qt.Key.Key_L)  # az
    preview.key(Qt.Key.Key_Right)
    assert (controller.language, controller.currentIndex) == ("az", 1)
    started = time.monotonic()
    _save(preview, 'az: "Xocalı soyqırımı: 31 il"', 'az: "Yeni başlıq"')
    qtbot.waitUntil(lambda: controller.title == "Yeni başlıq", timeout=1000)
    assert time.monotonic() - started < 1.0
    assert (controller.language, controller.currentIndex) == ("az", 1)
    assert not preview.overlay_visible


def test_a_typo_shows_its_line_over_the_last_good_version_until_fixed(preview: Preview,
                                                                      qtbot: Any) -> None:
    controller = preview.kiosk.controller
    text = _save(preview, "idle_timeout_s: 90", "idle_timout_s: 90")
    qtbot.waitUntil(lambda: preview.overlay_visible, timeout=1000)
    line = line_of(text, "idle_timout_s")
    assert any(f"stand.yaml:{line}:1: error: unknown field 'idle_timout_s'" in p
               and "did you mean 'idle_timeout_s'?" in p for p in preview.problems)
    overlay = preview.kiosk.window.findChild(QQuickItem, "preview-problems")
    assert overlay is not None and overlay.isVisible() and overlay.height() > 0
    assert controller.title == "The Khojaly genocide: 31 years"  # the last good one, behind
    _save(preview, "idle_timout_s: 90", "idle_timeout_s: 90")
    qtbot.waitUntil(lambda: not preview.overlay_visible, timeout=1000)
    assert preview.problems == []


def test_scroll_position_is_kept(preview: Preview, qtbot: Any) -> None:
    window = preview.kiosk.window
    sections = find(window, "sections")
    qtbot.waitUntil(lambda: float(sections.property("contentHeight")) > 1200, timeout=2000)
    sections.setProperty("contentY", 400.0)
    reloads = preview.reloads
    _save(preview, '"Background"', '"Background!"')
    qtbot.waitUntil(lambda: preview.reloads == reloads + 1, timeout=1000)
    qtbot.wait(100)
    assert float(find(window, "sections").property("contentY")) == pytest.approx(400.0, abs=1)


def test_keys_switch_size_contrast_and_text(preview: Preview, qtbot: Any) -> None:
    controller = preview.kiosk.controller
    qtbot.keyClick(preview.kiosk.window, Qt.Key.Key_L)  # a real key press, through the window
    assert controller.language == "az"
    preview.key(Qt.Key.Key_S)
    preview.key(Qt.Key.Key_S)
    assert preview.size == (1080, 1920)  # portrait
    assert preview.kiosk.window.width() == 1080
    preview.key(Qt.Key.Key_G)
    preview.key(Qt.Key.Key_C)
    assert controller.largeText and controller.highContrast
    before = preview.folder.joinpath("stand.yaml").read_bytes()
    preview.key(Qt.Key.Key_T)  # light theme: a new window, the same state
    assert preview.kiosk.controller.largeText and preview.kiosk.controller.highContrast
    assert preview.folder.joinpath("stand.yaml").read_bytes() == before  # never writes


def test_a_stand_broken_at_start_shows_once_it_is_fixed(qapp: Any, qtbot: Any,
                                                        tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "stand")
    file = folder / "stand.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("format: 1", "format: 9"),
                    encoding="utf-8")
    shown = Preview(folder, (1280, 800), poll_ms=50)
    try:
        shown.show()
        assert shown.kiosk is None and shown.window is not None  # the failure screen
        assert any("unsupported format version 9" in p for p in shown.problems)
        assert any("unsupported format version 9" in p
                   for p in shown.window.property("problems"))
        file.write_text(file.read_text(encoding="utf-8").replace("format: 9", "format: 1"),
                        encoding="utf-8")
        qtbot.waitUntil(lambda: shown.kiosk is not None, timeout=1500)
        assert shown.problems == [] and shown.kiosk.controller.phase == "browsing"
    finally:
        shown.close()
