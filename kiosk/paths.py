"""Where the program's own files are: bundled resources, the sample stand, the QML module,
and the folders it keeps its settings, stands, statistics, state, caches and logs in.

The app name is written here once. The folders are functions, not constants: they follow
$HOME and the XDG variables at the time they are asked for (tests give each run a home of
its own), and platformdirs is imported only when one is asked for.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "exhibit-kiosk"
"""The folder name under each of the user's config, data, state, cache and log folders."""

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


def config_dir() -> Path:
    """Venue settings (~/.config/exhibit-kiosk on Linux)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    """The stand library and the visit statistics (~/.local/share/exhibit-kiosk)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def state_dir() -> Path:
    """Health, start records, the PIN gate (~/.local/state/exhibit-kiosk)."""
    import platformdirs

    return platformdirs.user_state_path(APP_NAME)


def cache_dir() -> Path:
    """What can be rebuilt: the validated-stand memo, decode results (~/.cache/exhibit-kiosk)."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def log_dir() -> Path:
    """Logs (~/.local/state/exhibit-kiosk/log)."""
    import platformdirs

    return platformdirs.user_log_path(APP_NAME)
