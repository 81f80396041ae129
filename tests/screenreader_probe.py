"""What a screen reader (Orca) finds of the kiosk, read over AT-SPI from outside its process
(tests/test_screenreader_xvfb.py). Run by the system's Python, which has pyatspi (Debian's
python3-pyatspi), inside a D-Bus session (`dbus-run-session`), on an X display:

    dbus-run-session -- /usr/bin/python3 tests/screenreader_probe.py PYTHON STAND HOME

It starts the accessibility bus, then the kiosk (`PYTHON -m kiosk run STAND --windowed`, with
Qt's AT-SPI bridge on, as a venue turns it on: QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), and prints
one JSON object: what is showing on the attract screen; after the attract screen's button is
pressed through AT-SPI (as a screen reader presses it); the focused object after each Tab
(xdotool, through the X server); after the Azerbaijani button is pressed through AT-SPI.
Only the standard library and pyatspi: the project's code is not importable here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

TABS = 14


def showing(node, out, depth=0):
    """(role, name, focused) of every object showing, in the tree's order."""
    try:
        state = node.getState()
        role, name = node.getRoleName(), node.name or ""
    except Exception:  # an object gone while walked
        return out
    if depth and not state.contains(pyatspi.STATE_SHOWING):
        return out
    if depth:
        out.append({"role": role, "name": name,
                    "focused": state.contains(pyatspi.STATE_FOCUSED),
                    "focusable": state.contains(pyatspi.STATE_FOCUSABLE)})
    for index in range(min(node.childCount, 400)):
        child = node.getChildAtIndex(index)
        if child is not None:
            showing(child, out, depth + 1)
    return out


def find(node, role, name):
    """The first showing object of `role` named `name`, or None."""
    try:
        state = node.getState()
        if node.getRoleName() == role and node.name == name and state.contains(pyatspi.STATE_SHOWING):
            return node
    except Exception:
        return None
    for index in range(min(node.childCount, 400)):
        child = node.getChildAtIndex(index)
        found = find(child, role, name) if child is not None else None
        if found is not None:
            return found
    return None


def _on_bus(name):
    desktop = pyatspi.Registry.getDesktop(0)
    return any(app is not None and app.name == name
               for app in (desktop.getChildAtIndex(i) for i in range(desktop.childCount)))


def kiosk_app(deadline):
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == "kiosk" and app.childCount:
                return app
        time.sleep(0.3)
    raise SystemExit("the kiosk never appeared on the accessibility bus")


def press(node):
    """A screen reader's press: the object's first action (AT-SPI Action interface)."""
    node.queryAction().doAction(0)


def until(app, wanted, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        seen = showing(app, [])
        if wanted(seen) or time.monotonic() > deadline:
            return seen
        time.sleep(0.3)


def xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30,
                          check=False).stdout


def _said(debug_file):
    """What Orca said so far, a line an utterance, from its debug file."""
    try:
        with open(debug_file, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return ""
    marker = "SPEECH OUTPUT: '"
    said = []
    for line in text.splitlines():
        if marker in line:
            words = line.split(marker, 1)[1]
            said.append(words.rsplit("'{", 1)[0] if "'{" in words else words.rstrip("'"))
    return "\n".join(said)


def main() -> int:
    python, stand, home = sys.argv[1:4]
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
           "XDG_CACHE_HOME": os.path.join(home, ".cache"),
           "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
           "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
           "QT_QPA_PLATFORM": "xcb", "QT_QUICK_BACKEND": "software",
           "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    # Orca itself, where installed: what it would say is in its debug file ("SPEECH OUTPUT")
    speech_log = os.path.join(home, "orca-debug.out")
    orca = None
    if os.path.exists("/usr/bin/orca"):
        orca = subprocess.Popen(["/usr/bin/orca", "--replace", "--debug-file", speech_log],
                                env={**env, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": ""},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20  # on the bus (its debug file is written in blocks)
        while time.monotonic() < deadline and not _on_bus("orca"):
            time.sleep(0.2)
    kiosk = subprocess.Popen([python, "-m", "kiosk", "run", stand, "--windowed"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    report = {}
    try:
        app = kiosk_app(time.monotonic() + 60)
        # the stand's own window (on a first start a neutral one comes first, while the
        # stand is checked), its attract screen
        report["attract"] = until(app, lambda seen: any(
            o["role"] == "frame" and o["name"] != "kiosk" for o in seen) and any(
            o["role"] == "push button" and "Touch" in o["name"] for o in seen), timeout=60)
        window = xdotool("search", "--sync", "--onlyvisible", "--name", "Khojaly").split()
        if orca is not None and window:
            # Orca speaks for the active window: it must see this one become active after it
            # has taken up the program (at a venue Orca runs long before the kiosk starts)
            time.sleep(1.5)
            xdotool("windowminimize", "--sync", window[0])
            xdotool("windowactivate", "--sync", window[0])
            time.sleep(1.5)
        start = next(o for o in report["attract"] if o["role"] == "push button")
        press(find(app, "push button", start["name"]))
        report["visit"] = until(app, lambda seen: any(o["role"] == "page tab" for o in seen))
        if window:
            xdotool("windowactivate", "--sync", window[0])
        # as Orca follows the focus: by the events the kiosk sends when it moves
        heard = []

        def on_focus(event):
            if event.detail1 == 1:
                try:
                    heard.append({"role": event.source.getRoleName(), "name": event.source.name or ""})
                except Exception:
                    heard.append({"role": "", "name": ""})

        pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
        context = GLib.MainContext.default()
        report["tabs"] = []
        # a visitor's pace when Orca listens: it drops events that come in a flood
        pace = 0.8 if orca is not None else 0.0
        time.sleep(2 * pace)
        for _ in range(TABS):
            heard.clear()
            time.sleep(pace)
            xdotool("key", "Tab")
            deadline = time.monotonic() + 3
            while not heard and time.monotonic() < deadline:
                if not context.iteration(False):
                    time.sleep(0.02)
            while context.iteration(False):  # what else came with it
                pass
            report["tabs"].append(heard[-1] if heard else None)
        pyatspi.Registry.deregisterEventListener(on_focus, "object:state-changed:focused")
        press(find(app, "push button", "Azərbaycanca"))
        report["az"] = until(app, lambda seen: any(o["role"] == "page tab" and o["name"] == "Rəqəmlərlə"
                                                   for o in seen), timeout=10)
    finally:
        kiosk.terminate()
        try:
            _, errors = kiosk.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            _, errors = kiosk.communicate()
        if orca is not None:
            orca.terminate()
            orca.wait(10)
            report["orca"] = [line for line in _said(speech_log).splitlines() if line]
        bus.terminate()
        report["stderr"] = errors[-4000:]
        print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
