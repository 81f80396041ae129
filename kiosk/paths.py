"""Where the program's own files are: bundled resources, the sample stand, the QML module."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QML_DIR = PACKAGE_DIR / "qml"


def _data_dir(name: str) -> Path:
    # in a source checkout (or an editable install) the folder sits beside the package;
    # in a wheel it is installed inside the package as kiosk/_data/<name>
    beside = PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    return PACKAGE_DIR / "_data" / name


RESOURCES_DIR = _data_dir("resources")
CONTENT_DIR = _data_dir("content")
SAMPLE_STAND = CONTENT_DIR / "khojaly-31"
FONTS_DIR = RESOURCES_DIR / "fonts"
MAP_FILE = RESOURCES_DIR / "map" / "world.json"
