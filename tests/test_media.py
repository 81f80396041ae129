"""Media safety without decoding: resolve_media keeps paths inside the stand, sniff_image reads headers."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from kiosk.content import media
from kiosk.content.media import (
    MAX_PIXELS,
    MAX_SIDE,
    ImageInfo,
    MediaError,
    check_dimensions,
    expected_format,
    resolve_media,
    sniff_image,
)
from tests.stands import jpeg, jpeg_header, png, png_bomb, svg


@pytest.fixture
def stand(tmp_path: Path) -> Path:
    folder = tmp_path / "stand"
    (folder / "media" / "sub").mkdir(parents=True)
    (folder / "media" / "photo.png").write_bytes(png(4, 3))
    (folder / "media" / "sub" / "deep.png").write_bytes(png(2, 2))
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    return folder


# --- resolve_media -------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["media/photo.png", "./media/photo.png", "media//photo.png"])
def test_resolves_a_file_inside_the_stand(stand: Path, reference: str) -> None:
    assert resolve_media(stand, reference) == (stand / "media" / "photo.png").resolve()


def test_resolves_a_nested_file(stand: Path) -> None:
    assert resolve_media(stand, "media/sub/deep.png").name == "deep.png"


def test_dot_dot_that_stays_inside_is_still_refused(stand: Path) -> None:
    # `..` is refused as written, even when it would land inside the stand again
    with pytest.raises(MediaError, match="leaves the stand folder"):
        resolve_media(stand, "media/sub/../photo.png")


@pytest.mark.parametrize(
    ("reference", "phrase"),
    [
        ("/etc/passwd", "is absolute"),
        ("//server/share/x.png", "uses a Windows path"),  # a UNC path
        ("../outside.png", "leaves the stand folder"),
        ("media/../../outside.png", "leaves the stand folder"),
        ("media\\photo.png", "uses a Windows path"),
        ("C:/photos/x.png", "uses a Windows path"),
        ("c:photo.png", "uses a Windows path"),
        ("", "is empty"),
        (" media/photo.png", "surrounding spaces"),
        ("media/photo.png\n", "surrounding spaces"),
        ("media/pho\x00to.png", "control character"),
        ("media/pho\x1bto.png", "control character"),
    ],
)
def test_unsafe_references_are_refused(stand: Path, reference: str, phrase: str) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, reference)
    assert phrase in raised.value.message


def test_absolute_path_hint_says_how_to_write_it(stand: Path) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, str(stand / "media" / "photo.png"))
    assert "relative to the stand folder" in raised.value.hint


def test_symbolic_link_out_of_the_stand(stand: Path) -> None:
    os.symlink(stand.parent / "outside.png", stand / "media" / "link.png")
    with pytest.raises(MediaError, match="link that leads out of the stand folder"):
        resolve_media(stand, "media/link.png")


def test_symbolic_link_to_a_folder_out_of_the_stand(stand: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.png").write_bytes(png(2, 2))
    os.symlink(tmp_path / "elsewhere", stand / "media" / "linked")
    with pytest.raises(MediaError, match="leads out"):
        resolve_media(stand, "media/linked/x.png")


def test_symbolic_link_within_the_stand(stand: Path) -> None:
    os.symlink(stand / "media" / "photo.png", stand / "media" / "alias.png")
    assert resolve_media(stand, "media/alias.png") == (stand / "media" / "photo.png").resolve()


def test_stand_folder_reached_through_a_link(stand: Path, tmp_path: Path) -> None:
    os.symlink(stand, tmp_path / "current")
    assert resolve_media(tmp_path / "current", "media/photo.png") == (stand / "media" / "photo.png").resolve()


def test_symbolic_link_loop(stand: Path) -> None:
    os.symlink(stand / "media" / "loop.png", stand / "media" / "loop.png")
    with pytest.raises(MediaError, match="cannot be resolved"):
        resolve_media(stand, "media/loop.png")


def test_missing_file_suggests_a_close_name(stand: Path) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, "media/phot.png")
    assert "does not exist" in raised.value.message
    # the name mistyped, or the file gone: both are said
    assert raised.value.hint == ("did you mean 'media/photo.png'? "
                                 "If not, copy the file to 'media/phot.png'")


def test_missing_file_differing_in_case(stand: Path) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, "media/PHOTO.png")
    assert raised.value.hint == "names are case-sensitive: the file is 'photo.png'"


def test_missing_file_in_a_missing_folder(stand: Path) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, "images/photo.png")
    assert raised.value.hint == "there is no folder 'images' in the stand"


def test_missing_file_with_nothing_close(stand: Path) -> None:
    with pytest.raises(MediaError) as raised:
        resolve_media(stand, "media/zzzzzzzz.jpg")
    assert raised.value.hint == "copy the file to 'media/zzzzzzzz.jpg', or correct the name here"


def test_folder_is_not_a_file(stand: Path) -> None:
    with pytest.raises(MediaError, match="is not a file"):
        resolve_media(stand, "media/sub")


def test_the_stand_folder_itself_is_not_a_file(stand: Path) -> None:
    with pytest.raises(MediaError, match="is not a file"):
        resolve_media(stand, ".")


# --- sniff_image ---------------------------------------------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_png_size(tmp_path: Path) -> None:
    assert sniff_image(write(tmp_path, "a.png", png(37, 21))) == ImageInfo("png", 37, 21)


def test_png_bomb_size_is_read_from_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.png", png_bomb(50_000, 50_000))
    assert path.stat().st_size < 200
    assert sniff_image(path) == ImageInfo("png", 50_000, 50_000)


def test_png_without_header_chunk(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="damaged PNG"):
        sniff_image(write(tmp_path, "a.png", png(4, 4)[:16]))
    with pytest.raises(MediaError, match="damaged PNG"):
        no_ihdr = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IDAT" + b"\0" * 20
        sniff_image(write(tmp_path, "b.png", no_ihdr))


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_size_from_a_real_jpeg(tmp_path: Path, progressive: bool) -> None:
    data = jpeg(37, 21, progressive=progressive)
    assert (b"\xff\xc2" in data) is progressive  # SOF2 marks a progressive JPEG
    assert sniff_image(write(tmp_path, "a.jpg", data)) == ImageInfo("jpeg", 37, 21)


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_frame_header_after_other_segments(tmp_path: Path, progressive: bool) -> None:
    data = jpeg_header(4000, 3000, progressive=progressive, exif=b"Exif\x00\x00" + b"\xff\xc0" * 500)
    # the EXIF segment holds bytes that look like a frame header: they must be skipped
    assert sniff_image(write(tmp_path, "a.jpg", data)) == ImageInfo("jpeg", 4000, 3000)


def _metadata(megabytes: int) -> bytes:
    """Photoshop-style APP13 segments of 64 KB each, `megabytes` of them in all."""
    return (b"\xff\xed" + struct.pack(">H", 65535) + b"P" * 65533) * (megabytes * 16)


def test_jpeg_frame_header_past_the_first_4_mb(tmp_path: Path) -> None:
    # a real photo with 5 MB of metadata before its frame header was called damaged
    tiff = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
    exif = b"\xff\xe1" + struct.pack(">H", len(tiff) + 8) + b"Exif\x00\x00" + tiff
    data = jpeg(37, 21)
    shown = write(tmp_path, "a.jpg", data[:2] + exif + _metadata(5) + data[2:])
    assert sniff_image(shown) == ImageInfo("jpeg", 21, 37, 6)  # EXIF read, turned upright
    huge = jpeg_header(65_000, 65_000)
    info = sniff_image(write(tmp_path, "b.jpg", huge[:2] + _metadata(5) + huge[2:]))
    assert (info.width, info.height) == (65_000, 65_000)  # still refused by its size
    cut = data[:2] + _metadata(5)  # no frame header at all: still damaged
    with pytest.raises(MediaError, match="damaged JPEG"):
        sniff_image(write(tmp_path, "c.jpg", cut))


def test_a_large_jpeg_is_sized_without_reading_its_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A photo's size comes from its few header bytes: a stand of 200 photos is not read in
    full (700 MB) before its first screen."""
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
    tiff += struct.pack("<HHIHH", 0x0112, 3, 1, 8, 0) + struct.pack("<I", 0)
    exif = b"\xff\xe1" + struct.pack(">H", len(tiff) + 8) + b"Exif\x00\x00" + tiff
    header = jpeg_header(4000, 3000)
    path = write(tmp_path, "photo.jpg", header[:2] + exif + header[2:] + b"\x55" * 3_000_000)
    read: list[int] = []
    opened = Path.open

    def counting(self: Path, *args: object, **kwargs: object) -> object:
        handle = opened(self, *args, **kwargs)  # type: ignore[arg-type]
        original = handle.read

        def read_counted(size: int = -1) -> bytes:
            data: bytes = original(size)
            read.append(len(data))
            return data

        handle.read = read_counted  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(Path, "open", counting)
    assert sniff_image(path) == ImageInfo("jpeg", 3000, 4000, 8)  # EXIF read, turned upright
    assert 0 < sum(read) <= 64 * 1024 + 1024


def test_jpeg_with_fill_bytes_between_segments(tmp_path: Path) -> None:
    data = jpeg_header(64, 48)
    data = data[:2] + b"\xff\xff\xff" + data[2:]
    assert sniff_image(write(tmp_path, "a.jpg", data)) == ImageInfo("jpeg", 64, 48)


def test_jpeg_declaring_a_huge_frame(tmp_path: Path) -> None:
    info = sniff_image(write(tmp_path, "a.jpg", jpeg_header(65_000, 65_000)))
    assert info == ImageInfo("jpeg", 65_000, 65_000)
    with pytest.raises(MediaError, match="too large to decode safely"):
        check_dimensions("a.jpg", info)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
        b"\xff\xd8\xff\xe0\x00\x01",  # a segment length below 2
        b"\xff\xd8\xff\xc0\x00\x11\x08\x00",  # a frame header cut short
        b"\xff\xd8" + b"\x00" * 100,
    ],
)
def test_jpeg_without_a_frame_header(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(MediaError, match="damaged JPEG"):
        sniff_image(write(tmp_path, "a.jpg", data))


def test_svg_size(tmp_path: Path) -> None:
    assert sniff_image(write(tmp_path, "a.svg", svg(120, 80))) == ImageInfo("svg", 120, 80)


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80.5px"></svg>', (120, 80)),
        (b"\xef\xbb\xbf  \n<svg width='10' height='20'/>", (10, 20)),
        (b'<!-- drawn by hand -->\n<svg width="3" height="4"/>', (3, 4)),
        (b'<!DOCTYPE svg>\n<svg\n  width="5"\n  height="6"/>', (5, 6)),
        (b'<svg viewBox="0 0 10 10"/>', (0, 0)),
        (b'<svg width="100%" height="100%"/>', (0, 0)),
    ],
)
def test_svg_variants(tmp_path: Path, data: bytes, size: tuple[int, int]) -> None:
    assert sniff_image(write(tmp_path, "a.svg", data)) == ImageInfo("svg", *size)


def test_xml_that_is_not_svg(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="not a PNG, JPEG or SVG"):
        sniff_image(write(tmp_path, "a.svg", b'<?xml version="1.0"?><html/>'))


def test_other_formats_are_named(tmp_path: Path) -> None:
    gif = b"GIF89a\x10\x00\x08\x00" + b"\0" * 10
    assert sniff_image(write(tmp_path, "a.gif", gif)) == ImageInfo("gif", 16, 8)
    assert sniff_image(write(tmp_path, "a.webp", b"RIFF\0\0\0\0WEBPVP8 ")).format == "webp"
    assert sniff_image(write(tmp_path, "a.bmp", b"BM" + b"\0" * 30)).format == "bmp"


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7\n", "pdf"), (b"\x00\x00\x01\x00", "ico"), (b"II*\x00", "tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "tiff"), (b"\x00\x00\x00\x18ftypheic", "heic"),
    (b"\x00\x00\x00\x1cftypavif", "avif"), (b"8BPS\x00\x01", "psd"),
])
def test_formats_the_kiosk_does_not_show_are_named_by_content(
    tmp_path: Path, data: bytes, kind: str
) -> None:
    assert sniff_image(write(tmp_path, "a.png", data)).format == kind


@pytest.mark.parametrize("data", [b"hello, world", b"<html></html>", b"\x00" * 40])
def test_unknown_format(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(MediaError) as raised:
        sniff_image(write(tmp_path, "a.png", data))
    assert "is not a PNG, JPEG or SVG image" in raised.value.message
    assert "export it as PNG or JPEG" in raised.value.hint


SVG_TEXT = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_an_svg_saved_as_utf16_is_named_with_the_encoding_to_use(
    tmp_path: Path, encoding: str,
) -> None:
    with pytest.raises(MediaError) as raised:
        sniff_image(write(tmp_path, "a.svg", SVG_TEXT.encode(encoding)))
    assert "SVG image saved as UTF-16 or UTF-32" in raised.value.message
    assert "UTF-8" in raised.value.hint


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="is an empty file"):
        sniff_image(write(tmp_path, "a.png", b""))


def test_file_too_big_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:  # sparse: no disk space used
        handle.write(png(2, 2))
        handle.truncate(media.MAX_FILE_BYTES + 1)
    with pytest.raises(MediaError) as raised:
        sniff_image(path)
    assert "64 MB" in raised.value.message


# --- check_dimensions, expected_format ------------------------------------------------------


@pytest.mark.parametrize(
    "info",
    [ImageInfo("svg", 0, 0), ImageInfo("png", 1, 1), ImageInfo("png", MAX_SIDE, MAX_PIXELS // MAX_SIDE),
     ImageInfo("jpeg", 3840, 2160)],
)
def test_sizes_that_are_fine(info: ImageInfo) -> None:
    check_dimensions("x", info)


@pytest.mark.parametrize(
    ("info", "phrase"),
    [
        (ImageInfo("png", 0, 10), "empty size 0x10"),
        (ImageInfo("png", 10, 0), "empty size 10x0"),
        (ImageInfo("png", MAX_SIDE + 1, 1), "too large"),
        (ImageInfo("png", 1, MAX_SIDE + 1), "too large"),
        (ImageInfo("png", 8000, 5001), "too large"),
        (ImageInfo("png", 50_000, 50_000), "50000x50000 pixels, too large to decode safely"),
    ],
)
def test_sizes_that_are_refused(info: ImageInfo, phrase: str) -> None:
    with pytest.raises(MediaError) as raised:
        check_dimensions("x.png", info)
    assert phrase in raised.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.png", "png"), ("a.PNG", "png"), ("a.jpg", "jpeg"), ("a.JPEG", "jpeg"), ("a.svg", "svg"),
     ("a.gif", None), ("a", None)],
)
def test_expected_format(name: str, expected: str | None) -> None:
    assert expected_format(Path(name)) == expected
