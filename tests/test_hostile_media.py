"""Hostile recordings (issue 16's input paths, Qt-free): a `video:` or `audio:` file, its
captions, spoken tracks and audio description come from outside and are untrusted. Each
case proves the answer: an error at the stand.yaml line naming the file, never a crash, a
hang, or a file outside the stand. (tests/test_recordings.py covers renamed, garbage,
truncated, over-full-HD and slow-to-probe files; these are the cases it does not.)"""

from __future__ import annotations

import io
import os
import shutil
import struct
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import avprobe, captions, load_stand, recordings
from kiosk.content.media import MediaError
from kiosk.content.problems import Severity
from tests.stands import check, edit, find, finishes, line_of, wav

MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"
needs_av = pytest.mark.skipif(not recordings.playback_installed(), reason="the media extra")
TIMING = "00:00.000 --> 00:05.000"


@pytest.fixture
def stand(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MEDIA_STAND, tmp_path / "stand"))


def _yaml(stand: Path) -> str:
    return (stand / "stand.yaml").read_text(encoding="utf-8")


def messages(found: captions.Captions) -> list[str]:
    return [problem.message for problem in found.problems]


# --- captions ------------------------------------------------------------------------------


def test_a_50_mb_caption_file_is_refused_without_reading_it(stand: Path) -> None:
    vtt = stand / "media" / "pattern.en.vtt"
    with vtt.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: its header stays, the rest is nothing
    result = finishes(lambda: load_stand(stand), 4.0)
    check(find(result, "larger than 512 KB"), line_of(_yaml(stand), "media/pattern.en.vtt"),
          None, Severity.ERROR, "pattern.en.vtt")
    assert result.stand is None


def test_a_million_cues_are_refused_by_size_at_once() -> None:
    data = ("WEBVTT\n\n" + f"{TIMING}\na\n\n" * 1_000_000).encode()
    started = time.monotonic()
    found = captions.parse(data)
    assert time.monotonic() - started < 1.0
    assert found.cues == () and messages(found) == ["the caption file is larger than 512 KB"]


def test_more_cues_than_the_limit_stop_the_reading() -> None:
    def at(i: int) -> str:
        return f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}"

    cues = "".join(f"{at(i)}.000 --> {at(i)}.900\nab\n\n" for i in range(6000))
    found = captions.parse(("WEBVTT\n\n" + cues).encode())
    assert len(found.cues) == captions.MAX_CUES + 1
    assert messages(found)[-1] == f"more than {captions.MAX_CUES} cues"


def test_a_cue_of_ten_thousand_combining_marks_is_refused() -> None:
    found = captions.parse(f"WEBVTT\n\n{TIMING}\na{chr(0x0301) * 10_000}\n".encode())
    assert messages(found) == ["the cue has 10001 characters; at most 200 can be read"]
    assert found.problems[0].line == 3


@pytest.mark.parametrize(("timing", "phrase"), [
    ("99999999999999999999:00:00.000 --> 99999999999999999999:00:01.000",
     "the caption file has no cues"),  # not a timing: nothing overflows
    ("00:00.000 --> 999:59:59.999", "after the recording"),
    ("999:59:59.999 --> 00:00.000", "the cue ends before it starts"),
    ("00:99.000 --> 00:01.000", "the caption file has no cues"),
])
def test_timestamps_out_of_range_are_problems_not_overflows(timing: str, phrase: str) -> None:
    found = captions.parse(f"WEBVTT\n\n{timing}\nHello\n".encode(), duration=4.0)
    assert any(phrase in message for message in messages(found)), messages(found)
    assert all(cue.end < 4e6 for cue in found.cues)


def test_control_and_bidi_characters_in_a_cue_are_refused_at_its_line() -> None:
    found = captions.parse(f"WEBVTT\n\n{TIMING}\nHi \x1b[2J\n\n{TIMING}\nab\u202ecd\n".encode())
    assert [(p.line, p.message) for p in found.problems] == [
        (3, "the cue holds control characters"), (6, "the cue holds control characters")]


def test_a_caption_file_that_is_a_fifo_does_not_block(stand: Path) -> None:
    vtt = stand / "media" / "pattern.en.vtt"
    vtt.unlink()
    os.mkfifo(vtt)
    result = finishes(lambda: load_stand(stand), 4.0)
    check(find(result, "is not a file"), line_of(_yaml(stand), "media/pattern.en.vtt"), None,
          Severity.ERROR, "pattern.en.vtt")


def test_a_caption_file_that_links_out_of_the_stand_is_refused(stand: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.vtt"
    outside.write_bytes(f"WEBVTT\n\n{TIMING}\nsecret\n".encode())
    vtt = stand / "media" / "pattern.en.vtt"
    vtt.unlink()
    vtt.symlink_to(outside)
    check(find(load_stand(stand), "leads out of the stand folder"),
          line_of(_yaml(stand), "media/pattern.en.vtt"), None, Severity.ERROR, "pattern.en.vtt")


# --- recordings ----------------------------------------------------------------------------


def test_a_spoken_track_through_a_link_out_of_the_stand_is_refused_at_its_line(
    stand: Path, tmp_path: Path,
) -> None:
    outside = tmp_path / "other-stand.m4a"  # another stand's recording
    shutil.copy(stand / "media" / "remark.m4a", outside)
    (stand / "media" / "spoken.ar.m4a").symlink_to(outside)
    text = edit(_yaml(stand), "          duration: 3\n",
                "          duration: 3\n          spoken: {ar: media/spoken.ar.m4a}\n")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = load_stand(stand)
    check(find(result, "leads out of the stand folder"), line_of(text, "media/spoken.ar.m4a"),
          None, Severity.ERROR, "spoken.ar.m4a", "copy the file itself into the stand's media/ folder")
    assert result.stand is None


def test_a_description_through_dot_dot_is_refused(stand: Path) -> None:
    text = edit(_yaml(stand), "          duration: 3\n",
                "          duration: 3\n          description: ../../etc/passwd\n")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    check(find(load_stand(stand), "leaves the stand folder"), line_of(text, "../../etc/passwd"),
          None, Severity.ERROR, "")


def test_a_fifo_as_the_recording_does_not_block(stand: Path) -> None:
    file = stand / "media" / "pattern.mp4"
    file.unlink()
    os.mkfifo(file)
    with pytest.raises(MediaError, match="is not a file"):
        finishes(lambda: recordings.check_recording_file(stand, "media/pattern.mp4", True))
    result = finishes(lambda: load_stand(stand), 4.0)
    check(find(result, "is not a file"), line_of(_yaml(stand), "file: media/pattern.mp4"), 17,
          Severity.ERROR, "pattern.mp4")


def test_a_device_as_the_recording_is_refused(stand: Path) -> None:
    file = stand / "media" / "pattern.mp4"
    file.unlink()
    file.symlink_to("/dev/zero")  # a link out, and a device
    with pytest.raises(MediaError):
        finishes(lambda: recordings.check_recording_file(stand, "media/pattern.mp4", True))


def test_a_jpeg_that_is_also_a_zip_named_mp4_is_refused(stand: Path) -> None:
    jpeg = (stand / "media" / "pattern-poster.jpg").read_bytes()
    zipped = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("payload.txt", "x" * 1000)
    (stand / "media" / "pattern.mp4").write_bytes(jpeg + zipped.getvalue())
    problem = find(load_stand(stand), "is a JPEG picture with a '.mp4' name, not a video")
    check(problem, line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR,
          "pattern.mp4")
    assert "image:" in problem.hint


def test_a_sparse_recording_over_the_size_limit_is_refused_at_once(stand: Path) -> None:
    file = stand / "media" / "pattern.mp4"
    os.truncate(file, recordings.MAX_RECORDING_BYTES + 1)
    with pytest.raises(MediaError, match="at most 512 MB"):
        finishes(lambda: recordings.check_recording_file(stand, "media/pattern.mp4", True), 2.0)


def _wav_declaring(hours: float, seconds_held: float = 1.0) -> bytes:
    """A WAV whose header says `hours` long, holding `seconds_held` of sound."""
    data = bytearray(wav(seconds_held, sample=b"\1\0"))
    declared = int(hours * 3600 * 8000 * 2)
    data[4:8] = struct.pack("<I", declared + 36)
    data[40:44] = struct.pack("<I", declared)
    return bytes(data)


@needs_av
def test_a_sound_that_declares_ten_hours_is_as_long_as_what_it_holds(tmp_path: Path) -> None:
    file = tmp_path / "long.wav"
    file.write_bytes(_wav_declaring(10))
    started = time.monotonic()
    found = avprobe.probe(file, "wav")
    assert time.monotonic() - started < 5.0
    assert found.problem is None and found.duration == pytest.approx(1.0, abs=0.1), found


# --- captions on the kiosk, swapped after validation --------------------------------------


def _track(stand: Path) -> Any:
    from kiosk.content.model import BackgroundPanel
    from kiosk.visit.captiontrack import CaptionTrack

    loaded = load_stand(stand).stand
    assert loaded is not None and isinstance(loaded.panels[0], BackgroundPanel)
    video = loaded.panels[0].sections[0].video
    assert video is not None
    return lambda: CaptionTrack(stand, video, "en")


def test_the_kiosk_shows_the_stands_own_captions(stand: Path) -> None:
    assert _track(stand)().cues


def test_a_caption_file_swapped_for_a_fifo_does_not_freeze_the_kiosk(stand: Path) -> None:
    track = _track(stand)
    vtt = stand / "media" / "pattern.en.vtt"
    vtt.unlink()
    os.mkfifo(vtt)
    assert finishes(track).cues == ()


def test_a_caption_file_swapped_for_a_link_out_is_not_shown(
    stand: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    track = _track(stand)
    outside = tmp_path / "outside.vtt"
    outside.write_bytes(f"WEBVTT\n\n{TIMING}\nnot this stand's words\n".encode())
    vtt = stand / "media" / "pattern.en.vtt"
    vtt.unlink()
    vtt.symlink_to(outside)
    with caplog.at_level("WARNING", logger="kiosk.captions"):
        assert track().cues == ()
    assert "captions not shown" in caplog.text and "not a file of the stand" in caplog.text


def test_a_caption_file_swapped_for_a_huge_one_is_not_read(stand: Path) -> None:
    track = _track(stand)
    vtt = stand / "media" / "pattern.en.vtt"
    with vtt.open("r+b") as handle:
        handle.truncate(2 * 1024**3)  # sparse
    assert finishes(track, 2.0).cues == ()  # not a half read: what was checked, or nothing


@pytest.mark.parametrize("swap", ["fifo", "bytes", "link out", "too big"])
def test_a_recording_swapped_after_validation_is_never_handed_to_the_player(
    swap: str, stand: Path, tmp_path: Path,
) -> None:
    """The running kiosk looks at a recording again just before it opens it (the playback
    of such a file is in tests/test_playback.py; this is the check, without Qt)."""
    root = stand.resolve()
    video = root / "media" / "pattern.mp4"
    assert recordings.still_playable(video, root) is None  # as validation found it
    video.unlink()
    if swap == "fifo":
        os.mkfifo(video)
    elif swap == "bytes":
        video.write_bytes(b"\x00garbage" * 64)
    elif swap == "link out":
        outside = tmp_path / "elsewhere.mp4"
        shutil.copy(Path(__file__).parent / "fixtures" / "media-stand" / "media" / "pattern.mp4",
                    outside)
        video.symlink_to(outside)
    else:
        with video.open("wb") as handle:  # sparse: no disk used
            handle.truncate(recordings.MAX_RECORDING_BYTES + 1)
    why = finishes(lambda: recordings.still_playable(video, root), 2.0)
    assert why is not None and why, swap
