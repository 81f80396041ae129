"""The visit's state machine, without Qt: times are passed in."""

from __future__ import annotations

import pytest

from kiosk.visit.session import Phase, Session


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
    session = make(timeout=10)
    session.touch(100.0)
    session.touch(105.0)
    assert session.idle_remaining(110.0) == pytest.approx(5.0)
    assert session.idle_remaining(200.0) == 0.0


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
