"""Images that decoded are remembered until their file changes; failures never are."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.content.decodecache import DecodeCache


class Counting:
    def __init__(self, answer: str | None = None) -> None:
        self.calls = 0
        self.answer = answer

    def __call__(self, path: Path, max_pixels: int) -> str | None:
        self.calls += 1
        return self.answer


def test_an_unchanged_image_is_decoded_once_across_restarts(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"x" * 10)
    decoder = Counting()
    cache = DecodeCache(tmp_path / "cache.json", decoder)
    assert cache(image, 100) is None
    cache.save()
    again = DecodeCache(tmp_path / "cache.json", decoder)
    assert again(image, 100) is None
    assert decoder.calls == 1 and again.hits == 1


def test_a_changed_file_is_decoded_again(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"x" * 10)
    decoder = Counting()
    cache = DecodeCache(tmp_path / "cache.json", decoder)
    cache(image, 100)
    image.write_bytes(b"y" * 11)
    stat = image.stat()
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    cache(image, 100)
    assert decoder.calls == 2


def test_failures_are_never_remembered(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"x")
    decoder = Counting("damaged")
    cache = DecodeCache(tmp_path / "cache.json", decoder)
    assert cache(image, 100) == "damaged"
    assert cache(image, 100) == "damaged"
    assert decoder.calls == 2


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "cache.json").write_text("{oops")
    image = tmp_path / "a.png"
    image.write_bytes(b"x")
    assert DecodeCache(tmp_path / "cache.json", Counting())(image, 1) is None
