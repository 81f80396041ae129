"""Proving images decodable: one by one, and a whole stand's at once on several threads."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk.content import load_stand
from kiosk.content.decodecache import DecodeCache
from kiosk.ui.imaging import QtDecoder, qt_decode
from tests.stands import PNG_SIGNATURE, jpeg, png, png_bomb, png_chunk, svg

LIMIT = 40_000_000


def flipped(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(20):
        position = rng.randrange(len(data) // 4, len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def with_bad_text_chunk(data: bytes) -> bytes:
    """A PNG whose picture is intact but whose text chunk fails its CRC: only libpng's own
    warning on the C stderr tells (Qt reads the picture)."""
    chunk = png_chunk(b"tEXt", b"a\x00bcd")
    chunk = chunk[:-4] + b"\x00\x00\x30\x39"
    return data[:33] + chunk + data[33:]


@pytest.fixture
def images(tmp_path: Path) -> list[Path]:
    """Intact and damaged PNG, JPEG and SVG files, mixed."""
    photo = jpeg(640, 480)
    picture = png(64, 64, (10, 200, 90))
    contents = {
        "photo.jpg": photo, "picture.png": picture, "drawing.svg": svg(160, 90),
        "cut.jpg": photo[: len(photo) // 2], "cut.png": picture[: len(picture) // 2],
        "bomb.png": png_bomb(20_000, 20_000), "empty.png": b"", "text-crc.png":
        with_bad_text_chunk(picture), "header-only.png": PNG_SIGNATURE,
        **{f"flipped-{seed}.jpg": flipped(photo, seed) for seed in range(4)},
        **{f"flipped-{seed}.png": flipped(picture, seed) for seed in range(2)},
    }
    paths = []
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    return paths * 2


def test_a_batch_on_threads_says_what_one_by_one_says(images: list[Path]) -> None:
    one_by_one = [qt_decode(path, LIMIT) for path in images]
    batch = QtDecoder(workers=3).many(images, LIMIT)
    assert batch == one_by_one
    said = dict(zip((path.name for path in images), batch, strict=True))
    assert all(said[name] is None for name in ("photo.jpg", "picture.png", "drawing.svg"))
    assert "damaged" in (said["cut.jpg"] or "")  # a warning Qt passes on, from its thread
    assert "CRC" in (said["text-crc.png"] or "")  # only on the C stderr
    assert "too large" in (said["bomb.png"] or "")
    assert all(said[name] for name in said if name not in ("photo.jpg", "picture.png", "drawing.svg"))


def test_the_batch_uses_several_threads(images: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import imaging

    threads: set[int] = set()
    barrier = threading.Barrier(2, timeout=10)
    decode = imaging._decode

    def noting(path: Path, max_pixels: int) -> str | None:
        threads.add(threading.get_ident())
        if len(threads) <= 2:
            barrier.wait()  # two decodes run at the same time, or this times out
        return decode(path, max_pixels)

    monkeypatch.setattr(imaging, "_decode", noting)
    QtDecoder(workers=2).many(images[:4], LIMIT)
    assert len(threads) == 2


def test_a_stand_is_validated_the_same_with_the_batch_decoder(tmp_path: Path) -> None:
    from tests.stands import copy_sample

    folder = copy_sample(tmp_path / "stand")
    first = next(folder.glob("media/*.png"))
    first.write_bytes(first.read_bytes()[:200])
    one_by_one = load_stand(folder, decoder=qt_decode)
    batch = load_stand(folder, decoder=QtDecoder(workers=2))
    assert not one_by_one.ok
    assert batch.problems == one_by_one.problems


def test_the_cache_sends_only_unknown_images_to_the_decoder_in_one_batch(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    class Batch:
        def __call__(self, path: Path, max_pixels: int) -> str | None:
            raise AssertionError("decoded one at a time")

        def many(self, paths: list[Path], max_pixels: int) -> list[str | None]:
            calls.append([path.name for path in paths])
            return ["bad" if path.name == "c.png" else None for path in paths]

    for name in "abc":
        (tmp_path / f"{name}.png").write_bytes(name.encode())
    files = [tmp_path / f"{name}.png" for name in "abc"]
    cache = DecodeCache(tmp_path / "cache.json", Batch())
    assert cache.many(files[:1], 10) == [None]
    assert cache.many(files, 10) == [None, None, "bad"]
    assert calls == [["a.png"], ["b.png", "c.png"]]
    assert cache.hits == 1


def test_an_image_is_still_known_after_its_stand_is_moved_into_the_library(tmp_path: Path) -> None:
    decoded: list[Path] = []

    def decoder(path: Path, max_pixels: int) -> str | None:
        decoded.append(path)
        return None

    staged = tmp_path / "staging" / "1234" / "photo.png"
    staged.parent.mkdir(parents=True)
    staged.write_bytes(png(8, 8))
    importing = DecodeCache(tmp_path / "cache.json", decoder)
    assert importing(staged, 10) is None
    importing.save()
    (tmp_path / "versions").mkdir()
    # as the library installs a version: the folder is renamed, which leaves the change
    # time of its files (part of the key) as it was; renaming the file would not
    staged.parent.rename(tmp_path / "versions" / "1")
    moved = tmp_path / "versions" / "1" / "photo.png"
    showing = DecodeCache(tmp_path / "cache.json", decoder)
    assert showing(moved, 10) is None
    assert decoded == [staged]


def test_saving_keeps_what_another_process_saved_meanwhile(tmp_path: Path) -> None:
    for name in "ab":
        (tmp_path / f"{name}.png").write_bytes(name.encode())
    kiosk = DecodeCache(tmp_path / "cache.json", lambda path, max_pixels: None)
    importer = DecodeCache(tmp_path / "cache.json", lambda path, max_pixels: None)
    importer(tmp_path / "a.png", 10)
    importer.save()
    kiosk(tmp_path / "b.png", 10)
    kiosk.save()

    def never(path: Path, max_pixels: int) -> str | None:
        raise AssertionError(f"{path.name} decoded again")

    later = DecodeCache(tmp_path / "cache.json", never)
    assert later.many([tmp_path / "a.png", tmp_path / "b.png"], 10) == [None, None]


def test_decoding_on_threads_before_the_application_leaves_qt_on_the_main_thread(tmp_path: Path) -> None:
    # `kiosk run` decodes a cold stand's images before it makes its QApplication; Qt takes the
    # first thread that touches it for its main thread, so a worker touching it first made the
    # application's thread "not the main() thread" and the process crash
    import os
    import subprocess
    import sys

    for name in "ab":
        (tmp_path / f"{name}.png").write_bytes(png(8, 8))
    script = (
        "import sys; from pathlib import Path\n"
        "from kiosk.ui.imaging import QtDecoder\n"
        "paths = sorted(Path(sys.argv[1]).glob('*.png'))\n"
        "assert QtDecoder(workers=2).many(paths, 1000) == [None, None]\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication([])\n"
        "print('main' if app.thread() is app.thread().currentThread() else 'other')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "main() thread" not in done.stderr
    assert done.stdout.strip() == "main"


def test_a_live_reload_does_not_decode_again_what_an_import_proved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.cli.staff import _validate
    from kiosk.content.decodecache import default_cache_file
    from kiosk.ui import app
    from kiosk.ui.decodeapart import ApartDecoder
    from tests.stands import copy_sample

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = copy_sample(tmp_path / "stand")
    assert _validate(folder).ok  # as `kiosk import` checks the staged copy
    assert default_cache_file().is_file()
    decoded: list[Path] = []
    decode = ApartDecoder.many

    def counting(self: ApartDecoder, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
        decoded.extend(paths)
        return decode(self, paths, max_pixels)

    monkeypatch.setattr(ApartDecoder, "many", counting)
    assert app._qt_load(folder).ok
    assert decoded == []
    (folder / "media" / "rings.png").touch()  # a changed image is decoded again
    assert app._qt_load(folder).ok
    assert [path.name for path in decoded] == ["rings.png"]
