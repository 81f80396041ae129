"""What the kiosk costs while it waits: the attract screen's motion is stepped, not animated at
the frame rate, and only the panels a visitor can reach next are built."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from tests.uidriver import find, items, running_kiosk, settle, swipe, tap, tap_item


def _glow(window: Any) -> QQuickItem:
    return find(window, "glow")


def _prompt(window: Any) -> QQuickItem:
    return find(window, "prompt")


def _sample(read: Any, seconds: float) -> list[float]:
    """`read()` after every event-loop turn (about every 5 ms) for `seconds`."""
    values = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QTest.qWait(5)
        values.append(read())
    return values


def test_the_glow_moves_in_steps_and_the_prompt_stands_still(kiosk: Any) -> None:
    settle(300)
    glow, prompt = _glow(kiosk.window), _prompt(kiosk.window)
    drifts = _sample(lambda: glow.property("drift"), 2.3)
    # the glow moves once in 2 s, not at the frame rate (1 or 2 places seen in 2.3 s)
    assert 1 <= len(set(drifts)) <= 2, sorted(set(drifts))
    assert all(0.3 - 1e-9 <= d <= 0.7 + 1e-9 for d in drifts)
    assert set(_sample(prompt.scale, 0.3)) == {1.0}  # no breathing: one motion on screen


def test_the_prompt_changes_language_in_three_steps(kiosk: Any) -> None:
    settle(300)
    screen = _prompt(kiosk.window).parentItem()
    text = next(item for item in items(kiosk.window)
                if item.property("shownIndex") is not None)
    seen: list[tuple[float, str]] = []
    screen.setProperty("promptIndex", 1)
    for _ in range(60):  # 0.5 s
        QTest.qWait(8)
        state = (round(text.opacity(), 2), text.property("text"))
        if not seen or seen[-1] != state:
            seen.append(state)
    first, second = kiosk.controller.prompts[0], kiosk.controller.prompts[1]
    assert seen == [(1.0, first), (0.35, first), (0.35, second), (1.0, second)]


def test_with_animations_off_the_glow_rests_at_one_place(qapp: Any, sample_result: Any) -> None:
    with running_kiosk(sample_result, animations=False) as kiosk:
        settle(100)
        glow, prompt = _glow(kiosk.window), _prompt(kiosk.window)
        drifts = _sample(lambda: glow.property("cx") / glow.width(), 0.6)
        assert set(drifts) == {0.3}
        assert set(_sample(prompt.scale, 0.3)) == {1.0}


def _pages(window: Any) -> list[QQuickItem]:
    pages = [item for item in items(window) if item.objectName().startswith("page-")]
    return sorted(pages, key=lambda page: int(page.objectName().split("-")[1]))


def _built(window: Any) -> list[int]:
    return [index for index, page in enumerate(_pages(window)) if page.property("item") is not None]


def _wait_built(window: Any, expected: list[int]) -> None:
    for _ in range(250):
        if _built(window) == expected:
            return
        QTest.qWait(20)
    assert _built(window) == expected


def test_only_the_panels_a_visitor_reaches_next_are_built(kiosk: Any) -> None:
    window, controller = kiosk.window, kiosk.controller
    find(window, "page-3")
    # waiting on the attract screen: the first panel and its neighbour
    _wait_built(window, [0, 1])
    tap(window, QPoint(960, 540))
    tap_item(window, "nav-1")
    _wait_built(window, [0, 1, 2])
    # a jump builds the target and its neighbour; the panels seen stay for the visit, one
    # only built as a neighbour goes once it is neither on screen nor next to the current one
    tap_item(window, "nav-3")
    _wait_built(window, [0, 1, 2, 3])
    tap_item(window, "nav-0")
    _wait_built(window, [0, 1, 3])
    tap_item(window, "nav-2")
    tap_item(window, "nav-0")
    _wait_built(window, [0, 1, 2, 3])
    # the end of the visit releases what the next one does not need at once
    controller.resetToAttract()
    _wait_built(window, [0, 1])


def _no_empty_page_in_view(kiosk: Any) -> None:
    """On every frame of jumps and swipes, each page in view shows its built panel."""
    window = kiosk.window
    find(window, "page-3")
    _wait_built(window, [0, 1])
    pages = _pages(window)
    assert [page.x() for page in pages] == [page.property("place") for page in pages]
    empty: list[str] = []

    def check() -> None:
        for page in pages:
            if page.property("onScreen") and page.property("item") is None:
                empty.append(page.objectName())

    window.frameSwapped.connect(check)
    try:
        tap(window, QPoint(960, 540))
        for name in ("nav-3", "nav-0", "nav-2"):
            tap_item(window, name)
            settle(600)
        # towards the next panel, then back twice: the finger moves away from the side the
        # next panel comes from
        forward, back = (QPoint(300, 600), QPoint(1500, 600))
        if pages[3].mapToScene(QPointF(0, 0)).x() < pages[2].mapToScene(QPointF(0, 0)).x():
            forward, back = back, forward
        swipe(window, back, forward)
        assert kiosk.controller.currentIndex == 3
        swipe(window, forward, back)
        swipe(window, forward, back)
        assert kiosk.controller.currentIndex == 1
    finally:
        window.frameSwapped.disconnect(check)
    assert empty == []


def test_a_panel_is_ready_before_it_comes_on_screen(kiosk: Any) -> None:
    _no_empty_page_in_view(kiosk)


def test_a_panel_is_ready_before_it_comes_on_screen_right_to_left(qapp: Any) -> None:
    from kiosk.content import load_stand
    from kiosk.ui.imaging import qt_decode

    result = load_stand(Path(__file__).parent / "fixtures" / "rtl-stand", decoder=qt_decode)
    assert result.ok
    with running_kiosk(result, idle_timeout=60) as kiosk:
        assert kiosk.controller.rtl
        _no_empty_page_in_view(kiosk)


def test_right_to_left_the_panels_run_the_way_the_tabs_do(qapp: Any) -> None:
    """In Arabic or Hebrew the tabs are mirrored (the first on the right), so the next panel
    lies to the left of the current one and a finger moving to the right brings it in."""
    from kiosk.content import load_stand
    from kiosk.ui.imaging import qt_decode

    result = load_stand(Path(__file__).parent / "fixtures" / "rtl-stand", decoder=qt_decode)
    assert result.ok
    with running_kiosk(result, idle_timeout=60) as kiosk:
        window = kiosk.window
        assert kiosk.controller.rtl
        find(window, "page-1")
        tap(window, QPoint(960, 540))
        settle(600)
        x = [find(window, f"nav-{i}").mapToScene(QPointF(0, 0)).x() for i in (0, 1)]
        assert x[1] < x[0]  # the tabs: the first on the right
        pages = _pages(window)
        left = [page.mapToScene(QPointF(0, 0)).x() for page in pages[:2]]
        assert left[1] < left[0], left
        swipe(window, QPoint(300, 600), QPoint(1500, 600))
        settle(800)
        assert kiosk.controller.currentIndex == 1


def test_a_panel_built_after_the_first_frame_keeps_its_margins(kiosk: Any) -> None:
    """The background panel is built once the window is on screen; its sections still stand
    in from the screen's edge (the list used to put them at x 0, the picture on the edge)."""
    window = kiosk.window
    _wait_built(window, [0, 1])
    tap(window, QPoint(960, 540))
    settle(600)
    first = find(window, "section-0")
    left = first.mapToScene(QPointF(0, 0)).x()
    assert left == pytest.approx(window.width() * 0.05, abs=1), left
    assert first.mapToScene(QPointF(first.width(), 0)).x() == pytest.approx(
        window.width() * 0.95, abs=1)


def test_quick_jumps_while_panels_are_being_built(kiosk: Any) -> None:
    """A panel given up while it is still being built goes quietly (a warning fails this)."""
    window = kiosk.window
    find(window, "page-3")
    _wait_built(window, [0, 1])
    tap(window, QPoint(960, 540))
    for name in ("nav-3", "nav-0", "nav-2", "nav-0", "nav-3", "nav-1", "nav-3", "nav-0"):
        tap_item(window, name)
    settle(800)
    kiosk.controller.resetToAttract()
    _wait_built(window, [0, 1])
    tap(window, QPoint(960, 540))
    for name in ("nav-2", "nav-0", "nav-3", "nav-0"):
        tap_item(window, name)
    settle(800)
    assert kiosk.controller.currentIndex == 0
