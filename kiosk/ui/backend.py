"""The QML module the kiosk's Python types are registered in (`import Kiosk.Backend`).

A view model module imports `QML_IMPORT_NAME` and `QML_IMPORT_MAJOR_VERSION` from here
(`@QmlElement` reads them from the module that declares the class) and `QmlUncreatable`.
`tools/qmltypes.py` describes the same types to qmllint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6 import QtQml

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

_Class = TypeVar("_Class", bound=type)

QmlUncreatable = cast("Callable[[str], Callable[[_Class], _Class]]", QtQml.QmlUncreatable)
"""PySide6's class decorator, typed as what it is: its stubs leave out `__call__`."""
