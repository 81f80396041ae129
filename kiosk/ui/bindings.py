"""PySide6's own start, with what it compiles kept between processes.

Every process that imports PySide6 has shiboken compile the Python source of its signature
modules (13 files, ~25-30 ms of a start) from a zip embedded in its library. Those files are
never on disk, so Python's bytecode cache never keeps them. `import_bindings()` imports
shiboken6 with `builtins.compile` wrapped by one that keeps what it compiles for shiboken's
files in the kiosk's cache (`bindings.marshal`), and for a source seen before gives back the
kept code object instead of compiling it again. A code object is kept under the source's length and checksums
and the file under the Python version, the bytecode's magic number and the optimisation level,
so an upgraded PySide6 or Python compiles afresh, and keeps what it compiled.

Only shiboken's own files go through the cache; any other `compile` (another thread, the same
moment) is passed on unchanged, and `builtins.compile` is restored before this returns. The
file has the trust of Python's own `__pycache__` or Qt's QML disk cache next to it: it is
code, and only the kiosk's user can write it. A damaged file (its checksum) or one of another
Python costs one compile.

`kiosk run` and the decoding process call it before their first PySide6 import; it imports no
Qt itself, and nothing else imports it (the Qt-free parts of `kiosk.ui` stay so).
"""

from __future__ import annotations

import builtins
import importlib.util
import logging
import marshal
import sys
import types
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.app")

FILE_NAME = "bindings.marshal"
MAX_BYTES = 8 * 1024 * 1024
"""The kept code is ~0.5 MB; a larger file is not read."""
FORMAT = 1


def _header() -> tuple[object, ...]:
    return (FORMAT, sys.version, importlib.util.MAGIC_NUMBER, sys.flags.optimize)


def _is_shibokens(filename: object) -> bool:
    return isinstance(filename, str) and (
        filename.startswith("shibokensupport/") or filename == "signature_bootstrap.py")


def _key(filename: str, source: str | bytes) -> tuple[str, str]:
    """The file's name with the length and two checksums of its source (zlib is loaded
    already; hashlib would load OpenSSL for this alone)."""
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    return filename, f"{len(data)}:{zlib.crc32(data):08x}:{zlib.adler32(data):08x}"


def read_kept(path: Path) -> dict[tuple[str, str], types.CodeType]:
    """The code kept in `path`, or nothing where it is missing, damaged or of another Python."""
    from kiosk.files import read_small

    try:
        data = read_small(path, MAX_BYTES)
        # marshal trusts its input: a damaged file could crash the interpreter, so its
        # checksum is checked first (a planted one is code: see the module's docstring)
        if len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
            raise ValueError("damaged (checksum)")
        kept = marshal.loads(data[4:])
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.info("the kept bindings code %s is not used: %s", path, exc)
        return {}
    if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == _header()
            and isinstance(kept[1], dict)):
        return {}
    return {key: code for key, code in kept[1].items()
            if isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)
            and isinstance(code, types.CodeType)}


class KeptCompile:
    """`builtins.compile` for the time of an import: shiboken's files from `kept` when seen."""

    def __init__(self, kept: dict[tuple[str, str], types.CodeType]) -> None:
        self.kept = kept
        self.used: dict[tuple[str, str], types.CodeType] = {}
        self.compiled = 0
        self._compile = builtins.compile

    def __call__(self, source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or mode != "exec" or not _is_shibokens(filename) \
                or not isinstance(source, (str, bytes)):
            return self._compile(source, filename, mode, *args, **kwargs)
        key = _key(filename, source)
        code = self.kept.get(key)
        if code is None:  # as shiboken's own call compiles: no __future__ flag of this file's
            code = self._compile(source, filename, mode, dont_inherit=True)
            self.compiled += 1
        self.used[key] = code
        return code

    def __enter__(self) -> KeptCompile:
        builtins.compile = self
        return self

    def __exit__(self, *exc: object) -> None:
        builtins.compile = self._compile


def import_bindings(folder: Path | None = None) -> KeptCompile | None:
    """Import shiboken6 with its compiled signature modules kept in `folder` (the cache).

    What compiled them (how many were compiled, which were used), or None where shiboken
    was imported before: nothing to do. Writes the file again only when something had to be
    compiled."""
    if "shiboken6" in sys.modules:
        return None
    if folder is None:
        from kiosk.paths import cache_dir

        folder = cache_dir()
    path = folder / FILE_NAME
    with KeptCompile(read_kept(path)) as compiling:
        import shiboken6  # noqa: F401  (its signature modules are compiled here)
    if compiling.compiled and compiling.used:
        try:
            from kiosk.files import atomic_write

            folder.mkdir(parents=True, exist_ok=True)
            kept: Any = (_header(), compiling.used)
            data = marshal.dumps(kept)
            atomic_write(path, zlib.crc32(data).to_bytes(4, "little") + data, mode=0o600,
                         durable=False)
        except (OSError, ValueError) as exc:
            log.info("cannot keep the bindings' compiled code in %s: %s", path, exc)
    return compiling
