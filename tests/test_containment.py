"""Containment: the kiosk reads only its stand, its own files and the runtime it needs, writes
only to its own data folders (and where it is told to), and never touches the network.

Two views, each in a subprocess:

- a Python audit hook (`sys.addaudithook`, which cannot be removed again: hence a
  subprocess) records every file the Python side opens and every socket call while a stand
  is loaded and checked, snapshots are rendered, a Kiosk window runs a visit and
  `kiosk run` starts and paints its first frame. The hook sees Python's opens only, not
  those Qt's C++ code makes (fonts, QML files, images, plugins);
- `strace -f` sees every system call of the whole process, C++ included: no connect, bind or
  send to an internet address, and no file opened for writing outside the expected places.

What was seen when this was written is in docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import kiosk
from kiosk.paths import CONTENT_DIR, PACKAGE_DIR, QML_DIR, RESOURCES_DIR, SAMPLE_STAND
from tools.xharness import home_env

pytestmark = pytest.mark.slow  # the kiosk run whole, under an audit hook and strace: minutes

SCRIPT = r'''
"""Run the kiosk's work under an audit hook; write what it did as JSON to argv[4]."""
import os
import sys

EVENTS = {"open": [], "network": [], "spawn": [], "sqlite": []}
RECORDING = [True]
NETWORK = {
    "socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto",
    "socket.sendmsg", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
    "socket.gethostname", "http.client.connect", "http.client.send", "urllib.Request",
    "ftplib.connect", "smtplib.connect", "poplib.connect", "imaplib.open", "telnetlib.Telnet.open",
    "webbrowser.open",
}
SPAWN = {"subprocess.Popen", "os.system", "os.posix_spawn", "os.fork", "os.forkpty", "pty.spawn"}


def describe(value):
    if hasattr(value, "family") and hasattr(value, "fileno"):  # a socket object
        return {"socket": int(value.family)}
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    if isinstance(value, (str, int, float, type(None))):
        return value
    if isinstance(value, (tuple, list)):
        return [describe(v) for v in value]
    return repr(value)[:200]


def hook(event, args):
    if not RECORDING[0]:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int):
            return  # an already open descriptor
        EVENTS["open"].append([os.path.abspath(os.fsdecode(path)), mode, flags])
    elif event == "sqlite3.connect":
        EVENTS["sqlite"].append(os.path.abspath(os.fsdecode(args[0])))
    elif event in NETWORK:
        EVENTS["network"].append([event, describe(list(args))])
    elif event in SPAWN or event.startswith(("os.exec", "os.spawn")):
        EVENTS["spawn"].append([event, repr(args)[:300]])


sys.addaudithook(hook)

import json  # noqa: E402
from pathlib import Path  # noqa: E402

stand, out, result_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

from kiosk.content import load_stand  # noqa: E402
from kiosk.ui.imaging import qt_decode  # noqa: E402

result = load_stand(stand, decoder=qt_decode)
assert result.ok, [p.format() for p in result.problems]

from kiosk.ui.snapshot import render_snapshots  # noqa: E402

written = render_snapshots(result, out, language="en")
assert len(written) == 1 + len(result.stand.panels), written

from PySide6.QtTest import QTest  # noqa: E402

from kiosk.ui.app import Kiosk, application  # noqa: E402
from kiosk.venue.stats import Recorder, default_stats_path  # noqa: E402

app = application()
window = Kiosk(result, idle_timeout=5)
window.window.resize(1920, 1080)
window.window.show()
QTest.qWait(300)
window.controller.activity()
for index in range(len(result.stand.panels)):
    window.controller.goTo(index)
    QTest.qWait(150)
window.controller.setLanguage(result.stand.languages[-1])
QTest.qWait(150)
window.window.close()
del window

recorder = Recorder(default_stats_path())  # the statistics database, in the kiosk's data folder
recorder.visit_started(result.stand.id, "en")
recorder.visit_ended()
recorder.close()

from kiosk.cli.commands import main  # noqa: E402

code = main(["run", str(stand), "--quit-after-first-frame"])  # settings, health, log files
RECORDING[0] = False
result_file.write_text(json.dumps({"events": EVENTS, "run_exit": code,
                                   "written": [str(p) for p in written]}))
'''


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The stand copy, the output folder, an isolated HOME and TMPDIR, a neutral cwd."""
    root = tmp_path_factory.mktemp("containment")
    named = {name: root / name for name in ("stand", "out", "traced-out", "home", "tmp", "cwd")}
    shutil.copytree(SAMPLE_STAND, named["stand"])
    for name in ("home", "tmp", "cwd"):
        named[name].mkdir()
    named["root"] = root
    return named


def isolated_env(places: dict[str, Path]) -> dict[str, str]:
    home = places["home"]
    env = {
        **os.environ, **home_env(home), "TMPDIR": str(places["tmp"]),
        "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
    }
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "DISPLAY", "WAYLAND_DISPLAY",
                 "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    return env


def real(path: str | Path) -> str:
    return os.path.realpath(path)


def under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def allowed_roots(places: dict[str, Path]) -> dict[str, list[str]]:
    """Where the kiosk may open files, by what they are."""
    package_dir = real(Path(kiosk.__file__).parent)
    return {
        "stand": [real(places["stand"])],
        "output": [real(places["out"]), real(places["traced-out"])],
        "working directory": [real(places["cwd"])],
        "own data (isolated HOME)": [real(places["home"])],
        "temporary files (TMPDIR)": [real(places["tmp"])],
        "the program": sorted({package_dir, real(PACKAGE_DIR), real(QML_DIR), real(RESOURCES_DIR),
                               real(CONTENT_DIR)}),
        "Python and its packages": sorted({real(sys.prefix), real(sys.base_prefix)}),
        "system": ["/dev", "/proc", "/sys", "/etc"],
    }


def classify(path: str, roots: dict[str, list[str]]) -> str | None:
    for name, folders in roots.items():
        if under(path, folders):
            return name
    return None


# --- the audit hook ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audited(places: dict[str, Path]) -> dict[str, Any]:
    script = places["root"] / "audited.py"
    script.write_text(SCRIPT)
    result_file = places["root"] / "events.json"
    done = subprocess.run(
        [sys.executable, str(script), str(places["stand"]), str(places["out"]), str(result_file)],
        env=isolated_env(places), cwd=places["cwd"], capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    data: dict[str, Any] = json.loads(result_file.read_text())
    data["stderr"] = done.stderr
    return data


def test_the_audited_run_did_the_whole_job(audited: dict[str, Any], places: dict[str, Path]) -> None:
    """The run under the hook really loaded, rendered, ran a visit and started `kiosk run`."""
    assert audited["run_exit"] == 0
    assert len(audited["written"]) == 5 and all(Path(p).stat().st_size > 10_000 for p in audited["written"])
    opened = {real(path) for path, _, _ in audited["events"]["open"]}
    assert real(places["stand"] / "stand.yaml") in opened
    assert any(path.startswith(real(places["home"])) for path in opened), "no own data file opened"
    stats = audited["events"]["sqlite"]
    assert stats and all(under(real(p), [real(places["home"])]) for p in stats), stats
    assert "first frame shown" in audited["stderr"]


def test_no_network_under_the_audit_hook(audited: dict[str, Any]) -> None:
    events = audited["events"]["network"]
    kinds = Counter(event for event, _ in events)
    # the only socket Python makes is the AF_UNIX socket pair that wakes Qt's loop on SIGTERM
    # (kiosk/ui/lockdown.py); nothing connects, binds, resolves a name or sends anywhere
    assert set(kinds) <= {"socket.__new__"}, events
    families = {args[1] for event, args in events if event == "socket.__new__"}
    assert families <= {1}, events  # 1: AF_UNIX
    # one process at most: `kiosk run` checks a changed stand apart, with this same program
    # (kiosk/cli/startup.py StandCheck); the strace tests follow it too
    spawned = audited["events"]["spawn"]
    assert len(spawned) <= 1, spawned
    for event, arguments in spawned:
        assert event == "subprocess.Popen", spawned
        assert f"'{sys.executable}', '-m', 'kiosk', '--check-to-show', " in arguments, spawned


# an editable install (pip install -e) puts this pseudo entry on sys.path; the import system's
# zip importer tries to open it, relative to the working directory. Not the kiosk's doing.
EDITABLE_HOOK = re.compile(r"/__editable__\.[\w.-]+\.__path_hook__$")


def test_python_opens_only_expected_files(audited: dict[str, Any], places: dict[str, Path]) -> None:
    roots = allowed_roots(places)
    outside = sorted({real(path) for path, _, _ in audited["events"]["open"]
                      if classify(real(path), roots) is None and not EDITABLE_HOOK.search(path)})
    assert outside == [], outside
    # writes: only the output folder, the own data folders and TMPDIR
    writable = roots["output"] + roots["own data (isolated HOME)"] + roots["temporary files (TMPDIR)"]
    writes = sorted({real(path) for path, mode, flags in audited["events"]["open"]
                     if _writes(mode, flags) and not under(real(path), writable)})
    assert writes == [], writes


def _writes(mode: str | None, flags: int) -> bool:
    if mode is not None:
        return any(c in mode for c in "wax+")
    return bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))


# --- strace: the whole process, C++ included ---------------------------------------------------

INET_CALL = re.compile(r"^\d+\s+(connect|bind|sendto|sendmsg|sendmmsg)\(.*sa_family=AF_INET6?\b")
SOCKET_CALL = re.compile(r"^\d+\s+socket\((AF_\w+)")
OPEN_CALL = re.compile(r'^\d+\s+(?:openat|open|creat)\((?:AT_FDCWD, |\d+, )?"([^"]*)", ([A-Z_|]+)')


def _strace_usable() -> str | None:
    """Why strace cannot be used here, or None when it can."""
    if shutil.which("strace") is None:
        return "strace is not installed (apt-get install strace)"
    probe = subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True,
                           text=True, timeout=30)
    if probe.returncode != 0:
        return f"strace cannot trace here: {probe.stderr.strip()[:200]}"
    return None


@pytest.fixture(scope="module")
def traced(places: dict[str, Path]) -> dict[str, Any]:
    why = _strace_usable()
    if why is not None:
        if os.environ.get("CI"):  # ./test.sh installs strace: in CI a skip would hide a failure
            pytest.fail(why)
        pytest.skip(why)
    out = places["traced-out"]
    commands = {
        "snapshot": ["snapshot", str(places["stand"]), "--out", str(out), "--lang", "en"],
        "run": ["run", str(places["stand"]), "--quit-after-first-frame"],
    }
    lines: list[str] = []
    for name, arguments in commands.items():
        trace = places["root"] / f"strace-{name}.txt"
        done = subprocess.run(
            ["strace", "-f", "-qq", "-s", "256", "-e", "trace=network,openat,open,creat",
             "-o", str(trace), sys.executable, "-m", "kiosk", *arguments],
            env=isolated_env(places), cwd=places["cwd"], capture_output=True, text=True, timeout=240,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        lines += trace.read_text(errors="replace").splitlines()
    assert len(list(out.glob("*-en.png"))) == 5
    return {"lines": lines, "out": out}


def test_no_internet_socket_at_the_system_call_level(traced: dict[str, Any]) -> None:
    lines = traced["lines"]
    inet = [line for line in lines if INET_CALL.search(line)]
    assert inet == [], inet[:10]
    families = Counter(m.group(1) for line in lines if (m := SOCKET_CALL.search(line)))
    assert not {"AF_INET", "AF_INET6", "AF_PACKET", "AF_NETLINK"} & set(families), families
    connects = [line for line in lines if re.search(r"^\d+\s+connect\(", line)]
    # offscreen there is no X server or D-Bus to talk to: nothing connects at all
    assert connects == [], connects[:10]
    # what `kiosk run` does use: the AF_UNIX socket pair that carries SIGTERM into Qt's loop
    pairs = [line for line in lines if re.search(r"^\d+\s+socketpair\(AF_UNIX", line)]
    assert pairs, "the traced run made no signal socket pair: did `kiosk run` really run?"


def test_files_written_at_the_system_call_level(traced: dict[str, Any], places: dict[str, Path]) -> None:
    writable = [real(traced["out"]), real(places["home"]), real(places["tmp"]), "/dev", "/proc"]
    writes: set[str] = set()
    for line in traced["lines"]:
        match = OPEN_CALL.search(line)
        if match and "= -1" not in line and re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", match.group(2)):
            path = match.group(1)
            writes.add(real(path if os.path.isabs(path) else places["cwd"] / path))
    outside = sorted(path for path in writes if not under(path, writable))
    assert outside == [], outside
    assert any(under(path, [real(traced["out"])]) for path in writes)


def _opened(traced: dict[str, Any], places: dict[str, Path]) -> set[str]:
    """Every path the process opened successfully (any mode)."""
    opened: set[str] = set()
    for line in traced["lines"]:
        match = OPEN_CALL.search(line)
        if match and "= -1" not in line:
            path = match.group(1)
            opened.add(real(path if os.path.isabs(path) else places["cwd"] / path))
    return opened


def system_roots(places: dict[str, Path]) -> dict[str, list[str]]:
    roots = allowed_roots(places)
    roots["system libraries, locales, time zone"] = [
        "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/share/locale",
        "/usr/share/zoneinfo",
    ]
    # Qt's font database starts fontconfig, which reads its configuration and cache and opens
    # the system font folders to check its cache (folders; font files: see the next test)
    roots["fontconfig"] = ["/usr/share/fontconfig", "/var/cache/fontconfig", "/usr/share/fonts",
                           "/usr/local/share/fonts"]
    return roots


def _fontconfig_folder(path: str) -> bool:
    """A folder under /usr/share that fontconfig's configuration names as a font folder
    (e.g. /usr/share/poppler/cMap/*): opened as a folder, its files are not read."""
    return os.path.isdir(path) and under(path, ["/usr/share", "/usr/local/share"])


def test_files_read_at_the_system_call_level(traced: dict[str, Any], places: dict[str, Path]) -> None:
    """Reads by the whole process: the places allowed for Python, plus the system libraries
    Qt links against and fontconfig's configuration; never the real HOME, never another
    folder of the repository."""
    roots = system_roots(places)
    opened = _opened(traced, places)
    outside = sorted(path for path in opened
                     if classify(path, roots) is None and not _fontconfig_folder(path))
    assert outside == [], outside
    home = real(pwd.getpwuid(os.getuid()).pw_dir)  # the real HOME (conftest has moved $HOME)
    in_home = sorted(path for path in opened if under(path, [home])
                     and not under(path, roots["Python and its packages"] + roots["the program"]))
    assert in_home == [], in_home


def test_no_system_font_file_is_opened(traced: dict[str, Any], places: dict[str, Path]) -> None:
    """Text is drawn with the bundled fonts only (kiosk/ui/app.py register_fonts)."""
    roots = allowed_roots(places)
    own = roots["the program"] + roots["Python and its packages"]
    fonts = sorted(path for path in _opened(traced, places)
                   if re.search(r"\.(ttf|otf|ttc|pfb|pfa|pcf(\.gz)?|woff2?)$", path) and not under(path, own))
    assert fonts == [], f"system fonts were opened: {fonts}"

