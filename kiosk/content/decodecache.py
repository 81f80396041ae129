"""Images proven decodable, remembered by file identity, size, modification and change times
(no Qt).

A kiosk restarting on the same stand need not decode every image again before its first
frame: an image whose file is unchanged since it last decoded is taken as decodable. Any
change to the file (size, mtime or ctime) means it is decoded again. Failures are never cached.
The change time is what tells a file rewritten in place whose size and modification time
were put back (`cp -p` onto it, `rsync --inplace -t`): no program can set it back.

A file is known by its device and inode rather than its path, so an image checked by
`kiosk import` is still known once the library has moved the stand into place, and the
kiosk showing it next (or reloading it live) need not decode it again: the library renames
the version's folder, which changes neither the inodes nor the change times of its files.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from kiosk.content.media import ImageDecoder, decode_all
from kiosk.files import atomic_write, read_small

log = logging.getLogger("kiosk.content")
KEEP = 5000


def default_cache_file() -> Path:
    """Where the kiosk and the staff commands of this user keep what they decoded."""
    from kiosk.paths import cache_dir

    return cache_dir() / "decoded.json"


class DecodeCache:
    def __init__(self, file: Path, decoder: ImageDecoder) -> None:
        self.file = file
        self._decoder = decoder
        self._known: dict[str, bool] = dict.fromkeys(_read(file), True)
        self._dirty = False
        self.hits = 0

    @staticmethod
    def _key(path: Path, max_pixels: int) -> str:
        info = path.stat()
        # the change time too, as the memo's fingerprint has it (`kiosk.files.file_facts`):
        # without it, a picture damaged in place was passed on the memory of its old bytes.
        # Renaming a file would change it, but the library renames only folders
        return (f"{info.st_dev}:{info.st_ino}|{info.st_size}|{info.st_mtime_ns}"
                f"|{info.st_ctime_ns}|{max_pixels}")

    def __call__(self, path: Path, max_pixels: int) -> str | None:
        return self.many([path], max_pixels)[0]

    def many(self, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
        """What the decoder says of each path; known images are not decoded again, and the
        others go to the decoder in one batch."""
        said: list[str | None] = [None] * len(paths)
        keys: list[str | None] = []
        for path in paths:
            try:
                keys.append(self._key(path, max_pixels))
            except OSError:
                keys.append(None)
        unknown = [i for i, key in enumerate(keys) if key is None or key not in self._known]
        self.hits += len(paths) - len(unknown)
        decoded = decode_all(self._decoder, [paths[i] for i in unknown], max_pixels)
        for i, problem in zip(unknown, decoded, strict=True):
            said[i] = problem
            key = keys[i]
            if problem is None and key is not None:
                self._known[key] = True
                self._dirty = True
        return said

    def save(self) -> None:
        """Write what is known, with what another process (an import) wrote since."""
        if not self._dirty:
            return
        keys = list(dict.fromkeys([*_read(self.file), *self._known]))[-KEEP:]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, json.dumps(keys).encode("utf-8"), durable=False)
            self._dirty = False
        except OSError as exc:
            log.warning("cannot keep the image cache %s: %s", self.file, exc)


def _read(file: Path) -> list[str]:
    try:
        data = json.loads(read_small(file, 64 * 1024 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return []
    return [str(key) for key in data] if isinstance(data, list) else []
