"""The PIN pad's lockout, without Qt."""

from __future__ import annotations

from kiosk.pingate import PinGate


def gate() -> PinGate:
    return PinGate(verify=lambda pin: pin == "4711", max_attempts=5, lock_seconds=300)


def test_the_right_pin_opens() -> None:
    assert gate().check("4711", now=0) is True


def test_five_wrong_pins_lock_the_pad_even_for_the_right_one() -> None:
    pad = gate()
    for attempt in range(5):
        assert pad.check("0000", now=attempt) is False
    assert pad.locked(now=10)
    assert pad.check("4711", now=10) is False
    assert pad.remaining(now=10) == 294


def test_the_lock_ends_and_a_success_resets_the_count() -> None:
    pad = gate()
    for attempt in range(5):
        pad.check("0000", now=attempt)
    assert pad.check("4711", now=305) is True
    for attempt in range(4):
        pad.check("1111", now=400 + attempt)
    assert pad.check("4711", now=410) is True
    assert pad.failures == 0
    assert not pad.locked(now=411)
