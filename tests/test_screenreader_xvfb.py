"""A screen reader's view of the kiosk (issue 18): the kiosk on a real X window, read over
AT-SPI from another process, as Orca reads it (tests/screenreader_probe.py, run by the
system's Python with Debian's pyatspi in a D-Bus session of its own). What a blind visitor's
screen reader meets: the attract screen's start button, named; nothing of the panels under
it; after the start, the controls and the panels named and with their roles; the Tab key
moving the focus from one named object to the next; every name in the visitor's language
once it is switched; a sensitive item named by its notice, not by what it hides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.uidriver import require_tools
from tools.xharness import XServer

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

ROOT = Path(__file__).parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def _has_pyatspi() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    require_tools("Xvfb", "xdotool", "openbox", "dbus-run-session", "orca")
    if not (_has_pyatspi() and Path(BUS_LAUNCHER).exists()) and not os.environ.get("CI"):
        pytest.skip("needs Debian's python3-pyatspi and at-spi2-core (./test.sh installs them as root)")
    home = tmp_path_factory.mktemp("home")
    with XServer((1920, 1080), window_manager=True) as server:
        done = subprocess.run(
            ["dbus-run-session", "--", SYSTEM_PYTHON, str(ROOT / "tests" / "screenreader_probe.py"),
             sys.executable, str(ROOT / "content" / "khojaly-31"), str(home)],
            env={**server.env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
            timeout=240, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Traceback" not in report["stderr"], report["stderr"]
    return report


def named(objects: list[dict[str, Any]], role: str) -> list[str]:
    return [o["name"] for o in objects if o["role"] == role]


def test_the_attract_screen_is_one_named_button_and_hides_the_panels(seen: dict[str, Any]) -> None:
    buttons = named(seen["attract"], "push button")
    assert any("Khojaly" in name and "Touch to begin" in name for name in buttons), buttons
    roles = {o["role"] for o in seen["attract"]}
    assert not roles & {"page tab", "section", "paragraph"}, roles  # the panels under it


def test_the_visit_offers_every_control_named_with_its_role(seen: dict[str, Any]) -> None:
    visit = seen["visit"]
    assert named(visit, "page tab") == ["Background", "In numbers", "Recognition", "Remarks"]
    assert {"Larger text", "High contrast", "Lower the screen"} <= set(named(visit, "check box"))
    assert {"English", "Azərbaycanca", "Русский", "Source"} <= set(named(visit, "push button"))
    sections = named(visit, "section")
    assert sections and sections[0].startswith("The commemorative event. The Foreign Ministry")
    assert all(".." not in name for name in sections)
    unnamed = [o for o in visit if o["focusable"] and not o["name"]]
    assert not unnamed, unnamed  # every control a visitor can reach says what it is


def test_tab_moves_the_screen_readers_focus_from_one_named_object_to_the_next(
    seen: dict[str, Any],
) -> None:
    focused = [f for f in seen["tabs"] if f is not None]
    assert len(focused) >= len(seen["tabs"]) - 1, seen["tabs"]
    assert all(f["name"] for f in focused), focused
    assert len({(f["role"], f["name"]) for f in focused}) >= 6, focused  # it moves
    names = [f["name"] for f in focused]
    assert "Larger text" in names and any(n.startswith("The commemorative event") for n in names)
    # the section covered by its notice is named by the notice, not by what it hides
    covered = [n for n in names if "violence against civilians" in n]
    assert covered and all("bayonets" not in n for n in names), names


def test_names_follow_the_visitors_language(seen: dict[str, Any]) -> None:
    az = seen["az"]
    assert named(az, "page tab") == ["Ümumi məlumat", "Rəqəmlərlə", "Tanınma", "Çıxış"]
    assert {"Böyük mətn", "Yüksək kontrast"} <= set(named(az, "check box"))


def test_orca_says_each_control_and_item_as_the_keypad_reaches_it(seen: dict[str, Any]) -> None:
    """Orca itself (Debian's orca, run in the probe's session): what it would speak, from its
    debug file, as the Tab key moves through the visit."""
    said = seen.get("orca")
    assert said is not None, "Orca was not run (is /usr/bin/orca installed?)"
    assert "Larger text check box not checked." in said, said
    assert "Azərbaycanca push button." in said, said
    assert any(line.startswith("The commemorative event. The Foreign Ministry") and line.endswith("section.")
               for line in said), said
    assert not any("bayonets" in line for line in said), said  # a covered item: its notice
    assert any("violence against civilians" in line for line in said), said
