"""How the kiosk's C heap hands memory back to the system (glibc; elsewhere, nothing). No Qt.

glibc serves an allocation of 128 KiB or more with a mapping of its own, unmapped when it is
freed, but it raises that threshold to the size of the largest such block freed so far, up
to 32 MiB. A kiosk frees large blocks all the time: the full-size pixels of a photograph
scaled down to its place on screen, a panel's text and pixel buffers at the end of a visit.
After the first of them, blocks of megabytes come from the heap instead, and the pages they
leave behind when freed stay with the process (6-11 MB of the 140 MB a kiosk used on the
sample stand, with the panels within reach built). A fixed threshold keeps every large
block in a mapping of its own, so the memory a released panel or a scaled photo held goes
back to the system at once.
"""

from __future__ import annotations

import ctypes
import functools
import logging

log = logging.getLogger("kiosk")
M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
MMAP_THRESHOLD = 256 * 1024
"""Blocks this large or larger get a mapping of their own: the rows of a 1080p screen are
8 KiB, a decoded photo megabytes; the pages of a 256 KiB block cost ~60 page faults."""


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        # the symbols the process already has (find_library would run ldconfig)
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 (glibc only: musl has no mallopt parameters)
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    except (OSError, AttributeError):
        return None
    return libc


def return_large_blocks() -> bool:
    """Keep large blocks out of the heap from now on; True when the C library took it."""
    libc = _glibc()
    if libc is None or libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1:
        log.info("the C library keeps its own heap policy")
        return False
    return True
