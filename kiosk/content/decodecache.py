"""Images proven decodable, remembered by path, size and modification time (no Qt).

A kiosk restarting on the same stand need not decode every image again before its first
frame: an image whose file is unchanged since it last decoded is taken as decodable. Any
change to the file (size or mtime) means it is decoded again. Failures are never cached.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from kiosk.content.media import ImageDecoder

log = logging.getLogger("kiosk.content")
KEEP = 5000


class DecodeCache:
    def __init__(self, file: Path, decoder: ImageDecoder) -> None:
        self.file = file
        self._decoder = decoder
        self._known: dict[str, bool] = {}
        self._dirty = False
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(data, list):
                self._known = {str(key): True for key in data}
        except (OSError, ValueError):
            pass
        self.hits = 0

    @staticmethod
    def _key(path: Path, max_pixels: int) -> str:
        info = path.stat()
        return f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}|{max_pixels}"

    def __call__(self, path: Path, max_pixels: int) -> str | None:
        try:
            key = self._key(path, max_pixels)
        except OSError:
            return self._decoder(path, max_pixels)
        if key in self._known:
            self.hits += 1
            return None
        problem = self._decoder(path, max_pixels)
        if problem is None:
            self._known[key] = True
            self._dirty = True
        return problem

    def save(self) -> None:
        if not self._dirty:
            return
        keys = list(self._known)[-KEEP:]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(json.dumps(keys), encoding="utf-8")
            os.replace(temporary, self.file)
            self._dirty = False
        except OSError as exc:
            log.warning("cannot keep the image cache %s: %s", self.file, exc)
