"""What validation reports: one problem, with the place it was found."""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What a terminal or a log viewer acts on instead of showing: C0 and C1 controls (ESC starts
the sequences that clear a screen or set a window title), DEL, line and paragraph
separators, the bidirectional controls that reorder what follows them, and lone surrogates
(which cannot even be written as UTF-8)."""


def printable(text: str) -> str:
    """`text` safe to print on one line of a terminal: every character `UNSAFE_CHARACTERS`
    names written as its escape (`\\x1b`, `\\u202e`), as Python writes it in a string.

    Idempotent (an escape is printable), and linear in the length of `text`."""
    if text.isascii() and text.isprintable():
        return text
    return UNSAFE_CHARACTERS.sub(_escape, text)


_UNSAFE_IN_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable_lines(text: str) -> str:
    """`text` safe to write to a terminal or log as it is: what `printable` escapes, but line
    breaks and tabs, written as `\\u001b` (a JSON escape too, so JSON stays JSON)."""
    if text.isascii() and (text.isprintable() or not _UNSAFE_IN_LINES.search(text)):
        return text
    return _UNSAFE_IN_LINES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class PrintableStream:
    """A text stream that writes everything through `printable_lines`: whatever a command
    prints (a folder's name in a summary, a path in a log line), a name from a USB stick
    cannot clear the staff's screen or retitle their terminal."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable_lines(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class PrintableFormatter(logging.Formatter):
    """A log formatter that escapes, as `printable_lines` does, what a message quotes."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable_lines(super().formatMessage(record))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a stand, at FILE:LINE:COLUMN (1-based; 0 when there is no line).

    Messages quote keys and values from the stand, which are untrusted: the message and
    the hint are kept with their control characters escaped (`printable`), so whoever
    builds a problem, and whatever it quotes, nothing from a stand reaches a terminal raw.
    """

    file: Path
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "hint", printable(self.hint))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, base: Path | None = None) -> str:
        name = _display_path(self.file, base)
        text = f"{name}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_json(self, base: Path | None = None) -> dict[str, Any]:
        return {
            "file": _display_path(self.file, base),
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def _display_path(path: Path, base: Path | None) -> str:
    """The path as shown; a file's name is the stand's too (media/<ESC>[2J.png)."""
    if base is not None:
        try:
            return printable(str(path.relative_to(base)))
        except ValueError:
            pass
    return printable(str(path))
