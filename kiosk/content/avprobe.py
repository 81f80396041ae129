"""Probe a video or sound file with PyAV (the `media` extra), in a child process bounded in
time and memory: a hostile file may hang or exhaust a decoder, never the validator.

The child opens the container, reads its streams, and decodes a few packets at the start and
a few near the end (a truncated file fails there), without playing the whole file. It prints
one JSON line: what it found, or the problem.

    python -m kiosk.content.avprobe FILE
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 20.0
MEMORY_BYTES = 1024 * 1024 * 1024
MAX_WIDTH, MAX_HEIGHT = 1920, 1080
"""The largest video the kiosk plays (full HD: its screens are at most that, decoding more
costs the kiosk PC more than it shows)."""
VIDEO_CODECS = {"mp4": {"h264"}, "webm": {"vp9", "vp8"}}
AUDIO_CODECS = {"mp4": {"aac"}, "webm": {"opus", "vorbis"}, "ogg": {"opus", "vorbis"},
                "mp3": {"mp3"}, "wav": {"pcm_s16le", "pcm_s24le", "pcm_f32le"}, "adts": {"aac"}}
_DECODED_PACKETS = 8


@dataclass(frozen=True, slots=True)
class Probe:
    problem: str | None = None
    duration: float = 0.0
    width: int = 0
    height: int = 0
    video_codec: str | None = None
    audio_codec: str | None = None


def probe(file: Path, container: str) -> Probe:
    """What `file` (sniffed as `container`) holds, or the problem with it."""
    try:
        done = subprocess.run([sys.executable, "-m", "kiosk.content.avprobe", str(file), container],
                              capture_output=True, text=True, timeout=TIMEOUT_S,
                              preexec_fn=_limit if os.name == "posix" else None, check=False)
    except subprocess.TimeoutExpired:
        return Probe(f"reading it took more than {TIMEOUT_S:.0f} s")
    try:
        said = json.loads(done.stdout.strip().splitlines()[-1])
        return Probe(**said)
    except (IndexError, ValueError, TypeError):
        return Probe("it cannot be read (the decoder stopped)")


def _limit() -> None:  # pragma: no cover - runs in the child
    """The child's memory ceiling (POSIX; on Windows only the time limit holds)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _inspect(file: str, container: str) -> Probe:
    import av  # the media extra

    try:
        with av.open(file, metadata_errors="ignore") as media:
            video = next(iter(media.streams.video), None)
            audio = next(iter(media.streams.audio), None)
            if video is None and audio is None:
                return Probe("it holds no video or sound")
            duration = float(media.duration or 0) / 1_000_000
            found = Probe(None, duration, video.codec_context.width if video else 0,
                          video.codec_context.height if video else 0,
                          video.codec_context.name if video else None,
                          audio.codec_context.name if audio else None)
            if video and found.video_codec not in VIDEO_CODECS.get(container, ()):
                return Probe(f"its video is {found.video_codec}; the kiosk plays "
                             f"{' or '.join(sorted(VIDEO_CODECS.get(container, {'none'})))} here")
            if audio and found.audio_codec not in AUDIO_CODECS.get(container, ()):
                return Probe(f"its sound is {found.audio_codec}; the kiosk plays "
                             f"{' or '.join(sorted(AUDIO_CODECS.get(container, {'none'})))} here")
            if found.width > MAX_WIDTH or found.height > MAX_HEIGHT:
                return Probe(f"it is {found.width}x{found.height}; the kiosk plays at most "
                             f"{MAX_WIDTH}x{MAX_HEIGHT}")
            stream = video or audio
            assert stream is not None  # one of them, said above
            _decode_some(media, stream)
            if duration > 2 and stream.time_base:
                media.seek(int((duration - 1) / stream.time_base), stream=stream, backward=True)
                _reaches_end(media, stream, duration)
            return found
    except av.error.FFmpegError as exc:
        return Probe(f"it cannot be decoded ({exc.strerror or exc})")


def _decode_some(media: object, stream: object, at_least: int = 1) -> None:
    frames = 0
    for count, packet in enumerate(media.demux(stream)):  # type: ignore[attr-defined]
        frames += len(packet.decode())
        if count >= _DECODED_PACKETS and frames >= at_least:
            break
    if frames < at_least:
        raise _truncated()


def _reaches_end(media: object, stream: object, duration: float) -> None:
    """Demux from the last key frame before the end (decoding its first packets): the
    packets must reach the end, else the file was cut short."""
    last = 0.0
    for count, packet in enumerate(media.demux(stream)):  # type: ignore[attr-defined]
        if count < _DECODED_PACKETS:
            packet.decode()
        if packet.pts is not None and packet.size:
            last = max(last, float(packet.pts * stream.time_base))  # type: ignore[attr-defined]
    if last < duration - 1.5:
        raise _truncated()


def _truncated() -> Exception:
    import av

    return av.error.InvalidDataError(1094995529, "no frame decodes there: the file is cut short")


if __name__ == "__main__":  # pragma: no cover - the child
    from dataclasses import asdict

    print(json.dumps(asdict(_inspect(sys.argv[1], sys.argv[2]))))
