"""Where stand images are decoded and drawn: in a process of their own for every check (a
decoder's crash or hang is that image's error), SVGs only from their safe copy (nothing
outside the stand reaches the screen), phone photos upright (EXIF orientation)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.content import svg
from kiosk.content.media import sniff_image
from kiosk.ui.decodeapart import ApartDecoder
from tests.stands import MINIMAL, at, edit, png, write_stand

RED = (230, 10, 10)
HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100" viewBox="0 0 100 100">\n')
WITH_IMAGE = edit(MINIMAL, "        body: Some text.\n",
                  "        body: Some text.\n        image: {file: media/map.svg}\n")


def reddish(image: QImage) -> int:
    """How many of a grid of pixels are red (the secret picture's colour)."""
    count = 0
    for x in range(0, image.width(), max(1, image.width() // 20)):
        for y in range(0, image.height(), max(1, image.height() // 20)):
            colour = image.pixelColor(x, y)
            count += colour.red() > 150 and colour.green() < 80 and colour.alpha() > 0
    return count


def hostile(secret: Path) -> bytes:
    """A green square over which an <image> names a file outside the stand, three ways."""
    return (HEAD + '<rect width="100" height="100" fill="#0a0"/>\n'
            f'<image href="{secret}" width="100" height="100"/>\n'
            f'<image xlink:href="file://{secret}" width="100" height="100"/>\n'
            '<image xlink:href="../../secret.png" width="100" height="100"/>\n</svg>\n').encode()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A red picture outside the stand, at tmp_path/secret.png (the stand is tmp_path/a/b)."""
    file = tmp_path / "secret.png"
    file.write_bytes(png(100, 100, RED))
    return file


@pytest.mark.qt_log_ignore(r"^Could not create image from ")
def test_qt_alone_would_show_the_outside_file(qapp: Any, secret: Path, tmp_path: Path) -> None:
    """The control: drawn by Qt SVG as it is, the hostile file shows the secret's pixels."""
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(_write(tmp_path / "raw.svg", hostile(secret))))
    image = QImage(100, 100, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert reddish(image) > 100


def test_the_kiosk_never_shows_a_file_outside_the_stand(qapp: Any, secret: Path, tmp_path: Path) -> None:
    """Validation bypassed: the image provider draws nothing of the hostile drawing, and
    with the check itself broken the safe copy still leaves the outside files out."""
    from kiosk.ui.providers import MediaProvider

    stand = tmp_path / "a" / "b"
    file = _write(stand / "media" / "map.svg", hostile(secret))
    size = QSize()
    image = MediaProvider().requestImage(str(file), size, QSize(200, 200))
    assert image.isNull() or reddish(image) == 0


def test_a_hole_in_the_check_still_shows_nothing_outside(
    qapp: Any, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.ui.providers import MediaProvider

    monkeypatch.setattr(svg._Checker, "reference", lambda self, node, value: None)
    file = _write(tmp_path / "a" / "b" / "media" / "map.svg", hostile(secret))
    image = MediaProvider().requestImage(str(file), QSize(), QSize(200, 200))
    assert not image.isNull()
    assert reddish(image) == 0
    assert image.pixelColor(100, 100) == QColor(0, 0xAA, 0)  # the drawing itself is shown


def test_the_provider_draws_an_svg_to_cover_the_size_asked(qapp: Any, tmp_path: Path) -> None:
    from kiosk.ui.providers import MediaProvider

    data = (HEAD.replace('width="100" height="100" viewBox="0 0 100 100"',
                         'width="200" height="100" viewBox="0 0 200 100"')
            + '<rect width="200" height="100" fill="#0a0"/></svg>').encode()
    file = _write(tmp_path / "map.svg", data)
    size = QSize()
    image = MediaProvider().requestImage(str(file), size, QSize(400, 400))
    assert (image.width(), image.height()) == (800, 400) == (size.width(), size.height())


def test_the_provider_shows_no_format_the_kiosk_does_not_show(qapp: Any, tmp_path: Path) -> None:
    from kiosk.ui.providers import MediaProvider

    file = _write(tmp_path / "x.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 30)
    assert MediaProvider().requestImage(str(file), QSize(), QSize(10, 10)).isNull()


def test_only_png_and_jpeg_by_content_are_shown_as_files(tmp_path: Path) -> None:
    from kiosk.visit.present import media_url

    _write(tmp_path / "media" / "a.png", png(4, 4))
    _write(tmp_path / "media" / "b.png", (HEAD + "</svg>").encode())  # an SVG named .png
    _write(tmp_path / "media" / "c.svg", (HEAD + "</svg>").encode())
    assert media_url(tmp_path, "media/a.png").startswith("file://")
    assert media_url(tmp_path, "media/b.png").startswith("image://media/")
    assert media_url(tmp_path, "media/c.svg").startswith("image://media/")


# --- decoding in a process of its own ---------------------------------------------------------

CRASHING = """\
import os, sys
from kiosk.ui import imaging
decode = imaging._decode
def crashing(path, max_pixels):
    if "crash" in path.name:
        os.abort()
    if "hang" in path.name:
        import time; time.sleep(60)
    return decode(path, max_pixels)
imaging._decode = crashing
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def crashing_decoder(tmp_path: Path) -> ApartDecoder:
    """A decoder whose child aborts on any file named *crash* and hangs on *hang*."""
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING)
    return ApartDecoder(timeout_s=3, launcher=[sys.executable, str(script)])


def test_a_crash_in_the_decoder_is_that_images_error(
    tmp_path: Path, crashing_decoder: ApartDecoder
) -> None:
    names = [f"{i}.png" for i in range(9)] + ["crash.png", "b.png"]  # past the first batch
    files = [_write(tmp_path / name, png(4, 4)) for name in names]
    files.append(_write(tmp_path / "bad.png", png(4, 4)[:30]))
    said = crashing_decoder.many(files, 1_000_000)
    assert said[:9] == [None] * 9 and said[10] is None
    assert said[9] == "the decoder stopped on it (signal 6)"
    assert said[11] is not None and "stopped" not in said[11]


def test_a_decoder_that_hangs_is_stopped(tmp_path: Path, crashing_decoder: ApartDecoder) -> None:
    files = [_write(tmp_path / "hang.png", png(4, 4)), _write(tmp_path / "a.png", png(4, 4))]
    crashing_decoder.timeout_s = 0.5
    started = time.monotonic()
    said = crashing_decoder.many(files, 1_000_000)
    assert said == ["the decoder stopped on it (it took longer than 0.5 s)", None]
    assert time.monotonic() - started < 10


def test_a_crash_is_an_error_at_the_line_naming_the_image(
    tmp_path: Path, crashing_decoder: ApartDecoder
) -> None:
    from kiosk.content import load_stand

    text = WITH_IMAGE.replace("media/map.svg", "media/crash.png")
    folder = write_stand(tmp_path / "stand", text, {"media/crash.png": png(4, 4)})
    [problem] = load_stand(folder, decoder=crashing_decoder).errors
    assert (problem.line, problem.column) == at(text, "media/crash.png")
    assert "cannot be decoded: the decoder stopped on it (signal 6)" in problem.message


def test_a_decoder_that_cannot_start_says_so(tmp_path: Path) -> None:
    decoder = ApartDecoder(launcher=[sys.executable, "-c", "import sys; sys.exit(7)"])
    said = decoder.many([_write(tmp_path / "a.png", png(4, 4))] * 2, 1_000_000)
    assert said == ["the decoder could not run (exit code 7)"] * 2


def _kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / "cache"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_the_commands_refuse_an_svg_with_text_without_aborting(tmp_path: Path) -> None:
    """On main this SIGABRTed validate, import and snapshot, and left a .staging copy."""
    text_svg = (HEAD + '<text x="10" y="50">Hello</text></svg>').encode()
    folder = write_stand(tmp_path / "stand", WITH_IMAGE, {"media/map.svg": text_svg})
    line, column = at(WITH_IMAGE, "media/map.svg")
    expected = f"stand.yaml:{line}:{column}: error: SVG 'media/map.svg', line 2: text (<text>)"
    library = tmp_path / "library"
    for args in (("validate", str(folder)), ("import", str(folder), "--library", str(library)),
                 ("snapshot", str(folder), "--out", str(tmp_path / "shots"))):
        done = _kiosk(*args, home=tmp_path / "home")
        assert done.returncode == 1, (args, done.stderr)
        assert expected in done.stdout + done.stderr, args
    assert not any((library / ".staging").iterdir())


# --- EXIF orientation -----------------------------------------------------------------------


def exif_jpeg(orientation: int) -> bytes:
    """A 60x30 JPEG, red on its left half, with an EXIF orientation tag (written by hand)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageWriter

    image = QImage(60, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(20, 20, 200))
    for x in range(30):
        for y in range(30):
            image.setPixelColor(x, y, QColor(*RED))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, b"jpeg").write(image)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    app1 = b"Exif\x00\x00" + tiff
    raw = bytes(data.data())
    return raw[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + raw[2:]


def test_a_phone_photo_is_sized_and_shown_upright(qapp: Any, tmp_path: Path) -> None:
    from kiosk.ui.imaging import qt_decode
    from kiosk.ui.providers import MediaProvider

    file = _write(tmp_path / "photo.jpg", exif_jpeg(6))  # "turn 90 degrees clockwise"
    info = sniff_image(file)
    assert (info.width, info.height, info.orientation) == (30, 60, 6)
    assert qt_decode(file, 1_000_000) is None
    from kiosk.ui.imaging import draw_picture

    image = draw_picture(file, "jpeg", QSize())
    assert (image.width(), image.height()) == (30, 60)
    assert reddish(image.copy(0, 0, 30, 25)) > 0 and reddish(image.copy(0, 35, 30, 25)) == 0
    assert MediaProvider().requestImage(str(file), QSize(), QSize(15, 30)).size() == QSize(15, 30)


def test_the_screen_shows_a_phone_photo_upright(qapp: Any, tmp_path: Path) -> None:
    from kiosk.content import load_stand
    from kiosk.ui.app import Kiosk
    from kiosk.ui.imaging import qt_decode
    from tests.uidriver import settle

    text = WITH_IMAGE.replace("media/map.svg", "media/photo.jpg")
    folder = write_stand(tmp_path / "stand", text, {"media/photo.jpg": exif_jpeg(6)})
    result = load_stand(folder, decoder=qt_decode)
    assert result.ok, [p.format() for p in result.problems]
    kiosk = Kiosk(result, idle_timeout=60, animations=False)
    try:
        kiosk.controller.activity()
        settle(50)
        from tests.uidriver import items

        [picture] = [item for item in items(kiosk.window)
                     if item.metaObject().className().startswith("QQuickImage")
                     and str(item.property("source").toString()).endswith("photo.jpg")]
        assert picture.property("autoTransform") is True
        assert picture.property("implicitHeight") > picture.property("implicitWidth")
    finally:
        kiosk.window.close()
        kiosk.engine.deleteLater()
        settle()


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_drawing_too_slow_to_draw_is_refused(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the SVG limits, a drawing can still paint the screen thousands of times: the
    proof draws it up to screen size, timed (here with the times made tiny)."""
    from kiosk.ui import imaging

    file = _write(tmp_path / "slow.svg", (HEAD + '<rect width="100" height="100"/></svg>').encode())
    assert imaging.qt_decode(file, 1_000_000) is None
    monkeypatch.setattr(imaging, "SVG_PROOF_STEPS", (((256, 144), 0.5), ((640, 360), -1.0)))
    said = imaging.qt_decode(file, 1_000_000) or ""
    assert "s to draw at 640x360, more than -1.0 s; simplify it" in said


@pytest.mark.parametrize("hole", [False, True])
@pytest.mark.qt_log_ignore(r"^.*QML Image: Failed to get image from provider: image://media/")
def test_on_screen_a_drawing_swapped_in_after_validation_shows_nothing_outside(
    qapp: Any, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hole: bool
) -> None:
    """The whole way: a stand passes validation, then its drawing is replaced on disk by one
    naming a red picture outside the stand; the kiosk's window shows none of its pixels
    (with `hole`, the check's reference test is switched off: the safe copy still keeps the
    picture out, and the rest of the drawing is shown)."""
    from kiosk.content import load_stand
    from kiosk.ui.app import Kiosk
    from tests.uidriver import items, settle

    green = (HEAD + '<rect width="100" height="100" fill="#0a0"/></svg>').encode()
    folder = write_stand(tmp_path / "a" / "b", WITH_IMAGE, {"media/map.svg": green})
    result = load_stand(folder, decoder=ApartDecoder())
    assert result.ok, [p.format() for p in result.problems]
    (folder / "media" / "map.svg").write_bytes(hostile(secret))
    if hole:
        monkeypatch.setattr(svg._Checker, "reference", lambda self, node, value: None)
    kiosk = Kiosk(result, idle_timeout=60, animations=False)
    try:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        kiosk.controller.activity()
        settle(100)
        [picture] = [item for item in items(kiosk.window)
                     if item.metaObject().className().startswith("QQuickImage")
                     and "map.svg" in str(item.property("source").toString())]
        assert str(picture.property("source").toString()).startswith("image://media/")
        grab = kiosk.window.grabWindow()
        corner = picture.mapToScene(picture.boundingRect().topLeft())
        region = grab.copy(int(corner.x()), int(corner.y()), int(picture.width()),
                           int(picture.height()))
        assert region.width() > 100
        assert reddish(region) == 0
        greens = sum(region.pixelColor(x, region.height() // 2).green() > 150
                     for x in range(0, region.width(), 10))
        assert (greens > 10) == hole  # refused whole, or drawn without the outside picture
    finally:
        kiosk.window.close()
        kiosk.engine.deleteLater()
        settle()
