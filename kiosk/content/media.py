"""Media safety, without decoding: paths that stay inside the stand, and image headers.

An image's size is read from its header before anything decodes it, so a small file that
declares a huge picture (a decompression bomb) is refused without allocating it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO, Protocol, runtime_checkable

IMAGE_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
MAX_PIXELS = 40_000_000
"""Largest image the kiosk decodes (about 8000 x 5000): 160 MB as 32-bit pixels."""
MAX_SIDE = 16_384
MAX_FILE_BYTES = 64 * 1024 * 1024


class MediaError(Exception):
    """A media reference that cannot be shown, with a hint where one helps."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_media(stand_dir: Path, reference: str) -> Path:
    """The file a stand's media reference names; raises MediaError if it is not safe or missing.

    Refuses absolute paths, drive letters, `..`, backslashes and symbolic links that lead
    out of the stand folder.
    """
    if not reference or reference.strip() != reference:
        raise MediaError(f"media path {reference!r} is empty or has surrounding spaces")
    if any(ord(char) < 32 or ord(char) == 127 for char in reference):
        raise MediaError(f"media path {reference!r} contains a control character")
    if "\\" in reference or PureWindowsPath(reference).drive:
        raise MediaError(
            f"media path '{reference}' uses a Windows path",
            "write paths inside the stand with '/', like media/photo.jpg",
        )
    posix = PurePosixPath(reference)
    if posix.is_absolute():
        raise MediaError(
            f"media path '{reference}' is absolute",
            "write it relative to the stand folder, like media/photo.jpg",
        )
    if ".." in posix.parts:
        raise MediaError(
            f"media path '{reference}' leaves the stand folder",
            "copy the file into the stand's media/ folder",
        )
    root = stand_dir.resolve()
    candidate = root.joinpath(*posix.parts)
    try:
        resolved = candidate.resolve(strict=False)
    except (OSError, RuntimeError) as exc:
        raise MediaError(f"media path '{reference}' cannot be resolved: {exc}") from None
    if resolved != root and root not in resolved.parents:
        raise MediaError(
            f"media path '{reference}' is a link that leads out of the stand folder",
            "copy the file itself into the stand's media/ folder",
        )
    if not resolved.exists():
        raise MediaError(f"media file '{reference}' does not exist", _near_miss(root, posix))
    if not resolved.is_file():
        raise MediaError(f"media path '{reference}' is not a file")
    return resolved


def still_inside(path: Path, root: Path) -> bool:
    """Whether the stand picture `path` can still be shown: a regular file whose real path
    is inside `root` (the stand's real folder). One swapped, after validation, for a link
    that leads out of the stand is not: the screen would show a file that is not the
    stand's (validation refuses such a link; this is for the running kiosk)."""
    try:
        return path.is_file() and path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _near_miss(root: Path, reference: PurePosixPath) -> str:
    folder = root.joinpath(*reference.parts[:-1])
    if not folder.is_dir():
        return f"there is no folder '{reference.parent}' in the stand"
    wanted = reference.name.lower()
    for sibling in sorted(folder.iterdir()):
        if sibling.name.lower() == wanted:
            return f"names are case-sensitive: the file is '{sibling.name}'"
    import difflib

    names = [p.name for p in folder.iterdir() if p.is_file()]
    close = difflib.get_close_matches(reference.name, names, n=1)
    put_back = f"copy the file to '{reference}'"
    return (f"did you mean '{reference.parent / close[0]}'? If not, {put_back}" if close
            else f"{put_back}, or correct the name here")


@dataclass(frozen=True)
class ImageInfo:
    format: str  # png | jpeg | svg | gif | webp | bmp | tiff | heic | avif | ...
    width: int  # as shown: a phone photo's EXIF orientation already applied
    height: int
    orientation: int = 1
    """The EXIF orientation of a JPEG (1 upright; 5 to 8 turned a quarter)."""


SHOWN_FORMATS = frozenset({"png", "jpeg", "svg"})
FORMAT_NAMES = {
    "png": "PNG", "jpeg": "JPEG", "svg": "SVG", "gif": "GIF", "webp": "WebP", "bmp": "BMP",
    "tiff": "TIFF", "heic": "HEIC (an iPhone photo)", "avif": "AVIF", "ico": "icon (ICO)",
    "pdf": "PDF", "psd": "Photoshop (PSD)", "jxl": "JPEG XL",
}
_HEAD = 4 * 1024 * 1024
_FIRST = 64 * 1024


def sniff_image(path: Path, name: str = "") -> ImageInfo:
    """The format and declared size of an image, from its first bytes (`name`, as staff
    wrote it, names it in a problem). Raises MediaError."""
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        raise MediaError(f"image '{name}' is an empty file",
                         "copy the picture again: this file has nothing in it")
    if size > MAX_FILE_BYTES:
        raise MediaError(
            f"image '{name}' is {size // (1024 * 1024)} MB",
            "export it at screen size (at most 3840 px wide) as JPEG",
        )
    with path.open("rb") as handle:
        head = handle.read(_FIRST)
        if head.startswith(b"\xff\xd8"):
            # a photo is megabytes: walk its segments with seeks and read only the EXIF block
            # and the frame header (a stand of 200 photos: 700 MB not read to start, ~250 ms
            # from the page cache); the bytes as they come only if the walk stops
            head = _jpeg_markers(handle) or head + handle.read(_HEAD - len(head))
        elif not head.startswith((b"\x89PNG", b"GIF8")):  # an SVG may say <svg late
            head += handle.read(_HEAD - len(head))
    return sniff_bytes(head, name)


def _jpeg_markers(handle: BinaryIO) -> bytes:
    """The marker segments of a JPEG whose frame header may lie past its first 4 MB (a
    photo with megabytes of metadata: Photoshop's, XMP, colour profiles): each segment is
    skipped with a seek, and only EXIF and the frame header are read. Empty if the walk
    does not reach a frame header."""
    kept = [b"\xff\xd8"]
    at = 2
    for _ in range(100_000):  # a segment is at least 4 bytes: 64 MB hold at most 16 M
        handle.seek(at)
        marker = handle.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return b""
        if marker[1] == 0xFF:
            at += 1
            continue
        length = struct.unpack(">H", marker[2:4])[0]
        if length < 2:
            return b""
        kind = marker[1]
        if kind in _SOF:
            return b"".join([*kept, marker, handle.read(length - 2)])
        if kind == 0xE1 and len(kept) == 1:  # the first APP1 segment that is EXIF
            body = handle.read(length - 2)
            if body.startswith(b"Exif\x00\x00"):
                kept.append(marker + body)
        at += 2 + length
    return b""


def sniff_bytes(head: bytes, name: str) -> ImageInfo:
    """The format and size of the image whose first bytes (up to 4 MB) are `head`."""
    if not head:
        raise MediaError(f"image '{name}' is an empty file")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(head) < 24 or head[12:16] != b"IHDR":
            raise MediaError(f"image '{name}' is a damaged PNG (no header)")
        width, height = struct.unpack(">II", head[16:24])
        return ImageInfo("png", width, height)
    if head.startswith(b"\xff\xd8"):
        return _sniff_jpeg(head, name)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return ImageInfo("gif", width, height)
    other = _other_format(head)
    if other:
        return ImageInfo(other, 0, 0)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return ImageInfo("svg", *_svg_size(head))
    if _wide_svg(head):
        raise MediaError(f"'{name}' is an SVG image saved as UTF-16 or UTF-32 text",
                         "save it again with the UTF-8 encoding, as SVG editors do by default")
    raise MediaError(
        f"'{name}' is not a PNG, JPEG or SVG image",
        "open it in an image editor and export it as PNG or JPEG",
    )


def _wide_svg(head: bytes) -> bool:
    """Whether `head` is the start of an SVG written in UTF-16 or UTF-32 (with or without
    a byte order mark), which the kiosk's SVG check does not read."""
    for encoding in ("utf-32", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            text = head[:4096].decode(encoding, errors="ignore")
        except UnicodeError:
            continue
        if "<svg" in text.lower() and text.lstrip("\ufeff \t\r\n").startswith("<"):
            return True
    return False


def _other_format(head: bytes) -> str | None:
    """Formats the kiosk does not show, named so staff know what they have."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"BM":
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "heic"
    if head[:4] == b"\x00\x00\x01\x00":
        return "ico"
    if head[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"8BPS":
        return "psd"
    if head[:2] == b"\xff\x0a" or head[:12] == b"\x00\x00\x00\x0cJXL \r\n\x87\n":
        return "jxl"
    return None


_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
"""The JPEG markers of a frame header (baseline, progressive, lossless, arithmetic)."""


def _sniff_jpeg(data: bytes, name: str) -> ImageInfo:
    """Walk JPEG markers up to the first SOF segment to read the frame size, noting the
    EXIF orientation on the way (phones store photos sideways and say so there)."""
    orientation = 1
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker == 0xE1 and data[index + 4 : index + 10] == b"Exif\x00\x00":
            orientation = _exif_orientation(data[index + 10 : index + 2 + length]) or orientation
        if marker in _SOF:
            if index + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            if orientation >= 5:
                width, height = height, width
            return ImageInfo("jpeg", width, height, orientation)
        if marker == 0xD9 or length < 2:
            break
        index += 2 + length
    raise MediaError(f"image '{name}' is a damaged JPEG (no frame header)",
                     "open it in an image editor and export it again")


def _exif_orientation(tiff: bytes) -> int | None:
    """Tag 0x0112 of the first image directory of an EXIF block, if it is there and sane."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    offset = struct.unpack(order + "I", tiff[4:8])[0]
    if offset + 2 > len(tiff):
        return None
    count = struct.unpack(order + "H", tiff[offset : offset + 2])[0]
    for entry in range(min(count, 256)):
        at = offset + 2 + 12 * entry
        if at + 12 > len(tiff):
            return None
        tag, kind = struct.unpack(order + "HH", tiff[at : at + 4])
        if tag == 0x0112 and kind == 3:
            value = struct.unpack(order + "H", tiff[at + 8 : at + 10])[0]
            return value if 1 <= value <= 8 else None
    return None


_SVG_SIZE = re.compile(rb"<svg[^>]*?\swidth\s*=\s*[\"']\s*([\d.]+)(?:px)?\s*[\"'][^>]*?\sheight\s*=\s*[\"']\s*([\d.]+)(?:px)?\s*[\"']", re.S)  # noqa: E501


def _svg_size(head: bytes) -> tuple[int, int]:
    match = _SVG_SIZE.search(head)
    if not match:
        return (0, 0)
    return (int(float(match.group(1))), int(float(match.group(2))))


def check_dimensions(name: str, info: ImageInfo) -> None:
    if info.width == 0 and info.height == 0:
        return
    if info.width <= 0 or info.height <= 0:
        raise MediaError(f"image '{name}' declares an empty size {info.width}x{info.height}")
    if info.width > MAX_SIDE or info.height > MAX_SIDE or info.width * info.height > MAX_PIXELS:
        raise MediaError(
            f"image '{name}' is {info.width}x{info.height} pixels, too large to decode safely",
            "export it at screen size (at most 3840x2160)",
        )


class ImageDecoder(Protocol):
    """Decodes an image fully to prove it can be shown; returns an error text or None."""

    def __call__(self, path: Path, max_pixels: int) -> str | None: ...


@runtime_checkable
class BatchDecoder(ImageDecoder, Protocol):
    """A decoder that can also prove many images at once (e.g. on several threads)."""

    def many(self, paths: Sequence[Path], max_pixels: int) -> list[str | None]: ...


def decode_all(decoder: ImageDecoder, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
    """What `decoder` says of each of `paths`, in order: in one batch when it can take one."""
    if isinstance(decoder, BatchDecoder):
        return decoder.many(paths, max_pixels)
    return [decoder(path, max_pixels) for path in paths]


def expected_format(path: Path) -> str | None:
    return IMAGE_SUFFIXES.get(path.suffix.lower())
