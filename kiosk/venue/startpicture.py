"""The start screen kept as a picture, shown on an X screen the moment the kiosk starts (no Qt).

A restarted kiosk spends ~0.3 s importing Python and Qt and building its interface before its
first frame. The screen it will show is known: the attract screen of the stand it showed
last time, unchanged. So the first frame of each start is kept (`keep`, from the Qt side,
only when what it depends on has changed), and the next start shows it on the X screen
(`KeptPicture.show`) as soon as it knows that the stand, the settings and the kiosk's code are the same,
before importing Qt. Phones do the same with an app's last screen.

The picture is a window of its own: override-redirect (no window manager frames or moves it),
covering the screen, with the picture as its background (the X server draws it, and draws it
again should anything expose it). It takes no input: a touch on it in those 0.3 s reaches no
program, as a touch on an empty screen did. The kiosk's window, mapped over it, has no
background of its own: the picture's pixels stay on the screen until the kiosk draws its
first frame, the same pixels (`tests/test_startpicture.py` reads the screen back), and the
picture window goes just after that frame (`StartPicture.close`), or 10 s after the window
was shown if no frame came. Where the attract screen's own picture is still being decoded at
the first frame, that frame is not kept (see `wholeFirstFrame` in `kiosk/ui/controller.py`);
nor is one showing safe mode, the closed screen or a staff notice.

It is shown only where everything matches: an X display (not Wayland), a 24-bit true-colour
screen with the picture's byte order, the screen the same size as the picture (one screen,
not rotated since), and the same key: the files of the stand version shown first, the
settings file, the theme and the kiosk's interface code (`key`). Anything else, or any
error, and nothing is shown: the kiosk starts as it always did. `KIOSK_START_PICTURE=0` in
the environment turns it off.

libX11 through ctypes: the library Qt's xcb platform loads anyway. Xlib's default error
handler ends the process; an error handler of the kiosk's own that notes errors is set for
the few calls made here (it is process-wide, so it is put back at once). The file is kept
with a CRC-32 of its pixels (a damaged one shows nothing) and mapped, not read. One picture
is kept per settings file (`kept_at`): two kiosks of one user with settings of their own (two
screens) keep a picture each instead of replacing each other's.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import stat
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import atomic_write, file_facts

log = logging.getLogger("kiosk.app")

OLD_NAME = "start-picture.bin"  # the one picture of a user, before `kept_at`
MAGIC = b"KIOSKPIC2\n"
MAX_SIDE = 4096
MAX_BYTES = MAX_SIDE * MAX_SIDE * 4 + 1024 * 1024
_HEADER = struct.Struct("<IIII")  # width, height, key length, CRC-32 of the pixels


def kept_at(folder: Path, config: Path) -> Path:
    """The file in the cache `folder` that keeps the start picture of the kiosk run with the
    settings file `config` (named after that file's path: its contents are in the key)."""
    return folder / f"start-picture-{zlib.crc32(os.fsencode(config.absolute())):08x}.bin"

_Z_PIXMAP = 2
_LSB_FIRST = 0
_CW_BACK_PIXMAP = 1 << 0
_CW_OVERRIDE_REDIRECT = 1 << 9
_INPUT_OUTPUT = 1


class _Visual(ctypes.Structure):
    _fields_ = [("ext_data", ctypes.c_void_p), ("visualid", ctypes.c_ulong),
                ("c_class", ctypes.c_int), ("red_mask", ctypes.c_ulong),
                ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong),
                ("bits_per_rgb", ctypes.c_int), ("map_entries", ctypes.c_int)]


class _Attributes(ctypes.Structure):  # XSetWindowAttributes
    _fields_ = [("background_pixmap", ctypes.c_ulong), ("background_pixel", ctypes.c_ulong),
                ("border_pixmap", ctypes.c_ulong), ("border_pixel", ctypes.c_ulong),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("cursor", ctypes.c_ulong)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_errors: list[int] = []


def _note_error(_display: int | None, _event: int | None) -> int:
    _errors.append(1)
    return 0


_ignore_error = _ERROR_HANDLER(_note_error)  # kept for the life of the process


def _libx11() -> ctypes.CDLL:
    lib = ctypes.CDLL("libX11.so.6")  # find_library would start ldconfig: ~10 ms
    ulong, vp, i, ui = ctypes.c_ulong, ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
    signatures: dict[str, tuple[object, list[object]]] = {
        "XInitThreads": (i, []),
        "XOpenDisplay": (vp, [ctypes.c_char_p]),
        "XSetErrorHandler": (vp, [vp]),
        "XDefaultScreen": (i, [vp]),
        "XRootWindow": (ulong, [vp, i]),
        "XDisplayWidth": (i, [vp, i]),
        "XDisplayHeight": (i, [vp, i]),
        "XDefaultDepth": (i, [vp, i]),
        "XDefaultVisual": (ctypes.POINTER(_Visual), [vp, i]),
        "XImageByteOrder": (i, [vp]),
        "XCreatePixmap": (ulong, [vp, ulong, ui, ui, ui]),
        "XCreateGC": (vp, [vp, ulong, ulong, vp]),
        "XCreateImage": (vp, [vp, ctypes.POINTER(_Visual), ui, i, i, vp, ui, ui, i, i]),
        "XPutImage": (i, [vp, ulong, vp, vp, i, i, i, i, ui, ui]),
        "XCreateWindow": (ulong, [vp, ulong, i, i, ui, ui, ui, i, ui, vp, ulong,
                                  ctypes.POINTER(_Attributes)]),
        "XMapRaised": (i, [vp, ulong]),
        "XSync": (i, [vp, i]),
        "XFree": (i, [vp]),
        "XFreeGC": (i, [vp, vp]),
        "XFreePixmap": (i, [vp, ulong]),
        "XDestroyWindow": (i, [vp, ulong]),
        "XCloseDisplay": (i, [vp]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


def key(stand_fingerprint: str, settings: Path, theme: str, code: Iterable[Path]) -> str:
    """What the first frame depends on, a line each: the stand's files (the memo's
    fingerprint), the settings file, the theme, the kiosk's interface code and fonts."""
    lines = [stand_fingerprint, file_facts("settings", settings), f"theme|{theme}"]
    for folder in code:
        for root, folders, files in os.walk(folder):
            folders[:] = sorted(name for name in folders if name != "__pycache__")
            lines += [file_facts(name, Path(root, name)) for name in sorted(files)]
    return "\n".join(lines)


def _encoded(wanted: str) -> bytes:
    """The key as bytes: a file name that is not UTF-8 (os.walk gives its bytes as
    surrogates) is kept as its bytes, never an error."""
    return wanted.encode("utf-8", "surrogateescape")


def read(path: Path, wanted: str) -> tuple[int, int, memoryview] | None:
    """The picture kept in `path` under the key `wanted`: (width, height, BGRX pixels).

    The file (~8 MB at 1920x1080) is mapped, not read: the pixels are shown from the page
    cache without a copy. Never waits on a pipe put in the file's place."""
    import mmap

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= MAX_BYTES:
            return None
        data = mmap.mmap(fd, 0, access=mmap.ACCESS_COPY)  # writable for ctypes, never written
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    start = len(MAGIC) + _HEADER.size
    if data[:len(MAGIC)] != MAGIC or len(data) < start:
        return None
    width, height, length, checksum = _HEADER.unpack_from(data, len(MAGIC))
    whole = memoryview(data)
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) \
            or len(data) - start - length != width * height * 4 \
            or whole[start:start + length] != _encoded(wanted):
        return None
    pixels = whole[start + length:]
    if zlib.crc32(pixels) != checksum:  # ~2 ms at 1920x1080; a torn write shows nothing
        log.info("the kept start picture %s is damaged (checksum)", path)
        return None
    return width, height, pixels


def keep(path: Path, wanted: str, width: int, height: int, pixels: bytes) -> None:
    """Keep the first frame (`pixels`: BGRX, 4 bytes a pixel, rows without padding)."""
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or len(pixels) != width * height * 4:
        raise ValueError(f"not a {width}x{height} picture of 4 bytes a pixel")
    encoded = _encoded(wanted)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, MAGIC + _HEADER.pack(width, height, len(encoded), zlib.crc32(pixels))
                 + encoded + pixels, mode=0o600, durable=False)


@contextlib.contextmanager
def _quiet(x: ctypes.CDLL) -> Iterator[list[int]]:
    """Xlib errors noted instead of ending the process, for the calls made inside (the
    handler is process-wide: the one before is put back)."""
    previous = x.XSetErrorHandler(ctypes.cast(_ignore_error, ctypes.c_void_p))
    _errors.clear()
    try:
        yield _errors
    finally:
        x.XSetErrorHandler(previous)


@dataclass
class KeptPicture:
    """Where the start picture is kept, the key of this start, the picture shown (None: none
    matched, or it did not fit the screen), and the size of the one kept under this key."""

    path: Path
    key: str
    shown: StartPicture | None = None
    found: tuple[int, int] | None = None  # kept under this key: its size (shown or not)
    enabled: bool = True  # on an X screen, not turned off

    @classmethod
    def show(cls, path: Path, wanted: str) -> KeptPicture:
        """The picture kept in `path`, shown if it is kept under `wanted` and fits this X
        screen."""
        if not _on_x():
            return cls(path, wanted, enabled=False)
        picture = read(path, wanted)
        if picture is None:
            return cls(path, wanted)
        return cls(path, wanted, _shown(*picture), picture[:2])

    def to_keep(self, width: int, height: int) -> bool:
        """Whether a first frame of this size should be kept: none is kept under this key,
        or one of another size (the screen changed)."""
        return self.enabled and self.shown is None and self.found != (width, height)

    def keep(self, width: int, height: int, pixels: bytes) -> None:
        keep(self.path, self.key, width, height, pixels)
        log.info("the first frame is kept as the start picture of the next start")


class StartPicture:
    """The kept picture on the screen, until `close`."""

    def __init__(self, lib: ctypes.CDLL, display: int, window: int, pixmap: int) -> None:
        self._x, self._display, self._window, self._pixmap = lib, display, window, pixmap

    def close(self, why: str = "replaced by the kiosk's window") -> None:
        """Take the picture away (its pixels stay until something draws over them)."""
        if not self._display:
            return
        display, self._display = self._display, 0
        with _quiet(self._x):
            self._x.XDestroyWindow(display, self._window)
            self._x.XFreePixmap(display, self._pixmap)
            self._x.XCloseDisplay(display)  # sends what is queued, errors arrive here
        log.info("the kept start picture was %s", why)


def _on_x() -> bool:
    """Whether the kiosk will draw on an X screen, and the picture is not turned off."""
    return os.environ.get("KIOSK_START_PICTURE", "1") != "0" \
        and bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY") \
        and os.environ.get("QT_QPA_PLATFORM", "xcb").startswith("xcb")


def _shown(width: int, height: int, pixels: memoryview) -> StartPicture | None:
    try:
        return _show(width, height, pixels)
    except (OSError, AttributeError, ValueError) as exc:
        log.info("the kept start picture is not shown: %s", exc)
        return None


def _fits(x: ctypes.CDLL, display: int, screen: int, width: int, height: int) -> bool:
    visual = x.XDefaultVisual(display, screen)
    return bool(visual) and (x.XDisplayWidth(display, screen),
                             x.XDisplayHeight(display, screen)) == (width, height) \
        and x.XDefaultDepth(display, screen) == 24 and x.XImageByteOrder(display) == _LSB_FIRST \
        and (visual.contents.red_mask, visual.contents.green_mask,
             visual.contents.blue_mask) == (0xFF0000, 0xFF00, 0xFF)


def _show(width: int, height: int, pixels: memoryview) -> StartPicture | None:
    x = _libx11()
    # Qt's xcb platform calls it too; before libX11 1.8 it must come before any other call
    x.XInitThreads()
    display = x.XOpenDisplay(None)
    if not display:
        return None
    with _quiet(x) as errors:
        screen = x.XDefaultScreen(display)
        if not _fits(x, display, screen, width, height):
            x.XCloseDisplay(display)
            return None
        root = x.XRootWindow(display, screen)
        pixmap = x.XCreatePixmap(display, root, width, height, 24)
        gc = x.XCreateGC(display, pixmap, 0, None)
        buffer = (ctypes.c_char * len(pixels)).from_buffer(pixels)
        image = x.XCreateImage(display, x.XDefaultVisual(display, screen), 24, _Z_PIXMAP, 0,
                               ctypes.addressof(buffer), width, height, 32, width * 4)
        if image:
            x.XPutImage(display, pixmap, gc, image, 0, 0, 0, 0, width, height)
            x.XFree(image)  # the structure only: its pixels are Python's
        x.XFreeGC(display, gc)
        attributes = _Attributes(background_pixmap=pixmap, override_redirect=1)
        window = x.XCreateWindow(display, root, 0, 0, width, height, 0, 0, _INPUT_OUTPUT,
                                 None, _CW_BACK_PIXMAP | _CW_OVERRIDE_REDIRECT,
                                 ctypes.byref(attributes))
        x.XMapRaised(display, window)
        x.XSync(display, 0)  # the picture is on the screen; any error has arrived
        if errors or not image:
            x.XDestroyWindow(display, window)
            x.XFreePixmap(display, pixmap)
            x.XCloseDisplay(display)
            return None
    log.info("showing the kept start picture while the kiosk starts")
    return StartPicture(x, display, window, pixmap)
