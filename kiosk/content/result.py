"""What loading a stand gives: the stand when it has no error, and every problem (no Qt).

Apart from `load` so that a kiosk restarting on a stand it validated before (see `memo`)
gets its stand without importing the YAML parser and the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.problems import Problem

if TYPE_CHECKING:
    from kiosk.content.model import Stand
    from kiosk.content.yamlsafe import Located

STAND_FILE = "stand.yaml"


@dataclass(frozen=True)
class LoadResult:
    """The outcome of loading a stand: the stand if it has no error, and every problem."""

    folder: Path
    stand: Stand | None
    problems: tuple[Problem, ...] = ()
    marks: Located | None = field(default=None, compare=False, repr=False)
    """Where each value stands in stand.yaml, for checks made after loading."""

    @property
    def file(self) -> Path:
        return self.folder / STAND_FILE

    @property
    def ok(self) -> bool:
        return self.stand is not None and not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)
