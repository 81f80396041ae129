"""Giving back file pages while the kiosk waits at the attract screen (kiosk.venue.pages):
which mappings, that the kernel really takes them back, when the kiosk asks, and the setting
that turns it off."""

from __future__ import annotations

import ctypes
import logging
import mmap
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from kiosk.venue import pages
from kiosk.venue.pages import (
    PageRelease,
    file_regions,
    may_page_out,
    memory_mounts,
    on_memory,
    release_file_pages,
    smaps_regions,
)
from kiosk.venue.settings import load_settings
from kiosk.visit.session import Phase
from tools.xharness import home_env

MAPS = """\
55d0c0a00000-55d0c0a21000 r--p 00000000 08:01 123 /usr/bin/python3.11
7f0000000000-7f0000100000 r-xp 00021000 08:01 456 /opt/qt/lib/libQt6Quick.so.6
7f0000100000-7f0000200000 rw-p 00000000 00:00 0
7f0000200000-7f0000201000 rw-p 00121000 08:01 456 /opt/qt/lib/libQt6Quick.so.6
7f0000300000-7f0000400000 rw-s 00000000 00:01 789 /memfd:xorg (deleted)
7f0000400000-7f0000500000 r--s 00000000 00:05 99 /dev/dri/renderD128
7f0000500000-7f0000600000 r--p 00000000 08:01 321 /tmp/old picture.bin (deleted)
7f0000600000-7f0000700000 r--p 00000000 08:01 654 /usr/share/fonts/Noto Sans.ttf
7f0000700000-7f0000701000 r--s 00000000 00:01 5 /SYSV00000000 (deleted)
7f0000800000-7f0000801000 r--p 00000000 00:00 0 [anon:glibc malloc]
7f0000900000-7f0000901000 r--p 00000000 00:0e 11 anon_inode:[perf_event]
7f0000a00000-7f0000a01000 r--p 00000000 00:01 12 /dev/zero (deleted)
7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]
7ffc00100000-7ffc00102000 r-xp 00000000 00:00 0 [vdso]
"""


def test_only_files_that_cannot_be_written_through_are_chosen() -> None:
    chosen = list(file_regions(MAPS.splitlines(keepends=True)))
    assert [r.name for r in chosen] == [
        "/usr/bin/python3.11", "/opt/qt/lib/libQt6Quick.so.6",
        "/usr/share/fonts/Noto Sans.ttf",  # (a space in a name is kept)
    ]
    assert (chosen[1].start, chosen[1].end, chosen[1].size) == (
        0x7F0000000000, 0x7F0000100000, 0x100000)


def test_smaps_gives_what_is_resident_and_the_private_copies() -> None:
    smaps = """\
7f0000000000-7f0000100000 r-xp 00021000 08:01 456                        /opt/qt/lib/libQt6Quick.so.6
Size:               1024 kB
Rss:                 600 kB
Anonymous:             0 kB
VmFlags: rd ex mr mw me
7f0000200000-7f0000300000 r--p 00121000 08:01 456                        /opt/qt/lib/libQt6Quick.so.6
Size:               1024 kB
Rss:                  64 kB
Anonymous:            64 kB
"""
    code, relocated = smaps_regions(smaps.splitlines(keepends=True))
    assert (code.name, code.resident, code.private_copies) == (
        "/opt/qt/lib/libQt6Quick.so.6", 600 * 1024, 0)
    assert relocated.private_copies == 64 * 1024, "a library's relocated data: not asked for"


def test_files_on_memory_file_systems_are_left_alone() -> None:
    mounts = memory_mounts([
        "/dev/vda1 / ext4 rw 0 0\n", "tmpfs /tmp tmpfs rw 0 0\n",
        "/dev/vdb1 /tmp/disk ext4 rw 0 0\n", "tmpfs /run/my\\040stand tmpfs rw 0 0\n",
    ])
    assert on_memory("/tmp/kiosk/lib.so", mounts)
    assert not on_memory("/tmp/disk/lib.so", mounts), "the longest mount point decides"
    assert on_memory("/run/my stand/font.ttf", mounts)
    assert not on_memory("/usr/lib/libQt6Core.so.6", mounts)
    assert not on_memory("/tmpfile", mounts)


def test_only_files_the_user_owns_or_may_write_are_asked_for(tmp_path: Path) -> None:
    mine = tmp_path / "mine.so"
    mine.write_bytes(b"\0")
    assert may_page_out(str(mine))
    assert not may_page_out(str(tmp_path / "gone.so"), uid=12345)
    assert may_page_out("/usr/bin/env", uid=0), "root may page out any"
    # as another user (a kiosk runs as one): a system file is root's, and not writable
    assert not may_page_out("/usr/bin/env", uid=65534)
    os.chmod(mine, 0o644)
    assert not may_page_out(str(mine), uid=65534)
    os.chmod(mine, 0o646)
    assert may_page_out(str(mine), uid=65534), "a file anyone may write"
    if os.geteuid() != 0:
        assert not may_page_out("/usr/bin/env")


def _block_of(address: int) -> str:
    """The smaps block of this process's mapping that starts at `address`."""
    blocks = re.split(r"(?m)^(?=[0-9a-f]+-[0-9a-f]+ )", Path("/proc/self/smaps").read_text())
    found = [b for b in blocks if b and int(b.split("-", 1)[0], 16) == address]
    assert len(found) == 1
    return found[0]


def _resident_kb(address: int) -> int:
    return int(re.search(r"(?m)^Rss:\s+(\d+) kB", _block_of(address))[1])  # type: ignore[index]


def _cached_pages(address: int, size: int) -> int:
    """How many pages of the mapping are in the page cache (mincore)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mincore.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p)
    vector = ctypes.create_string_buffer(size // mmap.PAGESIZE)
    assert libc.mincore(address, size, vector) == 0, os.strerror(ctypes.get_errno())
    return sum(byte & 1 for byte in vector.raw)


def _kernel_at_least(major: int, minor: int) -> bool:
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return bool(found) and (int(found[1]), int(found[2])) >= (major, minor)


def test_the_pages_of_a_read_only_file_mapping_go_back_to_the_system(tmp_path: Path) -> None:
    """The kernel takes them back, from the process and from its page cache (memory freed,
    not only unmapped), and they read back the same. Only this mapping is asked for: not
    the test process's libraries."""
    data = tmp_path / "library.bin"
    with data.open("wb") as file:
        file.write(os.urandom(4 * 2**20))
        file.flush()
        os.fsync(file.fileno())  # clean pages, as a library's are (dirty ones wait for the disk)
    with data.open("rb") as file, mmap.mmap(file.fileno(), 0, prot=mmap.PROT_READ) as mapped, \
            Path("/proc/self/maps").open() as maps:
        address = next(r.start for r in file_regions(maps) if r.name == str(data))
        _check_given_back(mapped, address, tmp_path)


def _check_given_back(mapped: mmap.mmap, address: int, tmp_path: Path) -> None:
    with memoryview(mapped) as view:
        total = sum(view[offset] for offset in range(0, len(mapped), mmap.PAGESIZE))
        assert _resident_kb(address) >= 4 * 1024 - 64, "every page was read"
        only = tmp_path / "smaps"
        only.write_text(_block_of(address))
        done = release_file_pages(smaps=only)
        if done is None:  # the kernel has no MADV_PAGEOUT: only before Linux 5.4
            assert not _kernel_at_least(5, 4)
            return
        assert (done.advised, done.refused) == (1, 0)
        assert done.advised_bytes >= 4 * 2**20 - 64 * 1024
        assert _resident_kb(address) < 256, "the process no longer holds them"
        assert _cached_pages(address, len(mapped)) < 64, "nor does the page cache: freed"
        assert sum(view[offset] for offset in range(0, len(mapped), mmap.PAGESIZE)) == total, \
            "and they read back from the file"


def test_a_kernel_without_pageout_changes_nothing_and_says_so_once(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    calls: list[tuple[object, int, int]] = []

    def old_kernel(start: object, size: int, advice: int) -> int:
        calls.append((start, size, advice))
        return -1  # EINVAL: an advice it does not know

    monkeypatch.setattr(pages, "_madvise", lambda: old_kernel)
    assert release_file_pages() is None
    assert calls == [(None, 0, pages.MADV_PAGEOUT)], "only the probe, which changes nothing"
    caplog.set_level(logging.INFO, logger="kiosk")
    release = PageRelease()
    for _ in range(2):
        thread = release.start()
        assert thread is not None
        thread.join(5)
    said = [r.getMessage() for r in caplog.records if "cannot give back" in r.getMessage()]
    assert len(said) == 1


def test_refusals_are_counted_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    """A filter that refuses madvise (EPERM): nothing is claimed as given back. (One mapping
    of a file of this test's, not the whole test process's.)"""
    def refusing(start: object, size: int, advice: int) -> int:
        return 0 if start is None else -1

    library = tmp_path / "library.so"
    library.write_bytes(b"\0")
    only = tmp_path / "smaps"
    only.write_text(f"7f0000000000-7f0000100000 r-xp 00000000 08:01 7 {library}\n"
                    "Rss:                  64 kB\nAnonymous:             0 kB\n")
    monkeypatch.setattr(pages, "_madvise", lambda: refusing)
    monkeypatch.setattr(pages, "_errno", lambda: 1)  # EPERM
    done = release_file_pages(smaps=only)
    assert done is not None
    assert (done.advised, done.advised_bytes, done.refused, done.error) == (0, 0, 1, 1)
    monkeypatch.setattr(pages, "release_file_pages", lambda: done)
    caplog.set_level(logging.INFO, logger="kiosk")
    thread = PageRelease().start()
    assert thread is not None
    thread.join(5)
    said = next(r.getMessage() for r in caplog.records if "idle memory" in r.getMessage())
    assert "asked back 0.0 MB of 0 file mappings" in said
    assert "; 1 refused (Operation not permitted)" in said, said


def test_one_release_at_a_time_and_a_failure_never_escapes(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    entered, leave = threading.Event(), threading.Event()

    def slow() -> None:
        entered.set()
        leave.wait(5)
        raise OSError("the kernel said no")

    monkeypatch.setattr(pages, "release_file_pages", slow)
    release = PageRelease()
    first = release.start()
    assert first is not None and entered.wait(5)
    assert release.start() is None, "a second while the first runs is not started"
    leave.set()
    first.join(5)
    assert "giving back file pages failed" in caplog.text
    third = release.start()
    assert third is not None, "the next one runs once the first is done"
    third.join(5)


class FakeController(QObject):
    phaseChanged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.session = type("S", (), {"phase": Phase.ATTRACT})()

    def go(self, phase: Phase) -> None:
        self.session.phase = phase
        self.phaseChanged.emit()


class Counting:
    def __init__(self) -> None:
        self.started = 0

    def start(self) -> None:
        self.started += 1


def test_after_the_start_soon_and_after_a_visit_only_once_the_kiosk_is_left_alone(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import app

    monkeypatch.setattr(app, "IDLE_RELEASE_MS", 50)
    monkeypatch.setattr(app, "QUIET_RELEASE_MS", 400)
    controller, release = FakeController(), Counting()
    timer = app.release_when_idle(controller, controller, release)  # type: ignore[arg-type]
    timer.start(app.IDLE_RELEASE_MS)  # (as at the first frame)
    qtbot.waitUntil(lambda: release.started == 1, timeout=2000)
    controller.go(Phase.BROWSING)
    controller.go(Phase.ATTRACT)
    qtbot.wait(150)
    controller.go(Phase.BROWSING)  # the next visitor, before the quiet spell was over
    qtbot.wait(400)
    assert release.started == 1, "not during a visit, nor between two close together"
    controller.go(Phase.ATTRACT)
    qtbot.wait(200)
    assert release.started == 1, "not at once after a visit"
    qtbot.waitUntil(lambda: release.started == 2, timeout=2000)


def test_the_setting_turns_it_off_and_a_wrong_value_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("release_idle_memory: false\n", encoding="utf-8")
    assert load_settings(path).settings.release_idle_memory is False
    path.write_text("release_idle_memory: sometimes\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.release_idle_memory is True, "the default stays"
    assert [str(p) for p in loaded.problems if "release_idle_memory" in str(p)]


@pytest.mark.parametrize("on", [True, False])
def test_a_running_kiosk_gives_back_its_pages_at_the_attract_screen(
        tmp_path: Path, on: bool) -> None:
    """`kiosk run` as installed: the log says what was asked back; with the setting off,
    that it keeps them, and nothing is asked."""
    home = tmp_path / "home"
    config = home / ".config" / "exhibit-kiosk" / "settings.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"release_idle_memory: {'true' if on else 'false'}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed"],
        env={**os.environ, **home_env(home)}, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    shown = threading.Event()
    released = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "first frame shown" in line:
                shown.set()
            if "idle memory: asked back" in line or "cannot give back" in line:
                released.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert shown.wait(60), "".join(lines[-30:])
        if on:
            assert released.wait(30), "".join(lines[-30:])
        else:
            time.sleep(3)  # twice IDLE_RELEASE_MS
            assert not released.is_set(), "".join(lines[-30:])
    finally:
        process.terminate()
        process.wait(30)
        reader.join(5)
    log = "".join(lines)
    if not on:
        assert "idle memory: kept (release_idle_memory: false)" in log
        return
    if not _kernel_at_least(5, 4):
        assert "cannot give back file pages" in log
        return
    found = re.search(r"asked back ([\d.]+) MB of (\d+) file mappings .*resident ([\d.]+) -> "
                      r"([\d.]+) MB", log)
    assert found, log[-3000:]
    # the kiosk's own files (the checkout's environment, its fonts, its QML cache) at least;
    # how much of it the kernel frees depends on this test process, which maps the same Qt
    # libraries (a page two processes map stays): the freeing itself is the test above's
    assert float(found[1]) > 10 and int(found[2]) > 50, found[0]
    assert float(found[4]) <= float(found[3]), found[0]
