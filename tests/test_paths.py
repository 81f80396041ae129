"""One module owns the program's folders: the app name is written once, in kiosk.paths."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk import paths

PACKAGE = Path(paths.__file__).parent


def test_every_folder_is_the_app_name_under_the_users_folder() -> None:
    # conftest gives each test session a home of its own, through the XDG variables
    for folder, variable in [
        (paths.config_dir(), "XDG_CONFIG_HOME"),
        (paths.data_dir(), "XDG_DATA_HOME"),
        (paths.state_dir(), "XDG_STATE_HOME"),
        (paths.cache_dir(), "XDG_CACHE_HOME"),
    ]:
        assert folder == Path(os.environ[variable]) / paths.APP_NAME, (folder, variable)
    assert paths.APP_NAME in paths.log_dir().parts


def test_the_app_name_is_written_only_in_kiosk_paths() -> None:
    writers = [
        str(file.relative_to(PACKAGE))
        for file in sorted(PACKAGE.rglob("*.py"))
        if f'"{paths.APP_NAME}"' in file.read_text(encoding="utf-8")
    ]
    assert writers == ["paths.py"]
