"""Issue 16, Qt-free: which sound a visitor hears with a recording (its own, the spoken track
in the visitor's language, the audio description), and how a separate sound keeps in step
with a video's picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_stand
from kiosk.content.model import BackgroundPanel, Recording
from kiosk.visit.soundtrack import (
    END_MARGIN_MS,
    REPORT_GAP_MS,
    SETTLE_MS,
    TOLERANCE_MS,
    Action,
    Kind,
    Lockstep,
    Sound,
    Step,
    is_video,
    sound_for,
)

MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"

VIDEO = Recording(file="media/film.mp4", duration=60,
                  spoken=(("fr", "media/film.fr.m4a"), ("ar", "media/film.ar.m4a")),
                  description="media/film.ad.m4a")
PLAIN_VIDEO = Recording(file="media/film.webm", duration=60)
SOUND = Recording(file="media/talk.m4a", duration=30, spoken=(("fr", "media/talk.fr.opus"),),
                  description="media/talk.ad.m4a")


def test_a_video_or_a_recording_of_sound_by_its_file() -> None:
    assert is_video(VIDEO) and is_video(PLAIN_VIDEO)
    assert is_video(Recording(file="media/A.M4V", duration=1))
    assert not is_video(SOUND)
    assert not is_video(Recording(file="media/x.mp4.wav", duration=1))


@pytest.mark.parametrize(("language", "description", "expected"), [
    # a language without a spoken track: the video's own soundtrack, nothing beside it
    ("en", False, Sound("media/film.mp4", "", Kind.OWN, Kind.OWN)),
    # a spoken track: the video plays muted, the track beside it
    ("fr", False, Sound("media/film.mp4", "media/film.fr.m4a", Kind.SPOKEN, Kind.SPOKEN)),
    ("ar", False, Sound("media/film.mp4", "media/film.ar.m4a", Kind.SPOKEN, Kind.SPOKEN)),
    # the description replaces whichever sound would play, in every language
    ("en", True, Sound("media/film.mp4", "media/film.ad.m4a", Kind.DESCRIPTION, Kind.DESCRIPTION)),
    ("fr", True, Sound("media/film.mp4", "media/film.ad.m4a", Kind.DESCRIPTION, Kind.DESCRIPTION)),
    # a language code is matched whole ("fr-CA" has no track of its own)
    ("fr-CA", False, Sound("media/film.mp4", "", Kind.OWN, Kind.OWN)),
    ("", False, Sound("media/film.mp4", "", Kind.OWN, Kind.OWN)),
])
def test_the_sound_of_a_video(language: str, description: bool, expected: Sound) -> None:
    chosen = sound_for(VIDEO, language, description)
    assert chosen == expected
    assert not chosen.fell_back


@pytest.mark.parametrize(("language", "description", "file", "kind"), [
    ("en", False, "media/talk.m4a", Kind.OWN),
    ("fr", False, "media/talk.fr.opus", Kind.SPOKEN),
    ("en", True, "media/talk.ad.m4a", Kind.DESCRIPTION),
    ("fr", True, "media/talk.ad.m4a", Kind.DESCRIPTION),
])
def test_a_recording_of_sound_plays_the_chosen_file_in_place_of_its_own(
        language: str, description: bool, file: str, kind: Kind) -> None:
    chosen = sound_for(SOUND, language, description)
    assert chosen == Sound(file, "", kind, kind)  # nothing beside: there is no picture


def test_without_a_description_the_choice_is_the_same_on_or_off() -> None:
    for language in ("en", "fr", "ar", "de"):
        assert sound_for(PLAIN_VIDEO, language, True) == sound_for(PLAIN_VIDEO, language, False)
        assert sound_for(PLAIN_VIDEO, language, True).beside == ""
    spoken_only = Recording(file="media/a.mp4", duration=5, spoken=(("de", "media/a.de.m4a"),))
    assert sound_for(spoken_only, "de", True).kind is Kind.SPOKEN
    assert sound_for(spoken_only, "de", True).wanted is Kind.SPOKEN


def test_a_broken_file_is_passed_over_and_the_fall_back_is_said() -> None:
    # the description failed: the spoken track in the language, then the own sound
    chosen = sound_for(VIDEO, "fr", True, broken={"media/film.ad.m4a"})
    assert chosen == Sound("media/film.mp4", "media/film.fr.m4a", Kind.SPOKEN, Kind.DESCRIPTION)
    assert chosen.fell_back
    chosen = sound_for(VIDEO, "en", True, broken={"media/film.ad.m4a"})
    assert chosen == Sound("media/film.mp4", "", Kind.OWN, Kind.DESCRIPTION) and chosen.fell_back
    chosen = sound_for(VIDEO, "fr", True, broken={"media/film.ad.m4a", "media/film.fr.m4a"})
    assert chosen == Sound("media/film.mp4", "", Kind.OWN, Kind.DESCRIPTION)
    chosen = sound_for(VIDEO, "fr", False, broken={"media/film.fr.m4a"})
    assert chosen == Sound("media/film.mp4", "", Kind.OWN, Kind.SPOKEN) and chosen.fell_back
    # a broken file of another language changes nothing
    assert not sound_for(VIDEO, "ar", False, broken={"media/film.fr.m4a"}).fell_back
    # a recording of sound falls back to its own file
    chosen = sound_for(SOUND, "fr", False, broken=("media/talk.fr.opus",))
    assert chosen == Sound("media/talk.m4a", "", Kind.OWN, Kind.SPOKEN) and chosen.fell_back


def test_a_track_naming_the_recordings_own_file_is_its_own_sound() -> None:
    same = Recording(file="media/talk.m4a", duration=3, spoken=(("fr", "media/talk.m4a"),))
    assert sound_for(same, "fr", False) == Sound("media/talk.m4a", "", Kind.OWN, Kind.SPOKEN)


def test_the_media_stands_video_has_an_arabic_track_and_a_description() -> None:
    stand = load_stand(MEDIA_STAND).stand
    assert stand is not None and isinstance(stand.panels[0], BackgroundPanel)
    video = stand.panels[0].sections[0].video
    assert video is not None
    assert sound_for(video, "en", False).beside == ""
    assert sound_for(video, "ar", False).beside == "media/pattern.ar.m4a"
    assert sound_for(video, "en", True).beside == "media/pattern.description.m4a"
    for file in ("media/pattern.ar.m4a", "media/pattern.description.m4a"):
        assert (MEDIA_STAND / file).is_file()


# --- keeping in step ---------------------------------------------------------------------

def _playing(picture: int, sound: int, now: float = 1000.0) -> Lockstep:
    step = Lockstep()
    step.picture(picture, now, True)
    step.sound(sound, now, True)
    return step


def test_in_step_nothing_is_done() -> None:
    assert _playing(5000, 5000).step(1000.0) == Action(Step.NONE)
    assert _playing(5000, 5000 + TOLERANCE_MS).step(1000.0) == Action(Step.NONE)
    assert _playing(5000, 5000 - TOLERANCE_MS).step(1000.0) == Action(Step.NONE)


@pytest.mark.parametrize("drift", [TOLERANCE_MS + 1, 600, -TOLERANCE_MS - 1, -3000])
def test_a_sound_drifted_apart_is_moved_to_the_picture(drift: int) -> None:
    assert _playing(5000, 5000 + drift).step(1000.0) == Action(Step.SEEK, 5000)


def test_positions_move_on_with_the_clock_between_reports() -> None:
    step = Lockstep()
    step.picture(5000, 1000.0, True)
    step.sound(4900, 900.0, True)  # reported a tenth of a second earlier: in step
    assert step.picture_at(1200.0) == 5200 and step.sound_at(1200.0) == 5200
    assert step.step(1200.0) == Action(Step.NONE)
    step.sound(4500, 1000.0, True)  # 500 ms behind
    assert step.step(1200.0) == Action(Step.SEEK, 5200)  # to where the picture is now
    step.picture(5000, 1000.0, False)  # a paused picture stays where it is
    assert step.picture_at(5000.0) == 5000


def test_a_sound_that_says_it_plays_but_reports_no_new_position_falls_behind() -> None:
    step = Lockstep()
    step.sound(1000, 0.0, True)  # its last report
    assert step.sound_at(REPORT_GAP_MS) == 1000 + REPORT_GAP_MS
    assert step.sound_at(5000.0) == 1000 + REPORT_GAP_MS  # not taken to move on for ever
    step.picture(5000, 5000.0, True)  # the picture, reported now, moved on
    assert step.step(5000.0) == Action(Step.SEEK, 5000)


def test_after_a_move_the_sound_is_given_time_to_get_there() -> None:
    step = _playing(5000, 2000)
    assert step.step(1000.0).step is Step.SEEK
    step.hold(1000.0)
    assert step.step(1000.0 + SETTLE_MS - 1) == Action(Step.NONE)  # not asked again at once
    assert step.step(1000.0 + SETTLE_MS).step is Step.SEEK  # it never got there: again


def test_a_stopped_sound_starts_at_the_picture_and_a_paused_picture_pauses_it() -> None:
    step = Lockstep()
    step.picture(3000, 0.0, True)
    step.sound(0, 0.0, False)
    assert step.step(0.0) == Action(Step.PLAY, 3000)
    step.picture(3000, 0.0, False)
    assert step.step(0.0) == Action(Step.NONE)  # both still
    step.sound(3000, 0.0, True)
    assert step.step(0.0) == Action(Step.PAUSE)
    step.hold(0.0)
    assert step.step(1.0) == Action(Step.PAUSE)  # a pause is never held back


def test_a_shorter_sound_is_left_to_end() -> None:
    step = Lockstep()
    step.sound_length = 4000
    step.picture(4000 - END_MARGIN_MS, 0.0, True)
    step.sound(0, 0.0, False)  # it ended
    assert step.step(0.0) == Action(Step.NONE)
    step.picture(2000, 0.0, True)  # the visitor went back: it plays again
    assert step.step(0.0) == Action(Step.PLAY, 2000)


def test_reset_forgets_the_sound() -> None:
    step = _playing(5000, 2000)
    step.sound_length = 9000
    step.hold(1000.0)
    step.reset()
    assert step.sound_length == 0 and step.step(1000.0) == Action(Step.NONE)
