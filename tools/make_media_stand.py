"""Make tests/fixtures/media-stand's media with Debian's ffmpeg (`apt-get install ffmpeg`):
a 4-second 320x180 test pattern with a tone (H.264/AAC in MP4), its poster, its spoken track
in Arabic and its audio description (4-second tones of their own pitch, AAC in M4A: a test
tells them apart by their length and name, a listener by their pitch), a 3-second recorded
remark (AAC in M4A), and captions in English and Arabic. The files are committed, so tests
and CI need no ffmpeg; run this again only to change them. The same ffmpeg makes the same
bytes (`-bitexact`, no dates or encoder versions written).

    python tools/make_media_stand.py
"""

from __future__ import annotations

import subprocess
from pathlib import Path

MEDIA = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "media-stand" / "media"

CAPTIONS = {
    "en": ["The pattern appears.", "A tone sounds."],
    "ar": ["يظهر النمط.", "تسمع نغمة."],
}


EXACT = ("-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
         "-flags:a", "+bitexact")
"""No creation time, encoder version or other varying bytes in the files."""


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-nostdin", *args[:-1], *EXACT, args[-1]],
                   check=True)


def tone(frequency: int, seconds: int, name: str) -> None:
    """A tone of `frequency` Hz, AAC in M4A (a spoken track, a description, a remark)."""
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}", "-c:a", "aac",
           "-b:a", "32k", str(MEDIA / name))


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15:duration=4",
           "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
           "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-crf", "32",
           "-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart", "-shortest",
           str(MEDIA / "pattern.mp4"))
    ffmpeg("-ss", "1", "-i", str(MEDIA / "pattern.mp4"), "-frames:v", "1", "-q:v", "5",
           str(MEDIA / "pattern-poster.jpg"))
    tone(660, 3, "remark.m4a")
    tone(550, 4, "pattern.ar.m4a")  # the spoken track in Arabic
    tone(880, 4, "pattern.description.m4a")  # the audio description
    for language, lines in CAPTIONS.items():
        cues = "".join(f"\n{i + 1}\n00:00:0{2 * i}.000 --> 00:00:0{2 * i + 2}.000\n{text}\n"
                       for i, text in enumerate(lines))
        (MEDIA / f"pattern.{language}.vtt").write_text(f"WEBVTT\n{cues}", encoding="utf-8")
        (MEDIA / f"remark.{language}.vtt").write_text(
            f"WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n{lines[0]}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
