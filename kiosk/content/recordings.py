"""Video and sound files (Qt-free): which the kiosk plays, and the cheap checks of one.

The container is read from the file's first bytes and must match its name's extension, as
images are sniffed in `kiosk.content.media`. Playing needs the `media` extra
(`pip install 'exhibit-kiosk[media]'`, or the offline bundle built `--with-media`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kiosk.content.media import MediaError, resolve_media, still_inside
from kiosk.files import read_head

VIDEO_SUFFIXES = {".mp4": "mp4", ".m4v": "mp4", ".webm": "webm"}
"""What a `video:` may be: H.264/AAC in MP4, VP9 with Opus or Vorbis in WebM."""
AUDIO_SUFFIXES = {".m4a": "mp4", ".aac": "adts", ".opus": "ogg", ".ogg": "ogg", ".mp3": "mp3",
                  ".wav": "wav"}
"""What an `audio:` (and a spoken track, an audio description) may be."""
CAPTION_SUFFIXES = (".vtt",)
CONTAINER_NAMES = {"mp4": "MP4", "webm": "WebM", "ogg": "Ogg", "mp3": "MP3", "wav": "WAV",
                   "adts": "AAC", "matroska": "Matroska", "avi": "AVI", "flv": "FLV",
                   "mpegts": "MPEG-TS", "flac": "FLAC", "quicktime": "QuickTime"}
MAX_RECORDING_BYTES = 512 * 1024 * 1024
EXTRA_HINT = ("install the media extra: pip install 'exhibit-kiosk[media]' (or build the "
              "offline bundle with --with-media)")


def playback_installed() -> bool:
    """Whether the `media` extra (Qt Multimedia, PyAV) is installed here."""
    return all(importlib.util.find_spec(name) is not None for name in ("av",))


def sniff_container(head: bytes) -> str | None:
    """The container a file's first bytes say it is, or None when they say nothing known."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "quicktime" if head[8:10] == b"qt" else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head[:64] else "matroska"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "adts"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"FLV"):
        return "flv"
    if head[:1] == b"\x47" and len(head) > 188 and head[188:189] == b"\x47":
        return "mpegts"
    return None


def still_playable(path: Path, root: Path) -> str | None:
    """Why the recording `path`, checked by validation, can no longer be played as it was
    (None: it can). For the running kiosk, just before the player opens it: a file swapped
    since for a link out of the stand, a pipe or device, one grown past the limit, or one
    whose first bytes are no longer what its name says is not handed to FFmpeg."""
    if not still_inside(path, root):
        return "gone from the stand folder (or a link out of it)"
    try:
        head = read_head(path, 512, MAX_RECORDING_BYTES)  # a pipe: no wait
    except OSError as exc:
        return exc.strerror or str(exc)
    expected = {**VIDEO_SUFFIXES, **AUDIO_SUFFIXES}.get(path.suffix.lower())
    found = sniff_container(head)
    if found is None or (expected is not None and found != expected):
        return "its first bytes are no longer those of a file the kiosk plays"
    return None


def check_recording_file(folder: Path, reference: str, video: bool) -> Path:
    """The file `reference` names, once it is inside the stand, of a kind the kiosk plays,
    and what its name says it is; else MediaError."""
    file = resolve_media(folder, reference)
    suffixes = VIDEO_SUFFIXES if video else AUDIO_SUFFIXES
    expected = suffixes.get(file.suffix.lower())
    if expected is None:
        names = ", ".join(sorted(suffixes))
        raise MediaError(f"'{reference}' is not a {'video' if video else 'sound'} file the "
                         f"kiosk plays ({names})",
                         "export it as H.264/AAC in .mp4 or VP9/Opus in .webm" if video
                         else "export it as .m4a (AAC), .opus, .mp3 or .wav")
    size = file.stat().st_size
    if size > MAX_RECORDING_BYTES:
        raise MediaError(f"'{reference}' is {size // 2**20} MB; at most "
                         f"{MAX_RECORDING_BYTES // 2**20} MB", "export it at a lower bit rate")
    with file.open("rb") as handle:
        head = handle.read(512)
    found = sniff_container(head)
    if found is None:
        picture = _picture_format(head, reference)
        if picture is not None:  # a picture given a recording's name
            raise MediaError(f"'{reference}' is {_a(picture)} picture with a '{file.suffix}' "
                             f"name, not {'a video' if video else 'a sound'}",
                             "a picture goes under 'image:'; for a recording, export the "
                             "video or sound itself")
        raise MediaError(f"'{reference}' is not {_a(CONTAINER_NAMES[expected])} file (its first "
                         "bytes are no known video or sound format)", "export it again")
    if found != expected:
        raise MediaError(f"'{reference}' is {_a(CONTAINER_NAMES[found])} file with a "
                         f"'{file.suffix}' name",
                         "export it again in a format the kiosk plays, with a matching name")
    return file


AN = frozenset({"MP4", "MP3", "MPEG-TS", "AAC", "AVI", "FLV", "Ogg", "HEIC (an iPhone photo)",
                "SVG", "AVIF", "icon (ICO)"})
"""The names said with "an" (em-pee-four, ef-el-vee; a WAV, a WebM, a FLAC, a PNG)."""


def _a(name: str) -> str:
    return f"{'an' if name in AN else 'a'} {name}"


def _picture_format(head: bytes, reference: str) -> str | None:
    """The name of the picture format `head` begins with, if it is one."""
    from kiosk.content.media import FORMAT_NAMES, sniff_bytes

    try:
        return FORMAT_NAMES.get(sniff_bytes(head, reference).format)
    except MediaError:
        return None


def check_caption_file(folder: Path, reference: str) -> Path:
    file = resolve_media(folder, reference)
    if file.suffix.lower() not in CAPTION_SUFFIXES:
        raise MediaError(f"'{reference}' is not a WebVTT caption file (.vtt)",
                         "save the captions as WebVTT")
    return file
