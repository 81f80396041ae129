"""Writing the program's own files safely. No Qt here; every layer may use it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644, durable: bool = True) -> None:
    """Replace `path` with `data` all at once: a temporary file, fsync, os.replace, fsync folder.

    Readers (and a power cut) see the old content or the new one, never a mix. With
    `durable=False` nothing is flushed (for files rewritten every few seconds, to spare SD cards).
    """
    temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable and os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def file_facts(name: str, path: Path) -> str:
    """`name` and what tells a change of the file at `path` (size, modification and change
    times, inode), on one line: a part of a fingerprint (`kiosk.content.memo`). The change
    time, which no program can set back, tells a file rewritten in place whose size and
    modification time were put back (`cp -p` onto it, `rsync --inplace -t`)."""
    try:
        info = path.stat()
        facts = (f"{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}"
                 f"|{info.st_dev}:{info.st_ino}")
    except OSError as exc:
        facts = f"unreadable {exc.errno}"
    return f"{name}\0{facts}"


def read_small(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them, or OSError.

    For the kiosk's own state files (the PIN pad's, the health file, the settings, caches):
    a pipe, a device or a folder put in a file's place raises at once instead of blocking
    the reader (opening and reading a pipe with no writer waits forever), and a file grown
    past `limit` is refused without being read into memory."""
    import errno

    data = read_head(path, limit + 1, limit)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
    return data


def read_head(path: Path, count: int, limit: int) -> bytes:
    """The first `count` bytes of the regular file `path`, which may hold at most `limit`,
    or OSError (EINVAL: not a regular file; EFBIG: larger). Never blocks, as `read_small`."""
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
            return handle.read(count)
    finally:
        os.close(fd)
