"""Test set-up: headless Qt (offscreen platform, software Qt Quick) before any Qt import."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_QUICK_BACKEND"] = "software"
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import atexit
import faulthandler
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content import LoadResult, load_stand
from kiosk.paths import SAMPLE_STAND
from tools.xharness import home_env


def _sound_server() -> None:
    """A private PulseAudio server with a null sink, as a venue PC has a sound card. Without
    any, Qt Multimedia's threads warn ("No audio device detected") through pytest-qt's Python
    message handler while a test, holding Python's lock in QTest, waits for them: a hang."""
    if os.environ.get("PULSE_SERVER") or shutil.which("pulseaudio") is None:
        return
    runtime = tempfile.mkdtemp(prefix="kiosk-tests-pulse-")
    env = {**os.environ, "XDG_RUNTIME_DIR": runtime, "HOME": runtime}
    started = subprocess.run(
        ["pulseaudio", "--daemonize", "--no-cpu-limit", "-n", "--exit-idle-time=-1",
         "--load=module-null-sink sink_name=kiosk-tests", "--load=module-native-protocol-unix"],
        env=env, capture_output=True, timeout=30, check=False)
    if started.returncode != 0:
        return
    os.environ["PULSE_SERVER"] = f"unix:{runtime}/pulse/native"
    atexit.register(shutil.rmtree, runtime, True)  # (atexit runs these last first)
    atexit.register(lambda: subprocess.run(["pulseaudio", "--kill"], env=env, timeout=30,
                                           capture_output=True, check=False))


_sound_server()


MEMORY_CEILING = 6 * 2**30


def _memory_watch() -> None:
    """A run whose memory runs away ends at once, with every thread's stack, instead of being
    killed by the machine minutes later with nothing said (how a stuck Qt loop, saying one
    warning for ever to pytest-qt's capture, showed in CI: "Killed", exit 137)."""
    page = os.sysconf("SC_PAGE_SIZE")

    def watch() -> None:
        while True:
            time.sleep(2)
            try:
                resident = int(Path("/proc/self/statm").read_text().split()[1]) * page
            except (OSError, ValueError, IndexError):
                return
            if resident > MEMORY_CEILING:
                sys.stderr.write(f"\ntests/conftest.py: the test process holds "
                                 f"{resident / 2**30:.1f} GB; its stacks, then it stops\n")
                faulthandler.dump_traceback(all_threads=True)
                os._exit(99)

    if Path("/proc/self/statm").exists():
        threading.Thread(target=watch, name="memory-watch", daemon=True).start()


_memory_watch()



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on a real X server (`xvfb`) is a slow one too."""
    for item in items:
        if item.get_closest_marker("xvfb") is not None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real settings, data or logs."""
    for name, value in home_env(tmp_path_factory.mktemp("home")).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> object:
    """The application as the kiosk makes it: bundled fonts registered, the app font set."""
    from kiosk.ui.app import application

    return application(qapp_args)


@pytest.fixture(scope="session")
def sample_stand() -> Path:
    return SAMPLE_STAND


@pytest.fixture(scope="session")
def sample_result(sample_stand: Path) -> LoadResult:
    from kiosk.ui.imaging import qt_decode

    result = load_stand(sample_stand, decoder=qt_decode)
    assert result.ok, [p.format() for p in result.problems]
    return result


@pytest.fixture
def kiosk(qapp: object, sample_result: LoadResult) -> Iterator[object]:
    """The sample stand on a 1920x1080 offscreen window, animations on as in a venue."""
    from kiosk.ui.app import Kiosk, register_fonts

    register_fonts()
    instance = Kiosk(sample_result, idle_timeout=60)
    instance.window.resize(1920, 1080)
    instance.window.show()
    yield instance
    instance.window.close()
    instance.engine.deleteLater()
