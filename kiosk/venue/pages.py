"""Giving back the pages of code the kiosk ran only to start, while it waits. Linux; no Qt.

A start runs a great deal of code once: Python's imports, PySide6's bindings, Qt's QML
compiler and type loader, the first layout of every panel built ahead. Their pages stay
mapped in the process afterwards (with the pages around each one the kernel maps in the same
fault), ~50 MB of Qt's, PySide6's and other libraries, though the attract screen, where a
kiosk spends most of its day, runs a small part of them. They are clean pages of files, so
the kernel could take them back under pressure; `MADV_PAGEOUT` (Linux 5.4) asks it to do so
now. What the kiosk runs next is read back from the files (from the disk: the kernel drops
them from its page cache too, where no other process maps them) at its first use, as at a
start: benchmarks/first_touch.py measures what that costs a visitor's first touch.

Only what the kernel will really give back is asked for, so that the log says what went:

- mappings of files, not writable (code and read-only data of libraries, fonts, the QML
  cache's compiled units); not a device, shared memory or a deleted file;
- without private copies in them (`Anonymous:` in smaps: the relocated data of a library):
  without swap they cannot go, and with swap (kernels from 6.2) they would be written to it,
  to be read back at the next touch;
- not on tmpfs or ramfs, whose pages are the memory itself (they would leave the process and
  stay in the page cache: nothing freed);
- of files the kiosk's user owns or may write: the kernel pages out no other (Linux
  `can_do_file_pageout`), so a system library (root's) stays. Root may page out any.

The C heap, Python's objects and the pixels on screen are anonymous memory: left alone.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kiosk")
MADV_PAGEOUT = 21  # from the kernel's mman-common.h (Linux 5.4 and later)
SMAPS = Path("/proc/self/smaps")
MOUNTS = Path("/proc/self/mounts")
STATM = Path("/proc/self/statm")
SKIPPED_PREFIXES = ("/dev/", "/memfd:", "/SYSV", "/proc/", "/sys/")
MEMORY_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    name: str
    resident: int = 0  # bytes (smaps `Rss:`)
    private_copies: int = 0  # bytes (smaps `Anonymous:`)

    @property
    def size(self) -> int:
        return self.end - self.start


_HEADER = re.compile(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+ ?(.*)")


def _header(line: str) -> tuple[int, int, str, str] | None:
    """(start, end, permissions, name) of a maps/smaps mapping line, else None."""
    found = _HEADER.match(line.rstrip("\n"))
    if found is None:
        return None
    name = found[4].lstrip(" ")
    return int(found[1], 16), int(found[2], 16), found[3], name


def smaps_regions(lines: Iterable[str]) -> Iterator[Region]:
    """Every mapping of /proc/PID/smaps lines (or of maps lines: sizes 0), named only where
    it is a file that cannot be written through; the others' name is empty."""
    current: list[object] | None = None
    for line in lines:
        found = _header(line)
        if found is not None:
            if current is not None:
                yield Region(*current)  # type: ignore[arg-type]
            start, end, perms, name = found
            shareable = ("w" not in perms and name.startswith("/")
                         and not name.startswith(SKIPPED_PREFIXES)
                         and not name.endswith(" (deleted)"))
            current = [start, end, name if shareable else "", 0, 0]
            continue
        if current is None:
            continue
        key, _, rest = line.partition(":")
        if key in ("Rss", "Anonymous"):
            try:
                value = int(rest.split()[0]) * 1024
            except (ValueError, IndexError):
                continue
            current[3 if key == "Rss" else 4] = value
    if current is not None:
        yield Region(*current)  # type: ignore[arg-type]


def file_regions(lines: Iterable[str]) -> Iterator[Region]:
    """The mappings of files the process cannot write through (not writable, not a device,
    not shared memory, not a deleted file), from /proc/PID/maps or smaps lines."""
    return (region for region in smaps_regions(lines) if region.name)


def memory_mounts(lines: Iterable[str]) -> list[tuple[str, bool]]:
    """(mount point, whether its files are memory: tmpfs, ramfs), the longest first, from
    /proc/PID/mounts lines (spaces in a mount point are written `\\040`)."""
    mounts = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            point = parts[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
            mounts.append((point.rstrip("/") + "/", parts[2] in MEMORY_FILESYSTEMS))
    return sorted(mounts, key=lambda mount: -len(mount[0]))


def on_memory(name: str, mounts: list[tuple[str, bool]]) -> bool:
    """Whether the file `name` lives on a file system whose files are memory."""
    for point, memory in mounts:
        if name.startswith(point):
            return memory
    return False


def may_page_out(name: str, uid: int | None = None) -> bool:
    """Whether the kernel pages out this file's pages for a process of `uid` (this one's):
    root may any; another user the files it owns or may write (`can_do_file_pageout`)."""
    own = os.geteuid()
    uid = own if uid is None else uid
    if uid == 0:
        return True
    try:
        facts = os.stat(name)
    except OSError:
        return False
    if facts.st_uid == uid:
        return True
    if uid == own:  # (groups and ACLs: as the kernel sees this process)
        return os.access(name, os.W_OK, effective_ids=os.access in os.supports_effective_ids)
    return bool(facts.st_mode & stat.S_IWOTH)


@dataclass(frozen=True)
class Released:
    advised: int  # mappings asked of the kernel
    advised_bytes: int  # their resident bytes before
    kept: int  # file mappings left: private copies, memory file systems, others' files
    refused: int  # mappings the kernel refused (the error of the first in `error`)
    resident_before: int
    resident_after: int
    seconds: float
    error: int = 0


@functools.cache
def _madvise() -> Callable[[int | None, int, int], int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.madvise
    except (OSError, AttributeError):
        return None
    call.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    call.restype = ctypes.c_int
    return call


def _errno() -> int:
    return ctypes.get_errno()


def supported() -> bool:
    """Whether this kernel knows MADV_PAGEOUT: `madvise(0, 0, advice)` succeeds exactly for
    an advice it knows (man 2 madvise), and does nothing."""
    call = _madvise()
    return call is not None and call(None, 0, MADV_PAGEOUT) == 0


def _resident_bytes() -> int:
    try:
        return int(STATM.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def release_file_pages(smaps: Path = SMAPS, mounts: Path = MOUNTS) -> Released | None:
    """Ask the kernel to take back the resident pages of the process's file mappings that it
    will give back (the module's list). None where it cannot (not Linux, a kernel before
    5.4): nothing is changed."""
    call = _madvise()
    if call is None or not supported():
        return None
    started = time.monotonic()
    before = _resident_bytes()
    try:
        with mounts.open(encoding="utf-8", errors="surrogateescape") as lines:
            memory = memory_mounts(lines)
        with smaps.open(encoding="utf-8", errors="surrogateescape") as lines:
            regions = list(file_regions(lines))
    except OSError:
        return None
    allowed: dict[str, bool] = {}
    advised = advised_bytes = kept = refused = first_error = 0
    for region in regions:
        if region.name not in allowed:
            allowed[region.name] = (not on_memory(region.name, memory)
                                    and may_page_out(region.name))
        if region.private_copies or not allowed[region.name]:
            kept += 1
            continue
        if region.resident == 0:
            continue  # nothing of it in memory (a region of a library never touched)
        if call(region.start, region.size, MADV_PAGEOUT) == 0:
            advised += 1
            advised_bytes += region.resident
        else:  # ENOMEM: unmapped meanwhile; EPERM: a filter refuses it; EINVAL: locked
            refused += 1
            first_error = first_error or _errno()
    return Released(advised, advised_bytes, kept, refused, before, _resident_bytes(),
                    time.monotonic() - started, first_error)


class PageRelease:
    """Gives back the file pages when asked, on a thread of its own (the kernel's work takes
    a few milliseconds to tens of them, never on the thread that draws), at most one at a
    time, and says in the log what it asked back and what the resident size did."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._told_unsupported = False

    def start(self) -> threading.Thread | None:
        if not self._lock.acquire(blocking=False):
            return None  # one is under way
        thread = threading.Thread(target=self._run, name="page-release", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        try:
            done = release_file_pages()
            if done is None:
                if not self._told_unsupported:
                    log.info("idle memory: this system cannot give back file pages "
                             "(MADV_PAGEOUT needs Linux 5.4)")
                    self._told_unsupported = True
                return
            refused = (f"; {done.refused} refused ({os.strerror(done.error)})" if done.refused
                       else "")
            # (what the kernel took is in the resident size: a page another process maps too
            # stays, though asked for)
            log.info("idle memory: asked back %.1f MB of %d file mappings (%d kept: private "
                     "copies, memory file systems, files of other users)%s; resident %.1f -> "
                     "%.1f MB, in %.0f ms", done.advised_bytes / 2**20, done.advised, done.kept,
                     refused, done.resident_before / 2**20, done.resident_after / 2**20,
                     done.seconds * 1000)
        except Exception:  # never the kiosk's end: the memory stays as it was
            log.exception("idle memory: giving back file pages failed")
        finally:
            self._lock.release()
