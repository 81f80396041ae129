"""The QML screen, driven by touch: start, navigate, swipe, switch language, idle reset."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest

from tests.uidriver import (
    FakeClock,
    centre,
    find,
    find_all,
    items,
    running_kiosk,
    settle,
    shown,
    swipe,
    tap,
    tap_item,
    touch_device,
    visible,
)


def start_visit(kiosk: Any) -> None:
    tap(kiosk.window, QPoint(960, 540))
    assert kiosk.controller.phase == "browsing"


def test_qml_loads_on_the_attract_screen(kiosk: Any) -> None:
    settle()
    assert kiosk.window.isVisible()
    assert kiosk.controller.phase == "attract"
    assert kiosk.controller.title.startswith("The Khojaly")


def test_view_models_pass_the_model_tester(kiosk: Any, qtmodeltester: Any) -> None:
    qtmodeltester.check(kiosk.controller.panels)
    for index in range(kiosk.controller.panels.rowCount()):
        qtmodeltester.check(kiosk.controller.panelContent(index))


def test_a_touch_anywhere_starts_a_visit(kiosk: Any) -> None:
    settle()
    start_visit(kiosk)
    assert kiosk.controller.currentIndex == 0


def test_navigation_bar_buttons_open_their_panel(kiosk: Any) -> None:
    start_visit(kiosk)
    tap_item(kiosk.window, "nav-2")
    assert kiosk.controller.currentIndex == 2
    tap_item(kiosk.window, "nav-0")
    assert kiosk.controller.currentIndex == 0


def test_a_horizontal_swipe_turns_the_panel(kiosk: Any) -> None:
    start_visit(kiosk)
    swipe(kiosk.window, QPoint(1500, 600), QPoint(300, 600))
    assert kiosk.controller.currentIndex == 1
    swipe(kiosk.window, QPoint(300, 600), QPoint(1500, 600))
    assert kiosk.controller.currentIndex == 0


def test_switching_language_rerenders_in_place(kiosk: Any) -> None:
    start_visit(kiosk)
    tap_item(kiosk.window, "nav-1")
    english_title = kiosk.controller.panels.row(1)["title"]
    tap_item(kiosk.window, "language-ru")
    assert kiosk.controller.language == "ru"
    assert kiosk.controller.currentIndex == 1
    assert kiosk.controller.panels.row(1)["title"] != english_title
    assert "Ходжалинский" in kiosk.controller.title
    on_screen = {item.property("text") for item in items(kiosk.window) if shown(item)}
    assert kiosk.controller.panels.row(1)["title"] in on_screen
    assert english_title not in on_screen


def test_idle_resets_to_attract_in_the_default_language(qapp: Any, sample_result: Any) -> None:
    clock = FakeClock()
    with running_kiosk(sample_result, idle_timeout=60, clock=clock) as kiosk:
        start_visit(kiosk)
        tap_item(kiosk.window, "nav-3")
        tap_item(kiosk.window, "language-az")
        assert (kiosk.controller.currentIndex, kiosk.controller.language) == (3, "az")
        clock.advance(59)
        kiosk.controller.check_idle()
        assert kiosk.controller.phase == "browsing"
        clock.advance(1.5)
        kiosk.controller.check_idle()
        assert kiosk.controller.phase == "attract"
        assert kiosk.controller.language == "en"
        assert kiosk.controller.currentIndex == 0


def test_touches_keep_the_visit_alive(qapp: Any, sample_result: Any) -> None:
    clock = FakeClock()
    with running_kiosk(sample_result, idle_timeout=60, clock=clock) as kiosk:
        start_visit(kiosk)
        for _ in range(4):  # four minutes, a touch every 40 s
            clock.advance(40)
            kiosk.controller.check_idle()
            tap(kiosk.window, QPoint(960, 300))
        clock.advance(59)
        kiosk.controller.check_idle()
        assert kiosk.controller.phase == "browsing"


# --- visitor activity (seen in Main.qml: a touch, click, move, wheel turn or key) ---------


def activity_calls(kiosk: Any, action: Callable[[], None]) -> int:
    """How many times `action` made QML call the controller's `activity()`."""
    calls = [0]
    code = type(kiosk.controller).activity.__code__

    def profile(frame: Any, event: str, arg: object) -> None:
        if event == "call" and frame.f_code is code:
            calls[0] += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls[0]


def focus(kiosk: Any) -> None:
    kiosk.window.requestActivate()
    for _ in range(100):
        if QGuiApplication.focusWindow() is kiosk.window:
            return
        QTest.qWait(10)
    raise AssertionError("the kiosk window never got the keyboard focus")


def test_a_click_or_a_key_starts_a_visit(kiosk: Any) -> None:
    settle()
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(400, 300))
    assert kiosk.controller.phase == "browsing"
    kiosk.controller.resetToAttract()
    settle(50)
    focus(kiosk)
    QTest.keyClick(kiosk.window, Qt.Key.Key_A)
    assert kiosk.controller.phase == "browsing"


def test_a_swipe_reaches_python_only_at_its_start(kiosk: Any) -> None:
    start_visit(kiosk)
    settle(300)
    sections = find(kiosk.window, "sections")
    top = sections.property("contentY")
    count = activity_calls(kiosk, lambda: swipe(kiosk.window, QPoint(960, 800), QPoint(960, 300)))
    assert sections.property("contentY") > top  # the swipe still reached the story below
    assert 1 <= count <= 2  # the press (and at most one move: twice a second), not every move


def test_a_touch_moving_for_a_long_time_keeps_the_visit_alive(qapp: Any, sample_result: Any) -> None:
    with running_kiosk(sample_result, idle_timeout=1.0) as kiosk:
        start_visit(kiosk)
        settle(300)
        device = touch_device()
        QTest.touchEvent(kiosk.window, device).press(0, QPoint(960, 600), kiosk.window).commit()
        pressed = kiosk.controller.session.last_input

        def hold_and_jiggle() -> None:
            for step in range(60):  # 2.4 s, longer than the idle timeout
                QTest.qWait(40)
                point = QPoint(960, 600 + (3 if step % 2 else -3))  # a finger resting
                QTest.touchEvent(kiosk.window, device).move(0, point, kiosk.window).commit()

        count = activity_calls(kiosk, hold_and_jiggle)
        assert kiosk.controller.phase == "browsing"
        assert kiosk.controller.session.last_input > pressed + 1.5
        assert 3 <= count <= 7  # twice a second, not for each of the 60 moves
        QTest.touchEvent(kiosk.window, device).release(0, QPoint(960, 600), kiosk.window).commit()
        settle(50)


def test_mouse_moves_count_only_during_a_visit(kiosk: Any) -> None:
    settle()
    for x in range(200, 1200, 100):
        QTest.mouseMove(kiosk.window, QPoint(x, 500))
    assert kiosk.controller.phase == "attract"  # a mouse moved by itself starts nothing
    start_visit(kiosk)
    before = kiosk.controller.session.last_input
    QTest.qWait(600)
    for x in range(300, 700, 40):
        QTest.mouseMove(kiosk.window, QPoint(x, 450))
        QTest.qWait(10)
    assert kiosk.controller.session.last_input > before + 0.5


def test_a_wheel_turn_counts_and_still_scrolls_the_story(kiosk: Any) -> None:
    start_visit(kiosk)
    settle(300)
    sections = find(kiosk.window, "sections")
    point = centre(sections)
    top = sections.property("contentY")
    before = kiosk.controller.session.last_input
    QTest.qWait(600)
    for _ in range(3):
        event = QWheelEvent(QPointF(point), QPointF(kiosk.window.mapToGlobal(point)), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QCoreApplication.sendEvent(kiosk.window, event)
        QTest.qWait(20)
    settle(300)
    assert sections.property("contentY") > top  # the list below the watch took the wheel
    assert kiosk.controller.session.last_input > before + 0.5


def test_sensitive_items_need_confirmation(kiosk: Any) -> None:
    start_visit(kiosk)
    window = kiosk.window
    covers = [item for item in find_all(window, "reveal") if visible(item)
              and 0 <= item.mapToScene(QPointF(0, 0)).x() < window.width()]
    assert covers, "the sample stand's sensitive section shows a notice"
    visible_before = len(covers)
    sections = find(window, "sections")
    # scroll the story until a notice is on screen, then confirm it
    button = covers[0]
    for _ in range(20):
        point = button.mapToScene(button.boundingRect().center())
        if 150 < point.y() < 900:
            break
        sections.setProperty("contentY", sections.property("contentY") + 400)
        settle(50)
    tap(window, point.toPoint())
    still = [item for item in find_all(window, "reveal") if visible(item)
             and 0 <= item.mapToScene(QPointF(0, 0)).x() < window.width()]
    assert len(still) == visible_before - 1


def test_source_sheet_lists_every_source_a_card_cites(qapp: Any, tmp_path: Path) -> None:
    """A group whose entries cite two sources: its one Source button opens both citations."""
    from kiosk.content import load_stand
    from kiosk.ui.imaging import qt_decode
    from tests.test_present import CITED_WITHIN

    (tmp_path / "stand.yaml").write_text(CITED_WITHIN, encoding="utf-8")
    result = load_stand(tmp_path, decoder=qt_decode)
    assert result.ok
    with running_kiosk(result, idle_timeout=60) as kiosk:
        root = kiosk.window
        start_visit(kiosk)
        tap_item(root, "nav-1")
        settle(500)
        buttons = [item for item in items(root) if item.objectName() == "sourceButton"
                   and item.property("sourceIds") == ["survey", "ledger"] and shown(item)]
        assert len(buttons) == 1
        tap(root, centre(buttons[0]))
        settle(400)
        assert find(root, "sourceSheet").property("open") is True
        titles = [find(root, f"sourceTitle-{n}").property("text") for n in (0, 1)]
        assert titles == ["The survey", "The ledger"]
        tap_item(root, "closeSource")


def test_source_sheet_shows_the_citation(kiosk: Any) -> None:
    start_visit(kiosk)
    source = kiosk.controller.source("mfa-event-article")
    assert source["title"]
    root = kiosk.window
    sheet = find(root, "sourceSheet")
    assert sheet.property("open") is False
    # the Source button under the first remark
    tap_item(root, "nav-3")
    settle(500)

    def in_view() -> list[Any]:
        return [item for item in items(root)
                if item.property("sourceIds") == ["mfa-event-article"] and shown(item)
                and item.objectName() == "sourceButton"
                and 112 < item.mapToScene(item.boundingRect().center()).y() < 1080 - 136]

    if not in_view():  # a long first remark: scrolled to its end, as a visitor would
        remarks = find(root, "remarks")
        remarks.setProperty("contentY", remarks.property("contentY") + 400)
        settle(300)
    buttons = in_view()
    assert buttons
    tap(root, buttons[0].mapToScene(buttons[0].boundingRect().center()).toPoint())
    settle(400)
    assert sheet.property("open") is True
    assert find(root, "sourceTitle-0").property("text") == source["title"]
    tap_item(root, "closeSource")
    settle(400)
    assert sheet.property("open") is False


def test_an_image_opens_full_screen_and_closes(kiosk: Any) -> None:
    start_visit(kiosk)
    viewer = find(kiosk.window, "imageViewer")
    assert viewer.property("open") is False
    pictures = [item for item in items(kiosk.window)
                if item.metaObject().className().startswith("QQuickImage")
                and item.property("source").toString().endswith(".png") and shown(item)
                and item.width() > 400]
    assert pictures, "the first section shows its image"
    tap(kiosk.window, centre(pictures[0]))
    settle(400)
    assert viewer.property("open") is True
    assert find(kiosk.window, "viewerImage").property("source") == pictures[0].property("source")
    tap_item(kiosk.window, "closeImage")
    settle(400)
    assert viewer.property("open") is False


def test_tapping_a_highlighted_country_lists_its_entries(kiosk: Any) -> None:
    start_visit(kiosk)
    tap_item(kiosk.window, "nav-2")
    settle(600)
    world = find(kiosk.window, "worldMap")
    # Mexico's label point, in map units of the vendored 1000-unit-wide map
    from kiosk.ui.worldmap import world_map

    geography = world_map()
    label = geography.label_point("MX")
    assert label is not None
    painted_w, painted_h = world.property("paintedWidth"), world.property("paintedHeight")
    point = world.mapToScene(QPointF(
        (world.width() - painted_w) / 2 + label.x() / geography.width * painted_w,
        (world.height() - painted_h) / 2 + label.y() / geography.height * painted_h))
    tap(kiosk.window, point.toPoint())
    settle(200)
    card = find(kiosk.window, "countryCard")
    assert shown(card)
    texts = [item.property("text") for item in items(kiosk.window) if shown(item)]
    assert any("Mexico" in str(text) and "genocide" in str(text) for text in texts)


def test_a_display_mounted_on_its_side_gets_the_portrait_layout(
    qapp: Any, sample_result: Any
) -> None:

    with running_kiosk(sample_result, rotation=90) as kiosk:
        settle()
        stage = find(kiosk.window, "stage")
        assert (stage.width(), stage.height(), stage.rotation()) == (1080, 1920, 90)
        theme = kiosk.engine.singletonInstance("Kiosk", "Theme")
        assert theme.property("landscape") is False
        # a touch on the rotated screen still reaches the rotated navigation bar
        start_visit(kiosk)
        tap_item(kiosk.window, "nav-2")
        assert kiosk.controller.currentIndex == 2
