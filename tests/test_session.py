"""The visit's state machine, without Qt: times are passed in."""

from __future__ import annotations

import pytest

from kiosk.visit.session import READING_S, WARNING_S, Idle, Phase, Session


def make(timeout: float = 10) -> Session:
    return Session(("en", "az", "ru"), panel_count=4, idle_timeout=timeout)


def test_starts_on_the_attract_screen_in_the_first_language() -> None:
    session = make()
    assert session.phase is Phase.ATTRACT
    assert session.language == "en"
    assert session.idle_remaining(now=1000) == float("inf")


def test_first_touch_starts_a_visit_and_later_ones_do_not() -> None:
    session = make()
    assert session.touch(1.0) is True
    assert session.phase is Phase.BROWSING
    assert session.touch(2.0) is False
    assert session.visits == 1


def test_idle_time_counts_from_the_last_touch() -> None:
    session = make(timeout=60)
    session.touch(100.0)
    session.touch(105.0)
    assert session.idle_remaining(110.0) == pytest.approx(55.0)
    assert session.idle_remaining(200.0) == 0.0


def test_still_there_is_asked_for_the_last_20_seconds_before_the_reset() -> None:
    session = make(timeout=90)
    session.touch(0.0)
    assert session.idle_state(69.9) is Idle.ACTIVE
    assert session.next_idle_check(0.0) == pytest.approx(70.0)  # when the warning is due
    assert session.idle_state(70.0) is Idle.WARNING
    assert session.next_idle_check(75.0) == pytest.approx(15.0)  # when the reset is due
    assert session.idle_state(90.0) is Idle.DUE
    session.touch(80.0)  # a touch while warned keeps the visit, for a whole timeout again
    assert session.idle_state(149.9) is Idle.ACTIVE


@pytest.mark.parametrize("timeout", [5, 10, 29])
def test_a_short_idle_timeout_still_gives_time_to_read_and_20_seconds_to_answer(
    timeout: float,
) -> None:
    session = make(timeout=timeout)
    session.touch(0.0)
    assert session.idle_state(READING_S - 0.1) is Idle.ACTIVE
    assert session.idle_state(READING_S) is Idle.WARNING
    assert session.idle_state(READING_S + WARNING_S - 0.1) is Idle.WARNING
    assert session.idle_state(READING_S + WARNING_S) is Idle.DUE
    assert WARNING_S >= 20  # WCAG 2.2.1


def test_reset_restores_language_and_first_panel() -> None:
    session = make()
    session.touch(0)
    session.go_to(3)
    session.set_language("ru")
    session.reset()
    assert (session.phase, session.panel_index, session.language) == (Phase.ATTRACT, 0, "en")


def test_go_to_is_clamped_and_unknown_languages_refused() -> None:
    session = make()
    assert session.go_to(99) == 3
    assert session.go_to(-5) == 0
    assert session.set_language("fr") is False
    assert session.language == "en"


def test_a_session_needs_a_language() -> None:
    with pytest.raises(ValueError):
        Session((), panel_count=1, idle_timeout=5)
