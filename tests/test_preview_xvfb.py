"""`kiosk preview` on a real X screen (Xvfb): editing the title in stand.yaml changes the
window within a second; a typo names its line; fixing it clears it. Observed from outside,
through the window's title (xdotool), as a window manager sees it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stands import copy_sample, line_of
from tests.test_xvfb import _wait, display, xdo

__all__ = ["display"]  # the Xvfb fixture, shared with test_xvfb

pytestmark = pytest.mark.xvfb


def _titles(display_name: str) -> list[str]:
    ids = xdo(display_name, "search", "--name", "^Preview: ").split()
    return [xdo(display_name, "getwindowname", window) for window in ids]


def test_preview_follows_saves_on_a_real_window(display: str, tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "stand")
    file = folder / "stand.yaml"
    home = tmp_path / "home"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "QT_QUICK_BACKEND": "software", "HOME": str(home),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".state")}
    preview = subprocess.Popen([sys.executable, "-m", "kiosk", "preview", str(folder),
                                "--size", "1080x1920"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: any("The Khojaly genocide: 31 years" in t for t in _titles(display)),
              30, "the preview window")
        file.write_text(file.read_text(encoding="utf-8").replace(
            'en: "The Khojaly genocide: 31 years"', 'en: "Edited title"'), encoding="utf-8")
        saved = time.monotonic()
        _wait(lambda: any("Preview: Edited title" in t for t in _titles(display)), 5,
              "the edited title")
        assert time.monotonic() - saved < 1.0 + 0.2  # within a second (0.1 s polling here)
        text = file.read_text(encoding="utf-8").replace("idle_timeout_s:", "idle_timout_s:")
        file.write_text(text, encoding="utf-8")
        line = line_of(text, "idle_timout_s")
        _wait(lambda: any(f"NOT valid (1 error(s), first at stand/stand.yaml:{line}:1)" in t
                          for t in _titles(display)), 5, "the problem")
        file.write_text(text.replace("idle_timout_s:", "idle_timeout_s:"), encoding="utf-8")
        _wait(lambda: any("Preview: Edited title" in t for t in _titles(display)), 5,
              "the fix")
    finally:
        preview.terminate()
        preview.wait(10)
