"""Audio narration (issue 18): every text a visitor sees, as lines in reading order (no Qt);
`kiosk narrate` makes a clip of each with espeak-ng, run as a program of its own; `kiosk
validate` reports clips missing or stale at the item's line."""

from __future__ import annotations

import array
import json
import math
import os
import shutil
import wave
from pathlib import Path
from typing import Any

import pytest

from kiosk.authoring.narrate import NarrationError, clip_name, narrate, read_manifest
from kiosk.cli import commands as cli
from kiosk.content import load_stand
from kiosk.visit.narration import CONTROL_LABELS, PLAYER_LABELS, SpokenFormats, spoken_lines
from tests.stands import copy_sample, edit, line_of

FIXTURES = Path(__file__).parent / "fixtures"
needs_engine = pytest.mark.skipif(shutil.which("espeak-ng") is None and not os.environ.get("CI"),
                                  reason="needs espeak-ng (./test.sh installs it as root)")


def rms(file: Path) -> float:
    with wave.open(str(file)) as clip:
        assert clip.getsampwidth() == 2
        samples = array.array("h", clip.readframes(clip.getnframes()))
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def test_every_item_of_every_panel_is_a_line_in_reading_order() -> None:
    result = load_stand(Path(__file__).parent.parent / "content" / "khojaly-31")
    assert result.stand is not None
    for language in ("en", "az", "ru"):
        lines = spoken_lines(result.stand, result.folder, language)
        keys = [line.key for line in lines]
        assert len(keys) == len(set(keys))
        assert keys[0] == "title" and keys[1] == "background/title"
        counted = sum(len(getattr(panel, field, ()))
                      for panel in result.stand.panels
                      for field in ("sections", "figures", "groups", "remarks"))
        controls = len(CONTROL_LABELS) + 1 + len(result.stand.languages)  # + the question
        sources = len(result.stand.sources)  # each said when a visitor opens it
        # a sensitive item's notice, said while it is covered (not what it hides)
        notices = {"background/section-2/notice", "figures/figure-4/notice"}
        assert notices <= set(keys)
        assert len(lines) == (1 + len(result.stand.panels) + counted + sources + controls
                              + len(notices))
        assert {"ui/larger_text", "ui/keys_help", "ui/language-az"} <= set(keys)
        figure = next(line for line in lines if line.key == "figures/figure-0")
        assert figure.text.startswith("613 ")  # the number first, as digits the engine reads
        assert figure.path == ("panels", 1, "figures", 0)
    english = {line.key: line.text for line in spoken_lines(result.stand, result.folder, "en")}
    assert english["remarks/remark-0"].startswith("Quotation. ")
    assert any(text.startswith("Reported speech. ") for text in english.values())


def test_dates_are_written_out_in_the_language() -> None:
    assert SpokenFormats("en").date("2023-02-26") == "February 26, 2023"
    assert SpokenFormats("az").date("2023-02-26") == "26 fevral 2023"
    assert "февраль" in SpokenFormats("ru").date("2023-02")
    assert SpokenFormats("en").date("1992") == "1992"
    assert SpokenFormats("en").number(1275) == "1275"  # not "1,275": two numbers aloud


@needs_engine
def test_narrate_makes_clips_that_sound_and_validate_finds_them_stale_or_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    stand = copy_sample(tmp_path / "stand")
    assert cli.main(["narrate", str(stand)]) == 0
    manifest = read_manifest(stand)
    assert set(manifest) == {"en", "az", "ru"}
    for language in ("en", "az", "ru"):
        loaded = load_stand(stand).stand
        assert loaded is not None
        lines = spoken_lines(loaded, stand, language)
        assert len(manifest[language]) == len(lines)
        for line in lines[:4]:
            assert rms(stand / clip_name(language, line.key)) > 100, (language, line.key)
    capsys.readouterr()
    assert cli.main(["validate", str(stand)]) == 0
    assert "narration" not in capsys.readouterr().out
    # a text edited after its clip was made: that clip is stale, at the text's line
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    text = edit(text, 'en: "Azerbaijani civilians killed"', 'en: "Azerbaijani civilians who were killed"')
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    (stand / clip_name("az", "remarks/remark-0")).unlink()
    cli.main(["validate", str(stand)])
    out = capsys.readouterr().out
    assert (f"stand.yaml:{line_of(text, 'civilians who were killed') - 1}:" in out
            and "figure 1 of panel 'figures' in 'en' is stale" in out), out
    assert "no narration of remark 1 of panel 'remarks' in 'az'" in out
    assert out.count("narration") == 2  # only those two
    # narrating again makes just those two
    assert cli.main(["narrate", str(stand)]) == 0
    assert "en: 1 made" in capsys.readouterr().err
    cli.main(["validate", str(stand)])
    assert "narration" not in capsys.readouterr().out


@needs_engine
def test_arabic_needs_recordings_which_are_then_kept(tmp_path: Path) -> None:
    stand = tmp_path / "rtl"
    shutil.copytree(FIXTURES / "rtl-stand", stand)
    result = load_stand(stand)
    assert result.stand is not None
    lines = spoken_lines(result.stand, stand, "ar")
    nothing = narrate(stand, "ar", lines)  # the screen's Arabic is unvowelled: none made
    assert not nothing.made and len(nothing.unvoiced) == len(lines)
    recorded = stand / clip_name("ar", lines[0].key)  # staff's recording of the title
    made = narrate(stand, "en", spoken_lines(result.stand, stand, "en"))
    shutil.copy(stand / made.made[0], recorded)
    outcome = narrate(stand, "ar", lines, adopt=True)
    assert outcome.adopted == [clip_name("ar", lines[0].key)] and not outcome.made
    entry = read_manifest(stand)["ar"][lines[0].key]
    assert entry["made_by"] == "recording"
    before = recorded.read_bytes()
    again = narrate(stand, "he", spoken_lines(result.stand, stand, "he"))  # another language
    assert again.made and recorded.read_bytes() == before
    assert narrate(stand, "ar", lines).kept == [clip_name("ar", lines[0].key)]


VOWELLED = "الْبِدَايَةُ"  # الْبِدَايَةُ


@needs_engine
def test_an_items_narration_words_are_said_and_make_arabic_possible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    stand = tmp_path / "rtl"
    shutil.copytree(FIXTURES / "rtl-stand", stand)
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    text = edit(text, '      - heading: {ar: "البداية", he: "ההתחלה", en: "The beginning"}\n',
                '      - heading: {ar: "البداية", he: "ההתחלה", en: "The beginning"}\n'
                f'        narration: {{ar: "{VOWELLED}", en: "How it began."}}\n')
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = load_stand(stand)
    assert result.stand is not None and not result.problems, [p.format() for p in result.problems]
    said = {line.key: line for line in spoken_lines(result.stand, stand, "ar")}
    section = said["story/section-0"]
    assert section.text == VOWELLED and section.written and "البداية" in section.shown
    english = {line.key: line for line in spoken_lines(result.stand, stand, "en")}
    assert english["story/section-0"].text == "How it began."  # words written for listening
    hebrew = {line.key: line for line in spoken_lines(result.stand, stand, "he")}
    assert not hebrew["story/section-0"].written  # no Hebrew narration: the shown words
    # Arabic: the item with vowelled words is made (and sounds); the others are to record
    assert cli.main(["narrate", str(stand), "--lang", "ar"]) != 0
    err = capsys.readouterr().err
    assert "ar: 1 made" in err and "to record" in err and "narration/ar/title.wav" in err
    assert rms(stand / clip_name("ar", "story/section-0")) > 100
    assert cli.main(["narrate", str(stand), "--lang", "ar", "--list"]) == 0
    assert "(narration: words)" in capsys.readouterr().out
    cli.main(["validate", str(stand)])
    out = capsys.readouterr().out
    assert "no narration of section 1 of panel 'story' in 'ar'" not in out
    assert "no narration of the title of panel 'story' in 'ar'" in out
    assert "give the item `narration:` words in 'ar'" in out
    # the words shown change: the clip made from the narration words is stale all the same
    text = edit(text, 'heading: {ar: "البداية"', 'heading: {ar: "في البداية"')
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    cli.main(["validate", str(stand)])
    out = capsys.readouterr().out
    assert (f"stand.yaml:{line_of(text, 'في البداية')}:" in out
            and "section 1 of panel 'story' in 'ar' is stale" in out
            and "`narration:` words or the words shown" in out), out


def test_narration_words_are_checked_as_texts_and_languages(tmp_path: Path) -> None:
    stand = tmp_path / "rtl"
    shutil.copytree(FIXTURES / "rtl-stand", stand)
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    text = edit(text, '      - heading: {ar: "البداية", he: "ההתחלה", en: "The beginning"}\n',
                '      - heading: {ar: "البداية", he: "ההתחלה", en: "The beginning"}\n'
                '        narration: {fr: "Le début", en: "Bad \\e[31m escape"}\n')
    text = edit(text, '          - {label: {ar: "أطفال", he: "ילדים", en: "Children"}, value: 4200}',
                '          - {label: {ar: "أطفال", he: "ילדים", en: "Children"}, value: 4200, '
                'narration: "kids"}')
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = load_stand(stand)
    found = {(p.line, p.message.split(";")[0]) for p in result.problems}
    at = line_of(text, "Le début")
    assert (at, "'fr' is not one of the stand's languages") in found, found
    assert any(line == at and "control character" in message for line, message in found), found
    assert any(line == line_of(text, '"kids"') and "narration" in message
               for line, message in found), found  # a part has no narration of its own
    assert result.stand is None  # the escape is an error: the stand does not show


def test_player_controls_are_narrated_where_a_stand_plays_something() -> None:
    media = load_stand(FIXTURES / "media-stand")
    sample = load_stand(Path(__file__).parent.parent / "content" / "khojaly-31")
    assert media.stand is not None and sample.stand is not None
    keys = {line.key for line in spoken_lines(media.stand, media.folder, media.stand.languages[0])}
    assert {f"ui/{label}" for label in PLAYER_LABELS} <= keys
    assert "ui/audio_description" in keys  # the media stand's video has a description
    plain = {line.key for line in spoken_lines(sample.stand, sample.folder, "en")}
    assert not {f"ui/{label}" for label in PLAYER_LABELS} & plain  # no clips it never says


@needs_engine
def test_no_text_becomes_an_option_of_the_engine(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    hostile = "-w /tmp/owned.wav --stdout; rm -rf ~ $(touch /tmp/owned)"
    text = edit(text, 'en: "The Khojaly genocide: 31 years"', f'en: "{hostile}"')
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = load_stand(stand)
    assert result.stand is not None, [p.format() for p in result.errors]
    outcome = narrate(stand, "en", spoken_lines(result.stand, stand, "en")[:1])
    assert outcome.made == [clip_name("en", "title")]
    assert not Path("/tmp/owned").exists() and not Path("/tmp/owned.wav").exists()


def test_a_missing_engine_or_a_damaged_manifest_is_said_plainly(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    result = load_stand(stand)
    assert result.stand is not None
    lines = spoken_lines(result.stand, stand, "en")
    with pytest.raises(NarrationError, match="no-such-engine is not installed"):
        narrate(stand, "en", lines, engine="no-such-engine")
    (stand / "narration").mkdir()
    (stand / "narration" / "manifest.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(NarrationError, match="cannot be read"):
        narrate(stand, "en", lines)



def test_a_stand_imported_into_the_library_keeps_its_narration(tmp_path: Path) -> None:
    from kiosk.venue import library

    stand = copy_sample(tmp_path / "stand")
    clip = stand / clip_name("en", "title")
    clip.parent.mkdir(parents=True)
    clip.write_bytes(b"RIFF....WAVE")  # what a clip is does not matter to the import
    stray = stand / "narration" / "en" / "notes.txt"
    stray.write_text("not a clip the manifest names")
    (stand / "narration" / "manifest.json").write_text(json.dumps(
        {"en": {"title": {"file": clip_name("en", "title"), "text_sha256": "x",
                          "made_by": "recording"}}}), encoding="utf-8")
    version = library.import_stand(stand, tmp_path / "library", load_stand)
    assert (version.folder / clip_name("en", "title")).read_bytes() == b"RIFF....WAVE"
    assert (version.folder / "narration" / "manifest.json").is_file()
    assert not (version.folder / "narration" / "en" / "notes.txt").exists()


@pytest.fixture
def narrated(tmp_path: Path) -> Path:
    """A copy of the sample stand with its narration made in English."""
    stand = copy_sample(tmp_path / "stand")
    assert cli.main(["narrate", str(stand), "--lang", "en"]) == 0
    return stand


@needs_engine
def test_narration_follows_the_keypad_focus_and_the_visit_end_silences_it(
    narrated: Path, qapp: object,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.uidriver import running_kiosk, settle

    stand = narrated
    result = load_stand(stand)
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        narrator, controller = kiosk.narrator, kiosk.controller
        assert narrator.available and controller.narration
        kiosk.window.requestActivate()
        settle(100)
        QTest.keyClick(kiosk.window, Qt.Key.Key_Tab)  # starts the visit; nothing said yet
        assert controller.phase == "browsing" and not narrator.speaking
        QTest.keyClick(kiosk.window, Qt.Key.Key_A)  # narration on: what has the focus is said
        assert controller.audio
        for _ in range(15):  # past the top bar's buttons and languages
            QTest.keyClick(kiosk.window, Qt.Key.Key_Tab)
            settle(10)
            if kiosk.window.activeFocusItem().objectName().startswith("section-"):
                break
        settle(400)
        player = narrator._player
        assert player.source().toLocalFile() == str(stand / clip_name("en", "background/section-0"))
        assert narrator.speaking  # it plays (with no sound card here the position stays 0)
        QTest.keyClick(kiosk.window, Qt.Key.Key_Plus)
        assert narrator.volume == pytest.approx(0.8)
        controller.resetToAttract()  # the visit ends
        settle(50)
        assert not narrator.speaking and not controller.audio
        assert narrator.volume == pytest.approx(0.7)  # back to the venue's default
        narrator.say("title")  # on the attract screen: never
        assert not narrator.speaking


@needs_engine
def test_the_still_there_question_is_said_to_a_listener_and_an_answer_stops_it(
    narrated: Path, qapp: object,
) -> None:
    from tests.uidriver import FakeClock, running_kiosk, settle, tap_item

    stand = narrated
    clock = FakeClock()
    with running_kiosk(load_stand(stand), idle_timeout=60, animations=False,
                       clock=clock) as kiosk:
        narrator, controller = kiosk.narrator, kiosk.controller
        controller.activity()
        controller.audio = True
        settle(20)
        clock.advance(41)
        controller.check_idle()
        settle(100)
        assert controller.stillThere
        assert narrator._player.source().toLocalFile() == str(stand / clip_name("en", "ui/still_there"))
        assert narrator.speaking
        tap_item(kiosk.window, "stillThereContinue")
        settle(50)
        assert not controller.stillThere and not narrator.speaking
        assert controller.phase == "browsing"


@needs_engine
def test_a_key_ticks_through_a_media_player_only_while_narration_is_on(
    narrated: Path, qapp: object,
) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    from tests.uidriver import running_kiosk, settle

    with running_kiosk(load_stand(narrated), idle_timeout=600, animations=False) as kiosk:
        narrator, controller = kiosk.narrator, kiosk.controller
        tick = narrator._click
        assert isinstance(tick, QMediaPlayer)  # not a SoundEffect (NarrationParts.qml: why)
        assert tick.source().toLocalFile().endswith("tick.wav")
        narrator.click()  # narration off: silent
        settle(50)
        assert tick.playbackState() == QMediaPlayer.PlaybackState.StoppedState
        controller.activity()
        controller.audio = True
        narrator.louder()
        for _ in range(3):  # keys pressed quickly: each tick from its start
            narrator.click()
            settle(5)
        settle(200)
        assert narrator._click_output.property("volume") == pytest.approx(narrator.volume)
        assert tick.mediaStatus() != QMediaPlayer.MediaStatus.InvalidMedia
        assert (tick.playbackState() == QMediaPlayer.PlaybackState.PlayingState
                or tick.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia)


@needs_engine
def test_a_source_opened_is_said_and_lines_in_turn_follow_each_other(
    narrated: Path, qapp: object,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtMultimedia import QMediaPlayer
    from PySide6.QtTest import QTest

    from tests.uidriver import running_kiosk, settle

    stand = narrated
    result = load_stand(stand)
    assert result.stand is not None
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        narrator, controller = kiosk.narrator, kiosk.controller
        kiosk.window.requestActivate()
        settle(100)
        QTest.keyClick(kiosk.window, Qt.Key.Key_Return)
        controller.audio = True
        for _ in range(40):
            QTest.keyClick(kiosk.window, Qt.Key.Key_Tab)
            settle(10)
            if kiosk.window.activeFocusItem().objectName() == "sourceButton":
                break
        QTest.keyClick(kiosk.window, Qt.Key.Key_Return)  # the section's source, on a sheet
        settle(100)
        source_id = result.stand.sources[0].id
        playing = Path(narrator._player.source().toLocalFile())
        assert playing == stand / clip_name("en", f"sources/{source_id}") and narrator.speaking
        narrator.sayAll(["title", "figures/title"])
        narrator._status_changed(QMediaPlayer.MediaStatus.EndOfMedia)  # the first one ended
        settle(20)
        assert Path(narrator._player.source().toLocalFile()) == stand / clip_name("en", "figures/title")
        narrator._status_changed(QMediaPlayer.MediaStatus.EndOfMedia)
        settle(20)
        assert Path(narrator._player.source().toLocalFile()) == stand / clip_name("en", "figures/title")


def test_the_players_controls_name_their_lines_for_the_narrator(qapp: object, qtbot: Any) -> None:
    from kiosk.ui.app import register_fonts
    from tests.uidriver import find, running_kiosk, settle, tap_item

    register_fonts()
    with running_kiosk(load_stand(FIXTURES / "media-stand"), idle_timeout=600,
                       animations=False) as kiosk:
        kiosk.controller.activity()
        settle(50)
        key_for = kiosk.narrator.key_for
        play = find(kiosk.window, "playButton")
        assert key_for(play) == "ui/play"
        for name, key in (("restartButton", "ui/restart"), ("positionBar", "ui/position"),
                          ("captionsButton", "ui/captions"),
                          ("fullScreenButton", "ui/full_screen"),
                          ("descriptionButton", "ui/audio_description")):
            assert key_for(find(kiosk.window, name)) == key, name
        tap_item(kiosk.window, "playButton")
        qtbot.waitUntil(lambda: key_for(play) == "ui/pause", timeout=5000)
        kiosk.controller.playback.stop()


@needs_engine
def test_a_covered_sensitive_item_says_its_notice_not_what_it_hides(
    narrated: Path, qapp: object,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.uidriver import find, find_all, running_kiosk, settle

    result = load_stand(narrated)
    said = {line.key: line.text for line in spoken_lines(result.stand, narrated, "en")}  # type: ignore[arg-type]
    notice = said["figures/figure-4/notice"]
    assert "violence" in notice and "bayonets" not in notice and "bayonets" in said["figures/figure-4"]
    with running_kiosk(result, idle_timeout=600, animations=False) as kiosk:
        kiosk.controller.activity()
        kiosk.controller.goTo(1)
        settle(200)
        card = find(kiosk.window, "figure-4")
        assert kiosk.narrator.key_for(card) == "figures/figure-4/notice"
        def inside(item: Any) -> bool:
            while item is not None and item != card:
                item = item.parentItem()
            return item is not None

        reveal = next(item for item in find_all(kiosk.window, "reveal") if inside(item))
        reveal.forceActiveFocus()
        QTest.keyClick(kiosk.window, Qt.Key.Key_Return)  # the visitor chose to see it
        settle(50)
        assert card.property("revealed")
        assert kiosk.narrator.key_for(card) == "figures/figure-4"
        assert kiosk.window.activeFocusItem() == card  # the focus goes to what it covered
