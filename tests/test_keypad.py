"""Everything reachable without touch: a keypad or keyboard beside the screen moves a visible
focus through the screen in reading order; select presses, back closes or goes back, home
goes to the first panel (issue 18). Real key events on the offscreen window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.uidriver import activate, find, running_kiosk, settle

TAB_LIMIT = 400  # more stops than the sample stand has


@pytest.fixture
def keyed(qapp: Any, sample_result: Any) -> Iterator[Any]:
    from kiosk.ui.app import register_fonts

    register_fonts()
    with running_kiosk(sample_result, idle_timeout=600, animations=False) as kiosk:
        activate(kiosk.window)
        settle(50)
        yield kiosk


def key(kiosk: Any, code: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(kiosk.window, code, modifiers)
    settle(10)


def focused(kiosk: Any) -> str:
    item = kiosk.window.activeFocusItem()
    return item.objectName() if item is not None else ""


def step_until(kiosk: Any, wanted: Callable[[str], bool], code: Qt.Key = Qt.Key.Key_Tab) -> list[str]:
    """Press `code` until the focused item's name is wanted; the names passed on the way."""
    seen: list[str] = []
    for _ in range(TAB_LIMIT):
        key(kiosk, code)
        seen.append(focused(kiosk))
        if wanted(seen[-1]):
            return seen
    raise AssertionError(f"never reached; the focus went through {seen}")


def test_a_key_starts_the_visit_and_tab_reads_every_panel_in_order(keyed: Any) -> None:
    controller = keyed.controller
    key(keyed, Qt.Key.Key_Return)
    assert controller.phase == "browsing"
    seen = step_until(keyed, lambda name: name.startswith("remark-"))
    stops = [name for name in seen if name.split("-")[0] in ("section", "figure", "group",
                                                              "remark")]
    kinds = list(dict.fromkeys(name.split("-")[0] for name in stops))
    assert kinds == ["section", "figure", "group", "remark"], seen  # the panels' order
    assert controller.currentIndex == 3  # the pager followed the focus
    assert "toggle-largeText" in seen and "language-az" in seen
    # the focus ring is drawn around what has the focus
    ring = [child for child in keyed.window.activeFocusItem().childItems()
            if child.metaObject().className().startswith("FocusRing")]
    assert ring and ring[0].isVisible()
    # back, with the other keys of the default map: Left moves backwards
    before = focused(keyed)
    key(keyed, Qt.Key.Key_Left)
    assert focused(keyed) != before


def test_select_presses_the_focused_control(keyed: Any) -> None:
    controller = keyed.controller
    key(keyed, Qt.Key.Key_Space)  # starts the visit
    step_until(keyed, lambda name: name == "language-az")
    key(keyed, Qt.Key.Key_Space)
    assert controller.language == "az"
    step_until(keyed, lambda name: name == "toggle-lowReach", Qt.Key.Key_Backtab)
    key(keyed, Qt.Key.Key_Return)
    assert controller.lowReach is True
    step_until(keyed, lambda name: name == "nav-2")
    key(keyed, Qt.Key.Key_Enter)
    assert controller.currentIndex == 2


def test_back_closes_the_source_sheet_then_goes_back_and_home_goes_first(keyed: Any) -> None:
    controller = keyed.controller
    key(keyed, Qt.Key.Key_Return)
    step_until(keyed, lambda name: name.startswith("figure-"))
    assert controller.currentIndex == 1
    step_until(keyed, lambda name: name == "sourceButton")
    key(keyed, Qt.Key.Key_Return)
    sheet = find(keyed.window, "sourceSheet")
    assert sheet.isVisible()
    key(keyed, Qt.Key.Key_Backspace)
    settle(50)
    assert not sheet.isVisible() and controller.currentIndex == 1
    key(keyed, Qt.Key.Key_Right)
    key(keyed, Qt.Key.Key_Backspace)
    assert controller.currentIndex == 0
    controller.goTo(3)
    key(keyed, Qt.Key.Key_Home)
    assert controller.currentIndex == 0


def test_every_stop_has_a_name_and_a_role_for_screen_readers(keyed: Any) -> None:
    from PySide6.QtGui import QAccessible

    key(keyed, Qt.Key.Key_Return)
    seen = step_until(keyed, lambda name: name == "nav-3")
    unnamed = []
    for _ in range(len(seen)):
        item = keyed.window.activeFocusItem()
        face = QAccessible.queryAccessibleInterface(item)
        if (face is None or not face.text(QAccessible.Text.Name).strip()
                or face.role() in (QAccessible.Role.NoRole, QAccessible.Role.Client)):
            unnamed.append(item.objectName() or item.metaObject().className())
        key(keyed, Qt.Key.Key_Backtab)
    assert not unnamed
    assert len(set(seen)) > 30  # the top bar, every item and its buttons, the navigation bar


def test_a_picture_opens_full_screen_by_keys_and_back_closes_it(keyed: Any) -> None:
    key(keyed, Qt.Key.Key_Return)
    step_until(keyed, lambda name: name == "enlarge")
    key(keyed, Qt.Key.Key_Return)
    viewer = find(keyed.window, "imageViewer")
    settle(50)
    assert viewer.isVisible()
    key(keyed, Qt.Key.Key_Backspace)
    settle(50)
    assert not viewer.isVisible() and keyed.controller.currentIndex == 0
    assert focused(keyed) == "enlarge"  # the keypad goes on from where it was


RING = (0xFF, 0xD8, 0x4D)  # FocusRing.qml's yellow


def _ring_pixels(path: Any) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    step = 4
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if image.pixelColor(x, y).getRgb()[:3] == RING)


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast"])
def test_snapshots_show_the_focus_ring_in_every_theme(qapp: Any, sample_result: Any,
                                                      tmp_path: Any, theme: str) -> None:
    from kiosk.ui.snapshot import render_snapshots

    options = {"light": theme == "light", "high_contrast": theme == "high-contrast"}
    plain = render_snapshots(sample_result, tmp_path / "plain", language="en", **options)
    keyed = render_snapshots(sample_result, tmp_path / "keyed", language="en", keypad=True,
                             **options)
    for without, with_ring in zip(plain[1:], keyed[1:], strict=True):  # each panel
        # a ring 6 px wide round a card, sampled every 4th pixel both ways: ~900 samples
        assert _ring_pixels(with_ring) - _ring_pixels(without) > 300, with_ring.name
