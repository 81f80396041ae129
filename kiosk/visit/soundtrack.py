"""What a visitor hears with a recording (issue 16; Qt-free): its own sound, its `spoken:`
track in the visitor's language, or its audio `description:`; and how a separate sound keeps
in step with a video's picture.

A recording of sound (`audio:`) simply plays the chosen file in place of its own. A video
keeps its picture and plays muted while the chosen sound file plays beside it, in step
(`Lockstep`): started, paused and moved with the picture, and moved to the picture when the
two drift apart. A sound file that could not be played in this visit (`broken`) is passed
over: the next choice plays, down to the recording's own sound, and the visitor is told.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from kiosk.content.recordings import VIDEO_SUFFIXES

if TYPE_CHECKING:
    from collections.abc import Collection

    from kiosk.content.model import Recording


class Kind(enum.StrEnum):
    OWN = "own"                  # the recording's own sound (a video's soundtrack)
    SPOKEN = "spoken"            # `spoken:` in the visitor's language
    DESCRIPTION = "description"  # the audio `description:`


@dataclass(frozen=True, slots=True)
class Sound:
    """What plays for a recording. `file`: the file the player opens (a video's own; for a
    recording of sound, the chosen sound file). `beside`: a sound file played in step with
    the video's picture, the video muted ('' for none: the file's own sound plays). `kind`:
    which sound is heard; `wanted`: which the visitor would hear had no file failed."""

    file: str
    beside: str
    kind: Kind
    wanted: Kind

    @property
    def fell_back(self) -> bool:
        """A file chosen for the visitor could not be played: another sound plays."""
        return self.kind is not self.wanted


def is_video(recording: Recording) -> bool:
    """Whether the recording has pictures (a `video:`; its file's name says so, as
    validation checked it)."""
    return PurePosixPath(recording.file).suffix.lower() in VIDEO_SUFFIXES


def sound_for(recording: Recording, language: str, description: bool,
              broken: Collection[str] = ()) -> Sound:
    """The sound of `recording` for a visitor reading `language`, with the audio description
    on (`description`) or off. The description first (when on and the recording has one),
    then the spoken track in the language, then the recording's own sound; a file in
    `broken` (failed in this visit) is passed over."""
    spoken = dict(recording.spoken)
    wanted: list[tuple[Kind, str]] = []
    if description and recording.description:
        wanted.append((Kind.DESCRIPTION, recording.description))
    if language in spoken:
        wanted.append((Kind.SPOKEN, spoken[language]))
    first = wanted[0][0] if wanted else Kind.OWN
    for kind, file in wanted:
        if file not in broken and file != recording.file:
            if is_video(recording):
                return Sound(recording.file, file, kind, first)
            return Sound(file, "", kind, first)
    return Sound(recording.file, "", Kind.OWN, first)


TOLERANCE_MS = 250
"""How far the sound may drift from the picture before it is moved to it."""
SETTLE_MS = 700
"""After the sound is asked to move or start, how long before it is judged again (a seek
and the first report of the new position take this long at most on a busy PC)."""
END_MARGIN_MS = 300
"""A sound this close to its end is left to end by itself (not started again)."""
REPORT_GAP_MS = 400
"""A playing position is taken to move on with the clock between its reports for this long
at most: a player that says it plays but reports no new position is not moving (Qt's FFmpeg
player reports every 50-100 ms; one stuck after a seek was seen saying it played)."""


class Step(enum.StrEnum):
    NONE = "none"
    PAUSE = "pause"  # the picture stopped: so does the sound
    SEEK = "seek"    # move the sound to `position`
    PLAY = "play"    # move the sound to `position` and start it


@dataclass(frozen=True, slots=True)
class Action:
    step: Step
    position: int = 0


NOTHING = Action(Step.NONE)


class Lockstep:
    """Keeps a sound in step with a picture. Each player's position is reported with the time
    it was reported (any monotonic clock, in milliseconds, passed in); `step(now)` says what
    the sound's player should do, from where both are now (a playing position moves on with
    the clock between reports, for `REPORT_GAP_MS` at most)."""

    def __init__(self, tolerance_ms: int = TOLERANCE_MS, settle_ms: int = SETTLE_MS) -> None:
        self.tolerance_ms = tolerance_ms
        self.settle_ms = settle_ms
        self.reset()

    def reset(self) -> None:
        """A new sound (or none): nothing known of it."""
        self._picture = (0, 0.0, False)  # position, when reported, playing
        self._sound = (0, 0.0, False)
        self.sound_length = 0  # ms; 0 until known
        self._held_until = float("-inf")

    def picture(self, position: int, now: float, playing: bool) -> None:
        self._picture = (position, now, playing)

    def sound(self, position: int, now: float, playing: bool) -> None:
        self._sound = (position, now, playing)

    def hold(self, now: float) -> None:
        """The sound was just told to move or start: judge it again after `settle_ms`."""
        self._held_until = now + self.settle_ms

    @staticmethod
    def _at(report: tuple[int, float, bool], now: float) -> float:
        position, when, playing = report
        return position + (min(now - when, REPORT_GAP_MS) if playing else 0.0)

    def picture_at(self, now: float) -> int:
        return round(self._at(self._picture, now))

    def sound_at(self, now: float) -> int:
        return round(self._at(self._sound, now))

    def step(self, now: float) -> Action:
        """What the sound's player should do now (after a SEEK or PLAY, call `hold`)."""
        picture_playing, sound_playing = self._picture[2], self._sound[2]
        if not picture_playing:
            return Action(Step.PAUSE) if sound_playing else NOTHING
        if now < self._held_until:
            return NOTHING
        picture = self.picture_at(now)
        if self.sound_length and picture >= self.sound_length - END_MARGIN_MS:
            return NOTHING  # past the sound's end (a shorter sound): it ends by itself
        if not sound_playing:
            return Action(Step.PLAY, picture)
        if abs(picture - self.sound_at(now)) > self.tolerance_ms:
            return Action(Step.SEEK, picture)
        return NOTHING
