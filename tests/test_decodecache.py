"""Images that decoded are remembered until their file changes; failures never are."""

from __future__ import annotations

import os
import time
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


def test_a_file_rewritten_in_place_with_its_size_and_time_put_back_is_decoded_again(
    tmp_path: Path,
) -> None:
    # `cp -p` onto it, `rsync --inplace -t`: only the change time tells
    image = tmp_path / "a.png"
    image.write_bytes(b"good")
    said: list[bytes] = []

    def decoder(path: Path, max_pixels: int) -> str | None:
        said.append(path.read_bytes())
        return None if path.read_bytes() == b"good" else "damaged"

    cache = DecodeCache(tmp_path / "cache.json", decoder)
    assert cache(image, 100) is None
    cache.save()
    info = image.stat()
    time.sleep(0.01)  # a change time of its own, on a coarse clock too
    with image.open("r+b") as out:
        out.write(b"evil")
    os.utime(image, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = image.stat()
    assert (again.st_ino, again.st_size, again.st_mtime_ns) == \
        (info.st_ino, info.st_size, info.st_mtime_ns)
    assert DecodeCache(tmp_path / "cache.json", decoder)(image, 100) == "damaged"
    assert said == [b"good", b"evil"]


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
