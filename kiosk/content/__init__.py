"""The Qt-free core: the stand model, loading, validation and media safety.

Nothing in this package may import PySide6 (a test enforces it).
"""

from kiosk.content.load import LoadResult, load_stand
from kiosk.content.model import Stand
from kiosk.content.problems import Problem, Severity

__all__ = ["LoadResult", "Problem", "Severity", "Stand", "load_stand"]
