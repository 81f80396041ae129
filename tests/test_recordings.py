"""Issue 16, Qt-free: video and sound in a stand, its captions and its files, each problem at
its stand.yaml line (tests/fixtures/media-stand, made by tools/make_media_stand.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import captions, load_stand, recordings
from kiosk.content.problems import Severity
from tests.stands import check, edit, find, line_of

MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"
needs_av = pytest.mark.skipif(not recordings.playback_installed(), reason="the media extra")


@pytest.fixture
def stand(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MEDIA_STAND, tmp_path / "stand"))


def _yaml(stand: Path) -> str:
    return (stand / "stand.yaml").read_text(encoding="utf-8")


def test_the_media_stand_is_valid() -> None:
    result = load_stand(MEDIA_STAND)
    said = [p.message for p in result.problems]
    assert said == [] if recordings.playback_installed() else \
        all("cannot play video or sound" in m for m in said), said
    assert result.stand is not None
    section = result.stand.panels[0].sections[0]  # type: ignore[union-attr]
    assert section.video is not None and section.video.duration == 4
    assert dict(section.video.captions) == {"en": "media/pattern.en.vtt",
                                            "ar": "media/pattern.ar.vtt"}
    remark = result.stand.panels[1].remarks[0]  # type: ignore[union-attr]
    assert remark.audio is not None and remark.audio.quote


# --- captions ----------------------------------------------------------------------------

def test_captions_read_cues_in_order_without_markup() -> None:
    found = captions.parse(b"WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann><b>Hello</b> &amp; bye\n\n"
                           b"1\n00:00:03.500 --> 00:00:05.000 align:start\nSecond\n")
    assert found.problems == ()
    assert [(c.start, c.end, c.text) for c in found.cues] == [(1.0, 3.0, "Hello & bye"),
                                                              (3.5, 5.0, "Second")]
    assert found.at(2.0) == "Hello & bye" and found.at(3.2) == "" and found.at(4.0) == "Second"


@pytest.mark.parametrize(("vtt", "line", "phrase"), [
    (b"00:01.000 --> 00:02.000\nNo header\n", 1, "starts with the line 'WEBVTT'"),
    (b"WEBVTT\n\n00:03.000 --> 00:04.000\nB\n\n00:01.000 --> 00:02.000\nA\n", 6, "before the one above"),
    (b"WEBVTT\n\n00:03.000 --> 00:02.000\nBackwards\n", 3, "ends before it starts"),
    (b"WEBVTT\n\n00:01.000 --> 00:09.000\nLate\n", 3, "after the recording"),
    (b"WEBVTT\n\n00:01.000 --> 00:01.500\nFar too many words to read in half a second\n", 3,
     "characters a second"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nA\xe2\x80\xaeB\n", 3, "control characters"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n", 4, "not UTF-8"),
    (b"WEBVTT\n\nNOTE nothing here\n", 1, "no cues"),
])
def test_captions_problems_name_their_line(vtt: bytes, line: int, phrase: str) -> None:
    found = captions.parse(vtt, duration=4.0)
    assert [(p.line, phrase in p.message) for p in found.problems][:1] == [(line, True)], found


# --- the files, at their stand.yaml line -------------------------------------------------

def test_a_renamed_file_is_refused_at_its_line(stand: Path) -> None:
    (stand / "media" / "pattern.mp4").rename(stand / "media" / "pattern.webm")
    text = edit(_yaml(stand), "file: media/pattern.mp4", "file: media/pattern.webm")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    check(find(load_stand(stand), "MP4 file with a '.webm' name"),
          line_of(text, "file: media/pattern.webm"), 17, Severity.ERROR, "pattern.webm")


def test_garbage_bytes_are_refused(stand: Path) -> None:
    (stand / "media" / "pattern.mp4").write_bytes(b"\x00garbage" * 500)
    check(find(load_stand(stand), "is not an MP4 file (its first bytes are no known video or "
                                  "sound format)"),
          line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR, "pattern.mp4")


def test_a_picture_named_as_a_video_is_called_a_picture(stand: Path) -> None:
    from tests.stands import png

    (stand / "media" / "pattern.mp4").write_bytes(png(64, 36))
    problem = find(load_stand(stand), "'media/pattern.mp4' is a PNG picture with a '.mp4' name, "
                                      "not a video")
    check(problem, line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR,
          "pattern.mp4")


def test_a_file_that_is_not_video_is_refused(stand: Path) -> None:
    text = edit(_yaml(stand), "file: media/pattern.mp4", "file: media/pattern-poster.jpg")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    check(find(load_stand(stand), "not a video file"),
          line_of(text, "file: media/pattern-poster.jpg"), 17, Severity.ERROR, "pattern-poster")


def test_captions_out_of_order_are_refused_at_the_caption_field(stand: Path) -> None:
    (stand / "media" / "pattern.ar.vtt").write_text(
        "WEBVTT\n\n00:02.000 --> 00:03.000\nب\n\n00:00.000 --> 00:01.000\nا\n", encoding="utf-8")
    problem = find(load_stand(stand), "line 6: the cue starts before the one above it")
    assert problem.line == line_of(_yaml(stand), "captions: {en: media/pattern.en.vtt")
    assert problem.severity is Severity.ERROR


def test_a_missing_caption_language_is_a_warning(stand: Path) -> None:
    text = edit(_yaml(stand), ", ar: media/pattern.ar.vtt}", "}")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    (stand / "media" / "pattern.ar.vtt").unlink()
    result = load_stand(stand)
    check(find(result, "no 'ar' captions"), line_of(text, "captions: {en: media/pattern.en.vtt}"),
          None, Severity.WARNING, "see none")
    assert result.stand is not None


def test_a_quote_only_on_a_remark(stand: Path) -> None:
    text = edit(_yaml(stand), "          duration: 4\n", "          duration: 4\n          quote: true\n")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    check(find(load_stand(stand), "only a remark's recording"), line_of(text, "quote: true"),
          None, Severity.ERROR, "say its quotation")


@needs_av
def test_a_truncated_video_is_refused_at_its_line(stand: Path) -> None:
    file = stand / "media" / "pattern.mp4"
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    problem = find(load_stand(stand), "'media/pattern.mp4': ")
    check(problem, line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR,
          "pattern.mp4")


@needs_av
def test_a_wrong_duration_is_refused(stand: Path) -> None:
    text = edit(_yaml(stand), "duration: 4", "duration: 9")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = load_stand(stand)
    check(find(result, "not the 9 s 'duration:' says"), line_of(text, "file: media/pattern.mp4"),
          17, Severity.ERROR, "lasts 4.0 s", "duration: 4")


@needs_av
def test_a_container_header_on_garbage_is_refused(stand: Path) -> None:
    (stand / "media" / "pattern.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x13\x37" * 4000)
    check(find(load_stand(stand), "'media/pattern.mp4': it "),
          line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR, "pattern.mp4")


def test_the_memo_keeps_a_stand_with_recordings(tmp_path: Path) -> None:
    from kiosk.content.memo import StandMemo

    result = load_stand(MEDIA_STAND)
    memo = StandMemo(tmp_path / "memo")
    assert memo.remember(result)
    again = memo.recall(MEDIA_STAND)
    assert again is not None and again.stand == result.stand


def test_without_the_extra_validation_names_it(stand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recordings, "playback_installed", lambda: False)
    result = load_stand(stand)
    said = [p for p in result.problems if "cannot play video or sound" in p.message]
    assert len(said) == 2 and all(p.severity is Severity.WARNING for p in said)
    assert "pip install 'exhibit-kiosk[media]'" in said[0].hint and "--with-media" in said[0].hint
    assert said[0].line == line_of(_yaml(stand), "file: media/pattern.mp4")
    assert result.stand is not None


def _encode(path: Path, width: int, height: int, frames: int) -> None:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(frames):
            frame = av.VideoFrame(width, height, "yuv420p")
            frame.pts = index
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


@needs_av
def test_a_video_over_full_hd_is_refused(stand: Path) -> None:
    _encode(stand / "media" / "pattern.mp4", 2560, 1440, 40)
    check(find(load_stand(stand), "it is 2560x1440; the kiosk plays at most 1920x1080"),
          line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR, "pattern.mp4")


@needs_av
def test_a_probe_that_takes_too_long_is_stopped(stand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.content import avprobe

    monkeypatch.setattr(avprobe, "TIMEOUT_S", 0.001)  # no child can answer in a millisecond
    check(find(load_stand(stand), "'media/pattern.mp4': reading it took more than"),
          line_of(_yaml(stand), "file: media/pattern.mp4"), 17, Severity.ERROR, "pattern.mp4")


def _tone(path: Path, seconds: float) -> None:
    """A sine tone of `seconds`, AAC in M4A (PyAV, as the media extra has it)."""
    import array
    import math

    import av

    rate, block = 22050, 1024
    wave = array.array("h", (int(8000 * math.sin(2 * math.pi * 500 * i / rate))
                             for i in range(int(rate * seconds))))
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=rate, layout="mono")
        for start in range(0, len(wave), block):
            chunk = wave[start:start + block]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk))
            frame.planes[0].update(chunk.tobytes())
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


@needs_av
@pytest.mark.parametrize(("field", "seconds"), [("description", 7.0), ("description", 2.0),
                                                ("spoken", 7.0)])
def test_a_sound_beside_the_video_of_another_length_is_a_warning_at_its_line(
        stand: Path, field: str, seconds: float) -> None:
    name = "pattern.description.m4a" if field == "description" else "pattern.ar.m4a"
    _tone(stand / "media" / name, seconds)
    result = load_stand(stand)
    needle = ("description: media/pattern.description.m4a" if field == "description"
              else "spoken: {ar: media/pattern.ar.m4a}")
    problem = find(result, f"'media/{name}' lasts {seconds:.1f} s, not the recording's 4 s")
    assert problem.line == line_of(_yaml(stand), needle), problem.format()
    assert problem.severity is Severity.WARNING and "pad it with silence" in problem.hint
    assert result.stand is not None  # it plays


@needs_av
def test_a_sound_beside_the_video_within_a_second_is_fine(stand: Path) -> None:
    _tone(stand / "media" / "pattern.description.m4a", 4.8)
    assert [p.format() for p in load_stand(stand).problems] == []


@needs_av
def test_a_broken_description_is_refused_at_its_line(stand: Path) -> None:
    file = stand / "media" / "pattern.description.m4a"
    file.write_bytes(file.read_bytes()[:600])
    problem = find(load_stand(stand), "'media/pattern.description.m4a': ")
    assert problem.line == line_of(_yaml(stand), "description: media/pattern.description.m4a")
    assert problem.severity is Severity.ERROR
