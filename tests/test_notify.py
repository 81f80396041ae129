"""The notify protocol, checked against a socket the test owns (as systemd would own it)."""

from __future__ import annotations

import logging
import os
import socket
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.venue.notify import Notifier

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs AF_UNIX sockets")


class Listener:
    """The service manager's end: a datagram socket bound to a path or an abstract name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + name[1:] if name.startswith("@") else name)
        self.sock.settimeout(2.0)

    def receive(self) -> list[str]:
        return self.sock.recv(4096).decode("utf-8").split("\n")

    def pending(self) -> list[bytes]:
        """Every datagram already queued, without waiting."""
        got: list[bytes] = []
        self.sock.setblocking(False)
        try:
            while True:
                got.append(self.sock.recv(4096))
        except BlockingIOError:
            return got
        finally:
            self.sock.settimeout(2.0)

    def close(self) -> None:
        self.sock.close()


def _short_dir() -> Path:
    # AF_UNIX paths are limited to about 107 bytes; pytest's tmp_path can be longer
    base = Path("/tmp") if Path("/tmp").is_dir() else Path.cwd()
    folder = base / f"kiosk-notify-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


@pytest.fixture(params=["path", "abstract"])
def listener(request: pytest.FixtureRequest) -> Iterator[Listener]:
    if request.param == "abstract":
        if not sys.platform.startswith("linux"):
            pytest.skip("abstract sockets are Linux-only")
        got = Listener(f"@kiosk-test-{uuid.uuid4().hex}")
        yield got
        got.close()
        return
    folder = _short_dir()
    got = Listener(str(folder / "notify"))
    yield got
    got.close()
    (folder / "notify").unlink(missing_ok=True)
    folder.rmdir()


def test_ready_watchdog_status_and_stopping_arrive(
    listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", listener.name)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    notifier = Notifier.from_env()
    assert notifier.enabled
    assert notifier.watchdog_interval == 15.0

    assert notifier.ready("showing khojaly-31")
    assert listener.receive() == ["READY=1", "STATUS=showing khojaly-31"]
    assert notifier.watchdog()
    assert listener.receive() == ["WATCHDOG=1"]
    assert notifier.status("safe mode:\nlast good stand")
    assert listener.receive() == ["STATUS=safe mode: last good stand"]  # one line, always
    assert notifier.stopping()
    assert listener.receive() == ["STOPPING=1"]
    assert notifier.extend_timeout(1.5)
    assert listener.receive() == ["EXTEND_TIMEOUT_USEC=1500000"]
    notifier.close()


def test_nothing_is_sent_without_notify_socket(
    listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    notifier = Notifier.from_env()
    assert not notifier.enabled
    assert notifier.watchdog_interval is None
    assert not notifier.ready()
    assert not notifier.watchdog()
    assert not notifier.status("x")
    assert not notifier.stopping()
    assert listener.pending() == []


def test_watchdog_meant_for_another_process_is_ignored() -> None:
    other = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "2000000",
                               "WATCHDOG_PID": str(os.getpid() + 1)})
    assert other.enabled
    assert other.watchdog_interval is None
    mine = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "2000000",
                              "WATCHDOG_PID": str(os.getpid())})
    assert mine.watchdog_interval == 1.0
    no_pid = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "2000000"})
    assert no_pid.watchdog_interval == 1.0
    garbage = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "soon"})
    assert garbage.watchdog_interval is None


def test_unusable_address_disables_quietly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.notify"):
        notifier = Notifier.from_env({"NOTIFY_SOCKET": "vsock:2:1234"})
    assert "not a socket path" in caplog.text
    assert not notifier.enabled
    assert not notifier.ready()


def test_send_failure_never_raises_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    folder = _short_dir()
    try:
        notifier = Notifier(str(folder / "gone"), 2_000_000)  # nobody listens there
        with caplog.at_level(logging.DEBUG, logger="kiosk.notify"):
            assert not notifier.ready()
            assert not notifier.watchdog()
            assert not notifier.watchdog()
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1
        assert "could not notify" in warnings[0].getMessage()
        notifier.close()
    finally:
        folder.rmdir()
