"""The captions a visitor sees while a recording plays (issue 16; Qt-free): the cues of the
chosen language, read once, and the text for the player's position. The player QML binds to
it through a view model; the kiosk draws the text in its own fonts and colours."""

from __future__ import annotations

import logging
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import captions
from kiosk.content.media import still_inside
from kiosk.files import read_small

log = logging.getLogger("kiosk.captions")

if TYPE_CHECKING:
    from kiosk.content.model import Recording


class CaptionTrack:
    """The cues of `recording` in `language` (none when it has no captions in it)."""

    def __init__(self, folder: Path, recording: Recording, language: str) -> None:
        files = dict(recording.captions)
        self.language = language if language in files else ""
        cues: tuple[captions.Cue, ...] = ()
        if self.language:
            # validated before; one changed since (gone, a link out of the stand, a pipe
            # that would block the reader, grown past the limit) shows no captions
            file = folder / files[language]
            try:
                if not still_inside(file, folder.resolve()):
                    raise OSError(f"{file} is not a file of the stand")
                data = read_small(file.resolve(), captions.MAX_BYTES)
                cues = captions.parse(data, float(recording.duration)).cues
            except OSError as exc:
                log.warning("captions not shown: %s", exc)
                cues = ()
        self.cues = cues
        self._starts = [cue.start for cue in cues]

    def text_at(self, milliseconds: int) -> str:
        """The caption shown `milliseconds` into the recording ('' between cues)."""
        seconds = milliseconds / 1000
        index = bisect_right(self._starts, seconds)
        shown = [cue.text for cue in self.cues[max(0, index - 3):index] if seconds < cue.end]
        return "\n".join(shown)
