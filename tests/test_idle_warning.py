"""Before the idle reset the kiosk asks "Still there?" for at least 20 seconds (WCAG 2.2.1),
and a touch keeps the visit. Driven by a clock the test moves on: no waiting."""

from __future__ import annotations

from typing import Any

from tests.uidriver import FakeClock, find, running_kiosk, settle, shown, tap_item


def _start(kiosk: Any) -> None:
    kiosk.controller.activity()
    settle(50)
    assert kiosk.controller.phase == "browsing"


def test_still_there_is_asked_then_a_touch_keeps_the_visit(qapp: Any, sample_result: Any) -> None:
    clock = FakeClock()
    with running_kiosk(sample_result, idle_timeout=60, animations=False, clock=clock) as kiosk:
        _start(kiosk)
        tap_item(kiosk.window, "language-az")
        warning = find(kiosk.window, "stillThere")
        clock.advance(39)
        kiosk.controller.check_idle()
        assert not kiosk.controller.stillThere and not shown(warning)
        clock.advance(2)  # 41 s idle: the last 20 s of the 60
        kiosk.controller.check_idle()
        settle(20)
        assert kiosk.controller.stillThere and shown(warning)
        assert find(kiosk.window, "stillThereQuestion").property("text") == "Hələ buradasınız?"
        assert find(kiosk.window, "stillThereSeconds").property("text") == "20"
        tap_item(kiosk.window, "stillThereContinue")
        settle(20)
        assert not kiosk.controller.stillThere and not shown(warning)
        assert kiosk.controller.phase == "browsing" and kiosk.controller.language == "az"


def test_unanswered_the_visit_ends_when_the_warning_has_stood_its_time(
    qapp: Any, sample_result: Any,
) -> None:
    clock = FakeClock()
    with running_kiosk(sample_result, idle_timeout=60, animations=False, clock=clock,
                       idle_warning=30) as kiosk:
        _start(kiosk)
        clock.advance(31)  # a venue's longer warning: 30 s of the 60
        kiosk.controller.check_idle()
        assert kiosk.controller.stillThere
        assert find(kiosk.window, "stillThereSeconds").property("text") == "30"
        clock.advance(28.5)
        kiosk.controller.check_idle()
        assert kiosk.controller.phase == "browsing"
        clock.advance(1)
        kiosk.controller.check_idle()
        assert kiosk.controller.phase == "attract" and not kiosk.controller.stillThere
