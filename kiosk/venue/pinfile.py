"""Writing the staff PIN's hash into the settings file, every other line kept as it is. No Qt."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.files import atomic_write, read_small
from kiosk.venue.pin import hash_pin
from kiosk.venue.settings import MAX_SETTINGS_BYTES, SettingsError, default_settings_path

if TYPE_CHECKING:
    from kiosk.content.yamlsafe import Located


def set_pin(path: Path | None, pin: str) -> Path:
    """Store the hash of `pin` in the settings file, keeping every other line as it is.

    Raises SettingsError for a PIN that is not 4-8 digits or a settings file that is not
    YAML (it is left untouched: fix it first). Returns the settings file's path.
    """
    path = Path(path) if path is not None else default_settings_path()
    try:
        hashed = hash_pin(pin)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    try:
        text = read_small(path, MAX_SETTINGS_BYTES).decode("utf-8-sig")
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        text, mode = "", 0o600
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: the settings file is not UTF-8 text; fix it first") from None
    new_text = _with_pin_hash(path, text, hashed)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, new_text.encode("utf-8"), mode=mode)
    return path


def _with_pin_hash(path: Path, text: str, hashed: str) -> str:
    import yaml

    from kiosk.content.yamlsafe import YamlError, load_located

    if not text.strip():
        return f'pin_hash: "{hashed}"\n'
    try:
        located = load_located(text)
    except YamlError as exc:
        raise SettingsError(
            f"{path}:{exc.mark.line}:{exc.mark.column}: {exc.message}; fix the settings file first"
        ) from None
    data = located.data
    if data is not None and not isinstance(data, dict):
        raise SettingsError(f"{path}: the settings file is not a map of settings; fix it first")
    edited = _edit_pin_line(text, located, hashed)
    if edited is not None:
        with contextlib.suppress(YamlError):
            check = load_located(edited).data
            if isinstance(check, dict) and check.get("pin_hash") == hashed and {
                k: v for k, v in check.items() if k != "pin_hash"
            } == {k: v for k, v in (data or {}).items() if k != "pin_hash"}:
                return edited
    # an unusual layout (flow style, a value over several lines): write the map anew
    return yaml.safe_dump({**(data or {}), "pin_hash": hashed}, sort_keys=False, allow_unicode=True)


def _edit_pin_line(text: str, located: Located, hashed: str) -> str | None:
    """`text` with its pin_hash line replaced (or one added), or None if the layout is unusual."""
    line = f'pin_hash: "{hashed}"'
    data = located.data
    if data is None or "pin_hash" not in data:
        if any(m.column != 1 for p, m in located.keys.items() if len(p) == 1):
            return None  # a flow-style map: appending a line would break it
        return text + ("" if text.endswith("\n") else "\n") + line + "\n"
    if any(p == ("pin_hash",) for p, _ in located.duplicates):
        return None
    lines = text.splitlines(keepends=True)
    key = located.keys[("pin_hash",)]
    value = located.values[("pin_hash",)]
    if key.column != 1 or value.line != key.line:
        return None
    ending = "\n" if lines[key.line - 1].endswith("\n") else ""
    lines[key.line - 1] = line + ending
    return "".join(lines)
