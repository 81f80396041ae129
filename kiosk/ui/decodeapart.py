"""Images decoded in a process of their own, so that no image can stop the one that asked.

No Qt here: the child (`kiosk --decode-apart`, `kiosk.ui.imaging.serve`) imports it.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("kiosk.imaging")


BATCH = 8
"""Images the child decodes side by side before it tells how they went."""
STARTUP_S = 15.0
"""How long the child may take to start (Python and Qt) and say it is ready."""
DECODE_APART = "--decode-apart"
"""argv[1] of the process `ApartDecoder` decodes in."""


class ApartDecoder:
    """Decodes images in a process of its own (`kiosk --decode-apart`), so that no image,
    however made, can stop the process that asked: a decoder that crashes, or that takes
    longer than `timeout_s` on one image, becomes that image's problem ("the decoder
    stopped on it"), and the others are decoded in a new process.

    The batch is decoded on threads in one process; if that process dies, the images it did
    not report are decoded again one by one (each announced before it starts), so the one
    that kills a decoder is named.
    """

    def __init__(self, timeout_s: float = 30.0, launcher: Sequence[str] | None = None) -> None:
        self.timeout_s = timeout_s
        frozen = getattr(sys, "frozen", False)  # a PyInstaller build: the program itself
        self.command = [*(launcher or ([sys.executable] if frozen
                                       else [sys.executable, "-m", "kiosk"])), DECODE_APART]

    def _spawn(self) -> subprocess.Popen[str]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env, text=True)

    def __call__(self, path: Path, max_pixels: int) -> str | None:
        return self.many([path], max_pixels)[0]

    def many(self, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
        said: dict[int, str | None] = {}
        if not paths:
            return []
        pending = list(range(len(paths)))
        one_by_one = len(paths) < 2
        while pending:
            told, crashed_on, why = self._run([paths[i] for i in pending], max_pixels,
                                              one_by_one=one_by_one)
            for local, problem in told.items():
                said[pending[local]] = problem
            if crashed_on is not None:
                index = pending[crashed_on]
                log.error("the image decoder stopped on %s (%s)", paths[index], why)
                said[index] = f"the decoder stopped on it ({why})"
            elif why:
                log.error("the image decoder stopped (%s); decoding one by one", why)
            before = len(pending)
            pending = [i for i in pending if i not in said]
            if pending and one_by_one and len(pending) == before:
                for i in pending:  # the decoder cannot start at all
                    said[i] = f"the decoder could not run ({why})"
                break
            one_by_one = True
        return [said[i] for i in range(len(paths))]

    def _run(self, paths: list[Path], max_pixels: int, *,
             one_by_one: bool) -> tuple[dict[int, str | None], int | None, str]:
        """Decode `paths` in a child: what it told, the image it stopped on (one by one),
        and why it stopped ("" when it finished)."""
        told: dict[int, str | None] = {}
        started: int | None = None
        try:
            child = self._spawn()
        except OSError as exc:
            return told, None, str(exc)
        lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.put(line)
            lines.put(None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert child.stdin is not None
        try:
            child.stdin.write(json.dumps({"paths": [str(p) for p in paths],
                                          "max_pixels": max_pixels, "one_by_one": one_by_one}))
            child.stdin.close()
        except OSError:
            pass  # it died at once: told by its exit below
        # the longest wait for the next word from the child: one image, or a batch of
        # `BATCH` on as many threads as it has
        threads = min(8, os.cpu_count() or 1)
        budget = self.timeout_s * (1 if one_by_one else -(-BATCH // threads))
        why = ""
        ready = False
        while True:
            try:  # first, Python and Qt start; then each image (or batch) is timed
                line = lines.get(timeout=budget if ready else STARTUP_S)
            except queue.Empty:
                child.kill()
                why = f"it took longer than {budget:g} s"
                break
            if line is None:
                break
            try:
                message = json.loads(line)
                if "ready" in message:
                    ready = True
                elif "start" in message:
                    started = int(message["start"])
                else:
                    told[int(message["done"])] = message["problem"]
                    started = None
            except (ValueError, KeyError, TypeError):
                continue
        code = child.wait()
        reader.join(timeout=5)
        if not why and (code != 0 or len(told) < len(paths)):
            why = f"signal {-code}" if code < 0 else f"exit code {code}"
        return told, (started if why else None), why
