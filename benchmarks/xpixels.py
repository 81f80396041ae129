"""Pixels read back from an X server, cheaply enough to poll every few milliseconds.

`ScreenRows` reads a few full-width rows of the root window (what the X server shows) with
`XGetImage` through ctypes and libX11, one small request per row, and turns them into one
integer: a bit for each pixel read that is bright (red, green and blue all at least
`BRIGHT`). The screens measured are dark with light text, so the bright pixels are the text.
No Python package beyond the standard library; libX11 is on every machine with Qt's xcb
platform.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Sequence

BRIGHT = 200
ALL_PLANES = 0xFFFFFFFF
Z_PIXMAP = 2
_TABLE = bytes(1 if value >= BRIGHT else 0 for value in range(256))
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_char)),
        ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


def libx11() -> ctypes.CDLL:
    """libX11 with the prototypes of the calls that read pixels and windows back."""
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    lib = ctypes.CDLL(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XGetImage.restype = ctypes.POINTER(_XImage)
    lib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                              ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    lib.XDestroyImage.argtypes = [ctypes.POINTER(_XImage)]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                               ctypes.POINTER(ctypes.c_uint)]
    lib.XFree.argtypes = [ctypes.c_void_p]
    return lib


def root_window(display: str, size: tuple[int, int]) -> tuple[bytes, int]:
    """The pixels of the root window of `display` (4 bytes each: blue, green, red, padding)
    and how many windows are on it."""
    x = libx11()
    handle = x.XOpenDisplay(display.encode())
    if not handle:
        raise OSError(f"cannot open the X display {display}")
    try:
        root = x.XDefaultRootWindow(handle)
        image = x.XGetImage(handle, root, 0, 0, size[0], size[1], ALL_PLANES, Z_PIXMAP)
        if not image:
            raise OSError("XGetImage failed")
        pixels = ctypes.string_at(image.contents.data, size[0] * size[1] * 4)
        x.XDestroyImage(image)
        parent, child = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        x.XQueryTree(handle, root, ctypes.byref(parent), ctypes.byref(child),
                     ctypes.byref(children), ctypes.byref(count))
        if children:
            x.XFree(children)
        return pixels, count.value
    finally:
        x.XCloseDisplay(handle)


class ScreenRows:
    """Bright pixels in some rows of an X screen (24-bit colour, 32 bits a pixel)."""

    def __init__(self, display: str, rows: Sequence[int], width: int) -> None:
        self._x = libx11()
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"cannot open the X display {display}")
        self._root = self._x.XDefaultRootWindow(self._display)
        self.rows = tuple(rows)
        self.width = width

    def bright(self) -> int:
        """A bit per pixel read (row after row), set where the pixel is bright."""
        mask = 0
        for y in self.rows:
            image = self._x.XGetImage(self._display, self._root, 0, y, self.width, 1,
                                      ALL_PLANES, Z_PIXMAP)
            if not image:
                raise OSError("XGetImage failed")
            try:
                info = image.contents
                if info.bits_per_pixel != 32:
                    raise OSError(f"{info.bits_per_pixel} bits a pixel: 32 expected")
                data = ctypes.string_at(info.data, self.width * 4).translate(_TABLE)
            finally:
                self._x.XDestroyImage(image)
            # blue, green, red, padding; each byte now 0 or 1: a pixel is bright when all
            # three of its colours are
            both = (int.from_bytes(data[0::4], "little") & int.from_bytes(data[1::4], "little")
                    & int.from_bytes(data[2::4], "little")).to_bytes(self.width, "little")
            row = int(both[::-1].translate(_DIGITS) or b"0", 2)  # pixel i is bit i
            mask = (mask << self.width) | row
        return mask

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None
