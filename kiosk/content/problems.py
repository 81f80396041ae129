"""What validation reports: one problem, with the place it was found."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a stand, at FILE:LINE:COLUMN (1-based; 0 when there is no line)."""

    file: Path
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

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
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)
