"""The Qt-free core: the stand model, loading, validation and media safety.

Nothing in this package may import PySide6 (a test enforces it). `load_stand` is imported
when first asked for: it brings the YAML parser and every check, which a kiosk restarting
on a stand it validated before (`kiosk.content.memo`) does not need before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.content.problems import Problem, Severity
from kiosk.content.result import LoadResult

if TYPE_CHECKING:
    from kiosk.content.load import load_stand
    from kiosk.content.model import Stand

__all__ = ["LoadResult", "Problem", "Severity", "Stand", "load_stand"]


def __getattr__(name: str) -> Any:
    if name == "load_stand":
        from kiosk.content.load import load_stand

        return load_stand
    if name == "Stand":
        from kiosk.content.model import Stand

        return Stand
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
