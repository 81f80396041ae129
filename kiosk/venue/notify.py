"""The service manager's notify protocol (systemd `sd_notify`), spoken directly; no Qt here.

Under systemd with `Type=notify` the kiosk tells the service manager when it is ready
(`READY=1`, once its first frame is on screen), proves that its user-interface loop is alive
(`WATCHDOG=1`, at half the `WatchdogSec` interval) and says what it is doing (`STATUS=...`,
shown by `systemctl --user status kiosk`). The protocol is one datagram of newline-separated
`KEY=value` lines sent to the AF_UNIX socket named in `$NOTIFY_SOCKET`; a name starting with
`@` is a Linux abstract socket.

Outside systemd (a developer's terminal, Windows, a test) `NOTIFY_SOCKET` is unset and every
call does nothing. A failed send never raises: the kiosk must keep showing its stand even when
the service manager is gone; the first failure is logged, later ones only at debug level.

The heartbeat itself belongs on the GUI thread (see `kiosk.ui.service.start_heartbeat`), so that
a blocked user interface stops it and the service manager restarts the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("kiosk.notify")

__all__ = ["Notifier"]


def _socket_address(name: str) -> str | None:
    """The address to send to, or None for a kind of socket this client does not speak."""
    if name.startswith("@"):
        return "\0" + name[1:]  # Linux abstract namespace
    if name.startswith("/"):
        return name
    return None  # e.g. "vsock:..." (systemd in a VM); not used on a kiosk


def _one_line(text: str) -> str:
    # the protocol is line-based: a newline in a status would start a new assignment
    return " ".join(text.split())


class Notifier:
    """Sends notify-protocol messages to the service manager, if there is one.

    `Notifier.from_env()` is the normal way to make one. `enabled` says whether messages go
    anywhere; `watchdog_interval` is how often, in seconds, `watchdog()` should be called
    (half the service's `WatchdogSec`), or None when no watchdog is asked for.
    """

    def __init__(self, socket_name: str | None, watchdog_usec: int | None = None) -> None:
        self.socket_name = socket_name or None
        self._address: str | None = None
        self._socket: socket.socket | None = None
        self._failed_once = False
        if self.socket_name is not None:
            self._address = _socket_address(self.socket_name)
            if self._address is None:
                log.warning("NOTIFY_SOCKET=%r is not a socket path or an abstract name; "
                            "not notifying the service manager", self.socket_name)
        self.watchdog_usec = watchdog_usec if watchdog_usec and watchdog_usec > 0 else None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        """Read NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (as `sd_watchdog_enabled` does)."""
        env = os.environ if environ is None else environ
        usec: int | None = None
        raw_usec = env.get("WATCHDOG_USEC", "")
        raw_pid = env.get("WATCHDOG_PID", "")
        if raw_usec:
            try:
                usec = int(raw_usec)
            except ValueError:
                log.warning("ignoring WATCHDOG_USEC=%r: not a whole number", raw_usec)
        if usec is not None and raw_pid:
            # the watchdog is meant for one process; a child that inherited the
            # variables must not send heartbeats on its parent's behalf
            try:
                meant_for = int(raw_pid)
            except ValueError:
                log.warning("ignoring WATCHDOG_PID=%r: not a process id", raw_pid)
                usec = None
            else:
                if meant_for != os.getpid():
                    usec = None
        return cls(env.get("NOTIFY_SOCKET") or None, usec)

    @property
    def enabled(self) -> bool:
        """Whether messages are sent anywhere (NOTIFY_SOCKET set to a usable address)."""
        return self._address is not None

    @property
    def watchdog_interval(self) -> float | None:
        """Seconds between heartbeats: half of WATCHDOG_USEC, or None without a watchdog."""
        if self.watchdog_usec is None or not self.enabled:
            return None
        return self.watchdog_usec / 2 / 1_000_000

    def notify(self, *assignments: str) -> bool:
        """Send `KEY=value` lines in one datagram; True if it was handed to the socket."""
        if self._address is None or not assignments:
            return False
        payload = "\n".join(assignments).encode("utf-8", "replace")
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                # never wait on a full queue: a heartbeat is sent from the GUI thread
                self._socket.setblocking(False)
            self._socket.sendto(payload, self._address)
        except OSError as exc:
            level = logging.DEBUG if self._failed_once else logging.WARNING
            log.log(level, "could not notify the service manager at %s: %s",
                    self.socket_name, exc)
            self._failed_once = True
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        """The first frame is on screen: the service is up (`READY=1`)."""
        lines = ["READY=1"]
        if status:
            lines.append(f"STATUS={_one_line(status)}")
        return self.notify(*lines)

    def watchdog(self) -> bool:
        """One heartbeat (`WATCHDOG=1`); call it from the loop that must stay alive."""
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """A one-line status for `systemctl status` (`STATUS=...`)."""
        return self.notify(f"STATUS={_one_line(text)}")

    def stopping(self) -> bool:
        """The kiosk is shutting down on purpose (`STOPPING=1`)."""
        return self.notify("STOPPING=1")

    def extend_timeout(self, seconds: float) -> bool:
        """Ask for more time to start or stop (`EXTEND_TIMEOUT_USEC=...`), e.g. a slow import."""
        return self.notify(f"EXTEND_TIMEOUT_USEC={max(0, round(seconds * 1_000_000))}")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __repr__(self) -> str:
        return (f"Notifier(socket={self.socket_name!r}, "
                f"watchdog_interval={self.watchdog_interval!r})")
