"""Where the program's own files are: bundled resources, the sample stand, the QML module."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QML_DIR = PACKAGE_DIR / "qml"


def _data_dir(name: str) -> Path:
    # in a source checkout (or an editable install) the folder sits beside the package;
    # in a wheel it is installed inside the package as kiosk/_data/<name>
    beside = PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    return PACKAGE_DIR / "_data" / name


RESOURCES_DIR = _data_dir("resources")
CONTENT_DIR = _data_dir("content")
SAMPLE_STAND = CONTENT_DIR / "khojaly-31"
FONTS_DIR = RESOURCES_DIR / "fonts"
MAP_FILE = RESOURCES_DIR / "map" / "world.json"


def read_small(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them, or OSError.

    For the kiosk's own state files (the PIN pad's, the health file, the settings, caches):
    a pipe, a device or a folder put in a file's place raises at once instead of blocking
    the reader (opening and reading a pipe with no writer waits forever), and a file grown
    past `limit` is refused without being read into memory."""
    import errno
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
    return data
