"""The PIN pad's lockout, without Qt."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.files import read_small
from kiosk.visit.pingate import PinGate, describe_wait


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


# --- back-off and the state file ------------------------------------------------------------

class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def gate_at(path: Path | None, clock: Clock) -> PinGate:
    return PinGate(verify=lambda pin: pin == "4711", path=path, clock=clock)


def test_each_wrong_pin_after_a_lock_doubles_it_up_to_the_cap() -> None:
    clock = Clock()
    pad = gate_at(None, clock)
    for _ in range(4):
        assert pad.check("0000") is False
        assert not pad.locked()
    locks = []
    for _ in range(9):
        assert pad.check("0000") is False
        locks.append(pad.remaining())
        assert pad.check("4711") is False, "locked: even the right PIN is refused"
        clock.now += pad.remaining()  # wait it out
    assert locks == [300, 600, 1200, 2400, 4800, 9600, 14400, 14400, 14400]
    assert pad.failures == 13, "a lock does not reset the count"
    assert pad.check("4711") is True
    assert pad.failures == 0
    assert pad.check("0000") is False and not pad.locked(), "a fresh count after a success"


def test_the_count_and_the_lock_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state" / "pin-gate.json"
    clock = Clock()
    pad = gate_at(state, clock)
    for _ in range(3):
        pad.check("0000")
    again = gate_at(state, clock)  # a restart
    assert again.failures == 3
    again.check("0000")
    again.check("0000")
    assert again.locked()
    clock.now += 100
    third = gate_at(state, clock)  # restarted while locked: still locked, for what is left
    assert third.locked() and third.remaining() == 200
    assert third.check("4711") is False
    clock.now += 200
    assert third.check("0000") is False and third.remaining() == 600, "the back-off goes on"
    clock.now += 600
    assert gate_at(state, clock).check("4711") is True
    assert gate_at(state, clock).failures == 0, "the success was kept too"


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"failures": -1, "locked_until": 0,'
                                     b' "lock_s": 0}', b'{"failures": 2}', b"\xff\xfe",
                                     b'{"failures": 1, "locked_until": 0, "lock_s": 1e9}'])
def test_a_damaged_state_file_locks_the_pad_for_the_base_period(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    state = tmp_path / "pin-gate.json"
    state.write_bytes(content)
    clock = Clock()
    pad = gate_at(state, clock)
    assert pad.locked() and pad.remaining() == 300
    assert pad.check("4711") is False
    assert "cannot be read" in caplog.text
    clock.now += 300
    assert pad.check("0000") is False and pad.remaining() == 600, "not a fresh count either"


def test_a_clock_set_back_cannot_stretch_a_lock(tmp_path: Path) -> None:
    clock = Clock()
    pad = gate_at(tmp_path / "pin-gate.json", clock)
    for _ in range(5):
        pad.check("0000")
    clock.now -= 86_400 * 365  # the clock jumped a year back
    assert pad.remaining() == 300
    clock.now += 200  # and the lock still runs out, rather than staying at 5 min for a year
    assert pad.remaining() == 100
    clock.now += 100
    assert not pad.locked() and pad.check("4711")
    restarted = gate_at(tmp_path / "pin-gate.json", clock)  # right PIN: saved as unlocked
    assert not restarted.locked()


def test_the_state_file_is_replaced_whole(tmp_path: Path) -> None:
    state = tmp_path / "pin-gate.json"
    pad = gate_at(state, Clock())
    pad.check("0000")
    assert json.loads(state.read_text()) == {"failures": 1, "locked_until": 0.0, "lock_s": 0.0}
    assert [p.name for p in tmp_path.iterdir()] == ["pin-gate.json"], "no temporary left"
    assert state.stat().st_mode & 0o077 == 0


def test_an_unwritable_state_folder_still_counts_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    pad = gate_at(blocker / "pin-gate.json", Clock())
    for _ in range(5):
        assert pad.check("0000") is False
    assert pad.locked()
    assert caplog.text.count("cannot keep the PIN pad's state") == 1


def test_waits_are_described_for_staff() -> None:
    assert [describe_wait(s) for s in (0.2, 59, 61, 3599, 3600, 14_400, 9_000)] == [
        "1 s", "59 s", "2 min", "1 h 00 min", "1 h 00 min", "4 h 00 min", "2 h 30 min"]


def _returns_within(seconds: float, call: Callable[[], object]) -> object:
    """`call()`'s result, failing the test (not hanging it) if it blocks."""
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert done, "blocked reading a pipe put in place of a state file"
    return done[0]


def test_a_pipe_or_a_folder_in_place_of_a_state_file_is_refused_at_once(tmp_path: Path) -> None:
    # opening and reading a pipe with no writer blocks for ever: the kiosk would not start
    from kiosk.content.decodecache import _read as read_decode_cache
    from kiosk.content.memo import Memo
    from kiosk.venue.crashes import StartLog
    from kiosk.venue.health import HealthError, read_health
    from kiosk.venue.pinfile import set_pin
    from kiosk.venue.settings import load_settings

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    pad = _returns_within(5, lambda: PinGate(verify=lambda pin: pin == "4711", path=pipe))
    assert isinstance(pad, PinGate) and pad.locked(), "unreadable: locked as a precaution"
    settings = _returns_within(5, lambda: load_settings(pipe))
    assert "cannot read the settings file" in str(settings)

    def pin() -> str:
        try:
            set_pin(pipe, "4711")
        except OSError as exc:
            return str(exc)
        return ""
    assert "not a regular file" in str(_returns_within(5, pin))
    assert _returns_within(5, lambda: StartLog(pipe)._read()) == []
    assert _returns_within(5, lambda: Memo(pipe)._entries()) == {}
    assert _returns_within(5, lambda: read_decode_cache(pipe)) == []

    def status() -> str:
        try:
            read_health(pipe)
        except HealthError as exc:
            return str(exc)
        return ""
    assert _returns_within(5, status)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OSError, match="not a regular file"):
        read_small(folder, 10)
    (tmp_path / "grown").write_bytes(b"x" * 11)
    with pytest.raises(OSError, match="larger than 10 bytes"):
        read_small(tmp_path / "grown", 10)
