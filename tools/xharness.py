"""What the real-window tests, the soak (tools/soak.py) and the benchmarks share: an X server
of their own (Xvfb, with openbox where a window manager matters), a home of their own (so
nothing of the user's settings, statistics or logs is read or written), the version of the
code measured, and the writer of generated sections in docs/*.md.

Tests import it as `tools.xharness`; scripts in tools/ and benchmarks/ as `xharness`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICE_VARIABLES = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")
"""The service manager's: a kiosk started by a test must not talk to the one running it."""


class XServer:
    """Xvfb on a free display (it picks the number: `-displayfd`), with openbox on it when
    `window_manager` (it turns Alt+F4 into a close request and frames windows, as at a
    venue); a black root window when `black` (no grey weave in screenshots).

        with XServer((1920, 1080), window_manager=True) as x:
            x.xdotool("search", "--name", "kiosk")
    """

    def __init__(self, size: tuple[int, int] = (1920, 1080), *, window_manager: bool = False,
                 black: bool = False) -> None:
        self.size = size
        self.window_manager = window_manager
        self.black = black
        self.display = ""
        self.env: dict[str, str] = {}
        self._processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> XServer:
        read_end, write_end = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0",
             f"{self.size[0]}x{self.size[1]}x24", "-nolisten", "tcp", "-noreset",
             *(["-br"] if self.black else [])],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._processes.append(server)
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + 20
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(16)
                if not chunk or time.monotonic() > deadline:
                    break
                number += chunk
        if not number.strip():
            self.close()
            raise RuntimeError("Xvfb did not start (apt-get install xvfb)")
        self.display = f":{number.decode().strip()}"
        self.env = {name: value for name, value in os.environ.items()
                    if not name.startswith(("QT_", "WAYLAND_")) and name not in SERVICE_VARIABLES}
        self.env["DISPLAY"] = self.display
        if self.window_manager:
            self._processes.insert(0, subprocess.Popen(
                ["openbox", "--sm-disable"], env=self.env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
            time.sleep(0.5)  # managing the screen before the first window maps
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        """The X server's process."""
        return self._processes[-1].pid

    def close(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.terminate()
        for process in self._processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._processes.clear()

    def xdotool(self, *args: str, check: bool = True, timeout: float = 30) -> str:
        """xdotool on this display; its output. `search` finding nothing is no failure."""
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if check and done.returncode != 0 and args[0] != "search":
            raise RuntimeError(f"xdotool {' '.join(args[:6])} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def windows_of(self, pid: int) -> list[str]:
        """The visible windows of process `pid`."""
        return self.xdotool("search", "--onlyvisible", "--pid", str(pid)).split()

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y, width and height of `window` on the screen."""
        values = dict(line.split("=", 1)
                      for line in self.xdotool("getwindowgeometry", "--shell", window).split())
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def stop_gently(process: subprocess.Popen[bytes] | subprocess.Popen[str], wait: float = 20) -> None:
    """SIGTERM (as systemd stops the kiosk), then SIGKILL if it has not ended in `wait` s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def home_env(home: Path) -> dict[str, str]:
    """The variables that give a process `home` as its own: settings, data, state (logs,
    health) and caches all under it."""
    return {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it."""
    def git(*arguments: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True,
                                  text=True, timeout=30, check=False)
        except OSError:
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "kiosk", "resources",
                "content")
    return f"commit {commit}" + (" plus uncommitted changes in kiosk/, resources/ or content/"
                                 if dirty else "")


def write_section(document: Path, name: str, body: str, title: str) -> None:
    """Replace the text between `<!-- name:begin -->` and `<!-- name:end -->` in `document`
    (a new document is given `title`; a section it lacks is added at its end)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    text = document.read_text(encoding="utf-8") if document.exists() else f"# {title}\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(text, encoding="utf-8")
