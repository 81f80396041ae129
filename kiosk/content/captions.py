"""WebVTT captions, read by hand (Qt-free): a caption file is hostile until proven otherwise.

Only what the kiosk draws is kept: each cue's start, end and plain text. Markup (`<b>`,
`<v Speaker>`, `<c.class>`, timestamps inside a cue) is dropped, character references are
decoded, control characters refused. Problems name the line of the caption file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 512 * 1024
"""The largest caption file read (an hour of dense captions is well under this)."""
MAX_CUES = 5000
MAX_CUE_CHARS = 200
"""The most characters one cue may carry: more cannot be read on screen while it shows."""
MAX_CHARS_PER_SECOND = 25.0
"""The fastest a cue may ask a visitor to read (subtitling guidelines give 15 to 20; 25 is
the ceiling past which nobody reads it)."""

_TIMESTAMP = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    """Seconds from the start of the recording."""
    end: float
    text: str
    line: int
    """The line of its timing in the caption file."""


@dataclass(frozen=True, slots=True)
class CaptionProblem:
    line: int
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Captions:
    cues: tuple[Cue, ...]
    problems: tuple[CaptionProblem, ...]

    def at(self, seconds: float) -> str:
        """The text shown at `seconds` ('' between cues)."""
        return "\n".join(cue.text for cue in self.cues if cue.start <= seconds < cue.end)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def plain(text: str) -> str:
    """A cue's text without its markup, character references decoded."""
    import html  # here: its table of entities is ~0.3 MB, needed only once a video has captions

    return html.unescape(_TAG.sub("", text)).strip()


def parse(data: bytes, duration: float | None = None) -> Captions:
    """The cues of a WebVTT file and every problem found in it; with `duration` (seconds),
    a cue past the end of the recording is a problem."""
    problems: list[CaptionProblem] = []
    if len(data) > MAX_BYTES:
        return Captions((), (CaptionProblem(1, f"the caption file is larger than "
                                               f"{MAX_BYTES // 1024} KB"),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Captions((), (CaptionProblem(line, "the caption file is not UTF-8 text",
                                            "save it as UTF-8"),))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines[0].startswith("WEBVTT") or lines[0][6:7] not in ("", " ", "\t"):
        return Captions((), (CaptionProblem(1, "a caption file starts with the line 'WEBVTT'",
                                            "save the captions as WebVTT (.vtt)"),))
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        match = _TIMING.match(lines[index].strip())
        if not match:
            index += 1
            continue
        line = index + 1
        start = _seconds(*match.groups()[:4])
        end = _seconds(*match.groups()[4:])
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip():
            body.append(lines[index])
            index += 1
        raw = "\n".join(body)
        if _CONTROL.search(raw):
            problems.append(CaptionProblem(line, "the cue holds control characters",
                                           "remove them; the kiosk sets the direction itself"))
            continue
        cue = Cue(start, end, "\n".join(plain(part) for part in body), line)
        _check_cue(cue, cues[-1] if cues else None, duration, problems)
        cues.append(cue)
        if len(cues) > MAX_CUES:
            problems.append(CaptionProblem(line, f"more than {MAX_CUES} cues"))
            break
    if not cues and not problems:
        problems.append(CaptionProblem(1, "the caption file has no cues",
                                       "add cues such as '00:00.000 --> 00:02.000'"))
    return Captions(tuple(cues), tuple(problems))


def _check_cue(cue: Cue, previous: Cue | None, duration: float | None,
               problems: list[CaptionProblem]) -> None:
    def say(message: str, hint: str | None = None) -> None:
        problems.append(CaptionProblem(cue.line, message, hint))

    if cue.end <= cue.start:
        say("the cue ends before it starts")
    if previous is not None and cue.start < previous.start:
        say("the cue starts before the one above it", "put the cues in time order")
    if duration is not None and cue.end > duration + 0.5:
        say(f"the cue ends at {cue.end:.1f} s, after the recording ({duration:.1f} s)")
    if not cue.text:
        say("the cue has no text")
    elif len(cue.text) > MAX_CUE_CHARS:
        say(f"the cue has {len(cue.text)} characters; at most {MAX_CUE_CHARS} can be read",
            "split it into shorter cues")
    elif cue.end > cue.start:
        rate = len(cue.text.replace("\n", " ")) / (cue.end - cue.start)
        if rate > MAX_CHARS_PER_SECOND:
            say(f"the cue asks for {rate:.0f} characters a second; at most "
                f"{MAX_CHARS_PER_SECOND:.0f} can be read", "show it longer or say less")
