"""Icon names, checked against qtawesome's bundled charmaps without importing Qt."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

# qtawesome prefix -> the start of its charmap file name (the version follows)
_CHARMAPS = {
    "fa5": "fontawesome5-regular-webfont-charmap",
    "fa5s": "fontawesome5-solid-webfont-charmap",
    "fa5b": "fontawesome5-brands-webfont-charmap",
    "fa6": "fontawesome6-regular-webfont-charmap",
    "fa6s": "fontawesome6-solid-webfont-charmap",
    "fa6b": "fontawesome6-brands-webfont-charmap",
    "ei": "elusiveicons-webfont-charmap",
    "mdi": "materialdesignicons5-webfont-charmap",
    "mdi6": "materialdesignicons6-webfont-charmap",
    "ph": "phosphor-charmap",
    "ri": "remixicon-charmap",
    "msc": "codicon-charmap",
}


@functools.cache
def _fonts_dir() -> Path | None:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@functools.cache
def names(prefix: str) -> frozenset[str]:
    stem = _CHARMAPS.get(prefix)
    folder = _fonts_dir()
    if stem is None or folder is None:
        return frozenset()
    for file in sorted(folder.glob(f"{stem}*.json")):
        with file.open(encoding="utf-8") as handle:
            return frozenset(json.load(handle))
    return frozenset()


@functools.cache
def charmap(prefix: str) -> dict[str, str]:
    """Icon name -> its code point (hex), for one qtawesome font."""
    stem = _CHARMAPS.get(prefix)
    folder = _fonts_dir()
    if stem is None or folder is None:
        return {}
    for file in sorted(folder.glob(f"{stem}*.json")):
        with file.open(encoding="utf-8") as handle:
            return {str(k): str(v) for k, v in json.load(handle).items()}
    return {}


def font_file(prefix: str) -> Path | None:
    """The TTF that draws the icons of `prefix` (qtawesome's bundled font)."""
    stem = _CHARMAPS.get(prefix)
    folder = _fonts_dir()
    if stem is None or folder is None:
        return None
    base = stem.replace("-charmap", "")
    fonts = sorted(p for p in folder.glob(f"{base}*.ttf"))
    return fonts[0] if fonts else None


def exists(name: str) -> bool:
    prefix, _, icon = name.partition(".")
    return bool(icon) and icon in names(prefix)


def suggest(name: str) -> str:
    import difflib  # only to suggest a name for a wrong one (kiosk validate), not at start

    prefix, _, icon = name.partition(".")
    if prefix not in _CHARMAPS:
        close = difflib.get_close_matches(prefix, list(_CHARMAPS), n=1)
        prefix = close[0] if close else "fa5s"
    match = difflib.get_close_matches(icon, sorted(names(prefix)), n=1)
    return f"{prefix}.{match[0]}" if match else ""
